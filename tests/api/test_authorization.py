"""Who may call what: every endpoint against every role, with the exact status expected.

Roles: anonymous; `owner` (the customer who owns the object in question); `other` (another
customer); agent; editor; moderator; admin. A refused request must write nothing at all; an allowed
write must record its event as the caller.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pytest

from crowdservice.accounts.actions import do_create_api_token
from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.cases.actions import do_change_status, do_open_case
from crowdservice.cases.models import Case as SupportCase
from crowdservice.community import actions
from crowdservice.community.models import Answer, Comment, Question
from crowdservice.core.management.commands.export_openapi import openapi_document
from crowdservice.core.models import Event
from crowdservice.deflection.actions import do_start_session
from crowdservice.deflection.models import Surface
from crowdservice.moderation.actions import do_add_watched_word, do_flag, do_sanction
from crowdservice.reputation.abuse import open_finding
from crowdservice.reputation.actions import do_grant_champion
from crowdservice.reputation.models import FindingKind
from tests.api.helpers import ApiClient, assert_error, db_state, new_user
from tests.knowledge.api_cases import QUERY as KNOWLEDGE_QUERY
from tests.knowledge.api_cases import knowledge_cases
from tests.roi.api_cases import roi_cases
from tests.trends.conftest import make_alert

ROLES = ("anonymous", "owner", "other", "agent", "editor", "moderator", "admin")
ROLE_FIXTURES = {
    "owner": "customer",
    "other": "other_customer",
    "agent": "agent",
    "editor": "editor",
    "moderator": "moderator",
    "admin": "admin_user",
}
ALL_OK = (200,) * 7


class World:
    """Objects built on demand through the actions; `customer` owns them unless said otherwise."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self.customer: User = request.getfixturevalue("customer")
        self.other: User = request.getfixturevalue("other_customer")
        self.third: User = request.getfixturevalue("third")
        self.agent: User = request.getfixturevalue("agent")
        self.ask: Callable[..., Question] = request.getfixturevalue("make_question")
        self.reply: Callable[..., Answer] = request.getfixturevalue("make_answer")
        self.request = request

    @cached_property
    def question(self) -> Question:
        """The customer's question, without answers."""
        return self.ask(self.customer)

    @cached_property
    def answer(self) -> Answer:
        """Another customer's answer to the customer's question."""
        return self.reply(self.other, self.question)

    @cached_property
    def own_answer(self) -> Answer:
        """The customer's answer to a third person's question."""
        return self.reply(self.customer, self.ask(self.third))

    @cached_property
    def comment(self) -> Comment:
        return actions.do_add_comment(
            author=self.customer, question=self.question, body="Which firmware version is it?"
        )

    def deleted_question(self) -> Question:
        question = self.ask(self.customer)
        return actions.do_delete_question(actor=self.customer, question=question)

    def deleted_answer(self) -> Answer:
        return actions.do_delete_answer(actor=self.customer, answer=self.own_answer)

    def deleted_comment(self) -> Comment:
        return actions.do_delete_comment(actor=self.customer, comment=self.comment)

    def accepted_answer(self) -> Answer:
        actions.do_accept_answer(actor=self.customer, answer=self.answer)
        return self.answer

    def endorsed_answer(self) -> Answer:
        return actions.do_endorse_answer(actor=self.agent, answer=self.answer)

    @cached_property
    def original(self) -> Question:
        """A third person's question, for closing the customer's as its duplicate."""
        return self.ask(self.third, title="How do I stop the 5 GHz band dropping at night?")

    def closed_question(self) -> Question:
        """The customer's question, closed by them as a duplicate of `original`."""
        original = actions.check_original(
            actor=self.customer, question=self.question, original_id=self.original.pk
        )
        return actions.do_close_as_duplicate(
            actor=self.customer, question=self.question, original=original
        )

    def deflection_token(self) -> str:
        """The customer's deflection session (an attempt to ask)."""
        return do_start_session(user=self.customer, surface=Surface.API).token

    def token_id(self) -> int:
        return do_create_api_token(user=self.customer, name="laptop").token.pk

    def followed_tag(self) -> str:
        """A tag of the customer's question, which the customer follows."""
        tag = self.question.tags.order_by("name")[0]
        actions.do_follow_tag(user=self.customer, tag=tag)
        return tag.name

    def edited_question(self) -> Question:
        """The customer's question, edited once by them (so it has revision 2)."""
        return actions.do_edit_question(
            actor=self.customer, question=self.question, body="Every night the 5 GHz band goes."
        )

    def review_item_id(self) -> int:
        """The queue item of the other customer's answer, flagged as spam by a third person."""
        return do_flag(
            flagger=self.third, kind="answer", object_id=self.answer.pk, reason="spam"
        ).review_item_id

    def sanction_id(self) -> int:
        """A suspension of the other customer, by an admin."""
        admin = self.request.getfixturevalue("admin_user")
        return do_sanction(
            moderator=admin, user=self.other, kind="suspension", reason="Spam links", days=3
        ).pk

    def watched_word_id(self) -> int:
        admin = self.request.getfixturevalue("admin_user")
        return do_add_watched_word(moderator=admin, word="casino*", action="flag").pk

    def suggestion(self) -> int:
        """A third customer's suggested edit of the customer's question."""
        return actions.do_suggest_edit(
            actor=self.third, question=self.question,
            body="Every evening the 5 GHz band disappears for about a minute.",
        ).pk  # fmt: skip

    def champion(self) -> User:
        """The other customer, champion of the question's space."""
        appointer = new_user("champion_appointer", Role.ADMIN)
        do_grant_champion(actor=appointer, user=self.other, space_id=self.question.space_id)
        return self.other

    def trend_alert_id(self) -> int:
        return make_alert().pk

    def finding(self) -> int:
        """An open same-address finding: the other customer upvoted the customer's question."""
        return open_finding(
            FindingKind.SAME_ADDRESS, self.other.pk, self.customer.pk, "Test evidence.", 1
        ).pk


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    route: str  # as in the OpenAPI document, without /api/v1
    ids: Callable[[World], dict[str, Any]]  # builds the objects, returns the path parameters
    expected: tuple[int, ...]  # in the order of ROLES
    body: Any = None  # or a function of the world, for bodies that name its objects
    writes: bool = True  # a successful call records an event

    def path(self, world: World) -> str:
        return self.route.format(**self.ids(world))


