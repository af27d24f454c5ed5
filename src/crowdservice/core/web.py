"""What the HTML views of every app share: sign-in, action errors as 4xx responses, forms.

Views call actions; an `ActionError` becomes a message next to the form (see `ActionForm`) or,
when it escapes the view, a 4xx page (or an inline alert for an htmx request). Never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from crowdservice.core.errors import ActionError, NotAuthenticated
from crowdservice.core.htmx import is_htmx

View = TypeVar("View", bound=Callable[..., HttpResponse])

ERROR_TITLES = {
    400: "That didn't work",
    401: "Please sign in",
    403: "Not allowed",
    404: "Page not found",
    409: "That didn't work",
    422: "Please check your input",
    429: "Please slow down",
}


def safe_url(request: HttpRequest, url: str | None) -> str | None:
    """`url` if it points to this site, else None (never redirect to another host)."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def back_url(request: HttpRequest, fallback: str = "/") -> str:
    """Where the person came from: a `next` field, the htmx page, the referer, or `fallback`."""
    htmx = getattr(request, "htmx", None)
    candidates = (
        request.POST.get("next") if request.method == "POST" else request.GET.get("next"),
        htmx.current_url if htmx else None,
        request.headers.get("referer"),
    )
    for candidate in candidates:
        if found := safe_url(request, candidate):
            return found
    return fallback


def login_redirect(request: HttpRequest, next_url: str | None = None) -> HttpResponse:
    """Send an anonymous person to sign in and back: a full redirect, or HX-Redirect for htmx."""
    if next_url is None:
        next_url = request.get_full_path() if request.method == "GET" else back_url(request)
    if is_htmx(request):
        login = resolve_url(settings.LOGIN_URL)
        return HttpResponseClientRedirect(f"{login}?{urlencode({'next': next_url})}")
    return redirect_to_login(next_url)


def signin_required(view: View) -> View:
    """Like `login_required`, but htmx-aware and sending POSTs back to the page they came from."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return login_redirect(request)
        return view(request, *args, **kwargs)

    return cast(View, wrapper)


def error_response(request: HttpRequest, exc: ActionError) -> HttpResponse:
    """An action's refusal as a 4xx: an inline alert for htmx, else the error page."""
    if isinstance(exc, NotAuthenticated) and not is_htmx(request):
        return login_redirect(request)
    status = exc.status_code
    context = {
        "title": ERROR_TITLES.get(status, "That didn't work"),
        "message": exc.message,
        "status": status,
    }
    template = "core/partials/error.html" if is_htmx(request) else "core/error.html"
    return render(request, template, context, status=status)


def action_errors(view: View) -> View:
    """Turn an ActionError escaping the view (such as a NotFound from `access_*`) into a 4xx."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ActionError as exc:
            return error_response(request, exc)

    return cast(View, wrapper)


class ActionForm(forms.Form):
    """A form whose rules live in an action: the form parses, the action's errors land here."""

    def add_action_error(self, exc: ActionError) -> None:
        errors = exc.field_errors or {"": [exc.message]}
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        # Take the person to the first field to fix (also after an htmx swap, and without JS).
        for name, field in self.fields.items():
            if name in self.errors:
                field.widget.attrs["autofocus"] = True
                break
