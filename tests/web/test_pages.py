"""Every page renders for every kind of visitor; sign-in pages send anonymous people to sign in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django.asserts import assertTemplateUsed
from pytest_django.fixtures import Settings as SettingsWrapper

from crowdservice.accounts.models import User
from crowdservice.community.models import Answer, Question, Space
from tests.conftest import SearchIndex
from tests.web.helpers import Browser, text

pytestmark = pytest.mark.django_db

ROLES = [None, "customer", "agent", "moderator"]


@pytest.fixture
def visitor(
    request: pytest.FixtureRequest, browse: Callable[[User | None], Browser]
) -> tuple[User | None, Browser]:
    role = request.param
    user = request.getfixturevalue(role) if role else None
    return user, browse(user)


def public_urls(question: Question, answer: Answer) -> list[str]:
    return [
        "/",
        "/questions/",
        "/questions/?sort=newest",
        "/questions/?sort=active",
        "/questions/?sort=unanswered",
        "/questions/?sort=top",
        "/questions/?sort=bogus&page=999",
        "/questions/?space=wifi&tag=wifi",
        "/spaces/",
        "/spaces/wifi/",
        "/tags/",
        "/tags/?q=wi",
        "/tags/wifi/",
        question.get_absolute_url(),
        f"/questions/{question.pk}/revisions/",
        f"/questions/{question.pk}/revisions/?answer={answer.pk}",
        "/search/",
        "/search/?q=router+5+GHz",
        "/search/?q=the",
        f"/users/{question.author.username}/",
    ]


@pytest.mark.parametrize("visitor", ROLES, indirect=True)
def test_public_pages_render_for_everyone(
    visitor: tuple[User | None, Browser], question: Question, answer: Answer
) -> None:
    _, browser = visitor
    for url in public_urls(question, answer):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert '<main id="main"' in text(response), url


@pytest.mark.parametrize("visitor", ["customer", "agent", "moderator"], indirect=True)
def test_signed_in_pages_render(visitor: tuple[User | None, Browser]) -> None:
    user, browser = visitor
    assert user is not None
    for url in ["/questions/ask/", "/settings/profile/", "/settings/tokens/", "/notifications/"]:
        assert browser.get(url).status_code == 200, url
    assert browser.get(f"/users/{user.username}/").status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/questions/ask/", "/settings/profile/", "/settings/tokens/", "/notifications/"],
)
def test_sign_in_required_pages_redirect_anonymous_people(
    url: str, browse: Callable[[User | None], Browser]
) -> None:
    response = browse(None).get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_edit_pages_redirect_anonymous_people(
    browse: Callable[[User | None], Browser], answer: Answer
) -> None:
    browser = browse(None)
    for url in [f"/questions/{answer.question_id}/edit/", f"/answers/{answer.pk}/edit/"]:
        response = browser.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_short_and_wrong_slug_urls_redirect_to_the_canonical_one(
    browse: Callable[[User | None], Browser], question: Question
) -> None:
    browser = browse(None)
    canonical = question.get_absolute_url()
    for url in [f"/questions/{question.pk}/", f"/questions/{question.pk}/not-the-title/"]:
        response = browser.get(url)
        assert response.status_code == 301
        assert response["Location"] == canonical
    assert browser.get(canonical).status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/questions/999999/", "/questions/999999/x/", "/spaces/nope/", "/tags/nope/", "/users/nope/"],
)
def test_missing_things_are_404_pages_in_our_layout(
    url: str, browse: Callable[[User | None], Browser], space: Space
) -> None:
    response = browse(None).get(url)
    assert response.status_code == 404
    assertTemplateUsed(response, "core/error.html")
    body = text(response)
    assert "Skip to main content" in body
    assert "Error 404" in body


def test_unknown_urls_use_the_error_page(browse: Callable[[User | None], Browser]) -> None:
    response = browse(None).get("/no/such/page/")
    assert response.status_code == 404
    assertTemplateUsed(response, "core/error.html")


def test_get_on_an_action_url_is_not_allowed(
    browse: Callable[[User | None], Browser], customer: User, question: Question
) -> None:
    assert browse(customer).get(f"/questions/{question.pk}/vote/").status_code == 405


def test_layout_for_anonymous_visitors(browse: Callable[[User | None], Browser]) -> None:
    body = text(browse(None).get("/"))
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in body
    assert '<nav class="main-nav" aria-label="Main">' in body
    assert 'role="search"' in body
    assert 'action="/search/"' in body
    assert ">Sign in</a>" in body
    assert ">Sign up</a>" in body
    assert "Account menu" not in body
    assert 'hx-headers=\'{"X-CSRFToken": ' in body
    assert "/static/django_htmx/htmx-2.min.js" in body


def test_layout_for_signed_in_people(
    browse: Callable[[User | None], Browser], customer: User
) -> None:
    body = text(browse(customer).get("/"))
    assert f'aria-label="Account menu for {customer.public_name}"' in body
    for link in ["/settings/profile/", "/settings/tokens/", f"/users/{customer.username}/"]:
        assert f'href="{link}"' in body
    assert 'action="/accounts/logout/"' in body
    assert 'aria-label="Notifications"' in body  # no unread ones yet
    assert ">Sign in</a>" not in body


def test_the_list_paginates_and_keeps_the_sort(
    browse: Callable[[User | None], Browser],
    customer: User,
    make_question: Callable[..., Question],
    settings: SettingsWrapper,
) -> None:
    settings.CROWDSERVICE_PAGE_SIZE = 3
    for _ in range(7):
        make_question(customer)
    browser = browse(None)
    first = text(browser.get("/questions/?sort=active"))
    assert first.count('class="question-row') == 3
    assert 'href="?sort=active&amp;page=2"' in first
    last = text(browser.get("/questions/?sort=active&page=3"))
    assert last.count('class="question-row') == 1
    assert 'aria-current="page">3<' in last


def test_sort_tabs_and_unanswered_filter(
    browse: Callable[[User | None], Browser],
    customer: User,
    other_customer: User,
    make_question: Callable[..., Question],
    make_answer: Callable[..., Answer],
) -> None:
    solved = make_question(customer, title="A question that has an accepted answer")
    from crowdservice.community.actions import do_accept_answer

    do_accept_answer(actor=customer, answer=make_answer(other_customer, solved))
    open_question = make_question(customer, title="A question that nobody has answered yet")
    body = text(browse(None).get("/questions/?sort=unanswered"))
    assert '<a href="?sort=unanswered" aria-current="page">Unanswered</a>' in body
    assert open_question.title in body
    assert solved.title not in body
    everything = text(browse(None).get("/questions/"))
    assert solved.title in everything
    assert "stat-answers is-accepted" in everything


def test_space_and_tag_pages_filter_the_list(
    browse: Callable[[User | None], Browser],
    customer: User,
    make_question: Callable[..., Question],
) -> None:
    other = Space.objects.create(slug="mesh", name="Mesh systems")
    in_wifi = make_question(customer, title="A wifi question with the router tag", tags="router")
    in_mesh = make_question(
        customer, space_id=other.pk, title="A mesh question about satellites", tags="mesh"
    )
    browser = browse(None)
    space_page = text(browser.get("/spaces/mesh/"))
    assert in_mesh.title in space_page
    assert in_wifi.title not in space_page
    assert 'href="/questions/ask/?space=mesh"' in space_page
    tag_page = text(browser.get("/tags/router/"))
    assert in_wifi.title in tag_page
    assert in_mesh.title not in tag_page
    spaces = text(browser.get("/spaces/"))
    assert "Mesh systems" in spaces
    assert "Wi-Fi &amp; Connectivity" in spaces
    tags = text(browser.get("/tags/?q=ro"))
    assert 'href="/tags/router/"' in tags
    assert 'href="/tags/mesh/"' not in tags


def test_search_page_shows_hits_from_the_search_service(
    browse: Callable[[User | None], Browser],
    question: Question,
    answer: Answer,
    search_index: SearchIndex,
) -> None:
    search_index.rebuild()
    body = text(browse(None).get("/search/?q=channel+DFS"))
    assert "result" in body
    assert f'href="{question.get_absolute_url()}#answer-{answer.pk}"' in body
    assert 'value="channel DFS"' in body
    empty = text(browse(None).get("/search/?q=zzzyyyxxx"))
    assert "Nothing found" in empty


def test_favicon_ico_points_at_the_icon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("core/img/favicon.svg")
    assert client.get(response["Location"]).status_code == 200
