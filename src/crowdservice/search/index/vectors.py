"""The semantic half of the index: every document's vector in one in-process matrix.

Vectors live in the database (`SearchDocument.vector`), which every web server reaches; each
process keeps a float32 matrix of them and brings it up to date with the rows indexed since its
last look (at most every `refresh_seconds`). Small indexes are searched exactly (brute force
over unit vectors); from `ann_min_rows` documents on, the saved HNSW graph (`ann.py`) finds the
candidates for the rows it covers, the rows indexed since its save are searched exactly, and
every candidate is scored exactly against this matrix (docs/decisions/0004-search-index.md).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from django.db.models import Max
from django.utils import timezone

from crowdservice.search.engine.embedder import DIMENSIONS
from crowdservice.search.engine.vectors import from_blob
from crowdservice.search.models import SearchDocument

if TYPE_CHECKING:
    from crowdservice.search.index.ann import AnnGeneration, AnnReader

logger = logging.getLogger(__name__)

# Rows committed out of order (two indexing jobs at once) may carry an indexed_at slightly older
# than the newest row already seen; looking back this far catches them. Rows are stamped just
# before their batch is written, so a batch's commit follows its stamp within seconds.
CLOCK_OVERLAP = timedelta(seconds=10)
MaskKey = tuple[tuple[int, ...], tuple[str, ...]]  # audiences, kinds
KIND_CODES: dict[str, int] = {}
# Candidates asked of the graph per kind, as a multiple of those wanted: hits the user may not
# see, or rows changed since the save, are dropped; too few left and the search goes deeper.
ANN_OVERFETCH = 2
ANN_MAX_COUNT = 4_096  # deeper than this, exact search is as cheap


def kind_code(kind: str) -> int:
    return KIND_CODES.setdefault(kind, len(KIND_CODES))


class VectorMatrix:
    def __init__(
        self,
        *,
        refresh_seconds: float = 1.0,
        dimensions: int = DIMENSIONS,
        ann: AnnReader | None = None,
        ann_min_rows: int = 0,
    ) -> None:
        self.refresh_seconds = refresh_seconds
        self.dimensions = dimensions
        self.ann = ann
        self.ann_min_rows = ann_min_rows
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self._rows = 0
        self._matrix = np.zeros((1024, self.dimensions), dtype=np.float32)
        self._pks = np.zeros(1024, dtype=np.int64)
        self._kinds = np.zeros(1024, dtype=np.int16)
        self._audiences = np.full(1024, 255, dtype=np.uint8)
        # indexed_at of each row (epoch seconds; +inf when unknown: always searched exactly).
        self._stamps = np.full(1024, np.inf, dtype=np.float64)
        self._row_of: dict[int, int] = {}
        self._stamp_of: dict[int, datetime] = {}
        self._since: datetime | None = None
        self._checked = 0.0
        self._version = 0  # bumped by every change: cached masks are only valid for one version
        self._masks: dict[
            tuple[tuple[int, ...], tuple[str, ...]], tuple[int, np.ndarray | None]
        ] = {}
        self._exact_rows: tuple[int, AnnGeneration, np.ndarray] | None = None

    def __len__(self) -> int:
        return self._rows

    def _grow(self, needed: int) -> None:
        capacity = len(self._pks)
        if needed <= capacity:
            return
        size = max(needed, capacity * 2)
        self._matrix = np.resize(self._matrix, (size, self.dimensions))
        self._pks = np.resize(self._pks, size)
        self._kinds = np.resize(self._kinds, size)
        audiences = np.full(size, 255, dtype=np.uint8)
        audiences[:capacity] = self._audiences
        self._audiences = audiences
        stamps = np.full(size, np.inf, dtype=np.float64)
        stamps[:capacity] = self._stamps
        self._stamps = stamps

    def put(
        self,
        pk: int,
        kind: str,
        audience: int,
        vector: npt.NDArray[np.float32],
        stamp: datetime | None = None,
    ) -> None:
        if stamp is not None:
            self._stamp_of[pk] = stamp
        self._version += 1
        row = self._row_of.get(pk)
        if row is None:
            row = self._rows
            self._grow(row + 1)
            self._rows += 1
            self._row_of[pk] = row
            self._pks[row] = pk
        self._kinds[row] = kind_code(kind)
        self._audiences[row] = audience
        self._stamps[row] = stamp.timestamp() if stamp is not None else np.inf
        self._matrix[row] = vector

    def refresh(self, *, force: bool = False) -> None:
        """Load the rows indexed since the last look (all of them the first time)."""
        now = time.monotonic()
        if not force and now - self._checked < self.refresh_seconds:
            return
        with self._lock:
            self._checked = now
            if self.ann is not None:
                self.ann.maybe_reload()  # a stat() of its manifest; re-opened when replaced
            rows = SearchDocument.objects.all()
            if self._since is not None:
                newest = rows.aggregate(newest=Max("indexed_at"))["newest"]
                quiet = timezone.now() - self._since > 2 * CLOCK_OVERLAP
                if newest == self._since and quiet:
                    return  # nothing new, and too long ago for a late commit to still arrive
                # Only stamps first: the overlap window is mostly rows already loaded, and
                # their vectors are not read again.
                recent = rows.filter(indexed_at__gte=self._since - CLOCK_OVERLAP)
                changed = [
                    pk
                    for pk, stamp in recent.values_list("pk", "indexed_at")
                    if self._stamp_of.get(pk) != stamp
                ]
                batches = [
                    rows.filter(pk__in=changed[i : i + 500]) for i in range(0, len(changed), 500)
                ]
            else:
                batches = [rows]
            newest = self._since
            for batch in batches:
                for pk, kind, audience, blob, indexed_at in batch.values_list(
                    "pk", "kind", "audience", "vector", "indexed_at"
                ).iterator(chunk_size=2000):
                    self.put(pk, kind, audience, from_blob(blob, self.dimensions)[0], indexed_at)
                    newest = indexed_at if newest is None else max(newest, indexed_at)
            self._since = newest

    def forget(self, pks: Sequence[int]) -> None:
        for pk in pks:
            row = self._row_of.get(pk)
            if row is not None:
                self._audiences[row] = 255
                self._version += 1

    def _mask(self, audiences: tuple[int, ...], kinds: tuple[str, ...]) -> np.ndarray | None:
        """Rows these audiences and kinds may see (None: all of them), cached per version."""
        key = (audiences, kinds)
        cached = self._masks.get(key)
        if cached is not None and cached[0] == self._version:
            return cached[1]
        n = self._rows
        allowed = np.isin(self._audiences[:n], np.asarray(audiences, dtype=np.uint8))
        codes = [KIND_CODES[k] for k in kinds if k in KIND_CODES]
        allowed &= np.isin(self._kinds[:n], np.asarray(codes, dtype=np.int16))
        mask = None if allowed.all() else allowed
        if len(self._masks) > 64:
            self._masks.clear()
        self._masks[key] = (self._version, mask)
        return mask

    def nearest(
        self,
        query: npt.NDArray[np.float32],
        *,
        audiences: Sequence[int],
        kinds: Sequence[str],
        limit: int,
    ) -> list[tuple[int, float]]:
        """(pk, cosine) of the `limit` nearest documents the audiences and kinds allow."""
        n = self._rows
        if n == 0 or limit <= 0:
            return []
        query = query.astype(np.float32)
        allowed = self._mask(tuple(audiences), tuple(kinds))
        generation = self.ann.current if self.ann is not None else None
        if generation is not None and n >= self.ann_min_rows:
            rows = self._ann_candidates(generation, query, allowed, kinds, limit)
            if rows is not None:
                return self._best(rows, query, limit)
        scores = self._matrix[:n] @ query
        if allowed is not None:
            scores[~allowed] = -np.inf
        k = min(limit, n)
        top = np.argpartition(-scores, k - 1)[:k] if k < n else np.arange(n)
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(self._pks[i]), float(scores[i])) for i in top if np.isfinite(scores[i])]

    def _best(
        self, rows: npt.NDArray[np.int64], query: npt.NDArray[np.float32], limit: int
    ) -> list[tuple[int, float]]:
        """The `limit` best of these rows, scored exactly (the graph's f16 distances are not)."""
        scores = self._matrix[rows] @ query
        order = np.lexsort((self._pks[rows], -scores))[:limit]
        return [(int(self._pks[rows[i]]), float(scores[i])) for i in order]

    def _exact(self, generation: AnnGeneration) -> npt.NDArray[np.bool_]:
        """Rows the saved graph does not cover (indexed since its save, or of a kind it lacks):
        these are searched exactly. Cached per matrix version and generation."""
        # Keyed by the generation object, not its number: numbering restarts after a clear.
        cached = self._exact_rows
        if cached is not None and cached[0] == self._version and cached[1] is generation:
            return cached[2]
        n = self._rows
        exact = self._stamps[:n] >= generation.covered_from
        covered = [KIND_CODES[k] for k in generation.indexes if k in KIND_CODES]
        exact |= ~np.isin(self._kinds[:n], np.asarray(covered, dtype=np.int16))
        self._exact_rows = (self._version, generation, exact)
        return exact

    def _ann_candidates(
        self,
        generation: AnnGeneration,
        query: npt.NDArray[np.float32],
        allowed: npt.NDArray[np.bool_] | None,
        kinds: Sequence[str],
        limit: int,
    ) -> npt.NDArray[np.int64] | None:
        """Rows holding the `limit` nearest allowed documents (approximately), or None when
        the graph cannot supply enough of them (the caller then searches exactly)."""
        n = self._rows
        exact = self._exact(generation)
        fresh = exact if allowed is None else exact & allowed
        found = [np.flatnonzero(fresh)]
        for kind in kinds:
            if kind not in generation.indexes:
                continue  # its rows, if any, are all in `exact`
            count = limit * ANN_OVERFETCH
            while True:
                keys = generation.search(kind, query, count)
                rows = np.fromiter(
                    (self._row_of.get(int(k), -1) for k in keys), dtype=np.int64, count=len(keys)
                )
                rows = rows[rows >= 0]
                rows = rows[rows < n]
                keep = ~exact[rows] if allowed is None else ~exact[rows] & allowed[rows]
                rows = rows[keep]
                if len(rows) >= limit or count >= generation.sizes[kind]:
                    break  # enough of them, or every document of the kind was returned
                if count >= ANN_MAX_COUNT:
                    return None  # the user may see few of this kind's documents: go exact
                count *= 4
            found.append(rows)
        return np.unique(np.concatenate(found))
