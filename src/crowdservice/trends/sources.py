"""Where documents come from: each source turns its events into documents to count.

A source says which event verbs bring a document and how to describe one (`SourceDocument`); it
can also list its documents of a period, so counts can be rebuilt from the content itself (after
installing the app on an existing site, or after the demo seed moved its timestamps). Community
posts and cases register in this app (`community_source.py`, `cases_source.py`); a later app (social
mentions) registers its own with `register_source` in its `ready()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from crowdservice.core.models import Event

PUBLIC = "public"
# Seen by support agents only (cases): such examples are never shown to anyone else.
AGENTS_ONLY = "agents"
AUDIENCES = (PUBLIC, AGENTS_ONLY)


@dataclass(frozen=True)
class SourceDocument:
    """One thing people wrote, as the trend counter sees it."""

    source: str  # the registered source's name
    key: str  # unique within the source, e.g. "question:12"
    at: datetime  # when it was written (the content's own time, not the event's)
    author_id: int | None
    space_id: int | None
    text: str
    title: str  # the example's title as agents will read it
    url: str
    audience: str = PUBLIC
    tags: tuple[str, ...] = field(default_factory=tuple)


class TrendSource(Protocol):
    name: str  # short and stable: stored with every count
    label: str  # "Community posts", "Cases"
    verbs: frozenset[str]

    def document_for(self, event: Event) -> SourceDocument | None:
        """The document an event brings, or None (deleted since, not visible, an agent's reply)."""

    def documents_between(self, start: datetime, end: datetime) -> Iterator[SourceDocument]:
        """Every document written in [start, end), for rebuilding the counts from content."""


_sources: dict[str, TrendSource] = {}


def register_source(source: TrendSource) -> None:
    """Add a source; its verbs' events are counted from now on (as search's index sources)."""
    from crowdservice.core.events import register_consumer
    from crowdservice.trends.consumers import count_posts

    _sources[source.name] = source
    register_consumer(source.verbs, count_posts)


def all_sources() -> list[TrendSource]:
    return list(_sources.values())


def source_named(name: str) -> TrendSource | None:
    return _sources.get(name)


def source_label(name: str) -> str:
    found = _sources.get(name)
    return found.label if found else name


def source_verbs() -> set[str]:
    return {verb for source in _sources.values() for verb in source.verbs}


def sources_for(verb: str) -> Iterable[TrendSource]:
    return [source for source in _sources.values() if verb in source.verbs]
