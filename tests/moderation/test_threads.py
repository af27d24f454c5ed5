"""Locking, closing as off-topic, merging questions, revision diffs and rollback, and the audit
of moderators' ordinary community writes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from crowdservice.accounts.models import User
from crowdservice.community import actions
from crowdservice.community.diffs import word_diff
from crowdservice.community.models import Answer, Comment, Question, Revision
from crowdservice.core.errors import Conflict, Forbidden, ValidationFailed
from crowdservice.moderation.actions import do_set_locked
from crowdservice.moderation.models import AuditEntry

BODY = "Set the channel to 36 and disable DFS in the wireless settings."


def test_a_locked_thread_takes_nothing_from_members(
    question: Question, answer: Answer, moderator: User, customer: User, other_customer: User
) -> None:
    do_set_locked(moderator=moderator, kind="question", object_id=question.pk, locked=True)
    question.refresh_from_db()
    with pytest.raises(Conflict, match="locked"):
        actions.do_post_answer(author=other_customer, question=question, body=BODY)
    with pytest.raises(Conflict, match="locked"):
        actions.do_add_comment(author=other_customer, question=question, body="Me too here!")
    with pytest.raises(Conflict, match="locked"):
        actions.do_edit_question(actor=customer, question=question, title="A new title for it ok")
    with pytest.raises(Conflict, match="locked"):
        actions.do_vote(user=customer, target=answer, value=1)
    # Moderators still can.
    assert actions.do_add_comment(author=moderator, question=question, body="Locked: see FAQ.")
    with pytest.raises(Conflict):
        do_set_locked(moderator=moderator, kind="answer", object_id=answer.pk, locked=True)
    do_set_locked(moderator=moderator, kind="question", object_id=question.pk, locked=False)
    assert actions.do_vote(user=customer, target=answer, value=1) == 1


def test_close_as_off_topic_and_reopen(
    question: Question, moderator: User, customer: User, other_customer: User
) -> None:
    with pytest.raises(Forbidden):
        actions.do_close_question(actor=customer, question=question, reason="off_topic")
    with pytest.raises(ValidationFailed):
        actions.do_close_question(actor=moderator, question=question, reason="boring")
    actions.do_close_question(actor=moderator, question=question, reason="off_topic")
    question.refresh_from_db()
    assert question.is_closed
    assert question.close_reason == "off_topic"
    with pytest.raises(Conflict, match="closed"):
        actions.do_post_answer(author=other_customer, question=question, body=BODY)
    with pytest.raises(Conflict):
        actions.do_close_question(actor=moderator, question=question, reason="off_topic")
    client = Client()
    client.force_login(moderator)
    assert client.post(f"/questions/{question.pk}/reopen/").status_code == 302
    question.refresh_from_db()
    assert not question.is_closed
    assert AuditEntry.objects.filter(action="question.closed", object_id=question.pk).exists()


def test_merging_moves_the_answers_and_leaves_a_duplicate(
    customer: User,
    other_customer: User,
    moderator: User,
    make_question: Any,
    make_answer: Any,
) -> None:
    source = make_question(customer, title="Router drops Wi-Fi every evening at nine")
    target = make_question(other_customer, title="Wi-Fi drops in the evening, what to do?")
    moved = make_answer(other_customer, source)
    comment = actions.do_add_comment(
        author=customer, question=source, answer=moved, body="Thanks, that worked."
    )
    make_answer(customer, target)
    with pytest.raises(Forbidden):
        actions.do_merge_questions(actor=customer, source=source, target=target)
    with pytest.raises(ValidationFailed):
        actions.do_merge_questions(actor=moderator, source=source, target=source)
    actions.do_merge_questions(actor=moderator, source=source, target=target)
    source.refresh_from_db()
    target.refresh_from_db()
    assert Answer.objects.get(pk=moved.pk).question_id == target.pk
    assert Comment.objects.get(pk=comment.pk).question_id == target.pk
    assert Revision.objects.filter(answer=moved).values_list("question_id", flat=True)[0] == (
        target.pk
    )
    assert (source.answer_count, target.answer_count) == (0, 2)
    assert source.duplicate_of_id == target.pk
    assert target.duplicate_count == 1
    assert AuditEntry.objects.filter(action="question.merged", object_id=source.pk).exists()
    client = Client()
    client.force_login(moderator)
    page = client.get(f"/questions/{target.pk}/merge/")
    assert page.status_code == 200
    bad = client.post(f"/questions/{target.pk}/merge/", {"original_id": "not a number"})
    assert bad.status_code == 422


def test_revision_diffs_and_rollback(
    question: Question, customer: User, other_customer: User, moderator: User
) -> None:
    original = question.body
    actions.do_edit_question(
        actor=customer, question=question, body="Every morning the 5 GHz network disappears."
    )
    client = Client()
    client.force_login(customer)
    page = client.get(f"/questions/{question.pk}/revisions/").content.decode()
    assert "<del>evening</del>" in page
    assert "<ins>morning</ins>" in page
    assert "Roll back to this revision" in page
    outsider = Client()
    outsider.force_login(other_customer)
    assert "Roll back" not in outsider.get(f"/questions/{question.pk}/revisions/").content.decode()
    assert outsider.post(f"/questions/{question.pk}/revisions/1/rollback/").status_code == 403
    assert client.post(f"/questions/{question.pk}/revisions/9/rollback/").status_code == 404
    assert client.post(f"/questions/{question.pk}/revisions/1/rollback/").status_code == 302
    question.refresh_from_db()
    assert question.body == original
    latest = Revision.objects.filter(question=question, answer__isnull=True).order_by("-number")[0]
    assert latest.number == 3
    assert latest.summary == "Rolled back to revision 1"


def test_word_diff_marks_changes() -> None:
    segments = word_diff("the quick brown fox", "the slow brown fox jumps")
    assert [(s.op, s.text) for s in segments if s.op != "same"] == [
        ("removed", "quick"),
        ("added", "slow"),
        ("added", " jumps"),
    ]


def test_moderators_community_writes_reach_the_audit_log(
    question: Question, moderator: User, customer: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_delete_question(actor=moderator, question=question)
    entry = AuditEntry.objects.get(action="question.deleted")
    assert (entry.actor, entry.target_user, entry.object_id) == (moderator, customer, question.pk)
    # The author deleting their own post is no moderation.
    other = actions.do_ask_question(
        author=customer, space_id=question.space_id, title="Another router question here",
        body="Something else entirely about the router.",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_delete_question(actor=customer, question=other)
    assert AuditEntry.objects.filter(action="question.deleted").count() == 1


def test_closing_as_off_topic_tells_the_asker(
    question: Question, moderator: User, customer: User, django_capture_on_commit_callbacks: Any
) -> None:
    from crowdservice.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        actions.do_close_question(actor=moderator, question=question, reason="off_topic")
    note = Notification.objects.get(recipient=customer)
    assert "as off-topic" in note.title
