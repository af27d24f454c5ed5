"""Fixtures of the deflection tests: content the search interface can find, and sessions.

Content is created inside `committed()`, which runs the after-commit callbacks (as production
does) and then brings the search index up to date explicitly, as the search tests do: test
writes never commit, so whatever indexes after commit has to be told.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest

from crowdservice.accounts.models import User
from crowdservice.community.models import Question
from crowdservice.deflection import actions
from crowdservice.deflection.models import DeflectionSession, Surface
from crowdservice.search.types import SearchHit
from tests.api.conftest import api  # noqa: F401 - the API tests' client, shared here
from tests.conftest import SearchIndex

Committed = Callable[[], AbstractContextManager[Any]]

DFS_TITLE = "Router drops the 5 GHz band every evening"
FIRMWARE_TITLE = "Firmware update fails at 90 percent over USB"


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any, search_index: SearchIndex) -> Committed:
    @contextmanager
    def build() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=True):
            yield
        search_index.rebuild()

    return build


@pytest.fixture
def dfs_question(
    committed: Committed, other_customer: User, make_question: Callable[..., Question]
) -> Question:
    with committed():
        return make_question(
            other_customer,
            title=DFS_TITLE,
            body="Every evening at 8 pm the 5 GHz network disappears. Setting channel 36 and "
            "turning off DFS fixed it.",
        )


@pytest.fixture
def firmware_question(
    committed: Committed, other_customer: User, make_question: Callable[..., Question]
) -> Question:
    with committed():
        return make_question(
            other_customer,
            title=FIRMWARE_TITLE,
            body="The update stops at 90 percent when I use a USB stick with the new firmware.",
            tags=["firmware"],
        )


@pytest.fixture
def start_session() -> Callable[..., DeflectionSession]:
    def build(user: Any, surface: Surface = Surface.ASK, **kwargs: Any) -> DeflectionSession:
        return actions.do_start_session(user=user, surface=surface, **kwargs)

    return build


@pytest.fixture
def tiered(monkeypatch: pytest.MonkeyPatch) -> dict[int, str]:
    """Give hits a trust tier (question id → tier) whatever the backend says about them yet."""
    tiers: dict[int, str] = {}
    real = actions.suggest

    def suggest(user: Any, text: str, **kwargs: Any) -> list[SearchHit]:
        return [
            dataclasses.replace(hit, tier=tiers.get(hit.object_id, hit.tier))
            for hit in real(user, text, **kwargs)
        ]

    monkeypatch.setattr(actions, "suggest", suggest)
    return tiers


@pytest.fixture
def fixed_hits(monkeypatch: pytest.MonkeyPatch) -> list[SearchHit]:
    """Make suggest() return exactly these hits (for tests about what the app does with them)."""
    hits: list[SearchHit] = []
    monkeypatch.setattr(actions, "suggest", lambda user, text, **kwargs: list(hits))
    return hits
