"""The knowledge-base API: reading by visibility, the workflow, conflicts, diffs, bad input."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crowdservice.accounts.models import User
from crowdservice.community.models import Answer
from crowdservice.knowledge.models import Article, Section
from tests.api.helpers import ApiClient, assert_error, session_client

pytestmark = pytest.mark.django_db


def api(user: User | None) -> ApiClient:
    return session_client(user)


def test_lists_show_each_reader_only_what_they_may_read(
    customer: User, agent: User, make_article: Callable[..., Article]
) -> None:
    public = make_article()
    members = make_article(visibility="signed_in")
    internal = make_article(visibility="agents")
    draft = make_article(publish=False)

    def listed(user: User | None) -> set[int]:
        body = api(user).get("/kb/articles").json()
        return {item["id"] for item in body["items"]}

    assert listed(None) == {public.pk}
    assert listed(customer) == {public.pk, members.pk}
    assert listed(agent) == {public.pk, members.pk, internal.pk, draft.pk}
    item = api(customer).get(f"/kb/articles/{public.pk}").json()
    assert item["tier"] == "kb"
    assert item["status"] is None
    assert item["draft_body"] is None
    staff = api(agent).get(f"/kb/articles/{draft.pk}").json()
    assert staff["status"] == "draft"
    assert staff["version"] == draft.version
    assert api(agent).get("/kb/articles", {"status": "draft"}).json()["count"] == 1
    for hidden in (internal, draft):
        assert_error(api(customer).get(f"/kb/articles/{hidden.pk}"), 404, "not_found")


def test_the_workflow_through_the_api(
    agent: User, editor: User, customer: User, kb_section: Section
) -> None:
    created = api(agent).post(
        "/kb/articles",
        {
            "section_id": kb_section.pk,
            "title": "Turn on guest Wi-Fi",
            "body": "## Steps\n\nOpen Wireless, then Guest network, and switch it on.",
            "labels": ["wifi", "guest"],
        },
    )
    assert created.status_code == 201, created.content
    article = created.json()
    assert article["labels"] == ["guest", "wifi"]  # alphabetical
    assert article["status"] == "draft"
    path = f"/kb/articles/{article['id']}"
    assert api(agent).post(f"{path}/submit").json()["status"] == "in_review"
    assert_error(api(agent).post(f"{path}/publish"), 403, "forbidden")
    published = api(editor).post(f"{path}/publish").json()
    assert published["status"] == "published"
    assert "guest network" in published["body_html"].lower()

    saved = api(agent).patch(
        path, {"base_version": published["version"], "body": "Open Wireless and tick Guest."}
    )
    assert saved.status_code == 200
    stale = api(editor).patch(
        path, {"base_version": published["version"], "body": "A competing edit of the text."}
    )
    body = assert_error(stale, 409, "edit_conflict")
    assert "Someone else saved this article" in body["detail"]
    assert api(customer).get(path).json()["body_html"] == published["body_html"]

    revisions = api(agent).get(f"{path}/revisions").json()
    assert [r["number"] for r in revisions] == [2, 1]
    assert revisions[1]["is_live"] is True
    diff = api(agent).get(f"{path}/diff", {"from": 1, "to": 2}).json()
    assert "+Open Wireless and tick Guest." in diff["unified_diff"]
    assert_error(api(agent).get(f"{path}/diff", {"from": 1, "to": 7}), 404)
    restored = api(agent).post(f"{path}/revisions/1/restore").json()
    assert restored["draft_body"].startswith("## Steps")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "Short", "body": "x" * 30}, "title"),
        ({"title": "A good long title", "body": "tiny"}, "body"),
        (
            {"title": "A good long title", "body": "x" * 30, "labels": ["no spaces allowed"]},
            "labels",
        ),
        ({"title": "A good long title", "body": "x" * 30, "related_ids": [987654]}, "related"),
        ({"title": "A good long title", "body": "See [x](/help/articles/987654/) now."}, "body"),
        ({"title": "A good long title", "body": "x" * 30, "visibility": "friends"}, "visibility"),
    ],
)
def test_bad_article_input_is_a_422_naming_the_field(
    agent: User, kb_section: Section, payload: dict[str, object], field: str
) -> None:
    response = api(agent).post("/kb/articles", {"section_id": kb_section.pk, **payload})
    body = assert_error(response, 422, "validation_error")
    assert field in body["fields"]
    assert not Article.objects.exists()


def test_promote_and_feedback_through_the_api(
    agent: User,
    customer: User,
    answer: Answer,
    kb_section: Section,
    make_article: Callable[..., Article],
) -> None:
    promoted = api(agent).post("/kb/promote", {"answer_id": answer.pk})
    assert promoted.status_code == 201
    assert promoted.json()["source_url"].endswith(f"#answer-{answer.pk}")
    assert_error(api(agent).post("/kb/promote", {"answer_id": answer.pk}), 409, "conflict")
    assert_error(api(agent).post("/kb/promote", {}), 422)
    live = make_article()
    sent = api(customer).post(f"/kb/articles/{live.pk}/feedback", {"helpful": False})
    assert sent.status_code == 200
    assert sent.json()["helpful"] is False
    assert api(customer).get(f"/kb/articles/{live.pk}").json()["helpful_no"] == 1
    draft = make_article(publish=False)
    assert_error(api(customer).post(f"/kb/articles/{draft.pk}/feedback", {"helpful": True}), 404)
    assert_error(api(agent).post(f"/kb/articles/{draft.pk}/feedback", {"helpful": True}), 409)


@pytest.mark.parametrize("who", [None, "customer", "agent"])
def test_the_article_list_and_detail_cost_a_fixed_number_of_queries(
    who: str | None, request: pytest.FixtureRequest, make_article: Callable[..., Article]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(request.getfixturevalue(who) if who else None)
    first = make_article(labels="wifi, reset")

    def count(path: str) -> int:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    small_list, small_detail = count("/kb/articles"), count(f"/kb/articles/{first.pk}")
    for n in range(5):
        make_article(labels=f"label{n}, wifi")
    assert count("/kb/articles") == small_list
    assert count(f"/kb/articles/{first.pk}") == small_detail
    assert small_list <= 8
    assert small_detail <= 8


def test_search_and_suggest_apis_return_articles_by_visibility(
    customer: User, agent: User, make_article: Callable[..., Article], search_index: object
) -> None:
    public = make_article(title="Add a mesh satellite upstairs", body="Pair it with the button.")
    internal = make_article(
        title="Mesh satellite escalation notes",
        body="Pair it with the button.",
        visibility="agents",
    )
    search_index.rebuild()  # type: ignore[attr-defined]

    def articles(user: User | None, path: str, query: str) -> dict[int, str]:
        body = api(user).get(path, {"q": query}).json()
        hits = body.get("hits") or body.get("suggestions") or body.get("items") or []
        return {h["object_id"]: h["tier"] for h in hits if h["kind"] == "article"}

    assert articles(customer, "/search", "mesh satellite") == {public.pk: "kb"}
    assert articles(None, "/search", "mesh satellite") == {public.pk: "kb"}
    assert articles(agent, "/search", "mesh satellite") == {public.pk: "kb", internal.pk: "kb"}
    assert internal.pk not in articles(customer, "/search/suggest", "mesh satellite escalation")
