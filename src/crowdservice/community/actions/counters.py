"""Recounting denormalized counters from the rows they count: exact, idempotent, cheap."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from crowdservice.community.models import Answer, Question, Space, Tag, Visibility

# Only published posts count: pending and hidden ones are not shown in lists.
LIVE = {"deleted_at__isnull": True, "visibility": Visibility.VISIBLE}


def recount_answers(question_id: int) -> None:
    live = Answer.objects.filter(question_id=question_id, **LIVE)
    Question.objects.filter(pk=question_id).update(
        answer_count=live.count(), has_endorsed_answer=live.filter(is_endorsed=True).exists()
    )


def recount_tags(tag_ids: Iterable[int]) -> None:
    ids = list(set(tag_ids))
    if not ids:
        return
    counts = (
        Question.tags.through.objects.filter(
            tag_id=OuterRef("pk"),
            question__deleted_at__isnull=True,
            question__visibility=Visibility.VISIBLE,
        )
        .values("tag_id")
        .annotate(n=Count("question_id"))
        .values("n")  # type: ignore[misc]
    )
    Tag.objects.filter(pk__in=ids).update(
        question_count=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))
    )


def recount_space(space_id: int) -> None:
    Space.objects.filter(pk=space_id).update(
        question_count=Question.objects.filter(space_id=space_id, **LIVE).count()
    )


def recount_duplicates(question_ids: Iterable[int | None]) -> None:
    """`duplicate_count` of these questions: their live duplicates."""
    ids = [pk for pk in set(question_ids) if pk is not None]
    if not ids:
        return
    live = (
        Question.objects.filter(duplicate_of_id=OuterRef("pk"), **LIVE)
        .values("duplicate_of_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Question.objects.filter(pk__in=ids).update(
        duplicate_count=Coalesce(Subquery(live, output_field=IntegerField()), Value(0))
    )


def recount_all() -> None:
    """Recompute every counter (used after bulk loads such as the demo and benchmark seeds)."""
    for space_id in Space.objects.values_list("pk", flat=True):
        recount_space(space_id)
    recount_tags(Tag.objects.values_list("pk", flat=True))
    answers = Answer.objects.filter(question_id=OuterRef("pk"), **LIVE)
    Question.objects.update(
        answer_count=Coalesce(
            Subquery(
                answers.values("question_id").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        ),
    )
    endorsed = Answer.objects.filter(is_endorsed=True, **LIVE)
    Question.objects.update(has_endorsed_answer=False)
    Question.objects.filter(pk__in=endorsed.values("question_id")).update(has_endorsed_answer=True)
    originals = Question.objects.filter(duplicate_of__isnull=False).values_list("duplicate_of_id")
    recount_duplicates(pk for (pk,) in originals)
