"""The question page: what each role sees, badges and order, sanitized markdown, deleted posts."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from crowdservice.accounts.models import User
from crowdservice.community.actions import (
    do_accept_answer,
    do_add_comment,
    do_delete_answer,
    do_delete_comment,
    do_delete_question,
    do_endorse_answer,
    do_vote,
)
from crowdservice.community.models import Answer, Question
from tests.web.helpers import Browser, text

pytestmark = pytest.mark.django_db


def page(browser: Browser, question: Question) -> str:
    response = browser.get(question.get_absolute_url())
    assert response.status_code == 200
    return text(response)


def answer_block(body: str, answer: Answer) -> str:
    match = re.search(rf'<article id="answer-{answer.pk}" class="answer.*?</article>', body, re.S)
    assert match, f"answer {answer.pk} is not on the page"
    return match.group(0)


def test_the_page_shows_the_question(
    browse: Callable[[User | None], Browser], question: Question, customer: User
) -> None:
    body = page(browse(None), question)
    assert f'<h1 id="question-title">{question.title}</h1>' in body
    assert question.body_html in body
    assert 'href="/tags/5ghz/"' in body
    assert 'href="/tags/wifi/"' in body
    assert f'href="/users/{customer.username}/"' in body
    assert customer.public_name in body
    assert customer.email not in body
    assert '<span class="score">0</span>' in body
    assert 'aria-label="Upvote this question"' in body
    assert 'aria-label="Downvote this question"' in body


def test_anonymous_visitors_get_a_sign_in_prompt_instead_of_forms(
    browse: Callable[[User | None], Browser], answer: Answer
) -> None:
    body = page(browse(None), answer.question)
    assert "to post an answer" in body
    assert "Post your answer" not in body
    assert "Add a comment" not in body
    assert ">Follow<" not in body
    assert "Accept this answer" not in body
    assert "Endorse for the company" not in body


def test_signed_in_people_get_the_answer_and_comment_forms(
    browse: Callable[[User | None], Browser], other_customer: User, answer: Answer
) -> None:
    body = page(browse(other_customer), answer.question)
    assert '<label for="id_body">Your answer</label>' in body
    assert ">Post your answer</button>" in body
    assert ">Add a comment</button>" in body
    assert f'<label for="comment-body-question-{answer.question_id}">Comment</label>' in body
    assert f'<label for="comment-body-answer-{answer.pk}">Comment</label>' in body
    assert ">Post comment</button>" in body
    assert re.search(r">\s*Follow\s*</button>", body) is None  # the answerer follows already
    assert re.search(r"Following\s*</button>", body)


def test_only_the_asker_sees_accept_and_only_staff_see_endorse(
    browse: Callable[[User | None], Browser],
    customer: User,
    other_customer: User,
    agent: User,
    moderator: User,
    answer: Answer,
) -> None:
    question = answer.question
    asker = page(browse(customer), question)
    assert "Accept this answer" in asker
    assert "Endorse for the company" not in asker
    assert "Accept this answer" not in page(browse(other_customer), question)
    for staff in (agent, moderator):
        body = page(browse(staff), question)
        assert "Endorse for the company" in body
        assert "Accept this answer" not in body


def test_badges_and_answer_order(
    browse: Callable[[User | None], Browser],
    customer: User,
    other_customer: User,
    agent: User,
    question: Question,
    make_answer: Callable[..., Answer],
) -> None:
    plain = make_answer(agent, question, "An answer that nobody has voted on yet at all.")
    accepted = make_answer(
        other_customer, question, "The answer that the asker accepted in the end."
    )
    endorsed = make_answer(agent, question, "The answer that the company endorsed officially.")
    do_accept_answer(actor=customer, answer=accepted)
    do_endorse_answer(actor=agent, answer=endorsed)
    body = page(browse(None), question)
    assert body.index(f'id="answer-{accepted.pk}"') < body.index(f'id="answer-{plain.pk}"')
    assert body.index(f'id="answer-{endorsed.pk}"') < body.index(f'id="answer-{plain.pk}"')
    accepted_html = answer_block(body, accepted)
    assert re.search(r"</svg>Accepted</span>", accepted_html)
    assert "Community pick" in accepted_html
    endorsed_html = answer_block(body, endorsed)
    assert "</svg>Endorsed by the company</span>" in endorsed_html
    assert "Accepted<" not in endorsed_html
    plain_html = answer_block(body, plain)
    assert "badge" not in plain_html.split('class="prose"')[0]
    assert "3 answers" in body


def test_vote_buttons_reflect_my_vote_and_are_disabled_on_my_own_posts(
    browse: Callable[[User | None], Browser],
    customer: User,
    other_customer: User,
    answer: Answer,
) -> None:
    question = answer.question
    do_vote(user=other_customer, target=question, value=1)
    voter = page(browse(other_customer), question)
    up = re.search(r'<button[^>]*aria-label="Upvote this question"[^>]*>', voter)
    down = re.search(r'<button[^>]*aria-label="Downvote this question"[^>]*>', voter)
    assert up
    assert down
    assert 'aria-pressed="true"' in up.group(0)
    assert 'value="0"' in up.group(0)  # pressing it again withdraws the vote
    assert 'aria-pressed="false"' in down.group(0)
    own_answer = re.search(r'<button[^>]*aria-label="Upvote this answer"[^>]*>', voter)
    assert own_answer
    assert "disabled" in own_answer.group(0)
    asker = page(browse(customer), question)
    own_question = re.search(r'<button[^>]*aria-label="Upvote this question"[^>]*>', asker)
    assert own_question
    assert "disabled" in own_question.group(0)
    assert '<span class="score">1</span>' in asker


def test_markdown_is_sanitized_on_the_page(
    browse: Callable[[User | None], Browser],
    customer: User,
    other_customer: User,
    make_question: Callable[..., Question],
    make_answer: Callable[..., Answer],
) -> None:
    question = make_question(
        customer,
        body="Look: <script>alert('pwned')</script> and [the manual](https://example.com/m).",
    )
    make_answer(other_customer, question, 'Try <img src=x onerror="alert(1)"> https://example.org')
    do_add_comment(author=other_customer, question=question, body="<script>alert(2)</script> ok")
    body = page(browse(None), question)
    assert "<script>alert" not in body  # shown as text, never as a tag
    assert "&lt;script&gt;alert(" in body
    assert "<img" not in body
    assert "&lt;img src=x" in body
    assert '<a href="https://example.com/m" rel="nofollow ugc">the manual</a>' in body
    assert 'href="https://example.org" rel="nofollow ugc"' in body


def test_deleted_questions_are_for_moderators_only(
    browse: Callable[[User | None], Browser],
    customer: User,
    other_customer: User,
    agent: User,
    moderator: User,
    question: Question,
) -> None:
    do_delete_question(actor=customer, question=question)
    url = question.get_absolute_url()
    for who in (None, customer, other_customer, agent):
        assert browse(who).get(url).status_code == 404
    assert question.title not in text(browse(customer).get("/questions/"))
    body = page(browse(moderator), question)
    assert 'class="post question-post is-deleted"' in body
    assert "This question is deleted" in body
    assert f'action="/questions/{question.pk}/undelete/"' in body
    assert ">Undelete</button>" in body
    assert "badge-deleted" in text(browse(moderator).get("/questions/"))


def test_deleted_answers_and_comments_are_for_moderators_only(
    browse: Callable[[User | None], Browser],
    customer: User,
    other_customer: User,
    moderator: User,
    answer: Answer,
) -> None:
    question = answer.question
    comment = do_add_comment(author=customer, question=question, body="A comment to delete soon.")
    do_delete_comment(actor=customer, comment=comment)
    do_delete_answer(actor=other_customer, answer=answer)
    for who in (None, customer, other_customer):
        body = page(browse(who), question)
        assert f'id="answer-{answer.pk}"' not in body
        assert "A comment to delete soon." not in body
        assert "0 answers" in body
    body = page(browse(moderator), question)
    block = answer_block(body, answer)
    assert "is-deleted" in block.split(">")[0]
    assert ">Undelete</button>" in block
    assert f'action="/answers/{answer.pk}/undelete/"' in block
    assert "A comment to delete soon." in body
    assert '<span class="deleted-label">deleted</span>' in body


def test_edit_and_delete_links_follow_the_permissions(
    browse: Callable[[User | None], Browser],
    customer: User,
    other_customer: User,
    moderator: User,
    answer: Answer,
) -> None:
    question = answer.question
    edit_question = f'href="/questions/{question.pk}/edit/"'
    edit_answer = f'href="/answers/{answer.pk}/edit/"'
    suggest_answer = f"{edit_answer}>Suggest edit</a>"
    asker = page(browse(customer), question)
    assert f"{edit_question}>Edit</a>" in asker
    assert suggest_answer in asker  # below the `edit` privilege: a suggestion, reviewed later
    answerer = page(browse(other_customer), question)
    assert f"{edit_question}>Suggest edit</a>" in answerer
    assert f"{edit_answer}>Edit</a>" in answerer
    assert f'action="/answers/{answer.pk}/delete/"' in answerer
    mod = page(browse(moderator), question)
    assert edit_question in mod
    assert edit_answer in mod
