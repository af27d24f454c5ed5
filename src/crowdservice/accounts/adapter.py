"""django-allauth adapter: sign-up always creates a customer and records the event."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.http import HttpRequest

from crowdservice.accounts.roles import Role
from crowdservice.core.events import record_event


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        with transaction.atomic():
            # The sign-up form never carries a role; force it anyway so no field can add one.
            user.role = Role.CUSTOMER
            user.is_staff = user.is_superuser = False
            saved = super().save_user(request, user, form, commit=commit)
            if commit:
                record_event(
                    actor=None, verb="user.signed_up", target=saved, payload={"role": Role.CUSTOMER}
                )
            return saved
