"""Profiles, profile settings and personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crowdservice.accounts.actions import (
    NewToken,
    access_api_token,
    access_user,
    do_create_api_token,
    do_revoke_api_token,
    do_update_profile,
)
from crowdservice.accounts.forms import ProfileForm, TokenForm
from crowdservice.accounts.models import User
from crowdservice.core.errors import ActionError, NotAuthenticated
from crowdservice.core.web import action_errors, signin_required


def _me(request: HttpRequest) -> User:
    if not isinstance(request.user, User) or not request.user.is_authenticated:
        raise NotAuthenticated("Sign in to do that.")
    return request.user


@require_GET
@action_errors
def profile(request: HttpRequest, username: str) -> HttpResponse:
    """A person's public page. Their questions come from the community app's template tag,
    so that accounts (a lower layer) never imports community."""
    person = access_user(username)
    context = {
        "person": person,
        "is_me": request.user.is_authenticated and request.user.pk == person.pk,
    }
    return render(request, "accounts/profile.html", context)


@require_http_methods(["GET", "POST"])
@action_errors
@signin_required
def settings_profile(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    status = 200
    if request.method == "POST":
        form = ProfileForm(request.POST)
        status = 422
        if form.is_valid():
            try:
                do_update_profile(user=me, **form.cleaned_data)
            except ActionError as exc:
                form.add_action_error(exc)
                status = exc.status_code
            else:
                messages.success(request, "Your profile is saved.")
                return redirect("accounts:settings_profile")
    else:
        form = ProfileForm(initial={"display_name": me.display_name, "bio": me.bio})
    return render(request, "accounts/settings_profile.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@action_errors
@signin_required
def tokens(request: HttpRequest) -> HttpResponse:
    """List and create tokens. A new token's secret is shown once, in the creating response."""
    me = _me(request)
    status = 200
    created: NewToken | None = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        status = 422
        if form.is_valid():
            try:
                created = do_create_api_token(user=me, name=form.cleaned_data["name"])
            except ActionError as exc:
                form.add_action_error(exc)
                status = exc.status_code
            else:
                form, status = TokenForm(), 201
    else:
        form = TokenForm()
    context = {"form": form, "created": created, "tokens": list(me.api_tokens.all())}
    response = render(request, "accounts/tokens.html", context, status=status)
    if created is not None:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
@action_errors
@signin_required
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    me = _me(request)
    token = access_api_token(user=me, token_id=token_id)
    do_revoke_api_token(user=me, token=token)
    messages.success(request, f"The token “{token.name}” is revoked; it no longer works.")
    return redirect("accounts:tokens")
