"""What the search interface takes and returns; backends and providers share these types."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from django.contrib.auth.models import AnonymousUser

from crowdservice.accounts.models import User

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


class SearchProvider(Protocol):
    """A domain app's content, searchable only in the rows the user may see."""

    kind: str

    def search(self, user: AnyUser, query: ParsedQuery, *, limit: int) -> list[SearchHit]: ...


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
