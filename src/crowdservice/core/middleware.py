"""Middleware of our own: small, and only where no view can do the job."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse


class ApiMethodNotAllowedMiddleware:
    """django-ninja answers a wrong HTTP method with a plain-text 405; API clients get our JSON
    error format instead, naming the methods that are allowed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allowed = response.get("Allow", "")
            detail = f"{request.method} is not allowed here; use {allowed or 'another method'}."
            json = JsonResponse(
                {
                    "detail": detail,
                    "code": "method_not_allowed",
                    "fields": {},
                },
                status=405,
            )
            if allowed:
                json["Allow"] = allowed
            return json
        return response
