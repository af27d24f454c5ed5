"""Cases as the search index sees them: staff-only documents (an `IndexSource`).

Their audience is STAFF, so customers and anonymous visitors never find one; `visible_ids`
narrows that to agents and admins (who work cases) before any hit is shown.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence

from crowdservice.cases.access import is_agent
from crowdservice.cases.models import Case
from crowdservice.core.markdown import markdown_to_text
from crowdservice.core.models import Event
from crowdservice.search.index.documents import IndexDocument
from crowdservice.search.models import Audience
from crowdservice.search.types import AnyUser

MAX_TEXT = 20_000
CASE_VERBS = ("case.created", "case.merged")


class CaseIndexSource:
    kinds: tuple[str, ...] = ("case",)
    index_verbs: tuple[str, ...] = CASE_VERBS

    def affected(self, event: Event) -> list[tuple[str, int]]:
        return [("case", event.object_id)] if event.object_id is not None else []

    def documents(self, kind: str, ids: Sequence[int]) -> list[IndexDocument]:
        if kind != "case":
            raise LookupError(kind)
        return [
            IndexDocument(
                kind="case",
                object_id=case.pk,
                title=f"#{case.pk} {case.subject}",
                body=html.unescape(markdown_to_text(case.description, MAX_TEXT)),
                url=case.get_absolute_url(),
                audience=Audience.STAFF,
                created_at=case.created_at,
                updated_at=case.updated_at,
                space_id=case.space_id,
            )
            for case in Case.objects.filter(pk__in=ids)
        ]

    def all_ids(self, kind: str) -> Iterator[int]:
        return Case.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=2000)

    def visible_ids(self, user: AnyUser, kind: str, ids: Sequence[int]) -> set[int]:
        if not is_agent(user):
            return set()
        return set(Case.objects.filter(pk__in=list(ids)).values_list("pk", flat=True))
