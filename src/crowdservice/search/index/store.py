"""The process's handles on the index: its lexical backend and its vector matrix."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings

from crowdservice.search.index.lexical import LexicalIndex, PostgresIndex, TantivyIndex
from crowdservice.search.index.vectors import VectorMatrix


@cache
def lexical_index() -> LexicalIndex:
    """CROWDSERVICE_SEARCH_LEXICAL: "tantivy" (beside the database) or "postgres"."""
    kind = settings.CROWDSERVICE_SEARCH_LEXICAL
    if kind == "postgres":
        return PostgresIndex()
    return TantivyIndex(Path(settings.CROWDSERVICE_SEARCH_INDEX_DIR))


@cache
def vector_matrix() -> VectorMatrix:
    return VectorMatrix(refresh_seconds=settings.CROWDSERVICE_SEARCH_REFRESH_SECONDS)
