"""The ask form with suggestions, the tracked open link, "this answered my question", filing."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from django.http import HttpResponse
from django.test import Client

from crowdservice.accounts.models import User
from crowdservice.community.actions import do_delete_question
from crowdservice.community.models import Question
from crowdservice.core.models import Event
from crowdservice.deflection.models import DeflectionEvent, DeflectionSession, EventKind, Outcome
from tests.deflection.conftest import DFS_TITLE, Committed
from tests.web.helpers import Browser, is_fragment, text

pytestmark = pytest.mark.django_db
ASK = "/questions/ask/"
SUGGEST = "/deflection/suggestions/"


@pytest.fixture
def browse(as_user: Callable[[User | None], Client]) -> Callable[[User | None], Browser]:
    return lambda user: Browser(as_user(user))


def fragment(browser: Browser, params: dict[str, str]) -> HttpResponse:
    """The suggestions fragment, requested as htmx does from the ask form."""
    return browser.get(f"{SUGGEST}?{urlencode(params)}", htmx=True)


def token_on(page: str) -> str:
    match = re.search(r'name="deflection_session" value="([^"]*)"', page)
    assert match, "no deflection session field"
    return match.group(1)


def test_the_ask_form_starts_a_session_and_wires_the_title(
    browse: Callable[[User | None], Browser], customer: User
) -> None:
    page = browse(customer).get(ASK)

    assert page.status_code == 200
    body = text(page)
    token = token_on(body)
    session = DeflectionSession.objects.get(token=token)
    assert session.user == customer
    assert session.surface == "ask"
    assert 'id="deflection-suggestions"' in body
    assert 'hx-get="/deflection/suggestions/"' in body
    assert "from:#id_title" in body
    assert 'aria-live="polite"' in body
    # The suggestions sit right under the title, before the body.
    assert body.index('id="id_title"') < body.index("deflection-suggestions")
    assert body.index("deflection-suggestions") < body.index('id="id_body"')


def test_suggestions_show_tier_labels_snippets_and_the_button(
    browse: Callable[[User | None], Browser],
    customer: User,
    dfs_question: Question,
    tiered: dict[int, str],
) -> None:
    tiered[dfs_question.pk] = "endorsed"
    browser = browse(customer)
    token = token_on(text(browser.get(ASK)))

    response = fragment(browser, {"title": "router drops 5 GHz band", "deflection_session": token})

    assert response.status_code == 200
    assert is_fragment(response)
    body = text(response)
    assert dfs_question.title in body
    assert "Endorsed by the CrowdService team" in body
    assert "Every evening at 8 pm" in body  # the snippet
    assert "This answered my question" in body
    assert f"/deflection/{token}/open/question/{dfs_question.pk}/" in body
    assert f"/deflection/{token}/solved/question/{dfs_question.pk}/" in body
    assert 'hx-swap-oob="innerHTML"' in body  # the live region's announcement
    assert 'target="_blank"' in body


@pytest.mark.parametrize(
    ("tier", "label"),
    [
        ("kb", "Approved in the knowledge base"),
        ("community", "Popular in the community"),
    ],
)
def test_each_tier_has_a_label(
    tier: str,
    label: str,
    browse: Callable[[User | None], Browser],
    customer: User,
    dfs_question: Question,
    tiered: dict[int, str],
) -> None:
    tiered[dfs_question.pk] = tier
    response = fragment(browse(customer), {"title": "router drops 5 GHz band"})
    assert label in text(response)


def test_a_short_title_gives_nothing_and_starts_nothing(
    browse: Callable[[User | None], Browser], customer: User, dfs_question: Question
) -> None:
    response = fragment(browse(customer), {"title": "router"})

    assert response.status_code == 200
    assert "deflect-item" not in text(response)
    assert not DeflectionSession.objects.exists()


def test_a_missing_or_foreign_token_gets_a_new_session_of_ones_own(
    browse: Callable[[User | None], Browser],
    customer: User,
    other_customer: User,
    dfs_question: Question,
) -> None:
    theirs = token_on(text(browse(other_customer).get(ASK)))

    params = {"title": "router drops 5 GHz band", "deflection_session": theirs}
    response = fragment(browse(customer), params)

    body = text(response)
    new_token = token_on(body)
    assert new_token != theirs
    assert 'hx-swap-oob="true"' in body
    assert DeflectionSession.objects.get(token=new_token).user == customer
    assert not DeflectionEvent.objects.filter(session__token=theirs).exists()


def test_opening_a_suggestion_records_it_and_redirects_to_it(
    browse: Callable[[User | None], Browser], customer: User, dfs_question: Question
) -> None:
    browser = browse(customer)
    token = token_on(text(browser.get(ASK)))
    fragment(browser, {"title": DFS_TITLE, "deflection_session": token})

    response = browser.get(f"/deflection/{token}/open/question/{dfs_question.pk}/")

    assert response.status_code == 302
    assert response["Location"] == dfs_question.get_absolute_url()
    assert DeflectionEvent.objects.filter(
        session__token=token, kind=EventKind.OPENED, object_id=dfs_question.pk
    ).exists()
    assert Event.objects.filter(verb="deflection.suggestion_opened").count() == 1


def test_the_open_link_only_leads_to_suggestions_shown_to_their_owner(
    browse: Callable[[User | None], Browser],
    customer: User,
    other_customer: User,
    dfs_question: Question,
    firmware_question: Question,
) -> None:
    browser = browse(customer)
    token = token_on(text(browser.get(ASK)))
    fragment(browser, {"title": DFS_TITLE, "deflection_session": token})

    not_shown = browser.get(f"/deflection/{token}/open/answer/{dfs_question.pk}/")
    someone_else = browse(other_customer).get(
        f"/deflection/{token}/open/question/{dfs_question.pk}/"
    )
    anonymous = browse(None).get(f"/deflection/{token}/open/question/{dfs_question.pk}/")
    no_session = browser.get(f"/deflection/nope/open/question/{dfs_question.pk}/")

    assert [r.status_code for r in (not_shown, someone_else, anonymous, no_session)] == [404] * 4
    assert not DeflectionEvent.objects.filter(kind=EventKind.OPENED).exists()


def test_this_answered_my_question_thanks_once(
    browse: Callable[[User | None], Browser], customer: User, dfs_question: Question
) -> None:
    browser = browse(customer)
    token = token_on(text(browser.get(ASK)))
    fragment(browser, {"title": DFS_TITLE, "deflection_session": token})
    url = f"/deflection/{token}/solved/question/{dfs_question.pk}/"

    first = browser.post(url, htmx=True)
    second = browser.post(url, htmx=True)

    assert first.status_code == second.status_code == 200
    assert "Glad that helped" in text(first)
    assert "Thanks for telling us" in text(first)
    assert "You had already told us" in text(second)
    session = DeflectionSession.objects.get(token=token)
    assert session.outcome == Outcome.SELF_SOLVED
    assert Event.objects.filter(verb="deflection.self_solved").count() == 1
    # Typing on shows the suggestions again, the one that answered marked as such.
    again = fragment(browser, {"title": DFS_TITLE, "deflection_session": token})
    assert "You told us this answered your question" in text(again)


def test_this_answered_my_question_without_htmx_goes_to_the_answer(
    browse: Callable[[User | None], Browser], customer: User, dfs_question: Question
) -> None:
    browser = browse(customer)
    token = token_on(text(browser.get(ASK)))
    fragment(browser, {"title": DFS_TITLE, "deflection_session": token})

    response = browser.post(f"/deflection/{token}/solved/question/{dfs_question.pk}/")

    assert response.status_code == 302
    assert response["Location"] == dfs_question.get_absolute_url()


def test_this_answered_my_question_needs_the_csrf_token_and_the_owner(
    browse: Callable[[User | None], Browser],
    customer: User,
    other_customer: User,
    dfs_question: Question,
) -> None:
    browser = browse(customer)
    token = token_on(text(browser.get(ASK)))
    fragment(browser, {"title": DFS_TITLE, "deflection_session": token})
    url = f"/deflection/{token}/solved/question/{dfs_question.pk}/"

    forged = browser.post(url, csrf=False)
    foreign = browse(other_customer).post(url, htmx=True)
    read = browser.get(url)

    assert forged.status_code == 403
    assert foreign.status_code == 404
    assert read.status_code == 405
    assert DeflectionSession.objects.get(token=token).outcome == Outcome.UNDECIDED


def test_asking_after_suggestions_records_filed_anyway(
    browse: Callable[[User | None], Browser], customer: User, dfs_question: Question, space: object
) -> None:
    browser = browse(customer)
    token = token_on(text(browser.get(ASK)))
    fragment(browser, {"title": DFS_TITLE, "deflection_session": token})

    response = browser.post(
        ASK,
        {
            "space": str(dfs_question.space_id),
            "title": "Router drops the 5 GHz band at night since the update",
            "body": "Since the last firmware update, the 5 GHz band drops every night at 11.",
            "tags": "wifi",
            "deflection_session": token,
        },
    )

    assert response.status_code == 302
    asked = Question.objects.latest("pk")
    session = DeflectionSession.objects.get(token=token)
    assert session.outcome == Outcome.FILED_ANYWAY
    assert (session.outcome_object_kind, session.outcome_object_id) == ("question", asked.pk)
    assert session.last_query == asked.title
    assert Event.objects.filter(verb="deflection.filed_anyway").count() == 1


def test_asking_without_javascript_or_a_token_still_works(
    browse: Callable[[User | None], Browser], customer: User, space: object
) -> None:
    browser = browse(customer)
    for token in ("", "forged-token", "x" * 10_000):
        response = browser.post(
            ASK,
            {
                "space": str(getattr(space, "pk", "")),
                "title": f"Router drops the 5 GHz band at night ({len(token)})",
                "body": "Since the last firmware update, the 5 GHz band drops every night.",
                "tags": "wifi",
                "deflection_session": token,
            },
        )
        assert response.status_code == 302
    assert not DeflectionSession.objects.exclude(outcome="").exists()


def test_a_form_with_errors_keeps_its_session_and_reloads_suggestions(
    browse: Callable[[User | None], Browser], customer: User, space: object
) -> None:
    browser = browse(customer)
    token = token_on(text(browser.get(ASK)))

    response = browser.post(ASK, {"title": DFS_TITLE, "body": "", "deflection_session": token})

    assert response.status_code == 422
    body = text(response)
    assert token_on(body) == token
    assert 'hx-trigger="load, ' in body


def test_a_customer_never_sees_a_deleted_question_in_suggestions(
    committed: Committed,
    browse: Callable[[User | None], Browser],
    customer: User,
    moderator: User,
    dfs_question: Question,
) -> None:
    with committed():
        do_delete_question(actor=moderator, question=dfs_question)

    response = fragment(browse(customer), {"title": DFS_TITLE})

    assert dfs_question.title not in text(response)


@pytest.mark.parametrize(
    "title",
    [
        "",
        "x" * 100_000,
        "router \x00\x01\x7f drops binary",
        '"router drops 5 GHz',
        "router (drops) [5] {GHz} ~!@#$%^&*",
        "路由器每天晚上掉线",
        "جيجاهرتز الراوتر ينقطع",
    ],
)
def test_any_title_gives_a_fragment_never_a_500(
    title: str,
    browse: Callable[[User | None], Browser],
    customer: User,
    dfs_question: Question,
) -> None:
    response = fragment(browse(customer), {"title": title, "space": "x\x00"})
    assert response.status_code == 200
    assert is_fragment(response)


def test_staff_see_the_report_link_customers_do_not(
    browse: Callable[[User | None], Browser], customer: User, agent: User
) -> None:
    assert "/deflection/report/" in text(browse(agent).get("/"))
    assert "/deflection/report/" not in text(browse(customer).get("/"))
    assert "/deflection/report/" not in text(browse(None).get("/"))
