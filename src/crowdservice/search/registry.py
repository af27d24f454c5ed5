"""Index sources that domain apps register in their AppConfig.ready(); search never imports them.

A source describes its objects to the index and says which event verbs change them.
"""

from __future__ import annotations

from crowdservice.search.types import IndexSource

_sources: dict[str, IndexSource] = {}


def register_index_source(source: IndexSource) -> None:
    """Index `source.kinds` (e.g. "question", "answer") from this source, kept current by events."""
    for kind in source.kinds:
        _sources[kind] = source
    # Imported here: the consumer needs the index, which needs the apps to be loaded.
    from crowdservice.core.events import register_consumer
    from crowdservice.search.index.indexing import index_event

    register_consumer(source.index_verbs, index_event)


def index_sources() -> dict[str, IndexSource]:
    return dict(_sources)


def source_for(kind: str) -> IndexSource:
    try:
        return _sources[kind]
    except KeyError:
        raise LookupError(f"No index source registered for {kind!r}") from None
