"""Helpers for the API tests: a JSON client signed in by session (with CSRF) or by bearer token,
the error-format check, and a fingerprint of the database to prove a refused request wrote nothing.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.test import Client

from crowdservice.accounts.actions import do_create_user
from crowdservice.accounts.models import ApiToken, User
from crowdservice.accounts.roles import Role
from crowdservice.community.models import (
    Answer,
    Comment,
    Follow,
    Question,
    Revision,
    Space,
    Tag,
    Vote,
)
from crowdservice.core.models import Event
from crowdservice.knowledge.models import (
    Article,
    ArticleRevision,
    CaseLink,
    Category,
    EditSuggestion,
    Feedback,
)
from crowdservice.notifications.models import Notification

PREFIX = "/api/v1"
CSRF_SECRET = "abcdefghijklmnopqrstuvwxyzABCDEF"  # 32 characters, as Django's CSRF cookie holds


class ApiClient:
    """Speaks JSON to /api/v1 like a browser (session + CSRF) or a script (bearer token)."""

    def __init__(self, client: Client, headers: dict[str, str] | None = None) -> None:
        self.client = client
        self.headers = headers or {}

    def _url(self, path: str) -> str:
        return path if path.startswith(PREFIX) else PREFIX + path

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(self._url(path), params or {}, headers=self.headers)

    def send(
        self, method: str, path: str, body: Any = None, *, raw: bytes | str | None = None
    ) -> Any:
        data: bytes | str = raw if raw is not None else ("" if body is None else json.dumps(body))
        return self.client.generic(
            method.upper(),
            self._url(path),
            data,
            content_type="application/json",
            headers=self.headers,
        )

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.send("POST", path, body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.send("PATCH", path, body, **kwargs)

    def delete(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.send("DELETE", path, body, **kwargs)


def session_client(user: User | None, *, csrf: bool = True) -> ApiClient:
    """A browser: CSRF checks enforced; with `csrf` it sends the token like the web pages do."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    headers = {}
    if csrf:
        client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
        headers["X-CSRFToken"] = CSRF_SECRET
    return ApiClient(client, headers)


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is an error in the API's one format, with a sentence a person can read."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert set(body) == {"detail", "code", "fields"}, body
    assert isinstance(body["detail"], str)
    assert len(body["detail"]) > 10, body
    assert body["detail"][0].isupper(), body
    if code is not None:
        assert body["code"] == code, body
    return body


COUNTED: tuple[type[Model], ...] = (
    Event,
    ApiToken,
    Question,
    Answer,
    Comment,
    Revision,
    Vote,
    Follow,
    Tag,
    Space,
    Notification,
    Article,
    ArticleRevision,
    Category,
    Feedback,
    EditSuggestion,
    CaseLink,
)


def db_state() -> dict[str, Any]:
    """A fingerprint of everything a request could write: row counts and mutable fields."""
    state: dict[str, Any] = {m.__name__: m.objects.count() for m in COUNTED}
    state["questions"] = sorted(
        Question.objects.values_list(
            "id", "title", "body", "score", "answer_count", "deleted_at", "accepted_answer_id",
            "has_endorsed_answer", "space_id", "duplicate_of_id", "closed_by_id",
        )
    )  # fmt: skip
    state["answers"] = sorted(
        Answer.objects.values_list("id", "body", "score", "deleted_at", "is_endorsed")
    )
    state["comments"] = sorted(Comment.objects.values_list("id", "body", "deleted_at"))
    state["users"] = sorted(User.objects.values_list("id", "role", "display_name", "bio"))
    state["tokens"] = sorted(ApiToken.objects.values_list("id", "revoked_at"))
    state["unread"] = Notification.objects.filter(read_at__isnull=True).count()
    state["articles"] = sorted(
        Article.objects.values_list("id", "status", "body", "version", "scheduled_publish_at")
    )
    state["feedback"] = sorted(Feedback.objects.values_list("id", "resolved_at"))
    state["suggestions"] = sorted(EditSuggestion.objects.values_list("id", "status"))
    return state


def new_user(username: str, role: Role = Role.CUSTOMER) -> User:
    return do_create_user(
        username=username, email=f"{username}@example.com", password="x-Secret-pass-42", role=role
    )
