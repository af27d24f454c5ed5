"""Search through the API: hits the caller may see, and any query text without a 500."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crowdservice.accounts.models import User
from crowdservice.community import actions
from crowdservice.community.models import Answer, Question
from tests.api.helpers import ApiClient, assert_error
from tests.conftest import SearchIndex

Api = Callable[..., ApiClient]
MakeQuestion = Callable[..., Question]


def test_search_finds_questions_and_answers(
    api: Api,
    customer: User,
    agent: User,
    question: Question,
    answer: Answer,
    search_index: SearchIndex,
) -> None:
    actions.do_accept_answer(actor=customer, answer=answer)
    actions.do_endorse_answer(actor=agent, answer=answer)
    search_index.rebuild()

    body = api(None).get("/search", {"q": "DFS channel"}).json()

    assert body["terms"] == ["dfs", "channel"]
    assert body["count"] >= 1
    assert body["hits"][:1] == [
        {
            "kind": "answer",
            "object_id": answer.pk,
            "title": question.title,
            "snippet": answer.body,
            "url": f"{question.get_absolute_url()}#answer-{answer.pk}",
            "badges": ["accepted", "endorsed"],
            "tier": "endorsed",
            "created_at": body["hits"][0]["created_at"],
        }
    ]
    both = api(None).get("/search", {"q": "5 GHz router"}).json()
    assert {(h["kind"], h["object_id"]) for h in both["hits"]} == {
        ("question", question.pk),
        ("answer", answer.pk),
    }


def test_search_pages(
    api: Api, customer: User, make_question: MakeQuestion, search_index: SearchIndex
) -> None:
    for _ in range(5):
        make_question(customer)
    search_index.rebuild()

    first = api(None).get("/search", {"q": "router", "page_size": 2}).json()
    last = api(None).get("/search", {"q": "router", "page_size": 2, "page": 3}).json()
    beyond = api(None).get("/search", {"q": "router", "page_size": 2, "page": 9}).json()

    assert (first["count"], first["pages"], len(first["hits"])) == (5, 3, 2)
    assert len(last["hits"]) == 1
    assert beyond["hits"] == []
    seen = {h["object_id"] for h in first["hits"]} | {h["object_id"] for h in last["hits"]}
    assert len(seen) == 3


def test_deleted_posts_are_not_found_except_by_moderators(
    api: Api,
    customer: User,
    other_customer: User,
    moderator: User,
    make_question: MakeQuestion,
    search_index: SearchIndex,
) -> None:
    kept = make_question(customer, title="Printer offline after the update")
    gone = make_question(customer, title="Printer jams on duplex pages")
    actions.do_delete_question(actor=customer, question=gone)
    search_index.rebuild()

    for user in (None, customer, other_customer):
        hits = api(user).get("/search", {"q": "printer"}).json()["hits"]
        assert [h["object_id"] for h in hits] == [kept.pk]
    moderator_hits = api(moderator).get("/search", {"q": "printer"}).json()["hits"]
    assert {h["object_id"] for h in moderator_hits} == {kept.pk, gone.pk}


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "the and of",  # only stop words
        '"unbalanced quote',
        "it's O'Brien's router'",
        "' OR 1=1; DROP TABLE community_question; --",
        "100% _wild_ %card%",
        "\x00\x01\x02 binary \xff\xfe",
        "\ud7ff\ue000\U0001f600 emoji 🚀 router",
        "路由器 不能 连接",
        "جهاز التوجيه لا يعمل",
        "Роутер не работает",
        "(((router)))) AND NOT [wifi] {x} <b>bold</b> \\ / * ? : ~ ^",
        "a" * 1000,
        "router " * 142 + "abcdef",  # 1000 characters, many terms
    ],
)
def test_any_query_gives_a_sensible_answer(api: Api, question: Question, q: str) -> None:
    response = api(None).get("/search", {"q": q})

    assert response.status_code == 200, response.content
    body = response.json()
    assert isinstance(body["hits"], list)
    assert len(body["query"]) <= 200
    assert "\x00" not in body["query"]


def test_query_over_the_limit_is_a_clear_422(api: Api) -> None:
    for q in ("a" * 1001, "router " * 15_000):
        body = assert_error(api(None).get("/search", {"q": q}), 422, "validation_error")
        assert body["fields"]["q"][0].startswith("The search text can be at most 1,000 characters")


def test_invalid_utf8_in_the_query_string(api: Api, question: Question) -> None:
    response = api(None).client.get("/api/v1/search?q=%FF%FE%00router%C3")

    assert response.status_code == 200
    assert response.json()["terms"] == ["router"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"page": "0"}, "page"), ({"page_size": "51"}, "page_size"), ({"page": "x"}, "page")],
)
def test_bad_paging_is_422(api: Api, params: dict[str, str], field: str) -> None:
    body = assert_error(api(None).get("/search", {"q": "router", **params}), 422)
    assert list(body["fields"]) == [field]
