"""The saved nearest-neighbour graph (usearch HNSW) that large indexes search through.

The rows are written straight into the index table with generated vectors (what matters here
is the vector path, not the embedder), and the graph is used from a low size threshold on.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.community import actions
from crowdservice.community.models import Question
from crowdservice.search.engine.vectors import to_blob
from crowdservice.search.index import ann
from crowdservice.search.index.indexing import index_objects, save_vector_index
from crowdservice.search.index.store import forget_process_state, vector_matrix
from crowdservice.search.index.vectors import VectorMatrix
from crowdservice.search.models import Audience, SearchDocument
from crowdservice.search.service import suggest

DIMS = 384
PUBLIC = [int(Audience.PUBLIC)]
QUESTIONS = ["question"]
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def vector_dir(tmp_path: Path, db: None) -> Iterator[Path]:
    """A fresh graph directory, used from 100 documents on."""
    directory = tmp_path / "vectors"
    with override_settings(
        CROWDSERVICE_SEARCH_VECTOR_DIR=str(directory), CROWDSERVICE_SEARCH_ANN_MIN_DOCS=100
    ):
        forget_process_state()
        yield directory
    forget_process_state()


def clustered(rng: np.random.Generator, count: int, centres: int = 40) -> np.ndarray:
    """Unit vectors in clusters, as sentence embeddings of support questions are (topics)."""
    middle = rng.standard_normal((centres, DIMS))
    points = middle[rng.integers(0, centres, count)] + 0.6 * rng.standard_normal((count, DIMS))
    unit: np.ndarray = (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)
    return unit


def write_rows(
    vectors: np.ndarray,
    *,
    first_id: int = 1,
    kind: str = "question",
    ago: timedelta | None = None,
    audience: Audience = Audience.PUBLIC,
) -> list[int]:
    """Index rows with these vectors (stamped `ago` in the past); returns their pks."""
    stamp = timezone.now() - (ago if ago is not None else timedelta(minutes=5))
    rows = [
        SearchDocument(
            kind=kind,
            object_id=first_id + i,
            title=f"{kind} {first_id + i}",
            body="",
            url=f"/q/{first_id + i}/",
            audience=audience,
            created_at=stamp,
            updated_at=stamp,
            content_hash="x",
            vector=to_blob(v[None, :]),
            title_vector=to_blob(v[None, :]),
            indexed_at=stamp,
        )
        for i, v in enumerate(vectors)
    ]
    SearchDocument.objects.bulk_create(rows, batch_size=500)
    return list(
        SearchDocument.objects.filter(kind=kind, object_id__gte=first_id)
        .order_by("object_id")
        .values_list("pk", flat=True)[: len(vectors)]
    )


def graph_searches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The kinds the graph is asked about, call by call (proof the graph path ran)."""
    calls: list[str] = []
    original = ann.AnnGeneration.search

    def spy(self: ann.AnnGeneration, kind: str, query: np.ndarray, count: int) -> np.ndarray:
        calls.append(kind)
        return original(self, kind, query, count)

    monkeypatch.setattr(ann.AnnGeneration, "search", spy)
    return calls


def nearest(matrix: VectorMatrix, query: np.ndarray, limit: int = 10) -> list[int]:
    return [pk for pk, _ in matrix.nearest(query, audiences=PUBLIC, kinds=QUESTIONS, limit=limit)]


