"""Readers' "Was this helpful?" and "Suggest an edit", and the editors' queue that works them."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.core.errors import Conflict, ValidationFailed
from crowdservice.core.events import record_event
from crowdservice.knowledge.access import require_publisher, require_user
from crowdservice.knowledge.models import (
    Article,
    EditSuggestion,
    Feedback,
    SuggestionStatus,
)

COMMENT_MAX = 2000
SUGGESTION_MIN, SUGGESTION_MAX = 10, 5000


def _require_live(article: Article) -> None:
    if not article.is_live:
        raise Conflict("Feedback is for published articles; this one is not published.")


@transaction.atomic
def do_give_feedback(*, user: User, article: Article, helpful: bool, comment: str = "") -> Feedback:
    """One answer per person and article: answering again replaces the earlier one."""
    require_user(user)
    _require_live(article)
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationFailed({"comment": [f"Keep the comment under {COMMENT_MAX} characters."]})
    Article.objects.select_for_update().filter(pk=article.pk).first()
    feedback, _ = Feedback.objects.update_or_create(
        article=article,
        user=user,
        defaults={
            "helpful": helpful,
            "comment": comment,
            "created_at": timezone.now(),
            "resolved_at": None,
            "resolved_by": None,
        },
    )
    yes = Feedback.objects.filter(article=article, helpful=True).count()
    no = Feedback.objects.filter(article=article, helpful=False).count()
    Article.objects.filter(pk=article.pk).update(helpful_yes=yes, helpful_no=no)
    article.helpful_yes, article.helpful_no = yes, no
    record_event(
        actor=user,
        verb="article.feedback",
        target=article,
        payload={"helpful": helpful, "has_comment": bool(comment)},
    )
    return feedback


@transaction.atomic
def do_suggest_edit(*, user: User, article: Article, text: str) -> EditSuggestion:
    require_user(user)
    _require_live(article)
    text = text.strip()
    if len(text) < SUGGESTION_MIN:
        raise ValidationFailed(
            {"text": [f"Describe the change in at least {SUGGESTION_MIN} characters."]}
        )
    if len(text) > SUGGESTION_MAX:
        raise ValidationFailed(
            {"text": [f"Keep the suggestion under {SUGGESTION_MAX} characters."]}
        )
    suggestion = EditSuggestion.objects.create(
        article=article, author=user, text=text, created_at=timezone.now()
    )
    record_event(
        actor=user,
        verb="article.edit_suggested",
        target=article,
        payload={"suggestion_id": suggestion.pk},
    )
    return suggestion


@transaction.atomic
def do_resolve_feedback(*, actor: User, feedback: Feedback) -> Feedback:
    require_publisher(actor, "work the feedback queue")
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.resolved_at is not None:
        raise Conflict("This feedback was already dealt with.")
    feedback.resolved_at, feedback.resolved_by = timezone.now(), actor
    feedback.save(update_fields=["resolved_at", "resolved_by"])
    record_event(
        actor=actor,
        verb="article.feedback_resolved",
        target=feedback.article,
        payload={"feedback_id": feedback.pk},
    )
    return feedback


@transaction.atomic
def do_resolve_suggestion(
    *, actor: User, suggestion: EditSuggestion, accept: bool
) -> EditSuggestion:
    """Accepted means an editor took it on (they edit the article themselves); or dismissed."""
    require_publisher(actor, "work the suggestion queue")
    suggestion = EditSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.OPEN:
        raise Conflict("This suggestion was already dealt with.")
    suggestion.status = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.DISMISSED
    suggestion.resolved_at, suggestion.resolved_by = timezone.now(), actor
    suggestion.save(update_fields=["status", "resolved_at", "resolved_by"])
    record_event(
        actor=actor,
        verb="article.suggestion_resolved",
        target=suggestion.article,
        payload={"suggestion_id": suggestion.pk, "status": suggestion.status},
    )
    return suggestion
