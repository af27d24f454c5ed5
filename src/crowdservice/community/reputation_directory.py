"""What the reputation app may know about community content (registered in `apps.py`)."""

from __future__ import annotations

from collections.abc import Iterable

from crowdservice.community.models import Question, Space
from crowdservice.reputation.registry import QuestionInfo, SpaceInfo


class ReputationDirectory:
    def questions(self, question_ids: Iterable[int]) -> dict[int, QuestionInfo]:
        """Title, link, space and tags of these questions: two queries (tags prefetched)."""
        ids = list(question_ids)
        if not ids:
            return {}
        rows = (
            Question.objects.filter(pk__in=ids)
            .only("pk", "title", "space_id", "deleted_at")
            .prefetch_related("tags")
        )
        return {
            q.pk: QuestionInfo(
                id=q.pk,
                title=q.title,
                url=q.get_absolute_url(),
                space_id=q.space_id,
                tags=[tag.name for tag in q.tags.all()],
                is_live=not q.is_deleted,
            )
            for q in rows
        }

    def spaces(self) -> list[SpaceInfo]:
        return [
            SpaceInfo(id=pk, slug=slug, name=name)
            for pk, slug, name in Space.objects.values_list("pk", "slug", "name")
        ]
