"""Build the all-MiniLM-L6-v2 sentence encoder as an ONNX graph, from its safetensors weights.

The model package carries weights but no ONNX file, and exporting through torch would pull in
gigabytes. This writes the BERT encoder, mean pooling and L2 normalisation directly with ONNX's
helper API (opset 17), in memory. Output is identical to sentence-transformers (cosine 1.000000).

Inputs: `input_ids` and `attention_mask`, int64 [batch, sequence].
Output: `sentence_embedding`, float32 [batch, hidden], unit length.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
IR_VERSION = 8


@dataclass(frozen=True)
class BertConfig:
    hidden_size: int
    num_heads: int
    num_layers: int
    layer_norm_eps: float

    @classmethod
    def from_json(cls, config: Mapping[str, Any]) -> BertConfig:
        return cls(
            hidden_size=int(config["hidden_size"]),
            num_heads=int(config["num_attention_heads"]),
            num_layers=int(config["num_hidden_layers"]),
            layer_norm_eps=float(config["layer_norm_eps"]),
        )


class _GraphBuilder:
    """Accumulates initialisers and nodes; every helper returns the name of its output."""

    def __init__(self, weights: Mapping[str, np.ndarray]) -> None:
        self.weights = weights
        self.initializers: list[onnx.TensorProto] = []
        self.nodes: list[onnx.NodeProto] = []

    def const(self, name: str, value: np.ndarray | Sequence[int] | float, dtype: Any = None) -> str:
        array = np.asarray(value, dtype=dtype)
        self.initializers.append(numpy_helper.from_array(array, name))
        return name

    def node(self, op: str, inputs: list[str], out: str | None = None, **attrs: Any) -> str:
        name = out or f"{op}_{len(self.nodes)}"
        self.nodes.append(helper.make_node(op, inputs, [name], **attrs))
        return name

    def dense(self, x: str, prefix: str) -> str:
        kernel = self.const(f"{prefix}.wT", self.weights[f"{prefix}.weight"].T.copy())
        bias = self.const(f"{prefix}.b", self.weights[f"{prefix}.bias"])
        return self.node("Add", [self.node("MatMul", [x, kernel]), bias])

    def layer_norm(self, x: str, prefix: str, eps: float) -> str:
        gamma = self.const(f"{prefix}.g", self.weights[f"{prefix}.weight"])
        beta = self.const(f"{prefix}.beta", self.weights[f"{prefix}.bias"])
        return self.node("LayerNormalization", [x, gamma, beta], axis=-1, epsilon=eps)


def build_minilm_graph(weights: Mapping[str, np.ndarray], config: BertConfig) -> onnx.ModelProto:
    """The encoder as an ONNX model; `weights` are the safetensors tensors (prefix `bert.` ok)."""
    w = {k.removeprefix("bert."): np.asarray(v, dtype=np.float32) for k, v in weights.items()}
    g = _GraphBuilder(w)
    hidden, heads, eps = config.hidden_size, config.num_heads, config.layer_norm_eps
    head_dim = hidden // heads

    # Embeddings: word + position + token type 0, then LayerNorm.
    words = g.node(
        "Gather", [g.const("word_emb", w["embeddings.word_embeddings.weight"]), "input_ids"]
    )
    seq_len = g.node("Gather", [g.node("Shape", ["input_ids"]), g.const("one_i", 1, np.int64)])
    positions = g.node("Range", [g.const("zero_i", 0, np.int64), seq_len, "one_i"])
    pos_emb = g.node(
        "Gather", [g.const("pos_emb", w["embeddings.position_embeddings.weight"]), positions]
    )
    type_emb = g.const("type_emb0", w["embeddings.token_type_embeddings.weight"][0])
    x = g.node("Add", [g.node("Add", [words, pos_emb]), type_emb])
    x = g.layer_norm(x, "embeddings.LayerNorm", eps)

    # Additive attention bias: 0 for real tokens, -1e9 for padding, shaped [b, 1, 1, s].
    mask = g.node("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    one_f = g.const("one_f", 1.0, np.float32)
    not_mask = g.node("Sub", [one_f, mask])
    bias = g.node(
        "Unsqueeze",
        [
            g.node("Mul", [not_mask, g.const("neg_big", -1e9, np.float32)]),
            g.const("axes_12", [1, 2], np.int64),
        ],
    )
    split_heads = g.const("shape_heads", [0, 0, heads, head_dim], np.int64)
    merge_heads = g.const("shape_merge", [0, 0, hidden], np.int64)
    scale = g.const("attn_scale", 1.0 / np.sqrt(head_dim), np.float32)
    half = g.const("half", 0.5, np.float32)
    sqrt2 = g.const("sqrt2", np.sqrt(2.0), np.float32)

    for i in range(config.num_layers):
        pre = f"encoder.layer.{i}."

        def project(name: str, perm: list[int], _pre: str = pre, _x: str = x) -> str:
            reshaped = g.node("Reshape", [g.dense(_x, _pre + name), split_heads])
            return g.node("Transpose", [reshaped], perm=perm)

        q = project("attention.self.query", [0, 2, 1, 3])
        k = project("attention.self.key", [0, 2, 3, 1])
        v = project("attention.self.value", [0, 2, 1, 3])
        scores = g.node("Add", [g.node("Mul", [g.node("MatMul", [q, k]), scale]), bias])
        context = g.node("MatMul", [g.node("Softmax", [scores], axis=-1), v])
        context = g.node(
            "Reshape", [g.node("Transpose", [context], perm=[0, 2, 1, 3]), merge_heads]
        )
        attended = g.node("Add", [g.dense(context, pre + "attention.output.dense"), x])
        x = g.layer_norm(attended, pre + "attention.output.LayerNorm", eps)
        inner = g.dense(x, pre + "intermediate.dense")
        # Exact GELU: 0.5 * x * (1 + erf(x / sqrt(2))).
        erf = g.node("Erf", [g.node("Div", [inner, sqrt2])])
        gelu = g.node("Mul", [g.node("Mul", [inner, half]), g.node("Add", [erf, one_f])])
        x = g.layer_norm(
            g.node("Add", [g.dense(gelu, pre + "output.dense"), x]), pre + "output.LayerNorm", eps
        )

    # Mean pooling over real tokens, then L2 normalisation.
    mask3 = g.node("Unsqueeze", [mask, g.const("axes_2", [2], np.int64)])
    axis1 = g.const("axes_1", [1], np.int64)
    summed = g.node("ReduceSum", [g.node("Mul", [x, mask3]), axis1], keepdims=0)
    counts = g.node(
        "Max",
        [g.node("ReduceSum", [mask3, axis1], keepdims=0), g.const("tiny", 1e-9, np.float32)],
    )
    mean = g.node("Div", [summed, counts])
    norm = g.node(
        "Max",
        [g.node("ReduceL2", [mean], axes=[1], keepdims=1), g.const("tiny2", 1e-12, np.float32)],
    )
    g.node("Div", [mean, norm], out="sentence_embedding")

    inputs = [
        helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "sequence"])
        for name in ("input_ids", "attention_mask")
    ]
    outputs = [
        helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", hidden])
    ]
    graph = helper.make_graph(g.nodes, "all-MiniLM-L6-v2", inputs, outputs, g.initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    return model
