"""django-allauth adapter: sign-up always creates a customer and records the event."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from crowdservice.accounts.gates import login_refusal
from crowdservice.accounts.models import User
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

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        # A suspended or banned person is told why, and until when, instead of being signed in.
        if isinstance(user, User) and (message := login_refusal(user)):
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            return render(request, "accounts/login_refused.html", {"message": message}, status=403)
        return super().pre_login(request, user, **kwargs)
