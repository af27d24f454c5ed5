"""Fixtures of the knowledge-base tests: a help center with one category and section, and
articles built through the actions (drafts, or published by an editor)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from crowdservice.accounts.models import User
from crowdservice.knowledge.actions import (
    do_create_article,
    do_create_category,
    do_create_section,
    do_publish,
)
from crowdservice.knowledge.models import Article, Section
from tests.web.helpers import Browser


@pytest.fixture
def kb_section(editor: User) -> Section:
    category = do_create_category(actor=editor, name="Getting started")
    return do_create_section(actor=editor, category_id=category.pk, name="Setting up the router")


@pytest.fixture
def make_article(kb_section: Section, editor: User) -> Callable[..., Article]:
    counter = iter(range(1, 10_000))

    def build(*, publish: bool = True, author: User | None = None, **fields: Any) -> Article:
        n = next(counter)
        article = do_create_article(
            author=author or editor,
            section_id=fields.pop("section_id", kb_section.pk),
            title=fields.pop("title", f"Reset the router to factory settings (part {n})"),
            body=fields.pop(
                "body",
                "## Before you start\n\nBack up your settings.\n\n## Reset\n\n"
                "Hold the reset button for ten seconds until the light blinks amber.",
            ),
            **fields,
        )
        if publish:
            article = do_publish(actor=editor, article=article)
        return article

    return build


@pytest.fixture
def browse(as_user: Callable[[User | None], Client]) -> Callable[[User | None], Browser]:
    """browse(user) is a signed-in Browser (CSRF enforced); browse(None) an anonymous one."""

    def build(user: User | None) -> Browser:
        return Browser(as_user(user))

    return build
