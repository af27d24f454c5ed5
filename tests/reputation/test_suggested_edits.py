"""Suggested edits: below the `edit` privilege, edits wait for someone who may edit the post."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from crowdservice.accounts.models import User
from crowdservice.community.actions import (
    do_edit_or_suggest,
    do_review_edit,
    do_suggest_edit,
    pending_edits,
)
from crowdservice.community.models import Answer, Question, SuggestedEdit
from crowdservice.core.errors import Conflict, Forbidden, ValidationFailed
from tests.conftest import make_user
from tests.reputation.conftest import Committed, total

pytestmark = pytest.mark.django_db
Grant = Callable[[User, int], User]
BETTER = "Set the channel to 36, disable DFS, then update the firmware to 2.4.3."


def test_a_suggestion_changes_nothing_until_approved_and_earns_on_approval(
    real_ladder: dict[str, int], committed: Committed, other_customer: User, answer: Answer
) -> None:
    helper = make_user("helpful_hana")
    before = answer.body
    assert (
        do_edit_or_suggest(actor=helper, question=answer.question, answer=answer, body=BETTER)
        == "suggested"
    )
    answer.refresh_from_db()
    assert answer.body == before
    (suggestion,) = pending_edits(other_customer)  # the answer's author reviews it
    assert not pending_edits(helper).exists()  # nobody reviews their own suggestion
    with committed():
        do_review_edit(actor=other_customer, suggestion=suggestion, approve=True)
    answer.refresh_from_db()
    assert answer.body == BETTER
    latest = answer.revisions.order_by("-number").first()
    assert latest is not None
    assert latest.summary.startswith("Suggested by Helpful Hana")
    assert total(helper) == 2
    with pytest.raises(Conflict, match="already reviewed"):
        do_review_edit(actor=other_customer, suggestion=suggestion, approve=False)


def test_rejected_suggestions_leave_the_post_and_earn_nothing(
    real_ladder: dict[str, int], committed: Committed, customer: User, moderator: User,
    question: Question,
) -> None:  # fmt: skip
    helper = make_user("helpful_hana")
    suggestion = do_suggest_edit(actor=helper, question=question, title="A clearer title for it")
    with committed():
        do_review_edit(actor=moderator, suggestion=suggestion, approve=False)
    question.refresh_from_db()
    assert question.title != "A clearer title for it"
    assert total(helper) == 0
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestedEdit.Status.REJECTED


def test_who_reviews_and_who_suggests(
    real_ladder: dict[str, int], grant: Grant, customer: User, other_customer: User,
    question: Question, answer: Answer,
) -> None:  # fmt: skip
    helper = make_user("helpful_hana")
    suggestion = do_suggest_edit(actor=helper, question=question, answer=answer, body=BETTER)
    bystander = make_user("bystander_bo")
    with pytest.raises(Forbidden):
        do_review_edit(actor=bystander, suggestion=suggestion, approve=True)
    with pytest.raises(Forbidden, match="Someone else"):
        do_review_edit(actor=helper, suggestion=suggestion, approve=True)
    with pytest.raises(Conflict, match="already has a suggested edit waiting"):
        do_suggest_edit(actor=bystander, question=question, answer=answer, body=BETTER + " Now.")
    editor = grant(make_user("eddie_expert"), real_ladder["edit"])
    assert list(pending_edits(editor)) == [suggestion]
    with pytest.raises(Conflict, match="edit this post yourself"):
        do_suggest_edit(actor=editor, question=question, body=BETTER)
    with pytest.raises(Conflict, match="edit this post yourself"):
        do_suggest_edit(actor=other_customer, question=question, answer=answer, body=BETTER)


def test_suggestions_are_checked_like_edits(
    real_ladder: dict[str, int], question: Question, answer: Answer
) -> None:
    helper = make_user("helpful_hana")
    with pytest.raises(ValidationFailed, match="no visible text"):
        do_suggest_edit(actor=helper, question=question, answer=answer, body="\u200b" * 30)
    with pytest.raises(ValidationFailed, match="Change something"):
        do_suggest_edit(actor=helper, question=question, answer=answer, body=answer.body)
    with pytest.raises(Forbidden, match="another space"):
        do_edit_or_suggest(actor=helper, question=question, title=question.title, space_id=999)


def test_retaggers_retag_directly_from_the_edit_page(
    real_ladder: dict[str, int], grant: Grant, question: Question
) -> None:
    retagger = grant(make_user("tidy_tom"), real_ladder["retag"])
    outcome = do_edit_or_suggest(
        actor=retagger, question=question, title=question.title, body=question.body,
        tags="wifi, firmware",
    )  # fmt: skip
    assert outcome == "edited"
    assert sorted(question.tags.values_list("name", flat=True)) == ["firmware", "wifi"]
    outcome = do_edit_or_suggest(
        actor=retagger, question=question, title="A clearer title for the question",
        body=question.body, tags="wifi, firmware",
    )  # fmt: skip
    assert outcome == "suggested"


def test_the_review_page_and_its_privacy(
    real_ladder: dict[str, int], customer: User, moderator: User, question: Question
) -> None:
    helper = make_user("helpful_hana")
    browser = Client()
    browser.force_login(helper)
    response = browser.post(
        reverse("community:edit_question", args=[question.pk]),
        {"space": question.space_id, "title": "A clearer title for the question",
         "body": question.body, "tags": "wifi, 5ghz", "summary": "clearer"},
    )  # fmt: skip
    assert response.status_code == 302
    (suggestion,) = SuggestedEdit.objects.all()
    outsider = Client()
    outsider.force_login(make_user("outsider_ola"))
    page = outsider.get(reverse("community:review_edits")).content.decode()
    assert "A clearer title for the question" not in page
    approve = reverse("community:review_edit", args=[suggestion.pk, "approve"])
    assert outsider.post(approve).status_code == 404
    mod = Client()
    mod.force_login(moderator)
    assert (
        "A clearer title for the question"
        in mod.get(reverse("community:review_edits")).content.decode()
    )
    assert mod.post(approve).status_code == 302
    question.refresh_from_db()
    assert question.title == "A clearer title for the question"