def test_recall_against_exact_search_on_clustered_vectors(
    vector_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(7)
    write_rows(clustered(rng, 4_000))
    saved = save_vector_index()
    assert saved is not None
    assert saved.full
    assert saved.rows == 4_000
    matrix = vector_matrix()
    matrix.refresh(force=True)
    exact = VectorMatrix(refresh_seconds=0)  # the same rows, no graph
    exact.refresh(force=True)
    calls = graph_searches(monkeypatch)
    queries = clustered(rng, 200)

    found = [set(nearest(matrix, q, 50)) for q in queries]
    wanted = [set(nearest(exact, q, 50)) for q in queries]

    assert len(calls) == len(queries)  # every query went through the graph
    recall = np.mean([len(f & w) / len(w) for f, w in zip(found, wanted, strict=True)])
    # The benchmark's 200k vectors gave 0.96 with these parameters; a broken key mapping or
    # filter gives next to nothing, and a small graph of clustered points should do better.
    assert recall >= 0.95, recall


def test_a_row_written_after_the_save_is_found_at_once(vector_dir: Path) -> None:
    rng = np.random.default_rng(1)
    write_rows(clustered(rng, 300))
    assert save_vector_index() is not None
    matrix = vector_matrix()
    matrix.refresh(force=True)
    assert matrix.ann is not None
    assert matrix.ann.current is not None
    new = clustered(rng, 1)[0]

    [pk] = write_rows(new[None, :], first_id=10_000, ago=timedelta(0))
    matrix.refresh(force=True)

    assert nearest(matrix, new, 5)[0] == pk
    assert pk not in matrix.ann.current.indexes["question"]  # found exactly, not by the graph


def test_a_hidden_or_deleted_row_is_never_returned(vector_dir: Path) -> None:
    rng = np.random.default_rng(2)
    vectors = clustered(rng, 300)
    pks = write_rows(vectors)
    assert save_vector_index() is not None
    matrix = vector_matrix()
    matrix.refresh(force=True)
    assert nearest(matrix, vectors[0], 5)[0] == pks[0]

    # Deleted after the save: still in the graph, out of every result.
    SearchDocument.objects.filter(pk=pks[0]).update(
        audience=Audience.NOBODY, indexed_at=timezone.now()
    )
    SearchDocument.objects.filter(pk=pks[1]).update(
        audience=Audience.STAFF, indexed_at=timezone.now()
    )
    matrix.refresh(force=True)
    assert pks[0] in matrix.ann.current.indexes["question"]  # type: ignore[union-attr]
    for limit in (1, 5, 300):
        assert pks[0] not in nearest(matrix, vectors[0], limit)
        assert pks[1] not in nearest(matrix, vectors[1], limit)
    staff = matrix.nearest(vectors[1], audiences=[int(Audience.STAFF)], kinds=QUESTIONS, limit=3)
    assert staff[0][0] == pks[1]

    # The next save patches the graph: the deleted row leaves it.
    saved = save_vector_index()
    assert saved is not None
    assert not saved.full
    assert saved.rows == 299
    matrix.refresh(force=True)
    assert pks[0] not in matrix.ann.current.indexes["question"]  # type: ignore[union-attr]
    assert pks[0] not in nearest(matrix, vectors[0], 300)


def test_few_visible_rows_make_the_graph_search_deeper(
    vector_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(3)
    vectors = clustered(rng, 400)
    public = write_rows(vectors[:3])
    write_rows(vectors[3:], first_id=100, audience=Audience.MODERATORS)
    assert save_vector_index() is not None
    matrix = vector_matrix()
    matrix.refresh(force=True)
    calls = graph_searches(monkeypatch)

    # The graph's nearest are all moderators-only: it is asked again, deeper, until it has
    # given every row, and the three public ones are found.
    assert sorted(nearest(matrix, vectors[200], 10)) == sorted(public)
    assert len(calls) > 1


def test_a_rebuilt_file_is_picked_up_by_another_process(vector_dir: Path) -> None:
    rng = np.random.default_rng(4)
    write_rows(clustered(rng, 300))
    assert save_vector_index() is not None
    target = clustered(rng, 1)[0]
    [pk] = write_rows(target[None, :], first_id=50_000, ago=timedelta(0))
    script = textwrap.dedent(
        f"""
        import sys, time, numpy as np, django
        django.setup()
        from pathlib import Path
        from crowdservice.search.index.ann import AnnReader
        reader = AnnReader(Path({str(vector_dir)!r}))
        target = np.array({target.tolist()!r}, dtype=np.float32)
        seen = set()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            reader.maybe_reload()
            current = reader.current
            if current is not None and current.generation not in seen:
                seen.add(current.generation)
                keys = current.search("question", target, 1).tolist()
                print(current.generation, keys[0], flush=True)
                if current.generation >= 2:
                    break
            time.sleep(0.05)
        """
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "crowdservice.settings_test"}
    child = subprocess.Popen(
        [sys.executable, "-c", script], env=env, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        first = child.stdout.readline().split()
        assert first[0] == "1"
        assert int(first[1]) != pk
        saved = save_vector_index(full=True)
        assert saved is not None
        assert saved.generation == 2
        second = child.stdout.readline().split()
        assert second == ["2", str(pk)]
        assert child.wait(timeout=30) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    # Only the current generation's files are kept.
    assert sorted(p.name for p in vector_dir.glob("*.usearch")) == ["g2-question.usearch"]


@pytest.mark.parametrize("damage", ["corrupt", "missing", "manifest"])
def test_a_missing_or_corrupt_file_falls_back_to_exact_search(
    vector_dir: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    rng = np.random.default_rng(5)
    vectors = clustered(rng, 300)
    pks = write_rows(vectors)
    assert save_vector_index() is not None
    manifest = vector_dir / "manifest.json"
    graph = vector_dir / json.loads(manifest.read_text())["files"]["question"]
    if damage == "corrupt":
        graph.write_bytes(b"\x00garbage" * 64)
    elif damage == "missing":
        graph.unlink()
    else:
        manifest.write_text("{not json")
    matrix = vector_matrix()

    with caplog.at_level(logging.WARNING, logger="crowdservice.search.index.ann"):
        matrix.refresh(force=True)

    assert matrix.ann is not None
    assert matrix.ann.current is None
    assert any("searching exactly" in r.getMessage() for r in caplog.records)
    assert nearest(matrix, vectors[7], 1) == [pks[7]]
    # The next save replaces the damaged generation, and the graph is used again.
    saved = save_vector_index(full=True)
    assert saved is not None
    matrix.refresh(force=True)
    assert matrix.ann.current is not None
    assert matrix.ann.current.generation == saved.generation
    assert nearest(matrix, vectors[7], 1) == [pks[7]]


def test_small_indexes_build_no_graph(db: None, tmp_path: Path) -> None:
    with override_settings(CROWDSERVICE_SEARCH_VECTOR_DIR=str(tmp_path / "v")):
        write_rows(clustered(np.random.default_rng(6), 50))
        assert settings.CROWDSERVICE_SEARCH_ANN_MIN_DOCS > 50
        assert save_vector_index() is None
        assert not (tmp_path / "v" / "manifest.json").exists()


def test_suggestions_through_the_graph_follow_edits_and_deletions(
    vector_dir: Path,
    customer: User,
    moderator: User,
    make_question: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """End to end through the product's write path and `suggest`, graph used from 2 documents."""
    titles = [
        "Printer vanishes from the network every night",
        "Thermostat shows the wrong temperature after the update",
        "Doorbell camera will not pair with the app",
    ]
    questions: list[Question] = [make_question(customer, title=t) for t in titles]
    index_objects("question", [q.pk for q in questions])
    # Indexed a while ago, so that the saved graph covers them (rows stamped within the clock
    # overlap of a save are searched exactly).
    SearchDocument.objects.update(indexed_at=timezone.now() - timedelta(minutes=5))
    vector_matrix().ann_min_rows = 2
    calls = graph_searches(monkeypatch)
    with override_settings(CROWDSERVICE_SEARCH_ANN_MIN_DOCS=2):
        assert save_vector_index() is not None
        anonymous = AnonymousUser()
        assert [h.object_id for h in suggest(anonymous, "printer drops off the network")][:1] == [
            questions[0].pk
        ]
        assert calls

        late = make_question(customer, title="Router reboots itself when the microwave runs")
        index_objects("question", [late.pk])
        assert late.pk in [h.object_id for h in suggest(anonymous, "router reboots by itself")]

        actions.do_delete_question(actor=moderator, question=questions[0])
        index_objects("question", [questions[0].pk])
        assert questions[0].pk not in [
            h.object_id for h in suggest(anonymous, "printer drops off the network")
        ]


def test_opening_the_graph_before_the_model_is_loaded_does_not_crash(vector_dir: Path) -> None:
    """usearch's compiled module loaded before onnxruntime crashed the process on import (a web
    process opens the graph before it first encodes a query): ann.py imports them in order."""
    write_rows(clustered(np.random.default_rng(8), 150))
    assert save_vector_index() is not None
    script = textwrap.dedent(
        f"""
        import django
        django.setup()
        from pathlib import Path
        from crowdservice.search.index.ann import AnnReader
        reader = AnnReader(Path({str(vector_dir)!r}))
        reader.maybe_reload()
        assert reader.current is not None
        from crowdservice.search.engine.embedder import get_embedder
        print(get_embedder().encode(["printer offline"]).shape)
        """
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "crowdservice.settings_test"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=REPO_ROOT, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "(1, 384)"
