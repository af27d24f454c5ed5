"""Helpers for the web UI tests: a CSRF-enforcing browser-like client that can speak htmx."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.test import Client

HTMX = {"HTTP_HX_REQUEST": "true"}


class Browser:
    """A client like a browser: it keeps the CSRF cookie and sends the token like our pages do."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, url: str, *, htmx: bool = False, **extra: Any) -> HttpResponse:
        response: HttpResponse = self.client.get(url, **(HTMX if htmx else {}), **extra)
        return response

    def csrf_token(self) -> str:
        if "csrftoken" not in self.client.cookies:
            self.client.get("/")  # every page renders the token, which sets the cookie
        return str(self.client.cookies["csrftoken"].value)

    def post(
        self, url: str, data: dict[str, Any] | None = None, *, htmx: bool = False, csrf: bool = True
    ) -> HttpResponse:
        headers: dict[str, str] = {}
        if csrf:
            # htmx sends the token as a header (hx-headers on <body>), forms as a field.
            headers["HTTP_X_CSRFTOKEN"] = self.csrf_token()
        if htmx:
            headers.update(HTMX)
        response: HttpResponse = self.client.post(url, data or {}, **headers)
        return response


def text(response: HttpResponse) -> str:
    return response.content.decode()


def is_fragment(response: HttpResponse) -> bool:
    """An htmx partial: no document around it."""
    body = text(response).lower()
    return "<html" not in body and "<body" not in body
