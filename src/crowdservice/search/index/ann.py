"""Approximate nearest neighbours for large indexes: usearch HNSW files, one per document kind.

Exact brute force over the in-process matrix costs about 27 ms a query at 200k documents
(memory-bound); an HNSW graph in f16 answers in about 1 ms with a recall@50 of 0.96
(docs/decisions/0004-search-index.md). The graph takes a core about 90 s to build at 200k, so it
is built once per host, by the job worker (`update_vector_index`, every minute, or the command
of the same name) and saved in `CROWDSERVICE_SEARCH_VECTOR_DIR`; the web processes memory-map
it (the page cache shares it between them) and re-open it when a newer one is saved.

A saved generation is a set of immutable files, `g<N>-<kind>.usearch`, named by
`manifest.json`, which is replaced atomically: a reader never sees half a generation, and a
file it still has mapped survives its deletion (POSIX). The manifest records the newest
`indexed_at` the generation covers (minus the clock overlap the vector matrix allows for late
commits): rows stamped at or after it are searched exactly by the matrix, and every hit is
re-checked against the matrix's current audience, kind and vector, so a post written or hidden
after the last save is handled exactly.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from django.utils import timezone

from crowdservice.search.engine.embedder import DIMENSIONS
from crowdservice.search.engine.vectors import from_blob
from crowdservice.search.models import Audience, SearchDocument

logger = logging.getLogger(__name__)

FORMAT = 1
DTYPE = "f16"  # i8 measured a recall@50 of 0.38 on the benchmark's vectors: never use it
CONNECTIVITY = 16
EXPANSION_ADD = 128
EXPANSION_SEARCH = 256  # recall over speed: 1.6 ms p50 at 200k, against 27 ms exact
# Past this share of rows changed since the last save, build afresh instead of patching the graph
# (removed nodes stay in an HNSW graph as tombstones and slow it down).
REBUILD_SHARE = 0.2
MANIFEST = "manifest.json"
READ_CHUNK = 5_000


def _manifest_path(directory: Path) -> Path:
    return directory / MANIFEST


def _usearch_index() -> Any:
    """usearch's Index class, imported after onnxruntime: importing onnxruntime after
    usearch's compiled module crashes the process (segfault; usearch 2.26.6, onnxruntime 1.32
    on this machine), the other order is fine, and the embedder needs onnxruntime anyway."""
    import onnxruntime  # noqa: F401
    from usearch.index import Index

    return Index


def _new_index() -> Any:
    Index = _usearch_index()
    return Index(
        ndim=DIMENSIONS,
        metric="cos",
        dtype=DTYPE,
        connectivity=CONNECTIVITY,
        expansion_add=EXPANSION_ADD,
        expansion_search=EXPANSION_SEARCH,
    )


# --------------------------------------------------------------------------- reading


@dataclass
class AnnGeneration:
    """One saved generation, memory-mapped: an index per kind and what it covers."""

    generation: int
    covered_from: float  # epoch seconds: rows stamped at or after this are searched exactly
    indexes: dict[str, Any]  # kind -> usearch Index (a view of the file)
    sizes: dict[str, int]

    def search(self, kind: str, query: np.ndarray, count: int) -> np.ndarray:
        """Keys (SearchDocument pks) of about the `count` nearest documents of this kind."""
        index = self.indexes[kind]
        matches = index.search(query, min(count, self.sizes[kind]), threads=1)
        return np.asarray(matches.keys, dtype=np.int64)


class AnnReader:
    """A web process's handle on the saved files: re-opened when a newer generation is saved;
    None (so the matrix searches exactly) while there is none or it cannot be read."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._signature: tuple[int, int] | None = None
        self.current: AnnGeneration | None = None

    def maybe_reload(self) -> None:
        path = _manifest_path(self.directory)
        try:
            stat = path.stat()
        except FileNotFoundError:
            if self.current is not None:
                logger.warning("The vector index %s is gone: searching exactly", path)
            self._signature, self.current = None, None
            return
        signature = (stat.st_mtime_ns, stat.st_ino)
        if signature == self._signature:
            return
        self._signature = signature
        try:
            self.current = self._open(path)
        except Exception as exc:  # a corrupt or foreign file must never break search
            logger.warning("Cannot open the vector index %s (%s): searching exactly", path, exc)
            self.current = None

    def _open(self, path: Path) -> AnnGeneration:
        Index = _usearch_index()

        manifest = json.loads(path.read_text())
        if manifest.get("format") != FORMAT or manifest.get("dimensions") != DIMENSIONS:
            raise ValueError(f"format {manifest.get('format')}, {manifest.get('dimensions')} dims")
        indexes, sizes = {}, {}
        for kind, name in manifest["files"].items():
            index = Index.restore(str(self.directory / name), view=True)
            if index is None or index.ndim != DIMENSIONS:
                raise ValueError(f"{name} is not a usearch index of {DIMENSIONS} dimensions")
            if len(index) != manifest["sizes"][kind]:
                raise ValueError(
                    f"{name} holds {len(index)} vectors, not {manifest['sizes'][kind]}"
                )
            index.expansion_search = EXPANSION_SEARCH
            indexes[kind], sizes[kind] = index, len(index)
        return AnnGeneration(
            generation=int(manifest["generation"]),
            covered_from=float(manifest["covered_from"]),
            indexes=indexes,
            sizes=sizes,
        )


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class SaveReport:
    generation: int
    full: bool
    rows: int  # vectors in the saved generation
    changed: int  # rows added, replaced or removed since the previous one
    seconds: float
    bytes: int


