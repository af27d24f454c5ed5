"""What the search interface takes and returns; backends and providers share these types."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from django.contrib.auth.models import AnonymousUser

from crowdservice.accounts.models import User

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from crowdservice.core.models import Event
    from crowdservice.search.index.documents import IndexDocument

AnyUser = User | AnonymousUser

MAX_QUERY_CHARS = 200
MAX_TERMS = 10
STOPWORDS = frozenset(
    """a an and are as at be but by can do does for from had has have how i if in into is it its me
    my no not of on or our so that the their then there these they this to was we what when where
    which who why will with you your""".split()  # noqa: SIM905 - a word list reads better as prose
)
_WORD = re.compile(r"\w[\w+#.\-]*", re.UNICODE)


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    terms: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.terms


def parse_query(raw: str) -> ParsedQuery:
    """Words of the query, lower-cased, without stop words; any input gives a usable result."""
    text = " ".join(raw.replace("\x00", " ").split())[:MAX_QUERY_CHARS]
    terms: list[str] = []
    for match in _WORD.finditer(text.lower()):
        word = match.group().strip(".-")
        if len(word) >= 2 and word not in STOPWORDS and word not in terms:
            terms.append(word)
    return ParsedQuery(text=text, terms=tuple(terms[:MAX_TERMS]))


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "question", "answer", later "article" and "case"
    object_id: int
    title: str
    snippet: str
    url: str
    score: float
    created_at: datetime
    badges: tuple[str, ...] = field(default=())
    # The answer's standing: "kb" (approved article), "endorsed" (staff vouch for it),
    # "community" (accepted or well voted) or "" (nothing trusted yet).
    tier: str = ""
    space_id: int | None = None


@dataclass(frozen=True)
class SearchResults:
    query: ParsedQuery
    hits: list[SearchHit]
    total: int


class IndexSource(Protocol):
    """A domain app's objects as the index sees them.

    kinds: the document kinds it owns; index_verbs: the event verbs after which some of them
    must be indexed again (`affected` says which).
    """

    kinds: tuple[str, ...]
    index_verbs: tuple[str, ...]

    def affected(self, event: Event) -> list[tuple[str, int]]: ...

    def documents(self, kind: str, ids: Sequence[int]) -> list[IndexDocument]:
        """The documents of these ids; an id left out no longer exists for anyone."""

    def all_ids(self, kind: str) -> Iterator[int]: ...

    def visible_ids(self, user: AnyUser, kind: str, ids: Sequence[int]) -> set[int]:
        """Of these ids, those `user` may open now (the last check before showing a hit)."""


class SearchBackend(Protocol):
    def search(
        self, user: AnyUser, query: ParsedQuery, *, limit: int, offset: int
    ) -> SearchResults: ...

    def suggest(
        self, user: AnyUser, query: ParsedQuery, *, limit: int, space_id: int | None
    ) -> list[SearchHit]: ...

    def similar_questions(
        self, user: AnyUser, *, title: str, body: str, exclude_id: int | None, limit: int
    ) -> list[SearchHit]: ...
