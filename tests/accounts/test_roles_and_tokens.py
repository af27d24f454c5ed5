"""Roles are granted by admins only, never to oneself; API tokens are stored as digests."""

from __future__ import annotations

import pytest

from crowdservice.accounts.actions import (
    authenticate_api_token,
    do_change_role,
    do_create_api_token,
    do_create_user,
    do_revoke_api_token,
)
from crowdservice.accounts.models import ApiToken, User
from crowdservice.accounts.roles import Role
from crowdservice.core.errors import Forbidden, ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.CUSTOMER, Role.AGENT, Role.MODERATOR, Role.EDITOR])
def test_only_admins_change_roles(role: Role, customer: User) -> None:
    actor = do_create_user(username=f"actor_{role}", role=role)
    with pytest.raises(Forbidden, match="Only an administrator"):
        do_change_role(actor=actor, user=customer, role=Role.AGENT)
    customer.refresh_from_db()
    assert customer.role == Role.CUSTOMER


def test_admin_grants_a_role_but_not_to_themselves(admin_user: User, customer: User) -> None:
    do_change_role(actor=admin_user, user=customer, role=Role.MODERATOR)
    customer.refresh_from_db()
    assert customer.role == Role.MODERATOR
    assert customer.can_moderate
    with pytest.raises(Forbidden, match="your own role"):
        do_change_role(actor=admin_user, user=admin_user, role=Role.CUSTOMER)


def test_admin_role_maps_to_django_admin_access(admin_user: User, customer: User) -> None:
    do_change_role(actor=admin_user, user=customer, role=Role.ADMIN)
    customer.refresh_from_db()
    assert customer.is_staff
    assert customer.is_superuser
    do_change_role(actor=admin_user, user=customer, role=Role.AGENT)
    customer.refresh_from_db()
    assert not customer.is_staff
    assert not customer.is_superuser


def test_tokens_are_hashed_and_revocable(customer: User) -> None:
    new = do_create_api_token(user=customer, name="CLI")
    assert new.secret.startswith("cs_")
    stored = ApiToken.objects.get()
    assert new.secret not in (stored.digest, stored.prefix)
    assert len(stored.digest) == 64
    assert authenticate_api_token(new.secret) == customer
    assert authenticate_api_token(new.secret + "x") is None
    do_revoke_api_token(user=customer, token=stored)
    assert authenticate_api_token(new.secret) is None


def test_create_user_validates(customer: User) -> None:
    with pytest.raises(ValidationFailed) as info:
        do_create_user(username=customer.username.upper(), email="not-an-email", password="123")
    assert set(info.value.errors) == {"username", "email", "password"}


def test_createsuperuser_makes_an_admin() -> None:
    user = User.objects.create_superuser("root", "root@example.com", "a-long-root-passphrase-1")
    assert (user.role, user.is_superuser, user.can_moderate) == (Role.ADMIN, True, True)
