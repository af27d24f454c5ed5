"""The MiniLM embedder: pinned files only, offline, and sensible vectors."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from crowdservice.search.engine.embedder import (
    PINNED_SHA256,
    Embedder,
    ModelUnavailable,
    default_model_dir,
    verify_model_dir,
)


def test_the_installed_model_files_are_the_pinned_ones() -> None:
    # Fails (not skips) when the package is missing: `make install` puts it in the venv.
    verify_model_dir(default_model_dir())


def _copy_model(tmp_path: Path) -> Path:
    source = default_model_dir()
    for name in PINNED_SHA256:
        if name != "model.safetensors":
            shutil.copy(source / name, tmp_path / name)
    return tmp_path


def test_a_tampered_weights_file_is_refused(tmp_path: Path) -> None:
    directory = _copy_model(tmp_path)
    (directory / "model.safetensors").write_bytes(b"not the pinned weights")
    with pytest.raises(ModelUnavailable, match="SHA-256"):
        verify_model_dir(directory)
    with pytest.raises(ModelUnavailable, match="refusing to load"):
        Embedder(directory)


def test_one_changed_byte_is_enough_to_refuse(tmp_path: Path) -> None:
    directory = _copy_model(tmp_path)
    data = bytearray((default_model_dir() / "model.safetensors").read_bytes())
    data[len(data) // 2] ^= 0x01
    (directory / "model.safetensors").write_bytes(bytes(data))
    with pytest.raises(ModelUnavailable):
        verify_model_dir(directory)


def test_missing_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="missing"):
        verify_model_dir(tmp_path)


@pytest.fixture(scope="module")
def embedder() -> Iterator[Embedder]:
    # Building the embedder must not touch the network: every socket connection fails here.
    original = socket.socket.connect

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the embedder tried to open a network connection")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    try:
        model = Embedder(threads=1)
    finally:
        socket.socket.connect = original  # type: ignore[method-assign]
    return model


def test_vectors_are_unit_length_and_ordered_like_the_input(embedder: Embedder) -> None:
    texts = ["How do I renew my visa?", "", "A" * 5000, "Best bank in Doha"]
    vectors = embedder.encode(texts)
    assert vectors.shape == (4, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Batching and length-sorting do not change a text's vector.
    np.testing.assert_allclose(embedder.encode([texts[3]])[0], vectors[3], atol=1e-5)
    assert embedder.encode([]).shape == (0, 384)


def test_similar_questions_are_closer_than_unrelated_ones(embedder: Embedder) -> None:
    a, b, c = embedder.encode(
        [
            "How can I reset my wifi router to factory settings?",
            "What is the way to restore the router's factory defaults?",
            "Which restaurant in Doha serves the best biryani?",
        ]
    )
    assert float(a @ b) > 0.6
    assert float(a @ b) > float(a @ c) + 0.3


def test_reference_vector_matches_sentence_transformers(embedder: Embedder) -> None:
    # First values of sentence-transformers' all-MiniLM-L6-v2 output for this sentence.
    vector = embedder.encode(["This is an example sentence"])[0]
    np.testing.assert_allclose(vector[:3], [0.06765, 0.06349, 0.04871], atol=2e-4)
