"""Shared fixtures: people in every role and community content, built through the real actions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from crowdservice.accounts.actions import do_create_api_token, do_create_user
from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.community.actions import do_ask_question, do_post_answer
from crowdservice.community.models import Answer, Question, Space
from crowdservice.search.index.indexing import rebuild
from crowdservice.search.index.store import forget_process_state

PASSWORD = "correct-horse-battery-9"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: cached pages must not leak between tests."""
    cache.clear()


@pytest.fixture(autouse=True)
def _empty_search_index() -> Iterator[None]:
    """The index's rows roll back with each test; its Tantivy files and vectors are reset too."""
    yield
    forget_process_state()


class SearchIndex:
    """Tests index explicitly: their writes never commit, so the event consumers do not run."""

    def rebuild(self) -> None:
        rebuild()


@pytest.fixture
def search_index(db: None) -> SearchIndex:
    return SearchIndex()


def make_user(username: str, role: Role = Role.CUSTOMER, **kwargs: Any) -> User:
    return do_create_user(
        username=username,
        email=f"{username}@example.com",
        password=PASSWORD,
        role=role,
        display_name=kwargs.pop("display_name", username.replace("_", " ").title()),
        **kwargs,
    )


@pytest.fixture
def customer(db: None) -> User:
    return make_user("carol_customer")


@pytest.fixture
def other_customer(db: None) -> User:
    return make_user("oscar_other")


@pytest.fixture
def agent(db: None) -> User:
    return make_user("alex_agent", Role.AGENT)


@pytest.fixture
def moderator(db: None) -> User:
    return make_user("mona_moderator", Role.MODERATOR)


@pytest.fixture
def editor(db: None) -> User:
    return make_user("eddie_editor", Role.EDITOR)


@pytest.fixture
def admin_user(db: None) -> User:
    return make_user("ada_admin", Role.ADMIN)


@pytest.fixture
def space(db: None) -> Space:
    return Space.objects.create(slug="wifi", name="Wi-Fi & Connectivity", description="Signal")


@pytest.fixture
def make_question(space: Space) -> Callable[..., Question]:
    counter = iter(range(1, 10_000))

    def build(author: User, **fields: Any) -> Question:
        n = next(counter)
        return do_ask_question(
            author=author,
            space_id=fields.pop("space_id", space.pk),
            title=fields.pop("title", f"Router keeps dropping the 5 GHz band (case {n})"),
            body=fields.pop("body", "Every evening the 5 GHz network disappears for a minute."),
            tags=fields.pop("tags", ["wifi", "5ghz"]),
        )

    return build


@pytest.fixture
def make_answer() -> Callable[..., Answer]:
    def build(author: User, question: Question, body: str | None = None) -> Answer:
        return do_post_answer(
            author=author,
            question=question,
            body=body or "Set the channel to 36 and disable DFS in the wireless settings.",
        )

    return build


@pytest.fixture
def question(customer: User, make_question: Callable[..., Question]) -> Question:
    return make_question(customer)


@pytest.fixture
def answer(other_customer: User, question: Question, make_answer: Callable[..., Answer]) -> Answer:
    return make_answer(other_customer, question)


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def as_user(db: None) -> Callable[[User | None], Client]:
    """A browser-like client signed in as the user (CSRF enforced), or anonymous for None."""

    def build(user: User | None) -> Client:
        client = Client(enforce_csrf_checks=True)
        if user is not None:
            client.force_login(user)
        return client

    return build


@pytest.fixture
def token_for(db: None) -> Callable[[User], dict[str, str]]:
    """Headers with a fresh personal API token for the user."""

    def build(user: User) -> dict[str, str]:
        secret = do_create_api_token(user=user, name="tests").secret
        return {"Authorization": f"Bearer {secret}"}

    return build
