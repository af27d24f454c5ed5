"""One view answers both a full page load and an htmx request for a fragment of it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def render_page_or_partial(
    request: HttpRequest,
    page_template: str,
    partial_template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    template = partial_template if is_htmx(request) else page_template
    return render(request, template, context, status=status)
