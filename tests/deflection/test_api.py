"""The deflection API: suggestions for embedding sites, and the outcome events they report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crowdservice.accounts.models import User
from crowdservice.community.actions import do_delete_question
from crowdservice.community.models import Question, Space
from crowdservice.core.models import Event
from crowdservice.deflection.models import DeflectionSession, Outcome
from tests.api.helpers import ApiClient, assert_error
from tests.deflection.conftest import DFS_TITLE, Committed

pytestmark = pytest.mark.django_db
Api = Callable[..., ApiClient]
SUGGEST = "/search/suggest"


def events_url(token: str) -> str:
    return f"/deflection/sessions/{token}/events"


def suggest(client: ApiClient, **params: Any) -> dict[str, Any]:
    response = client.get(SUGGEST, params)
    assert response.status_code == 200, response.content[:300]
    body: dict[str, Any] = response.json()
    return body


def test_anonymous_suggestions_start_a_session(
    api: Api, dfs_question: Question, tiered: dict[int, str]
) -> None:
    tiered[dfs_question.pk] = "community"

    body = suggest(api(None), q="router drops 5 GHz band")

    assert set(body) == {"query", "session", "suggestions"}
    assert body["query"] == "router drops 5 GHz band"
    session = DeflectionSession.objects.get(token=body["session"])
    assert session.user is None
    assert session.surface == "api"
    top = next(s for s in body["suggestions"] if s["object_id"] == dfs_question.pk)
    assert top["kind"] == "question"
    assert top["title"] == DFS_TITLE
    assert top["url"] == dfs_question.get_absolute_url()
    assert (top["tier"], top["tier_label"]) == ("community", "Popular in the community")
    assert top["rank"] >= 1
    assert len(body["suggestions"]) <= 5


def test_the_session_carries_on_and_takes_a_space(
    api: Api, customer: User, space: Space, dfs_question: Question
) -> None:
    client = api(customer, token=True)
    first = suggest(client, q="router drops 5 GHz band", space=space.slug)
    again = suggest(client, q="router drops 5 GHz band daily", session=first["session"])
    by_id = suggest(client, q="router drops 5 GHz band", space=str(space.pk))

    assert again["session"] == first["session"]
    assert by_id["session"] != first["session"]
    session = DeflectionSession.objects.get(token=first["session"])
    assert session.user == customer
    assert session.space_id == space.pk
    assert session.searches == 2


def test_an_unknown_space_is_a_422(api: Api, db: None) -> None:
    body = assert_error(api(None).get(SUGGEST, {"q": "router drops", "space": "nope"}), 422)
    assert "space" in body["fields"]


def test_someone_elses_session_is_not_found(
    api: Api, customer: User, other_customer: User, dfs_question: Question
) -> None:
    mine = suggest(api(customer), q="router drops 5 GHz band")["session"]
    anonymous = suggest(api(None), q="router drops 5 GHz band")["session"]

    assert_error(api(other_customer).get(SUGGEST, {"q": "x" * 20, "session": mine}), 404)
    assert_error(api(None).get(SUGGEST, {"q": "x" * 20, "session": mine}), 404)
    assert_error(api(customer).get(SUGGEST, {"q": "x" * 20, "session": anonymous}), 404)
    assert_error(api(None).get(SUGGEST, {"q": "x" * 20, "session": "made-up"}), 404)


def test_a_customer_never_gets_a_deleted_question(
    committed: Committed, api: Api, customer: User, moderator: User, dfs_question: Question
) -> None:
    with committed():
        do_delete_question(actor=moderator, question=dfs_question)

    for client in (api(None), api(customer)):
        body = suggest(client, q="router drops 5 GHz band")
        assert dfs_question.pk not in [s["object_id"] for s in body["suggestions"]]


def test_a_query_over_a_thousand_characters_is_a_clear_422(api: Api, db: None) -> None:
    body = assert_error(api(None).get(SUGGEST, {"q": "a" * 100_000}), 422, "validation_error")

    assert "1,000" in body["fields"]["q"][0]
    assert not DeflectionSession.objects.exists()


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "\x00\x00 router \x00 drops 5 GHz",
        "\x01\x02\x03\x7f binary router",
        '"unbalanced quotes router drops',
        "router:drops AND (5 OR ghz)* -band ~2 ^3 [x TO y] {} \\ /",
        "路由器每天晚上掉线",
        "Маршрутизатор теряет сеть",
        "\u202e\ufeff\u200b router drops",
        "a" * 1000,
    ],
)
def test_any_text_is_a_sensible_answer(q: str, api: Api, dfs_question: Question) -> None:
    body = suggest(api(None), q=q)
    assert isinstance(body["suggestions"], list)
    assert "\x00" not in body["query"]


def test_binary_in_the_url_is_a_sensible_answer(api: Api, dfs_question: Question) -> None:
    response = api(None).client.get("/api/v1/search/suggest?q=%FF%FE%00%C3%28router+drops+5")
    assert response.status_code == 200


def test_suggest_lives_beside_search(api: Api, dfs_question: Question) -> None:
    assert api(None).get("/search", {"q": "router"}).status_code == 200
    assert api(None).get(SUGGEST, {"q": "router drops"}).status_code == 200
    assert api(None).post(SUGGEST, {}).status_code == 405


def test_outcome_events_from_an_embedding_site(
    api: Api, customer: User, dfs_question: Question
) -> None:
    client = api(customer, token=True)
    token = suggest(client, q="router drops 5 GHz band")["session"]
    target = {"object_kind": "question", "object_id": dfs_question.pk}

    opened = client.post(events_url(token), {"kind": "suggestion_opened", **target})
    opened_again = client.post(events_url(token), {"kind": "suggestion_opened", **target})
    solved = client.post(events_url(token), {"kind": "self_solved", **target})
    solved_again = client.post(events_url(token), {"kind": "self_solved", **target})

    assert [r.status_code for r in (opened, opened_again, solved, solved_again)] == [200] * 4
    assert [r.json()["recorded"] for r in (opened, opened_again, solved, solved_again)] == [
        True,
        False,
        True,
        False,
    ]
    assert solved.json()["outcome"] == "self_solved"
    assert solved.json()["session"] == token
    assert Event.objects.filter(verb="deflection.suggestion_opened").count() == 1
    assert Event.objects.filter(verb="deflection.self_solved").count() == 1


def test_filed_anyway_from_an_anonymous_embedding_site(api: Api, dfs_question: Question) -> None:
    client = api(None, csrf=False)
    token = suggest(client, q="router drops 5 GHz band")["session"]

    response = client.post(
        events_url(token),
        {"kind": "filed_anyway", "object_kind": "case", "object_id": 77, "title": "My title"},
    )

    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "filed_anyway"
    session = DeflectionSession.objects.get(token=token)
    assert (session.outcome, session.outcome_object_kind, session.last_query) == (
        Outcome.FILED_ANYWAY,
        "case",
        "My title",
    )


def test_nobody_writes_to_someone_elses_session(
    api: Api, customer: User, other_customer: User, dfs_question: Question
) -> None:
    token = suggest(api(customer), q="router drops 5 GHz band")["session"]
    body = {"kind": "self_solved", "object_kind": "question", "object_id": dfs_question.pk}

    for client in (api(other_customer), api(other_customer, token=True), api(None)):
        assert_error(client.post(events_url(token), body), 404, "not_found")
    assert DeflectionSession.objects.get(token=token).outcome == Outcome.UNDECIDED


def test_a_signed_in_browser_must_send_the_csrf_token(
    api: Api, customer: User, dfs_question: Question
) -> None:
    token = suggest(api(customer), q="router drops 5 GHz band")["session"]
    body = {"kind": "self_solved", "object_kind": "question", "object_id": dfs_question.pk}

    assert_error(api(customer, csrf=False).post(events_url(token), body), 403, "csrf_failed")
    assert api(customer).post(events_url(token), body).status_code == 200


def test_a_suggestion_not_offered_cannot_be_credited(
    api: Api, customer: User, dfs_question: Question, firmware_question: Question
) -> None:
    client = api(customer)
    token = suggest(client, q="router drops 5 GHz band")["session"]
    offered = {
        s["object_id"]
        for s in suggest(client, q="router drops 5 GHz band", session=token)["suggestions"]
    }
    never = max(offered | {firmware_question.pk}) + 100

    response = client.post(
        events_url(token), {"kind": "self_solved", "object_kind": "question", "object_id": never}
    )

    assert_error(response, 404)


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "clicked", "object_kind": "question", "object_id": 1},
        {"kind": "self_solved", "object_kind": "<b>", "object_id": 1},
        {"kind": "self_solved", "object_kind": "question", "object_id": 0},
        {"kind": "self_solved", "object_kind": "question"},
        {"kind": "filed_anyway", "object_kind": "question", "object_id": 1, "title": "t" * 2000},
    ],
)
def test_bad_events_are_422(body: dict[str, Any], api: Api, customer: User) -> None:
    token = suggest(api(customer), q="router drops 5 GHz band")["session"]
    assert_error(api(customer).post(events_url(token), body), 422)


def test_a_nul_or_lone_surrogate_in_a_filed_title_is_stored_cleanly(
    api: Api, customer: User
) -> None:
    token = suggest(api(customer), q="router drops 5 GHz band")["session"]

    response = api(customer).post(
        events_url(token),
        None,
        raw='{"kind": "filed_anyway", "object_kind": "question", "object_id": 3, '
        '"title": "Router \\u0000 drops \\ud83d at night"}',
    )

    assert response.status_code in (200, 422), response.content
    if response.status_code == 200:
        assert "\x00" not in DeflectionSession.objects.get(token=token).last_query


def test_suggest_keeps_a_flat_query_count(
    api: Api,
    customer: User,
    make_question: Callable[..., Question],
    committed: Committed,
    dfs_question: Question,
) -> None:
    client = api(customer, token=True)
    token = suggest(client, q="router drops 5 GHz band")["session"]

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            suggest(client, q="router drops 5 GHz band", session=token)
        return len(queries)

    small = count()
    with committed():
        for n in range(8):
            make_question(customer, title=f"Router drops the 5 GHz band again, case {n}")
    large = count()
    assert large <= small + 2  # the search backend's own cost may vary a little


def deflection_writes(client: ApiClient, **params: Any) -> tuple[dict[str, Any], list[str]]:
    with CaptureQueriesContext(connection) as captured:
        body = suggest(client, **params)
    statements = [
        f"{q['sql'].split()[0].upper()} {table}"
        for q in captured.captured_queries
        for table in ("deflectionsession", "deflectionevent")
        if f"deflection_{table}" in q["sql"].split("WHERE")[0]
    ]
    return body, statements


def test_each_suggestion_call_writes_its_session_once(
    api: Api, customer: User, dfs_question: Question
) -> None:
    client = api(customer, token=True)
    first, started = deflection_writes(client, q="router drops 5 GHz band")
    # A new session is saved with its first search: one INSERT, no UPDATE, no read back.
    assert started == ["INSERT deflectionsession", "INSERT deflectionevent"]

    again, continued = deflection_writes(
        client, q="router drops 5 GHz band daily", session=first["session"]
    )
    # The owner's check, then one UPDATE that increments the counters in the database.
    assert continued == [
        "SELECT deflectionsession",
        "UPDATE deflectionsession",
        "INSERT deflectionevent",
    ]
    session = DeflectionSession.objects.get(token=first["session"])
    assert (session.searches, session.searches_with_results) == (2, 2)
    assert session.last_query == "router drops 5 GHz band daily"
    assert again["session"] == first["session"]


def test_a_session_started_with_too_short_a_text_exists(api: Api, customer: User) -> None:
    client = api(customer, token=True)
    token = suggest(client, q="router")["session"]

    session = DeflectionSession.objects.get(token=token)
    assert session.searches == 0
    assert suggest(client, q="router drops 5 GHz band", session=token)["session"] == token
    session.refresh_from_db()
    assert session.searches == 1
