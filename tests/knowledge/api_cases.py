"""The knowledge-base rows of the API authorization matrix (`tests/api/test_authorization.py`).

Each builder takes the matrix's World and adds a help center to it on first use; articles are
written by an editor of their own, so every role's call meets the same objects.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import cached_property
from typing import Any

from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.knowledge import actions
from crowdservice.knowledge.models import Article, Category, EditSuggestion, Feedback, Section
from tests.conftest import make_user

BODY = "Hold the reset button for ten seconds, then wait for the light to turn white."


class HelpCenter:
    def __init__(self, world: Any) -> None:
        self.world = world

    @cached_property
    def chief(self) -> User:
        return make_user("kb_chief", Role.EDITOR)

    @cached_property
    def category(self) -> Category:
        return actions.do_create_category(actor=self.chief, name="Getting started")

    @cached_property
    def section(self) -> Section:
        return actions.do_create_section(
            actor=self.chief, category_id=self.category.pk, name="Setting up"
        )

    def draft(self, **fields: Any) -> Article:
        return actions.do_create_article(
            author=self.chief,
            section_id=self.section.pk,
            title=fields.pop("title", "Reset the router to factory settings"),
            body=fields.pop("body", BODY),
            **fields,
        )

    @cached_property
    def live(self) -> Article:
        return actions.do_publish(actor=self.chief, article=self.draft())

    @cached_property
    def agents_only(self) -> Article:
        return actions.do_publish(actor=self.chief, article=self.draft(visibility="agents"))

    @cached_property
    def in_review(self) -> Article:
        return actions.do_submit_for_review(actor=self.chief, article=self.draft())

    @cached_property
    def revised(self) -> Article:
        article = self.live
        return actions.do_save_article(
            actor=self.chief, article=article, base_version=article.version, body=BODY + " Done."
        )

    @cached_property
    def feedback(self) -> Feedback:
        return actions.do_give_feedback(
            user=self.world.other, article=self.live, helpful=False, comment="Too short."
        )

    @cached_property
    def suggestion(self) -> EditSuggestion:
        return actions.do_suggest_edit(
            user=self.world.other, article=self.live, text="Mention the mobile app as well."
        )


def kb(world: Any) -> HelpCenter:
    if not hasattr(world, "_help_center"):
        world._help_center = HelpCenter(world)
    found: HelpCenter = world._help_center
    return found


def building(make: Callable[[HelpCenter], object]) -> Callable[[Any], dict[str, Any]]:
    """No path parameters, but these objects must exist before the call."""

    def ids(world: Any) -> dict[str, Any]:
        make(kb(world))
        return {}

    return ids


def article_id(pick: Callable[[HelpCenter], Article]) -> Callable[[Any], dict[str, Any]]:
    return lambda w: {"article_id": pick(kb(w)).pk}


ALL_OK = (200,) * 7
WRITERS = (401, 403, 403, 200, 200, 200, 200)
WRITERS_ON_DRAFT = (401, 404, 404, 200, 200, 200, 200)
PUBLISHERS = (401, 403, 403, 403, 200, 403, 200)
PUBLISHERS_ON_DRAFT = (401, 404, 404, 403, 200, 403, 200)
PUBLISHERS_CREATE = (401, 403, 403, 403, 201, 403, 201)
SIGNED_IN = (401, *(200,) * 6)
SIGNED_IN_CREATE = (401, *(201,) * 6)
STAFF_ONLY_READ = (404, 404, 404, 200, 200, 200, 200)

QUERY = {"/kb/articles/{article_id}/diff": {"from": 1, "to": 2}}


def knowledge_cases(case: Callable[..., Any]) -> list[Any]:
    """The rows, built with the matrix's own `Case` class."""
    return [
        case("kb categories", "GET", "/kb/categories", lambda w: {}, ALL_OK, writes=False),
        case(
            "kb create category",
            "POST",
            "/kb/categories",
            lambda w: {},
            PUBLISHERS_CREATE,
            {"name": "Troubleshooting"},
        ),
        case(
            "kb create section",
            "POST",
            "/kb/sections",
            lambda w: {},
            PUBLISHERS_CREATE,
            lambda w: {"category_id": kb(w).category.pk, "name": "Wi-Fi problems"},
        ),
        case(
            "kb list articles",
            "GET",
            "/kb/articles",
            building(lambda h: h.live),
            ALL_OK,
            writes=False,
        ),
        case(
            "kb write draft",
            "POST",
            "/kb/articles",
            lambda w: {},
            (401, 403, 403, 201, 201, 201, 201),
            lambda w: {
                "section_id": kb(w).section.pk,
                "title": "Update the firmware",
                "body": BODY,
            },
        ),
        case(
            "kb get article",
            "GET",
            "/kb/articles/{article_id}",
            article_id(lambda h: h.live),
            ALL_OK,
            writes=False,
        ),
        case(
            "kb get agents-only article",
            "GET",
            "/kb/articles/{article_id}",
            article_id(lambda h: h.agents_only),
            STAFF_ONLY_READ,
            writes=False,
        ),
        case(
            "kb get draft",
            "GET",
            "/kb/articles/{article_id}",
            article_id(lambda h: h.draft()),
            STAFF_ONLY_READ,
            writes=False,
        ),
        case(
            "kb save working copy",
            "PATCH",
            "/kb/articles/{article_id}",
            article_id(lambda h: h.live),
            WRITERS,
            lambda w: {"base_version": kb(w).live.version, "body": BODY + " Then restart."},
        ),
        case(
            "kb submit for review",
            "POST",
            "/kb/articles/{article_id}/submit",
            article_id(lambda h: h.draft()),
            WRITERS_ON_DRAFT,
        ),
        case(
            "kb return to draft",
            "POST",
            "/kb/articles/{article_id}/return",
            article_id(lambda h: h.in_review),
            PUBLISHERS_ON_DRAFT,
        ),
        case(
            "kb publish",
            "POST",
            "/kb/articles/{article_id}/publish",
            article_id(lambda h: h.draft()),
            PUBLISHERS_ON_DRAFT,
        ),
        case(
            "kb archive",
            "POST",
            "/kb/articles/{article_id}/archive",
            article_id(lambda h: h.live),
            PUBLISHERS,
        ),
        case(
            "kb schedule",
            "POST",
            "/kb/articles/{article_id}/schedule",
            article_id(lambda h: h.draft()),
            PUBLISHERS_ON_DRAFT,
            lambda w: {"publish_at": (timezone.now() + timedelta(days=1)).isoformat()},
        ),
        case(
            "kb revisions",
            "GET",
            "/kb/articles/{article_id}/revisions",
            article_id(lambda h: h.live),
            (401, 403, 403, 200, 200, 200, 200),
            writes=False,
        ),
        case(
            "kb diff",
            "GET",
            "/kb/articles/{article_id}/diff",
            article_id(lambda h: h.revised),
            (401, 403, 403, 200, 200, 200, 200),
            writes=False,
        ),
        case(
            "kb restore revision",
            "POST",
            "/kb/articles/{article_id}/revisions/{number}/restore",
            lambda w: {"article_id": kb(w).revised.pk, "number": 1},
            WRITERS,
        ),
        case(
            "kb feedback",
            "POST",
            "/kb/articles/{article_id}/feedback",
            article_id(lambda h: h.live),
            SIGNED_IN,
            {"helpful": True, "comment": "Clear steps."},
        ),
        case(
            "kb feedback queue",
            "GET",
            "/kb/feedback",
            building(lambda h: h.feedback),
            PUBLISHERS,
            writes=False,
        ),
        case(
            "kb resolve feedback",
            "POST",
            "/kb/feedback/{feedback_id}/resolve",
            lambda w: {"feedback_id": kb(w).feedback.pk},
            PUBLISHERS,
        ),
        case(
            "kb suggest edit",
            "POST",
            "/kb/articles/{article_id}/suggestions",
            article_id(lambda h: h.live),
            SIGNED_IN_CREATE,
            {"text": "Say where the reset button is."},
        ),
        case(
            "kb suggestion queue",
            "GET",
            "/kb/suggestions",
            building(lambda h: h.suggestion),
            PUBLISHERS,
            writes=False,
        ),
        case(
            "kb resolve suggestion",
            "POST",
            "/kb/suggestions/{suggestion_id}/resolve",
            lambda w: {"suggestion_id": kb(w).suggestion.pk},
            PUBLISHERS,
            {"accept": False},
        ),
        case(
            "kb promote answer",
            "POST",
            "/kb/promote",
            building(lambda h: h.section),
            (401, 403, 403, 201, 201, 201, 201),
            lambda w: {"answer_id": w.answer.pk},
        ),
        case(
            "kb link case",
            "POST",
            "/kb/articles/{article_id}/case-links",
            article_id(lambda h: h.live),
            WRITERS,
            {"case_id": 5, "kind": "used"},
        ),
    ]
