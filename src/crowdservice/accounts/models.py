"""Users, customer organizations and personal API tokens."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from crowdservice.accounts.roles import ENDORSER_ROLES, MODERATOR_ROLES, STAFF_ROLES, Role


class Organization(models.Model):
    """A customer's company; cases and analytics group requesters by it."""

    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(max_length=253, blank=True, help_text="Email domain of its members")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CrowdServiceUserManager(UserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        # `crowdservice createsuperuser` makes a CrowdService admin, not a customer with a
        # Django superuser flag.
        extra.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """A person: a customer, or a member of staff with one role."""

    objects: ClassVar[CrowdServiceUserManager] = CrowdServiceUserManager()

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CUSTOMER)
    display_name = models.CharField(max_length=80, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        return self.display_name or self.username

    @property
    def initials(self) -> str:
        words = self.public_name.replace("_", " ").replace(".", " ").split()
        letters = "".join(word[0] for word in words[:2]) if words else "?"
        return letters.upper()

    @property
    def avatar_hue(self) -> int:
        """A stable colour per user for the initials avatar."""
        return sum(ord(ch) for ch in self.username) * 37 % 360

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def can_endorse(self) -> bool:
        return self.role in ENDORSER_ROLES

    @property
    def can_moderate(self) -> bool:
        return self.role in MODERATOR_ROLES


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 digest is stored, the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12, help_text="First characters, to recognise it")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