def nothing(w: World) -> dict[str, Any]:
    return {}


def q(w: World) -> dict[str, Any]:
    return {"question_id": w.question.pk}


def open_support_case(w: World, subject: str = "My router reboots every hour") -> SupportCase:
    return do_open_case(requester=w.customer, subject=subject, description="Please help.")


def support_case(w: World) -> dict[str, Any]:
    """The customer's case."""
    return {"case_id": open_support_case(w).pk}


def solved_case(w: World) -> dict[str, Any]:
    case = open_support_case(w)
    do_change_status(actor=w.agent, case=case, status="solved")
    return {"case_id": case.pk}


CASE_READ = (401, 200, 404, 200, 404, 404, 200)


ANSWER_TEXT = "Move the router away from the microwave oven and retry."
OWNER_OR_MOD = (401, 200, 403, 403, 403, 200, 200)
OWNER_OR_MOD_DELETE = (401, 204, 403, 403, 403, 204, 204)
MOD_UNDELETE = (401, 404, 404, 404, 404, 200, 200)
SIGNED_IN = (401, *(200,) * 6)
SIGNED_IN_CREATE = (401, *(201,) * 6)
MODERATORS = (401, 403, 403, 403, 403, 200, 200)
MODERATORS_CREATE = (401, 403, 403, 403, 403, 201, 201)
ADMIN_ONLY = (401, 403, 403, 403, 403, 403, 200)
MOD_ONLY = (401, 404, 404, 404, 404, 200, 200)  # nobody else learns who is suspected
STAFF = (401, 403, 403, 200, 200, 200, 200)
CASES = [
    # Accounts
    Case("get me", "GET", "/me", nothing, SIGNED_IN, writes=False),
    Case("patch me", "PATCH", "/me", nothing, SIGNED_IN, {"bio": "Fixes routers."}),
    Case("list tokens", "GET", "/me/tokens", nothing, SIGNED_IN, writes=False),
    Case("create token", "POST", "/me/tokens", nothing, SIGNED_IN_CREATE, {"name": "ci"}),
    Case(
        "revoke token",
        "DELETE",
        "/me/tokens/{token_id}",
        lambda w: {"token_id": w.token_id()},
        (401, 204, 404, 404, 404, 404, 404),  # nobody can see another person's tokens
    ),
    Case(
        "public profile",
        "GET",
        "/users/{username}",
        lambda w: {"username": w.customer.username},
        ALL_OK,
        writes=False,
    ),
    Case(
        "change role",
        "POST",
        "/users/{username}/role",
        lambda w: {"username": w.other.username},
        (401, 403, 403, 403, 403, 403, 200),
        {"role": "agent"},
    ),
    # Spaces and tags
    Case("list spaces", "GET", "/spaces", q, ALL_OK, writes=False),
    Case(
        "get space",
        "GET",
        "/spaces/{slug}",
        lambda w: {"slug": w.question.space.slug},
        ALL_OK,
        writes=False,
    ),
    Case("list tags", "GET", "/tags", q, ALL_OK, writes=False),
    Case(
        "follow tag",
        "POST",
        "/tags/{name}/follow",
        lambda w: {"name": w.question.tags.order_by("name")[0].name},
        SIGNED_IN,
    ),
    Case(
        "unfollow tag",
        "DELETE",
        "/tags/{name}/follow",
        lambda w: {"name": w.followed_tag()},
        (401, 200, 409, 409, 409, 409, 409),  # only the customer follows it
    ),
    # Questions
    Case("list questions", "GET", "/questions", q, ALL_OK, writes=False),
    Case(
        "ask question",
        "POST",
        "/questions",
        nothing,
        SIGNED_IN_CREATE,
        {
            "space": "wifi",
            "title": "How do I reset the router to factory settings?",
            "body": "I changed too many settings and want to start again.",
            "tags": ["router"],
        },
    ),
    Case("get question", "GET", "/questions/{question_id}", q, ALL_OK, writes=False),
    Case(
        "get deleted question",
        "GET",
        "/questions/{question_id}",
        lambda w: {"question_id": w.deleted_question().pk},
        (404, 404, 404, 404, 404, 200, 200),
        writes=False,
    ),
    Case(
        "edit question",
        "PATCH",
        "/questions/{question_id}",
        q,
        OWNER_OR_MOD,
        {"title": "Router drops the 5 GHz band every single evening"},
    ),
    Case("delete question", "DELETE", "/questions/{question_id}", q, OWNER_OR_MOD_DELETE),
    Case(
        "undelete question",
        "POST",
        "/questions/{question_id}/undelete",
        lambda w: {"question_id": w.deleted_question().pk},
        MOD_UNDELETE,
    ),
    Case(
        "close as duplicate",
        "POST",
        "/questions/{question_id}/close-as-duplicate",
        q,
        (401, 200, 403, 403, 403, 200, 200),  # moderators, and the asker for their own
        lambda w: {"original_id": w.original.pk},
    ),
    Case(
        "reopen question",
        "POST",
        "/questions/{question_id}/reopen",
        lambda w: {"question_id": w.closed_question().pk},
        (401, 403, 403, 403, 403, 200, 200),  # moderators only, not even the asker
    ),
    Case(
        "vote to close",
        "POST",
        "/questions/{question_id}/close-votes",
        q,
        (401, 403, 403, 403, 403, 200, 200),  # the `close` privilege; moderators' vote binds
        {"reason": "off_topic"},
    ),
    Case(
        "retract close vote",
        "DELETE",
        "/questions/{question_id}/close-votes",
        q,
        (401, 403, 403, 403, 403, 404, 404),  # moderators have no pending vote to retract
    ),
    Case(
        "vote to reopen",
        "POST",
        "/questions/{question_id}/reopen-votes",
        lambda w: {"question_id": w.closed_question().pk},
        (401, 403, 403, 403, 403, 200, 200),
    ),
    Case(
        "question revisions", "GET", "/questions/{question_id}/revisions", q, ALL_OK, writes=False
    ),
    Case(
        "close as off-topic",
        "POST",
        "/questions/{question_id}/close",
        q,
        (401, 403, 403, 403, 403, 200, 200),  # moderators only
        {"reason": "off_topic"},
    ),
    Case(
        "merge question",
        "POST",
        "/questions/{question_id}/merge",
        q,
        (401, 403, 403, 403, 403, 200, 200),
        lambda w: {"target_id": w.original.pk},
    ),
    Case(
        "roll back a question",
        "POST",
        "/questions/{question_id}/revisions/{number}/rollback",
        lambda w: {"question_id": w.edited_question().pk, "number": 1},
        OWNER_OR_MOD,
    ),
    Case(
        "vote question",
        "POST",
        "/questions/{question_id}/vote",
        q,
        (401, 403, 200, 200, 200, 200, 200),  # not on your own question
        {"value": 1},
    ),
    Case(
        "follow question",
        "POST",
        "/questions/{question_id}/follow",
        q,
        (401, 409, 200, 200, 200, 200, 200),  # askers follow their questions already
    ),
    Case(
        "unfollow question",
        "DELETE",
        "/questions/{question_id}/follow",
        q,
        (401, 200, 409, 409, 409, 409, 409),
    ),
    Case(
        "comment on question",
        "POST",
        "/questions/{question_id}/comments",
        q,
        SIGNED_IN_CREATE,
        {"body": "Which router model is it?"},
    ),
    # Answers
    Case(
        "list answers",
        "GET",
        "/questions/{question_id}/answers",
        lambda w: {"question_id": w.answer.question_id},
        ALL_OK,
        writes=False,
    ),
    Case(
        "post answer",
        "POST",
        "/questions/{question_id}/answers",
        q,
        SIGNED_IN_CREATE,
        {"body": ANSWER_TEXT},
    ),
    Case(
        "get answer",
        "GET",
        "/answers/{answer_id}",
        lambda w: {"answer_id": w.answer.pk},
        ALL_OK,
        writes=False,
    ),
    Case(
        "get deleted answer",
        "GET",
        "/answers/{answer_id}",
        lambda w: {"answer_id": w.deleted_answer().pk},
        (404, 404, 404, 404, 404, 200, 200),
        writes=False,
    ),
    Case(
        "edit answer",
        "PATCH",
        "/answers/{answer_id}",
        lambda w: {"answer_id": w.own_answer.pk},
        OWNER_OR_MOD,
        {"body": ANSWER_TEXT + " Then reboot it."},
    ),
    Case(
        "delete answer",
        "DELETE",
        "/answers/{answer_id}",
        lambda w: {"answer_id": w.own_answer.pk},
        OWNER_OR_MOD_DELETE,
    ),
    Case(
        "undelete answer",
        "POST",
        "/answers/{answer_id}/undelete",
        lambda w: {"answer_id": w.deleted_answer().pk},
        MOD_UNDELETE,
    ),
    Case(
        "vote answer",
        "POST",
        "/answers/{answer_id}/vote",
        lambda w: {"answer_id": w.own_answer.pk},
        (401, 403, 200, 200, 200, 200, 200),  # not on your own answer
        {"value": -1},
    ),
    Case(
        "accept answer",
        "POST",
        "/answers/{answer_id}/accept",
        lambda w: {"answer_id": w.answer.pk},
        (401, 200, 403, 403, 403, 403, 403),  # only the asker, whatever their role
    ),
    Case(
        "unaccept answer",
        "DELETE",
        "/answers/{answer_id}/accept",
        lambda w: {"answer_id": w.accepted_answer().pk},
        (401, 200, 403, 403, 403, 403, 403),
    ),
    Case(
        "endorse answer",
        "POST",
        "/answers/{answer_id}/endorse",
        lambda w: {"answer_id": w.answer.pk},
        (401, 403, 403, 200, 403, 200, 200),  # editors write the KB but do not endorse
    ),
    Case(
        "unendorse answer",
        "DELETE",
        "/answers/{answer_id}/endorse",
        lambda w: {"answer_id": w.endorsed_answer().pk},
        (401, 403, 403, 200, 403, 200, 200),
    ),
    Case(
        "comment on answer",
        "POST",
        "/answers/{answer_id}/comments",
        lambda w: {"answer_id": w.answer.pk},
        SIGNED_IN_CREATE,
        {"body": "Did that fix it for you?"},
    ),
    # Comments
    Case(
        "edit comment",
        "PATCH",
        "/comments/{comment_id}",
        lambda w: {"comment_id": w.comment.pk},
        OWNER_OR_MOD,
        {"body": "Which firmware version and model is it?"},
    ),
    Case(
        "delete comment",
        "DELETE",
        "/comments/{comment_id}",
        lambda w: {"comment_id": w.comment.pk},
        OWNER_OR_MOD_DELETE,
    ),
    Case(
        "undelete comment",
        "POST",
        "/comments/{comment_id}/undelete",
        lambda w: {"comment_id": w.deleted_comment().pk},
        MOD_UNDELETE,
    ),
    # Notifications
    Case("list notifications", "GET", "/notifications", nothing, SIGNED_IN, writes=False),
    Case(
        "mark notifications read",
        "POST",
        "/notifications/read",
        nothing,
        SIGNED_IN,
        {},
        writes=False,  # marking as read is not an event
    ),
    Case(
        "notification settings",
        "GET",
        "/me/notification-settings",
        nothing,
        SIGNED_IN,
        writes=False,
    ),
    Case(
        "change notification settings",
        "PUT",
        "/me/notification-settings",
        nothing,
        SIGNED_IN,
        {"email_mode": "off", "muted_kinds": ["mention"]},
        writes=False,  # a preference, not an event
    ),
    # Moderation
    Case(
        "flag post",
        "POST",
        "/flags",
        nothing,
        (401, 201, 403, 201, 201, 201, 201),  # not your own post (the answer is the other's)
        lambda w: {"kind": "answer", "object_id": w.answer.pk, "reason": "spam"},
    ),
    Case("review queue", "GET", "/moderation/queue", nothing, MODERATORS, writes=False),
    Case(
        "decide on a queued post",
        "POST",
        "/moderation/queue/{item_id}",
        lambda w: {"item_id": w.review_item_id()},
        MODERATORS,
        {"decision": "agree_hide", "note": "Advertising."},
    ),
    Case(
        "hide, lock and the like",
        "POST",
        "/moderation/posts/{kind}/{object_id}",
        lambda w: {"kind": "question", "object_id": w.question.pk},
        MODERATORS,
        {"action": "lock"},
    ),
    Case(
        "sanction a person",
        "POST",
        "/moderation/users/{username}/sanctions",
        lambda w: {"username": w.other.username},
        MODERATORS_CREATE,
        {"kind": "suspension", "reason": "Posting spam links.", "days": 3},
    ),
    Case(
        "list a person's sanctions",
        "GET",
        "/moderation/users/{username}/sanctions",
        lambda w: {"username": w.other.username},
        MODERATORS,
        writes=False,
    ),
    Case(
        "lift a sanction",
        "POST",
        "/moderation/sanctions/{sanction_id}/lift",
        lambda w: {"sanction_id": w.sanction_id()},
        (401, 403, 401, 403, 403, 200, 200),  # the suspended person can't even sign in
    ),
    Case("audit log", "GET", "/moderation/audit", nothing, MODERATORS, writes=False),
    Case("watched words", "GET", "/moderation/watched-words", nothing, MODERATORS, writes=False),
    Case(
        "watch a word",
        "POST",
        "/moderation/watched-words",
        nothing,
        MODERATORS_CREATE,
        {"word": "free crypto", "action": "block"},
    ),
    Case(
        "stop watching a word",
        "DELETE",
        "/moderation/watched-words/{word_id}",
        lambda w: {"word_id": w.watched_word_id()},
        (401, 403, 403, 403, 403, 204, 204),
    ),
    Case("my standing", "GET", "/me/standing", nothing, SIGNED_IN, writes=False),
    # Search
    Case("search", "GET", "/search", q, ALL_OK, writes=False),
    # Deflection: suggestions for anyone; a session's events only from whoever started it.
    Case("suggest", "GET", "/search/suggest", nothing, ALL_OK, writes=False),
    Case(
        "report a deflection event",
        "POST",
        "/deflection/sessions/{token}/events",
        lambda w: {"token": w.deflection_token()},
        (404, 200, 404, 404, 404, 404, 404),
        lambda w: {"kind": "filed_anyway", "object_kind": "question", "object_id": w.question.pk},
        writes=False,  # nothing was suggested, so the filing is no deflection event
    ),
    # Suggested edits: below the `edit` privilege; whoever may edit the post reviews them.
    Case(
        "suggest a question edit",
        "POST",
        "/questions/{question_id}/suggested-edits",
        q,
        (401, 409, 201, 201, 201, 409, 409),  # the author and moderators edit directly
        {"body": "Every evening the 5 GHz network disappears for a minute or two."},
    ),
    Case(
        "suggest an answer edit",
        "POST",
        "/answers/{answer_id}/suggested-edits",
        lambda w: {"answer_id": w.answer.pk},
        (401, 201, 409, 201, 201, 409, 409),
        {"body": "Set the channel to 36 and disable DFS; then restart the router."},
    ),
    Case("suggested edits queue", "GET", "/suggested-edits", nothing, SIGNED_IN, writes=False),
    Case(
        "review a suggested edit",
        "POST",
        "/suggested-edits/{suggestion_id}/{verdict}",
        lambda w: {"suggestion_id": w.suggestion(), "verdict": "approve"},
        (401, 200, 404, 404, 404, 200, 200),  # the asker, and those who may edit it
    ),
    # Reputation: everyone reads; admins adjust, award and appoint; moderators judge findings.
    Case(
        "reputation",
        "GET",
        "/users/{username}/reputation",
        lambda w: {"username": w.customer.username},
        ALL_OK,
        writes=False,
    ),
    Case(
        "reputation history",
        "GET",
        "/users/{username}/reputation/history",
        lambda w: {"username": w.customer.username},
        ALL_OK,
        writes=False,
    ),
    Case("badges", "GET", "/badges", nothing, ALL_OK, writes=False),
    Case("leaderboard", "GET", "/leaderboard", nothing, ALL_OK, writes=False),
    Case("privileges", "GET", "/privileges", nothing, ALL_OK, writes=False),
    Case(
        "adjust reputation",
        "POST",
        "/users/{username}/reputation/adjustments",
        lambda w: {"username": w.other.username},
        ADMIN_ONLY,
        {"points": 50, "note": "Wrote the mesh setup guide"},
    ),
    Case(
        "award badge",
        "POST",
        "/users/{username}/badges",
        lambda w: {"username": w.other.username},
        (401, 403, 403, 403, 403, 403, 201),
        {"badge": "company-endorsed", "note": "Answered the outage thread"},
    ),
    Case(
        "grant champion",
        "POST",
        "/users/{username}/champion",
        lambda w: {"username": w.other.username},
        ADMIN_ONLY,
        lambda w: {"space": w.question.space.slug},
    ),
    Case(
        "revoke champion",
        "DELETE",
        "/users/{username}/champion/{space}",
        lambda w: {"username": w.champion().username, "space": w.question.space.slug},
        ADMIN_ONLY,
    ),
    Case("voting findings", "GET", "/reputation/findings", nothing, MOD_ONLY, writes=False),
    Case(
        "confirm finding",
        "POST",
        "/reputation/findings/{finding_id}/confirm",
        lambda w: {"finding_id": w.finding()},
        MOD_ONLY,
    ),
    Case(
        "dismiss finding",
        "POST",
        "/reputation/findings/{finding_id}/dismiss",
        lambda w: {"finding_id": w.finding()},
        MOD_ONLY,
    ),
    # Cases: the requester and agents (agent, admin) only; anyone else gets a 404.
    Case("list cases", "GET", "/cases", nothing, SIGNED_IN, writes=False),
    Case(
        "open case",
        "POST",
        "/cases",
        nothing,
        SIGNED_IN_CREATE,
        {"subject": "The router reboots", "description": "Every hour since the update."},
    ),
    Case("get case", "GET", "/cases/{case_id}", support_case, CASE_READ, writes=False),
    Case(
        "patch case",
        "PATCH",
        "/cases/{case_id}",
        support_case,
        (401, 403, 404, 200, 404, 404, 200),
        {"priority": "high"},
    ),
    Case("close case", "POST", "/cases/{case_id}/close", support_case, CASE_READ),
    Case(
        "case messages", "GET", "/cases/{case_id}/messages", support_case, CASE_READ, writes=False
    ),
    Case(
        "reply on case",
        "POST",
        "/cases/{case_id}/messages",
        support_case,
        (401, 201, 404, 201, 404, 404, 201),
        {"body": "Any news on this?"},
    ),
    Case(
        "internal note",
        "POST",
        "/cases/{case_id}/notes",
        support_case,
        (401, 403, 404, 201, 404, 404, 201),
        {"body": "Checked the logs."},
    ),
    Case(
        "rate case",
        "POST",
        "/cases/{case_id}/csat",
        solved_case,
        (401, 200, 404, 403, 404, 404, 403),  # only the requester rates
        {"score": 5},
    ),
    Case(
        "merge case",
        "POST",
        "/cases/{case_id}/merge",
        support_case,
        (401, 403, 404, 200, 404, 404, 200),
        lambda w: {"target": open_support_case(w, "The same problem again").pk},
    ),
    Case(
        "list queues", "GET", "/queues", nothing, (401, 403, 403, 200, 403, 403, 200), writes=False
    ),
    Case(
        "escalate question",
        "POST",
        "/questions/{question_id}/escalate",
        q,
        (401, 201, 403, 201, 403, 403, 201),
    ),
    # Hot topics: the support team (all staff roles); customers never.
    Case("hot-topic alerts", "GET", "/trends/alerts", nothing, STAFF, writes=False),
    Case(
        "acknowledge hot-topic alert",
        "POST",
        "/trends/alerts/{alert_id}/acknowledge",
        lambda w: {"alert_id": w.trend_alert_id()},
        STAFF,
    ),
    Case(
        "resolve hot-topic alert",
        "POST",
        "/trends/alerts/{alert_id}/resolve",
        lambda w: {"alert_id": w.trend_alert_id()},
        STAFF,
    ),
]
QUERY = {"/search": {"q": "router"}, "/search/suggest": {"q": "router drops"}, "/tags": {"q": "wi"}}
CASES += knowledge_cases(Case)
CASES += roi_cases(Case)

