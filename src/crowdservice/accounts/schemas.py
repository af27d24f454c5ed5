"""API schemas of the accounts app, and `AuthorOut`: how people appear next to their posts.

Input schemas end in `In`/`Patch`, output schemas in `Out`; the two are never the same class, so a
field added for display can never become writable by accident.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from crowdservice.accounts.models import ApiToken, User
from crowdservice.accounts.roles import Role
from crowdservice.core.schemas import Text


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
