"""API schemas of the accounts app, plus the small pieces every router shares.

Input schemas end in `In`/`Patch`, output schemas in `Out`; the two are never the same class, so a
field added for display can never become writable by accident.

Shared by all routers (they live here because accounts sits below every other app):
`ErrorOut` and `error_responses` document the error format, `AuthorOut` is how people appear next
to their posts, `PageIn`/`PageOut`/`paginate` are the page envelope of every list, and `Text`
is a string that may not contain NUL characters (which PostgreSQL refuses to store).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, TypeVar

from django.db.models import Model, QuerySet
from ninja import Field, Schema
from pydantic import AfterValidator

from crowdservice.accounts.models import ApiToken, User
from crowdservice.accounts.roles import Role

M = TypeVar("M", bound=Model)
MAX_PAGE_SIZE = 100
# The largest id any database here can store; larger ids in a URL are simply unknown.
MAX_ID = 2**63 - 1


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("Text may not contain NUL (\\x00) characters.")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
"""Any text a person types: every character but NUL."""

Slug = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=60)]
Username = Annotated[str, Field(pattern=r"^[\w.@+-]+$", max_length=150)]
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]


class ErrorOut(Schema):
    """Every error: a sentence for people, a code for programs, and per-field messages."""

    detail: str = Field(description="What went wrong, as a sentence a person understands.")
    code: str = Field(description="A stable machine-readable code, e.g. `not_found`.")
    fields: dict[str, list[str]] = Field(
        default_factory=dict, description="Messages per input field (validation errors)."
    )


_ERROR_MEANINGS = {
    400: "The request body is not valid JSON, or the request cannot be carried out.",
    401: "No valid credentials: sign in or send a valid API token.",
    403: "Signed in, but not allowed to do this (or the CSRF token is missing on a session write).",
    404: "The object does not exist or was deleted.",
    409: "The request conflicts with the current state (e.g. a repeated vote).",
    413: "The request body is too large.",
    422: "Some input fields are invalid; see `fields`.",
}


def error_responses(*codes: int) -> dict[int, Any]:
    """The documented error statuses of an operation, all in the `ErrorOut` format."""
    return dict.fromkeys(codes, ErrorOut)


def describe_errors(*codes: int) -> str:
    return "\n".join(f"- **{code}**: {_ERROR_MEANINGS[code]}" for code in codes)


class AuthorOut(Schema):
    """How a person appears next to their posts."""

    username: str
    display_name: str = Field(description="The name to show: the display name, or the username.")
    initials: str

    @staticmethod
    def of(user: User) -> AuthorOut:
        return AuthorOut(
            username=user.username, display_name=user.public_name, initials=user.initials
        )

    @staticmethod
    def maybe(user: User | None) -> AuthorOut | None:
        return AuthorOut.of(user) if user is not None else None


class PageIn(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="Items per page, at most 100.")


class PageOut(Schema):
    """The envelope of every list: `items` plus where this page sits in the whole."""

    count: int = Field(description="How many items there are in all pages.")
    page: int
    page_size: int
    pages: int = Field(description="How many pages there are (at least 1).")


def paginate(rows: QuerySet[M] | Sequence[M], params: PageIn) -> tuple[list[M], dict[str, int]]:
    """One page of `rows` and the envelope fields: a count query and a slice query."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    start = (params.page - 1) * params.page_size
    items = list(rows[start : start + params.page_size])
    meta = {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "pages": max(1, math.ceil(count / params.page_size)),
    }
    return items, meta


# --- Accounts ---------------------------------------------------------------------------------


class MeOut(Schema):
    """Your own profile, including what only you may see (your email address)."""

    id: int
    username: str
    email: str
    display_name: str
    bio: str
    role: Role
    role_label: str
    initials: str
    joined: datetime

    @staticmethod
    def of(user: User) -> MeOut:
        return MeOut(
            id=user.pk,
            username=user.username,
            email=user.email,
            display_name=user.display_name,
            bio=user.bio,
            role=Role(user.role),
            role_label=Role(user.role).label,
            initials=user.initials,
            joined=user.date_joined,
        )


class MePatch(Schema):
    """Fields left out keep their value."""

    display_name: Text | None = Field(None, description="At most 80 characters.")
    bio: Text | None = Field(None, description="At most 2,000 characters.")


class ProfileOut(Schema):
    """Anyone's public profile. Never includes the email address."""

    username: str
    display_name: str
    bio: str
    role: Role
    role_label: str
    initials: str
    joined: datetime

    @staticmethod
    def of(user: User) -> ProfileOut:
        return ProfileOut(
            username=user.username,
            display_name=user.public_name,
            bio=user.bio,
            role=Role(user.role),
            role_label=Role(user.role).label,
            initials=user.initials,
            joined=user.date_joined,
        )


class RoleIn(Schema):
    role: Role


class TokenIn(Schema):
    name: Text = Field(description="What the token is for, 1 to 80 characters.")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the token, to recognise it.")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    is_active: bool

    @staticmethod
    def of(token: ApiToken) -> TokenOut:
        return TokenOut(**TokenOut._fields(token))

    @staticmethod
    def _fields(token: ApiToken) -> dict[str, Any]:
        return {
            "id": token.pk,
            "name": token.name,
            "prefix": token.prefix,
            "created_at": token.created_at,
            "last_used_at": token.last_used_at,
            "revoked_at": token.revoked_at,
            "is_active": token.is_active,
        }


class TokenCreatedOut(TokenOut):
    secret: str = Field(
        description="The token itself. It is shown this once and cannot be retrieved again."
    )