# Insights: the staff's dashboards (agents, editors, moderators, admins); customers get a 403.
STAFF_ONLY = (401, 403, 403, 200, 200, 200, 200)
CASES += [
    Case(f"insights {name}", "GET", f"/insights/{name}", nothing, STAFF_ONLY, writes=False)
    for name in ("community", "support", "deflection")
]
QUERY.update(KNOWLEDGE_QUERY)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_authorization_matrix(
    case: Case,
    role: str,
    request: pytest.FixtureRequest,
    api: Callable[..., ApiClient],
) -> None:
    world = World(request)
    path = case.path(world)
    body = case.body(world) if callable(case.body) else case.body
    user: User | None = None
    if role != "anonymous":
        user = request.getfixturevalue(ROLE_FIXTURES[role])
    client = api(user)
    before = db_state()
    last_event = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0

    if case.method == "GET":
        response = client.get(path, QUERY.get(case.route))
    else:
        response = client.send(case.method, path, body)

    expected = case.expected[ROLES.index(role)]
    assert response.status_code == expected, (role, response.status_code, response.content[:300])
    if expected >= 400:
        assert_error(response, expected)
        assert db_state() == before, "a refused request must not write anything"
        return
    if expected == 204:
        assert response.content == b""
    else:
        assert isinstance(response.json(), dict | list)
    new_events = Event.objects.filter(id__gt=last_event)
    if not case.writes:
        assert not new_events.exists(), "this call must not write events"
    else:
        assert user is not None
        actors = set(new_events.values_list("actor_id", flat=True))
        assert actors == {user.pk}, "the write must be done as the caller"


def test_every_operation_is_in_the_matrix() -> None:
    """Add each new endpoint to CASES above, with the status every role gets."""
    document = json.loads(openapi_document())
    operations = {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, item in document["paths"].items()
        for method in item
    }
    assert {(c.method, c.route) for c in CASES} == operations
