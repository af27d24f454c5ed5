"""The JSON API v1: one NinjaAPI that mounts each app's router, with errors in one format.

Every error body is `{"detail": "<sentence>", "code": "<machine code>", "fields": {...}}`.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from crowdservice.core.errors import ActionError

api = NinjaAPI(
    title="CrowdService API",
    version="1",
    description=(
        "Community Q&A, and later knowledge base and cases. Authenticate with the browser session "
        "(send the CSRF token on writes) or a personal token: `Authorization: Bearer cs_…`."
    ),
    urls_namespace="api-1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def error_body(
    detail: str, code: str, fields: dict[str, list[str]] | None = None
) -> dict[str, object]:
    return {"detail": detail, "code": code, "fields": fields or {}}


@api.exception_handler(ActionError)
def _action_error(request: HttpRequest, exc: ActionError) -> HttpResponse:
    return api.create_response(
        request, error_body(exc.message, exc.code, exc.field_errors), status=exc.status_code
    )


def _field_name(loc: list[object]) -> str:
    # Ninja prefixes locations with the parameter source ("body", "query", "path") and the
    # schema argument name; people care about the field itself.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "data")]
    return ".".join(parts) or "body"


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        message = str(error.get("msg", "Invalid value.")).removeprefix("Value error, ")
        fields.setdefault(_field_name(list(error.get("loc", []))), []).append(message)
    summary = "; ".join(f"{name}: {msgs[0]}" for name, msgs in fields.items())
    return api.create_response(
        request,
        error_body(f"Some fields are invalid. {summary}", "validation_error", fields),
        status=422,
    )


@api.exception_handler(AuthenticationError)
def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = exc.message if exc.message != "Unauthorized" else "Sign in or send a valid API token."
    return api.create_response(request, error_body(message, "not_authenticated"), status=401)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message, code = str(exc), "http_error"
    if message.startswith("Cannot parse request body"):
        message, code = "The request body is not valid JSON.", "malformed_json"
    elif message == "CSRF check Failed":
        message, code = (
            "The CSRF token is missing or wrong; reload the page, or use an API token.",
            "csrf_failed",
        )
    return api.create_response(request, error_body(message, code), status=exc.status_code)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(
        request, error_body(str(exc) or "Not found.", "not_found"), status=404
    )


def _mount_routers() -> None:
    from crowdservice.accounts.api import router as accounts_router
    from crowdservice.community.api import router as community_router
    from crowdservice.notifications.api import router as notifications_router
    from crowdservice.search.api import router as search_router

    api.add_router("/", accounts_router)
    api.add_router("/", notifications_router)
    api.add_router("/", community_router)
    api.add_router("/search", search_router)


_mount_routers()