@contextmanager
def _builder_lock(directory: Path) -> Iterator[bool]:
    """One builder per directory (per host): a second one finds it busy and does nothing."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "builder.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _rows(rows: Any) -> Iterator[tuple[int, str, int, bytes]]:
    """(pk, kind, audience, vector blob), in pk order and in chunks (bounded memory)."""
    last = 0
    while chunk := list(
        rows.filter(pk__gt=last)
        .order_by("pk")
        .values_list("pk", "kind", "audience", "vector")[:READ_CHUNK]
    ):
        yield from chunk
        last = chunk[-1][0]


def _add(
    indexes: dict[str, Any], batch: dict[str, tuple[list[int], list[bytes]]], threads: int
) -> None:
    for kind, (keys, blobs) in batch.items():
        if keys:
            vectors = np.stack([from_blob(b, DIMENSIONS)[0] for b in blobs])
            index = indexes.setdefault(kind, _new_index())
            index.add(np.asarray(keys, dtype=np.uint64), vectors, threads=threads)
    batch.clear()


def _read_manifest(directory: Path) -> dict[str, Any] | None:
    try:
        manifest: dict[str, Any] = json.loads(_manifest_path(directory).read_text())
    except (FileNotFoundError, ValueError):
        return None
    if manifest.get("format") != FORMAT or manifest.get("dimensions") != DIMENSIONS:
        return None
    return manifest


def update(
    directory: Path,
    *,
    min_rows: int,
    clock_overlap_seconds: float,
    full: bool = False,
    threads: int = 1,
) -> SaveReport | None:
    """Save a new generation if anything changed since the last one (None: nothing to do, too
    few rows to need one, or another builder is at work)."""
    with _builder_lock(directory) as mine:
        if not mine:
            return None
        return _update(directory, min_rows, clock_overlap_seconds, full, threads)


def _update(
    directory: Path, min_rows: int, clock_overlap_seconds: float, full: bool, threads: int
) -> SaveReport | None:
    Index = _usearch_index()

    started = time.perf_counter()
    live = SearchDocument.objects.exclude(audience=Audience.NOBODY)
    total = live.count()
    if total < min_rows:
        return None
    # Rows stamped this long before the read began are committed by then (the vector matrix
    # makes the same assumption); later ones may be missing, so readers search them exactly.
    read_at = timezone.now()
    covered_from = read_at.timestamp() - clock_overlap_seconds
    manifest = None if full else _read_manifest(directory)
    indexes: dict[str, Any] = {}
    changed = total
    if manifest is not None:
        since = datetime.fromtimestamp(manifest["covered_from"], tz=read_at.tzinfo)
        recent = SearchDocument.objects.filter(indexed_at__gte=since)
        changed = recent.count()
        if not changed:
            return None  # readers search nothing exactly: the saved generation is complete
        if changed > REBUILD_SHARE * total:
            manifest = None  # patching that much costs more than building afresh
    if manifest is not None:
        try:
            for kind, name in manifest["files"].items():
                indexes[kind] = Index.restore(str(directory / name), view=False)
                if indexes[kind] is None:
                    raise ValueError(f"{name} is not a usearch index")
        except Exception as exc:
            logger.warning(
                "Cannot load the vector index in %s (%s): building afresh", directory, exc
            )
            manifest, indexes, changed = None, {}, total
    if manifest is not None:
        batch: dict[str, tuple[list[int], list[bytes]]] = {}
        for pk, kind, audience, blob in _rows(recent):
            for index in indexes.values():
                if pk in index:
                    index.remove(pk)
            if audience != Audience.NOBODY and blob:
                keys, blobs = batch.setdefault(kind, ([], []))
                keys.append(pk)
                blobs.append(bytes(blob))
        _add(indexes, batch, threads)
    else:
        batch = {}
        for n, (pk, kind, _, blob) in enumerate(_rows(live), 1):
            if blob:
                keys, blobs = batch.setdefault(kind, ([], []))
                keys.append(pk)
                blobs.append(bytes(blob))
            if n % READ_CHUNK == 0:
                _add(indexes, batch, threads)
        _add(indexes, batch, threads)
    generation = (manifest["generation"] if manifest else _last_generation(directory)) + 1
    files, sizes, size = {}, {}, 0
    for kind, index in indexes.items():
        name = f"g{generation}-{kind}.usearch"
        index.save(str(directory / name))
        files[kind], sizes[kind] = name, len(index)
        size += (directory / name).stat().st_size
    document = {
        "format": FORMAT, "dimensions": DIMENSIONS, "dtype": DTYPE, "generation": generation,
        "covered_from": covered_from, "files": files, "sizes": sizes,
        "saved_at": time.time(), "full": manifest is None,
    }  # fmt: skip
    temporary = directory / f"{MANIFEST}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(document, indent=1))
    os.replace(temporary, _manifest_path(directory))  # readers switch here, atomically
    _remove_old_generations(directory, keep=set(files.values()))
    return SaveReport(
        generation=generation,
        full=manifest is None,
        rows=sum(sizes.values()),
        changed=changed,
        seconds=round(time.perf_counter() - started, 2),
        bytes=size,
    )


def _last_generation(directory: Path) -> int:
    numbers = [
        int(p.name[1:].split("-", 1)[0])
        for p in directory.glob("g*-*.usearch")
        if p.name[1:].split("-", 1)[0].isdigit()
    ]
    return max(numbers, default=0)


def _remove_old_generations(directory: Path, keep: set[str]) -> None:
    # Processes that still map an old file keep reading it: unlinking does not unmap.
    for path in directory.glob("g*-*.usearch"):
        if path.name not in keep:
            path.unlink(missing_ok=True)


def clear(directory: Path) -> None:
    """Forget the saved generation (the matrix searches exactly until the next save)."""
    with _builder_lock(directory):
        _manifest_path(directory).unlink(missing_ok=True)
        _remove_old_generations(directory, keep=set())
