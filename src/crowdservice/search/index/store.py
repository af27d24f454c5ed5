"""The process's handles on the index: its lexical backend, its vector matrix and the saved
nearest-neighbour graph the matrix uses when the index is large."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings

from crowdservice.search.index.ann import AnnReader
from crowdservice.search.index.lexical import LexicalIndex, PostgresIndex, TantivyIndex
from crowdservice.search.index.vectors import VectorMatrix


@cache
def lexical_index() -> LexicalIndex:
    """CROWDSERVICE_SEARCH_LEXICAL: "tantivy" (beside the database) or "postgres"."""
    kind = settings.CROWDSERVICE_SEARCH_LEXICAL
    if kind == "postgres":
        return PostgresIndex()
    return TantivyIndex(Path(settings.CROWDSERVICE_SEARCH_INDEX_DIR))


def vector_dir() -> Path:
    return Path(settings.CROWDSERVICE_SEARCH_VECTOR_DIR)


@cache
def vector_matrix() -> VectorMatrix:
    return VectorMatrix(
        refresh_seconds=settings.CROWDSERVICE_SEARCH_REFRESH_SECONDS,
        ann=AnnReader(vector_dir()),
        ann_min_rows=settings.CROWDSERVICE_SEARCH_ANN_MIN_DOCS,
    )


def forget_process_state() -> None:
    """Tests: drop what this process indexed outside the database (rolled-back rows' traces)."""
    if lexical_index.cache_info().currsize:
        index = lexical_index()
        if isinstance(index, TantivyIndex) and index.written:
            index.clear()
    lexical_index.cache_clear()
    if vector_matrix.cache_info().currsize:
        vector_matrix().reset()
    vector_matrix.cache_clear()  # settings (the vector directory) may differ in the next test
