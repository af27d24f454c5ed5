"""A small BERT (MiniLM-L6-H384) cross-encoder in plain torch, loading the safetensors weights.

Same parameter names as the safetensors file (and as crowdservice's ONNX graph builder), so the
fine-tuned encoder can be saved back to safetensors and exported without transformers.
Head: mean pooling over the pair's real tokens, dropout, one linear unit (the logit of Good).
"""

from __future__ import annotations

import math
from pathlib import Path

import torch
from safetensors.torch import load_file
from torch import nn
from torch.nn import functional as F

HIDDEN, HEADS, LAYERS, INTER, EPS = 384, 12, 6, 1536, 1e-12


class Layer(nn.Module):
    def __init__(self, dropout: float) -> None:
        super().__init__()
        self.query = nn.Linear(HIDDEN, HIDDEN)
        self.key = nn.Linear(HIDDEN, HIDDEN)
        self.value = nn.Linear(HIDDEN, HIDDEN)
        self.attn_out = nn.Linear(HIDDEN, HIDDEN)
        self.attn_norm = nn.LayerNorm(HIDDEN, eps=EPS)
        self.inter = nn.Linear(HIDDEN, INTER)
        self.out = nn.Linear(INTER, HIDDEN)
        self.out_norm = nn.LayerNorm(HIDDEN, eps=EPS)
        self.dropout = dropout

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, s, _ = x.shape

        def heads(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, s, HEADS, HIDDEN // HEADS).transpose(1, 2)

        ctx = F.scaled_dot_product_attention(
            heads(self.query(x)),
            heads(self.key(x)),
            heads(self.value(x)),
            attn_mask=bias,
            dropout_p=self.dropout if self.training else 0.0,
        )
        ctx = ctx.transpose(1, 2).reshape(b, s, HIDDEN)
        drop = self.dropout if self.training else 0.0
        x = self.attn_norm(x + F.dropout(self.attn_out(ctx), drop))
        h = self.out(F.gelu(self.inter(x)))
        return self.out_norm(x + F.dropout(h, drop))


class CrossEncoder(nn.Module):
    def __init__(self, dropout: float = 0.1) -> None:
        super().__init__()
        self.word = nn.Embedding(30522, HIDDEN)
        self.pos = nn.Embedding(512, HIDDEN)
        self.token_type = nn.Embedding(2, HIDDEN)
        self.emb_norm = nn.LayerNorm(HIDDEN, eps=EPS)
        self.layers = nn.ModuleList(Layer(dropout) for _ in range(LAYERS))
        self.head = nn.Linear(HIDDEN, 1)
        self.dropout = dropout
        nn.init.normal_(self.head.weight, std=0.02)
        nn.init.zeros_(self.head.bias)

    def forward(self, ids: torch.Tensor, types: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        s = ids.shape[1]
        x = (
            self.word(ids)
            + self.pos(torch.arange(s, device=ids.device))[None]
            + self.token_type(types)
        )
        x = F.dropout(self.emb_norm(x), self.dropout if self.training else 0.0)
        bias = ((1.0 - mask.float()) * -1e9)[:, None, None, :]
        for layer in self.layers:
            x = layer(x, bias)
        m = mask.float()[..., None]
        pooled = (x * m).sum(1) / m.sum(1).clamp(min=1e-9)
        pooled = F.dropout(pooled, self.dropout if self.training else 0.0)
        return self.head(pooled).squeeze(-1)


# safetensors name -> our name (per layer i); the inverse writes a standard BERT file back.
def _name_map() -> dict[str, str]:
    m = {
        "embeddings.word_embeddings.weight": "word.weight",
        "embeddings.position_embeddings.weight": "pos.weight",
        "embeddings.token_type_embeddings.weight": "token_type.weight",
        "embeddings.LayerNorm.weight": "emb_norm.weight",
        "embeddings.LayerNorm.bias": "emb_norm.bias",
    }
    parts = {
        "attention.self.query": "query", "attention.self.key": "key",
        "attention.self.value": "value", "attention.output.dense": "attn_out",
        "attention.output.LayerNorm": "attn_norm", "intermediate.dense": "inter",
        "output.dense": "out", "output.LayerNorm": "out_norm",
    }  # fmt: skip
    for i in range(LAYERS):
        for src, dst in parts.items():
            for p in ("weight", "bias"):
                m[f"encoder.layer.{i}.{src}.{p}"] = f"layers.{i}.{dst}.{p}"
    return m


NAME_MAP = _name_map()


def load_pretrained(path: Path, dropout: float = 0.1) -> CrossEncoder:
    weights = {k.removeprefix("bert."): v for k, v in load_file(str(path)).items()}
    model = CrossEncoder(dropout)
    state = {NAME_MAP[k]: v.float() for k, v in weights.items() if k in NAME_MAP}
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert set(missing) == {"head.weight", "head.bias"}, missing
    assert not unexpected
    return model


def export_state(model: CrossEncoder) -> dict[str, torch.Tensor]:
    """The fine-tuned weights under the BERT names (plus `head.weight`, `head.bias`)."""
    ours = model.state_dict()
    out = {src: ours[dst].contiguous() for src, dst in NAME_MAP.items()}
    out["head.weight"] = ours["head.weight"].contiguous()
    out["head.bias"] = ours["head.bias"].contiguous()
    return out


def lr_lambda(total: int, warmup_frac: float = 0.1):  # type: ignore[no-untyped-def]
    warm = max(1, int(total * warmup_frac))

    def f(step: int) -> float:
        if step < warm:
            return (step + 1) / warm
        return max(0.0, (total - step) / max(1, total - warm))

    return f


_ = math
