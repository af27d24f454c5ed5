"""Error pages: HTML for people, JSON for API clients."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        code = {400: "bad_request", 403: "forbidden", 404: "not_found"}.get(status, "server_error")
        return JsonResponse({"detail": message, "code": code, "fields": {}}, status=status)
    return render(
        request, "core/error.html", {"title": title, "message": message, "status": status},
        status=status,
    )  # fmt: skip


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "Bad request", "The request could not be understood.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else "You may not open this page."
    return _error(request, 403, "Not allowed", message)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request, 404, "Page not found", "There is nothing here. It may have been deleted."
    )


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "Something went wrong on our side.", "code": "server_error", "fields": {}},
            status=500,
        )
    # No template context processors here: the error may come from them.
    return HttpResponse(
        "<!doctype html><title>Server error</title><h1>Something went wrong on our side</h1>"
        "<p>The error has been logged. Please try again in a moment.</p>",
        status=500,
    )
