"""The JSON API v1: one NinjaAPI that mounts each app's router, with errors in one format.

Every error body is `{"detail": "<sentence>", "code": "<machine code>", "fields": {...}}`.
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.types import DictStrAny

from crowdservice.core.errors import ActionError


class NotAnObject(ValueError):
    """The body is JSON, but not the object every endpoint of this API expects."""


class ObjectParser(Parser):
    """Bodies are JSON objects. Without this, `null` or `[1, 2]` would pass as an empty object
    on endpoints whose fields are all optional, and silently do something else than was meant."""

    def parse_body(self, request: HttpRequest) -> DictStrAny:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise NotAnObject(type(data).__name__)
        return data


api = NinjaAPI(
    title="CrowdService API",
    version="1",
    description=(
        "Community Q&A, and later knowledge base and cases. Authenticate with the browser session "
        "(send the CSRF token on writes) or a personal token: `Authorization: Bearer cs_…` "
        "(create one with `POST /api/v1/me/tokens`). Reads need no credentials, but a bad token "
        "is always a 401.\n\n"
        "Request bodies are JSON objects. Every error is "
        '`{"detail": "<a sentence>", "code": "<machine code>", "fields": {"<field>": ["…"]}}`. '
        "Questions, tags and notifications come a page at a time as "
        "`{items, count, page, page_size, pages}` (search likewise, with `hits`), chosen with the "
        "`page` and `page_size` query parameters. Posts come as markdown (`body`) and as sanitized "
        "HTML (`body_html`)."
    ),
    urls_namespace="api-1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=ObjectParser(),
)


def error_body(
    detail: str, code: str, fields: dict[str, list[str]] | None = None
) -> dict[str, object]:
    return {"detail": detail, "code": code, "fields": fields or {}}


@api.exception_handler(ActionError)
def _action_error(request: HttpRequest, exc: ActionError) -> HttpResponse:
    response = api.create_response(
        request, error_body(exc.message, exc.code, exc.field_errors), status=exc.status_code
    )
    retry_after = getattr(exc, "retry_after", None)  # rate limits say when to try again
    if isinstance(retry_after, int):
        response["Retry-After"] = str(retry_after)
    return response


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
        name = _field_name(list(error.get("loc", [])))
        if name == "body" and error.get("type") == "missing":
            message = "Send a JSON object in the request body."
        fields.setdefault(name, []).append(message)
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
        if isinstance(exc.__cause__, NotAnObject):
            message = "The request body must be a JSON object ({…}), not an array or a value."
    elif message == "CSRF check Failed":
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            # No session to protect: the caller simply is not signed in.
            return api.create_response(
                request,
                error_body("Sign in or send a valid API token.", "not_authenticated"),
                status=401,
            )
        message, code = (
            "The CSRF token is missing or wrong; reload the page, or use an API token.",
            "csrf_failed",
        )
    return api.create_response(request, error_body(message, code), status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(
        request, error_body("The request body is too large.", "too_large"), status=413
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(
        request, error_body(str(exc) or "Not found.", "not_found"), status=404
    )


def _mount_routers() -> None:
    from crowdservice.accounts.api import router as accounts_router
    from crowdservice.cases.api import router as cases_router
    from crowdservice.community.api import router as community_router
    from crowdservice.deflection.api import router as deflection_router
    from crowdservice.insights.api import router as insights_router
    from crowdservice.knowledge.api import router as knowledge_router
    from crowdservice.moderation.api import router as moderation_router
    from crowdservice.notifications.api import router as notifications_router
    from crowdservice.reputation.api import router as reputation_router
    from crowdservice.roi.api import router as roi_router
    from crowdservice.search.api import router as search_router
    from crowdservice.trends.api import router as trends_router

    api.add_router("/", accounts_router)
    api.add_router("/", notifications_router)
    api.add_router("/", community_router)
    api.add_router("/search", search_router)
    # /search/suggest and /deflection/...: deflection builds on search, never the reverse.
    api.add_router("/", deflection_router)
    api.add_router("/kb", knowledge_router)
    api.add_router("/", moderation_router)
    api.add_router("/", reputation_router)
    api.add_router("/", cases_router)
    api.add_router("/", roi_router)
    api.add_router("/", insights_router)
    api.add_router("/trends", trends_router)


_mount_routers()
