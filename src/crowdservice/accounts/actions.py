"""Business operations on users, roles, profiles and API tokens.

`access_*` fetch and check permission, `check_*` validate, `do_*` write and record an event.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from crowdservice.accounts.models import ApiToken, User
from crowdservice.accounts.roles import Role
from crowdservice.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from crowdservice.core.events import record_event

TOKEN_PREFIX = "cs_"  # noqa: S105 - a public prefix, not a secret
# Writing last_used_at on every API call would turn reads into writes; once a minute is enough.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


def check_new_user(*, username: str, email: str, password: str | None) -> None:
    errors: dict[str, list[str]] = {}
    if not username or len(username) > 150:
        errors["username"] = ["Choose a username of 1 to 150 characters."]
    elif not all(ch.isalnum() or ch in "@.+-_" for ch in username):
        errors["username"] = ["Usernames may contain letters, digits and @ . + - _ only."]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [f"The username {username!r} is already taken."]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [f"{email!r} is not a valid email address."]
        else:
            if User.objects.filter(email__iexact=email).exists():
                errors["email"] = ["Another account already uses this email address."]
    if password is not None:
        try:
            validate_password(password, User(username=username, email=email))
        except ValidationError as exc:
            errors["password"] = list(exc.messages)
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def do_create_user(
    *,
    username: str,
    email: str = "",
    password: str | None = None,
    role: Role = Role.CUSTOMER,
    display_name: str = "",
    email_verified: bool = True,
    actor: User | None = None,
) -> User:
    """Create a user (operators, seeds and tests); sign-up on the web goes through allauth."""
    check_new_user(username=username, email=email, password=password)
    user = User(username=username, email=email, role=role, display_name=display_name)
    user.is_staff = user.is_superuser = role == Role.ADMIN
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    if email:
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=email_verified)
    record_event(actor=actor, verb="user.created", target=user, payload={"role": role})
    return user


def access_user(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(f"There is no user called {username!r}.")
    return user


@transaction.atomic
def do_change_role(*, actor: User, user: User, role: Role) -> User:
    """Only an admin changes roles, and never their own: nobody can grant themselves a role."""
    if actor.role != Role.ADMIN:
        raise Forbidden("Only an administrator can change roles.")
    if actor.pk == user.pk:
        raise Forbidden("You cannot change your own role; ask another administrator.")
    user = User.objects.select_for_update().get(pk=user.pk)
    old = user.role
    if old == role:
        return user
    user.role = role
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    record_event(
        actor=actor, verb="user.role_changed", target=user, payload={"old": old, "new": role}
    )
    return user


def check_profile(*, display_name: str, bio: str) -> None:
    errors: dict[str, list[str]] = {}
    if "\x00" in display_name + bio:
        errors["display_name" if "\x00" in display_name else "bio"] = [
            "The text contains a NUL character (\\0); remove it and try again."
        ]
    if len(display_name) > 80:
        errors["display_name"] = ["The display name can be at most 80 characters."]
    if len(bio) > 2000:
        errors["bio"] = ["The bio can be at most 2,000 characters."]
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def do_update_profile(*, user: User, display_name: str, bio: str) -> User:
    display_name, bio = display_name.strip(), bio.strip()
    check_profile(display_name=display_name, bio=bio)
    old = {"display_name": user.display_name, "bio": user.bio}
    user.display_name, user.bio = display_name, bio
    user.save(update_fields=["display_name", "bio"])
    record_event(actor=user, verb="user.profile_updated", target=user, payload={"old": old})
    return user


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown to the user once, never stored


@transaction.atomic
def do_create_api_token(*, user: User, name: str) -> NewToken:
    name = name.strip()
    if not name or len(name) > 80:
        raise ValidationFailed({"name": ["Give the token a name of 1 to 80 characters."]})
    if user.api_tokens.filter(revoked_at__isnull=True).count() >= 20:
        raise Conflict("You already have 20 active tokens; revoke one first.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[:10], digest=_digest(secret)
    )
    record_event(actor=user, verb="api_token.created", target=token, payload={"name": name})
    return NewToken(token=token, secret=secret)


def access_api_token(*, user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise NotFound("No such token.")
    return token


@transaction.atomic
def do_revoke_api_token(*, user: User, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise NotFound("No such token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(actor=user, verb="api_token.revoked", target=token)


def authenticate_api_token(raw: str) -> User | None:
    """The active user behind a bearer token, or None for an unknown or revoked token."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
