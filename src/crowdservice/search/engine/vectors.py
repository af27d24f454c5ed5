"""Embedding access for the engine: any encoder, memoised by text, optionally kept on disk.

The engine asks `TextVectors.vectors(texts)`; texts seen before (this process, or a cache file)
are not encoded again. In the product the stored posts' vectors will come from the database;
benchmarks keep them in an .npz file under var/.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from crowdservice.search.engine.embedder import DIMENSIONS, FloatMatrix

CACHE_FORMAT = 1


class Encoder(Protocol):
    def encode(self, texts: Sequence[str]) -> FloatMatrix: ...


def to_blob(vectors: FloatMatrix) -> bytes:
    """Vectors as stored in the index: little-endian float32, row after row."""
    return np.asarray(vectors, dtype="<f4").tobytes()


def from_blob(blob: bytes | memoryview, dimensions: int = DIMENSIONS) -> FloatMatrix:
    return np.frombuffer(bytes(blob), dtype="<f4").reshape(-1, dimensions)


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


class TextVectors:
    """Unit vectors for texts, encoding only those not already known."""

    def __init__(
        self,
        encoder_factory: Callable[[], Encoder],
        *,
        cache_file: Path | None = None,
        dimensions: int = DIMENSIONS,
        max_known: int | None = None,
    ) -> None:
        """max_known bounds the memo (oldest first out): a long-running worker scores texts
        forever; a benchmark wants them all."""
        # Called only when something has to be encoded, so cached runs never load the model.
        self._encoder_factory = encoder_factory
        self._encoder: Encoder | None = None
        self._dimensions = dimensions
        self._max_known = max_known
        self._known: dict[str, np.ndarray] = {}
        self._cache_file = cache_file
        self._dirty = False
        self.encoded = 0
        if cache_file is not None and cache_file.is_file():
            self._load(cache_file)

    def _get_encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = self._encoder_factory()
        return self._encoder

    def _load(self, path: Path) -> None:
        with np.load(path, allow_pickle=False) as data:
            if int(data["format"]) != CACHE_FORMAT or data["vectors"].shape[1] != self._dimensions:
                return
            for key, vector in zip(data["keys"].tolist(), data["vectors"], strict=True):
                self._known[str(key)] = vector

    def save(self) -> None:
        """Write the cache file (atomically) if anything was added."""
        if self._cache_file is None or not self._dirty:
            return
        self._cache_file.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(sorted(self._known), dtype="U40")
        vectors = np.stack([self._known[k] for k in keys.tolist()]).astype(np.float32)
        fd, tmp = tempfile.mkstemp(dir=self._cache_file.parent, suffix=".npz")
        os.close(fd)
        np.savez(tmp, format=np.array(CACHE_FORMAT), keys=keys, vectors=vectors)
        os.replace(tmp, self._cache_file)
        self._dirty = False

    def remember(self, texts: Sequence[str], vectors: FloatMatrix) -> None:
        """Take vectors computed elsewhere (the index stores every document's) as known."""
        for text, vector in zip(texts, vectors, strict=True):
            self._known[text_key(text)] = vector

    def vectors(self, texts: Sequence[str]) -> FloatMatrix:
        keys = [text_key(t) for t in texts]
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in self._known and key not in missing:
                missing[key] = text
        if missing:
            encoded = self._get_encoder().encode(list(missing.values()))
            for key, vector in zip(missing, encoded, strict=True):
                self._known[key] = vector
            self.encoded += len(missing)
            self._dirty = True
        result = self._stack(keys)
        if self._max_known is not None and len(self._known) > self._max_known:
            for key in list(self._known)[: len(self._known) - self._max_known]:
                del self._known[key]
        return result

    def _stack(self, keys: list[str]) -> FloatMatrix:
        if not keys:
            return np.zeros((0, self._dimensions), dtype=np.float32)
        return np.stack([self._known[k] for k in keys]).astype(np.float32, copy=False)
