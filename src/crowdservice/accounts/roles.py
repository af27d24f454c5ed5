"""Roles and what each one may do. Every permission question in the code asks these helpers."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    CUSTOMER = "customer", "Customer"
    AGENT = "agent", "Agent"
    MODERATOR = "moderator", "Moderator"
    EDITOR = "editor", "Editor"
    ADMIN = "admin", "Admin"


STAFF_ROLES = frozenset({Role.AGENT, Role.MODERATOR, Role.EDITOR, Role.ADMIN})
# Roles allowed to mark an answer as endorsed by the company.
ENDORSER_ROLES = frozenset({Role.AGENT, Role.MODERATOR, Role.ADMIN})
# Roles allowed to moderate community content (edit, delete and undelete anyone's posts).
MODERATOR_ROLES = frozenset({Role.MODERATOR, Role.ADMIN})
