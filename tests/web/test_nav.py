"""The staff's analytics pages sit behind one "Analytics" disclosure in the main navigation: the
page shown keeps `aria-current="page"`, and the toggle is marked while one of its pages is open."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from crowdservice.accounts.models import User
from tests.web.helpers import Browser, text

ANALYTICS = {
    "/insights/": "Insights",
    "/trending/": "Hot topics",
    "/deflection/report/": "Deflection",
    "/roi/": "ROI",
}


def main_nav(html: str) -> str:
    found = re.search(r'<nav class="main-nav" aria-label="Main">(.*?)</nav>', html, re.S)
    assert found is not None
    return found.group(1)


def analytics_menu(html: str) -> str:
    found = re.search(r'<details class="nav-menu">(.*?)</details>', main_nav(html), re.S)
    assert found is not None, "no Analytics menu"
    return found.group(1)


def test_the_analytics_pages_exist_where_the_menu_says(
    agent: User, browse: Callable[[User | None], Browser]
) -> None:
    menu = analytics_menu(text(browse(agent).get("/questions/")))
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', menu)
    assert links == list(ANALYTICS.items())
    for path in ANALYTICS:
        assert browse(agent).get(path).status_code == 200, path


@pytest.mark.parametrize(("path", "label"), ANALYTICS.items())
def test_the_page_shown_is_current_and_its_group_is_marked(
    path: str, label: str, agent: User, browse: Callable[[User | None], Browser]
) -> None:
    menu = analytics_menu(text(browse(agent).get(path)))
    assert re.search(r'<summary aria-current="true">Analytics<', menu)
    assert re.findall(r'<a href="[^"]+" aria-current="page">([^<]+)</a>', menu) == [label]


def test_elsewhere_the_group_is_not_marked(
    agent: User, browse: Callable[[User | None], Browser]
) -> None:
    html = text(browse(agent).get("/questions/"))
    nav, menu = main_nav(html), analytics_menu(html)
    assert "<summary>Analytics<" in menu
    assert "aria-current" not in menu
    assert re.findall(r'aria-current="page">([^<]+)</a>', nav) == ["Questions"]
    # The analytics links are no longer top-level entries of their own.
    top_level = re.sub(r'<details class="nav-menu">.*?</details>', "", nav, flags=re.S)
    for label in ANALYTICS.values():
        assert f">{label}</a>" not in top_level


@pytest.mark.parametrize("role", ["moderator", "editor", "admin_user"])
def test_all_staff_roles_have_the_menu(
    role: str, request: pytest.FixtureRequest, browse: Callable[[User | None], Browser]
) -> None:
    user: User = request.getfixturevalue(role)
    assert "Analytics" in analytics_menu(text(browse(user).get("/")))


def test_customers_and_visitors_have_no_analytics_menu(
    customer: User, browse: Callable[[User | None], Browser]
) -> None:
    for who in (customer, None):
        nav = main_nav(text(browse(who).get("/")))
        assert "nav-menu" not in nav
        assert "Analytics" not in nav
        for path in ANALYTICS:
            assert f'href="{path}"' not in nav
