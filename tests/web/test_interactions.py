"""Votes, accept, endorse, comments, follow and answers: htmx gets a fragment, a plain form POST
gets a redirect, and a refusal is a message with a 4xx that writes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from crowdservice.accounts.models import User
from crowdservice.community.actions import do_add_comment, do_follow
from crowdservice.community.models import Answer, Comment, Follow, Question, Vote
from tests.web.helpers import Browser, is_fragment, text

pytestmark = pytest.mark.django_db


# ---------- votes ----------


def test_htmx_vote_returns_the_vote_widget(
    browse: Callable[[User | None], Browser], other_customer: User, question: Question
) -> None:
    response = browse(other_customer).post(
        f"/questions/{question.pk}/vote/", {"value": "1"}, htmx=True
    )
    assert response.status_code == 200
    assert is_fragment(response)
    body = text(response)
    assert body.lstrip().startswith(f'<div class="vote" id="vote-question-{question.pk}">')
    assert '<span class="score">1</span>' in body
    assert 'aria-label="Upvote this question" aria-pressed="true"' in body
    assert Vote.objects.get(question=question, user=other_customer).value == 1


def test_pressing_a_pressed_vote_button_withdraws_the_vote(
    browse: Callable[[User | None], Browser], other_customer: User, answer: Answer, customer: User
) -> None:
    browser = browse(customer)
    url = f"/answers/{answer.pk}/vote/"
    assert browser.post(url, {"value": "-1"}, htmx=True).status_code == 200
    body = text(browser.post(url, {"value": "0"}, htmx=True))
    assert '<span class="score">0</span>' in body
    assert 'aria-pressed="true"' not in body
    assert not Vote.objects.filter(answer=answer).exists()


def test_a_plain_vote_post_redirects_back_to_the_post(
    browse: Callable[[User | None], Browser], customer: User, answer: Answer
) -> None:
    response = browse(customer).post(f"/answers/{answer.pk}/vote/", {"value": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{answer.question.get_absolute_url()}#answer-{answer.pk}"
    question_vote = browse(customer).post(f"/questions/{answer.question_id}/vote/", {"value": "1"})
    assert question_vote.status_code == 403  # the asker's own question


def test_voting_on_your_own_post_is_refused_in_place(
    browse: Callable[[User | None], Browser], customer: User, question: Question
) -> None:
    browser = browse(customer)
    response = browser.post(f"/questions/{question.pk}/vote/", {"value": "1"}, htmx=True)
    assert response.status_code == 403
    assert is_fragment(response)
    assert "You can&#x27;t vote on your own question." in text(response)
    assert '<span class="score">0</span>' in text(response)
    plain = browser.post(f"/questions/{question.pk}/vote/", {"value": "1"})
    assert plain.status_code == 403
    assert "You can&#x27;t vote on your own question." in text(plain)
    assert "<html" in text(plain)  # the whole question page, with the message
    assert not Vote.objects.exists()


def test_a_bad_vote_value_is_a_4xx(
    browse: Callable[[User | None], Browser], other_customer: User, question: Question
) -> None:
    response = browse(other_customer).post(
        f"/questions/{question.pk}/vote/", {"value": "5"}, htmx=True
    )
    assert response.status_code == 422
    assert not Vote.objects.exists()


def test_anonymous_votes_are_sent_to_sign_in(
    browse: Callable[[User | None], Browser], question: Question
) -> None:
    browser = browse(None)
    url = f"/questions/{question.pk}/vote/"
    page = question.get_absolute_url()
    htmx = browser.client.post(
        url,
        {"value": "1"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{page}",
        HTTP_X_CSRFTOKEN=browser.csrf_token(),
    )
    assert htmx.status_code == 200
    assert htmx["HX-Redirect"].startswith("/accounts/login/?next=")
    assert "questions" in htmx["HX-Redirect"]
    plain = browser.client.post(
        url, {"value": "1"}, HTTP_REFERER=f"http://testserver{page}",
        HTTP_X_CSRFTOKEN=browser.csrf_token(),
    )  # fmt: skip
    assert plain.status_code == 302
    assert plain["Location"].startswith("/accounts/login/?next=")
    assert not Vote.objects.exists()


def test_votes_on_missing_posts_are_404(
    browse: Callable[[User | None], Browser], customer: User
) -> None:
    browser = browse(customer)
    assert browser.post("/answers/9999/vote/", {"value": "1"}).status_code == 404
    missing = browser.post("/questions/9999/vote/", {"value": "1"}, htmx=True)
    assert missing.status_code == 404
    assert is_fragment(missing)


# ---------- accept and endorse ----------


def test_htmx_accept_returns_the_answers_section(
    browse: Callable[[User | None], Browser], customer: User, answer: Answer
) -> None:
    response = browse(customer).post(f"/answers/{answer.pk}/accept/", htmx=True)
    assert response.status_code == 200
    assert is_fragment(response)
    body = text(response)
    assert body.lstrip().startswith('<section id="answers"')
    assert "</svg>Accepted</span>" in body
    assert ">Unaccept</button>" in body
    answer.question.refresh_from_db()
    assert answer.question.accepted_answer_id == answer.pk
    undone = browse(customer).post(f"/answers/{answer.pk}/accept/", {"undo": "1"}, htmx=True)
    assert "Accept this answer" in text(undone)
    answer.question.refresh_from_db()
    assert answer.question.accepted_answer_id is None


def test_plain_accept_redirects_to_the_answer(
    browse: Callable[[User | None], Browser], customer: User, answer: Answer
) -> None:
    response = browse(customer).post(f"/answers/{answer.pk}/accept/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#answer-{answer.pk}")


def test_only_the_asker_can_accept(
    browse: Callable[[User | None], Browser], other_customer: User, agent: User, answer: Answer
) -> None:
    for who in (other_customer, agent):
        response = browse(who).post(f"/answers/{answer.pk}/accept/", htmx=True)
        assert response.status_code == 403
        assert "Only the person who asked the question can accept an answer." in text(response)
    answer.question.refresh_from_db()
    assert answer.question.accepted_answer_id is None


def test_staff_endorse_and_customers_cannot(
    browse: Callable[[User | None], Browser], customer: User, agent: User, answer: Answer
) -> None:
    refused = browse(customer).post(f"/answers/{answer.pk}/endorse/", htmx=True)
    assert refused.status_code == 403
    assert "Only agents and moderators can endorse" in text(refused)
    answer.refresh_from_db()
    assert not answer.is_endorsed
    response = browse(agent).post(f"/answers/{answer.pk}/endorse/", htmx=True)
    assert response.status_code == 200
    assert "</svg>Endorsed by the company</span>" in text(response)
    assert ">Withdraw endorsement</button>" in text(response)
    answer.refresh_from_db()
    assert answer.is_endorsed
    plain = browse(agent).post(f"/answers/{answer.pk}/endorse/", {"undo": "1"})
    assert plain.status_code == 302
    answer.refresh_from_db()
    assert not answer.is_endorsed


# ---------- comments ----------


def test_htmx_comment_returns_the_comment_block(
    browse: Callable[[User | None], Browser], other_customer: User, answer: Answer
) -> None:
    response = browse(other_customer).post(
        f"/answers/{answer.pk}/comment/", {"body": "Which firmware are you on?"}, htmx=True
    )
    assert response.status_code == 200
    assert is_fragment(response)
    body = text(response)
    assert body.lstrip().startswith(f'<div class="comments" id="comments-answer-{answer.pk}">')
    comment = Comment.objects.get(answer=answer)
    assert f'id="comment-{comment.pk}"' in body
    assert "Which firmware are you on?" in body
    assert "js-collapsed" in body  # the form is folded again


def test_a_too_short_comment_is_refused_and_keeps_the_draft(
    browse: Callable[[User | None], Browser], customer: User, question: Question
) -> None:
    browser = browse(customer)
    url = f"/questions/{question.pk}/comment/"
    response = browser.post(url, {"body": "hm"}, htmx=True)
    assert response.status_code == 422
    body = text(response)
    assert "The comment must be at least 5 characters" in body
    assert ">hm</textarea>" in body
    assert 'aria-invalid="true"' in body
    assert "js-collapsed" not in body  # the form stays open
    plain = browser.post(url, {"body": "hm"})
    assert plain.status_code == 422
    assert "The comment must be at least 5 characters" in text(plain)
    assert ">hm</textarea>" in text(plain)
    assert not Comment.objects.exists()


def test_a_plain_comment_post_redirects_to_the_comment(
    browse: Callable[[User | None], Browser], customer: User, question: Question
) -> None:
    response = browse(customer).post(
        f"/questions/{question.pk}/comment/", {"body": "Adding the router model: AX-3000."}
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{question.get_absolute_url()}#comment-{comment.pk}"


def test_deleting_a_comment(
    browse: Callable[[User | None], Browser],
    customer: User,
    other_customer: User,
    question: Question,
) -> None:
    comment = do_add_comment(author=customer, question=question, body="Soon to be deleted.")
    refused = browse(other_customer).post(f"/comments/{comment.pk}/delete/", htmx=True)
    assert refused.status_code == 403
    assert "You can only delete your own comments." in text(refused)
    response = browse(customer).post(f"/comments/{comment.pk}/delete/", htmx=True)
    assert response.status_code == 200
    assert "Soon to be deleted." not in text(response)
    comment.refresh_from_db()
    assert comment.is_deleted


# ---------- follow ----------


def test_follow_and_unfollow(
    browse: Callable[[User | None], Browser], other_customer: User, question: Question
) -> None:
    browser = browse(other_customer)
    url = f"/questions/{question.pk}/follow/"
    response = browser.post(url, {"follow": "1"}, htmx=True)
    assert response.status_code == 200
    assert is_fragment(response)
    assert re.search(r"</svg>Following\s*</button>", text(response))
    assert 'name="follow" value="0"' in text(response)
    assert Follow.objects.filter(user=other_customer, question=question).exists()
    again = browser.post(url, {"follow": "1"}, htmx=True)  # already following: not an error
    assert again.status_code == 200
    response = browser.post(url, {"follow": "0"}, htmx=True)
    assert 'name="follow" value="1"' in text(response)
    assert not Follow.objects.filter(user=other_customer, question=question).exists()
    plain = browser.post(url, {"follow": "1"})
    assert plain.status_code == 302
    assert plain["Location"] == f"{question.get_absolute_url()}#question"


def test_the_follow_button_shows_the_state(
    browse: Callable[[User | None], Browser], other_customer: User, question: Question
) -> None:
    body = text(browse(other_customer).get(question.get_absolute_url()))
    assert 'name="follow" value="1"' in body
    do_follow(user=other_customer, question=question)
    body = text(browse(other_customer).get(question.get_absolute_url()))
    assert 'name="follow" value="0"' in body


# ---------- answers ----------

ANSWER = "Update the firmware to 2.4.3 and set the channel to 36, then reboot the router."


def test_htmx_answer_returns_the_answers_and_a_fresh_form(
    browse: Callable[[User | None], Browser], other_customer: User, question: Question
) -> None:
    response = browse(other_customer).post(
        f"/questions/{question.pk}/answer/", {"body": ANSWER}, htmx=True
    )
    assert response.status_code == 200
    assert is_fragment(response)
    body = text(response)
    answer = Answer.objects.get(question=question)
    assert body.lstrip().startswith('<section id="answers"')
    assert f'<article id="answer-{answer.pk}" class="answer post' in body
    assert "is-new" in body
    assert '<section id="answer-form-wrap" class="answer-form-wrap" hx-swap-oob="true"' in body
    assert "1 answer<" in body


def test_an_invalid_htmx_answer_re_renders_the_form_in_place(
    browse: Callable[[User | None], Browser], other_customer: User, question: Question
) -> None:
    response = browse(other_customer).post(
        f"/questions/{question.pk}/answer/", {"body": "Too short"}, htmx=True
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#answer-form-wrap"
    assert response["HX-Reswap"] == "outerHTML"
    body = text(response)
    assert body.lstrip().startswith('<section id="answer-form-wrap"')
    assert "The answer must be at least 20 characters" in body
    assert ">\nToo short</textarea>" in body
    assert not Answer.objects.exists()


def test_plain_answer_posts(
    browse: Callable[[User | None], Browser], other_customer: User, question: Question
) -> None:
    browser = browse(other_customer)
    url = f"/questions/{question.pk}/answer/"
    invalid = browser.post(url, {"body": "Too short"})
    assert invalid.status_code == 422
    assert "The answer must be at least 20 characters" in text(invalid)
    assert "<html" in text(invalid)
    assert not Answer.objects.exists()
    response = browser.post(url, {"body": ANSWER})
    answer = Answer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{question.get_absolute_url()}#answer-{answer.pk}"


# ---------- delete and undelete ----------


def test_deleting_and_undeleting_a_question(
    browse: Callable[[User | None], Browser],
    customer: User,
    other_customer: User,
    moderator: User,
    question: Question,
    make_answer: Callable[..., Answer],
) -> None:
    make_answer(other_customer, question)
    refused = browse(customer).post(f"/questions/{question.pk}/delete/")
    assert refused.status_code == 403
    assert "Others have answered this question" in text(refused)
    question.refresh_from_db()
    assert not question.is_deleted
    deleted = browse(moderator).post(f"/questions/{question.pk}/delete/")
    assert deleted.status_code == 302
    assert deleted["Location"] == question.get_absolute_url()
    question.refresh_from_db()
    assert question.is_deleted
    assert browse(customer).post(f"/questions/{question.pk}/undelete/").status_code == 404
    restored = browse(moderator).post(f"/questions/{question.pk}/undelete/")
    assert restored.status_code == 302
    question.refresh_from_db()
    assert not question.is_deleted


def test_an_author_deletes_an_unanswered_question(
    browse: Callable[[User | None], Browser], customer: User, question: Question
) -> None:
    response = browse(customer).post(f"/questions/{question.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    question.refresh_from_db()
    assert question.is_deleted


def test_deleting_and_undeleting_an_answer(
    browse: Callable[[User | None], Browser],
    customer: User,
    other_customer: User,
    moderator: User,
    answer: Answer,
) -> None:
    assert browse(customer).post(f"/answers/{answer.pk}/delete/").status_code == 403
    response = browse(other_customer).post(f"/answers/{answer.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"].endswith("#answers")
    answer.refresh_from_db()
    assert answer.is_deleted
    refused = browse(moderator).post(f"/answers/{answer.pk}/delete/")
    assert refused.status_code == 409
    assert "This answer is already deleted." in text(refused)
    assert browse(moderator).post(f"/answers/{answer.pk}/undelete/").status_code == 302
    answer.refresh_from_db()
    assert not answer.is_deleted
