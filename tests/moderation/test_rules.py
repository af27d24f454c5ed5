"""Watched words, the spam heuristics, and edits that would empty a post."""

from __future__ import annotations

from typing import Any

import pytest

from crowdservice.accounts.models import User
from crowdservice.community.actions import do_add_comment, do_edit_answer, do_edit_question
from crowdservice.community.models import Answer, Question
from crowdservice.core.errors import ValidationFailed
from crowdservice.moderation.actions import do_add_watched_word, do_remove_watched_word
from crowdservice.moderation.models import Flag, ReviewItem
from crowdservice.moderation.watched import find_watched
from tests.moderation.conftest import make_veteran

MakeQuestion = Any


def test_watched_words_match_whole_words_and_endings(moderator: User) -> None:
    do_add_watched_word(moderator=moderator, word="Casino*", action="flag")
    do_add_watched_word(moderator=moderator, word="free crypto", action="block")
    assert [m.word for m in find_watched("Best CASINOS here")] == ["casino*"]
    assert find_watched("occasional outages") == []
    assert [m.action for m in find_watched("get FREE   crypto and casino")] == ["block", "flag"]
    assert find_watched("free cryptography course") == []


def test_a_blocking_word_refuses_the_post_with_a_sentence(
    moderator: User, customer: User, make_question: MakeQuestion
) -> None:
    do_add_watched_word(moderator=moderator, word="free crypto", action="block")
    with pytest.raises(ValidationFailed) as refused:
        make_question(customer, body="Click here for free crypto every day, no catch at all.")
    assert "free crypto" in refused.value.errors["body"][0]
    assert not Question.objects.exists()


def test_an_approval_word_holds_the_post(
    moderator: User, customer: User, make_question: MakeQuestion
) -> None:
    do_add_watched_word(moderator=moderator, word="refund", action="approve")
    question = make_question(customer, body="I want a refund for the router I bought last week.")
    assert question.visibility == "pending"
    item = ReviewItem.objects.get(object_id=question.pk, kind="question")
    assert item.reason == "approval"


def test_a_flag_word_queues_the_post_but_leaves_it_up(
    moderator: User, customer: User, make_question: MakeQuestion
) -> None:
    do_add_watched_word(moderator=moderator, word="idiot*", action="flag")
    question = make_question(customer, body="Only idiots buy this router, it never works at all.")
    assert question.visibility == "visible"
    flag = Flag.objects.get(object_id=question.pk)
    assert flag.flagger is None
    assert "idiot*" in flag.system_note
    word = do_add_watched_word(moderator=moderator, word="moron", action="flag")
    do_remove_watched_word(moderator=moderator, word_id=word.pk)
    assert [m.word for m in find_watched("moron idiot")] == ["idiot*"]


def test_watched_words_apply_to_edits(moderator: User, customer: User, question: Question) -> None:
    do_add_watched_word(moderator=moderator, word="free crypto", action="block")
    with pytest.raises(ValidationFailed):
        do_edit_question(
            actor=customer, question=question, body="Now with free crypto for every reader here."
        )


def test_links_from_a_new_account_are_flagged_as_spam(
    customer: User, make_question: MakeQuestion
) -> None:
    question = make_question(
        customer, body="Cheap routers at https://example.test/deal and www.example.test/more"
    )
    assert question.visibility == "visible"  # reviewed, not silently removed
    flag = Flag.objects.get(object_id=question.pk, kind="question")
    assert flag.reason == "spam"
    assert "new account posted 2 links" in flag.system_note
    veteran = make_veteran("vince_veteran")
    trusted = make_question(veteran, body="See https://example.test/manual page 12 for details.")
    assert not Flag.objects.filter(object_id=trusted.pk, kind="question").exists()


def test_repeated_text_is_flagged(
    customer: User, make_question: MakeQuestion, settings: Any
) -> None:
    settings.CROWDSERVICE_MODERATION_REPEATS_PER_DAY = 2
    body = "Buy the Zebra mesh kit today, it is the best kit there is."
    posted = [
        make_question(customer, title=f"Zebra mesh kit is great, number {n}", body=body)
        for n in range(3)
    ]
    assert not Flag.objects.filter(object_id__in=[q.pk for q in posted[:2]]).exists()
    # Titles differ, so the question texts differ; answers repeating a body are caught:
    veteran = make_veteran("val_veteran")
    target = make_question(veteran)
    from crowdservice.community.actions import do_post_answer

    answers = [do_post_answer(author=customer, question=target, body=body) for _ in range(3)]
    flagged = Flag.objects.filter(kind="answer", object_id__in=[a.pk for a in answers])
    assert [f.object_id for f in flagged] == [answers[2].pk]
    assert "same text was posted 3 times" in flagged[0].system_note


def test_posting_fast_is_flagged(
    customer: User, make_question: MakeQuestion, settings: Any
) -> None:
    settings.CROWDSERVICE_MODERATION_POSTS_PER_10_MINUTES = 3
    posted = [
        make_question(customer, body=f"Question number {n} about my router.") for n in range(4)
    ]
    flags = Flag.objects.filter(kind="question", system_note__contains="posts in ten minutes")
    assert [f.object_id for f in flags] == [posted[3].pk]


def test_edits_that_remove_all_content_are_refused(
    customer: User, other_customer: User, question: Question, answer: Answer
) -> None:
    for empty in ("", "   ", "\n\n\t"):
        with pytest.raises(ValidationFailed) as refused:
            do_edit_question(actor=customer, question=question, body=empty)
        assert "body" in refused.value.errors
        with pytest.raises(ValidationFailed):
            do_edit_answer(actor=other_customer, answer=answer, body=empty)
    with pytest.raises(ValidationFailed):
        do_edit_question(actor=customer, question=question, title="  ")
    with pytest.raises(ValidationFailed):
        do_add_comment(author=customer, question=question, body="  ")
    question.refresh_from_db()
    assert question.body.startswith("Every evening")
