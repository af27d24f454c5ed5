"""API v1: suggestions as you type, for embedding on other sites, and the outcomes they report.

`GET /search/suggest` starts (or continues) a deflection session and returns its token; the
embedding site reports what the person did with `POST /deflection/sessions/{token}/events`.
A session belongs to whoever started it: anyone else gets a 404, as for a token that never
existed. Anonymous sessions are anonymous-only, so the token is all an anonymous caller needs.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.security import SessionAuth

from crowdservice.accounts.api_auth import AUTH_OPTIONAL, anonymous, api_user, token_auth
from crowdservice.core.errors import ValidationFailed
from crowdservice.core.schemas import describe_errors, error_responses
from crowdservice.deflection.actions import (
    access_session,
    check_object,
    do_record_filed_in,
    do_record_open,
    do_record_self_solved,
    do_suggest,
    new_session,
)
from crowdservice.deflection.models import Outcome, Surface
from crowdservice.deflection.registry import resolve_space
from crowdservice.deflection.schemas import (
    OutcomeEventIn,
    SessionOut,
    SuggestIn,
    SuggestionOut,
    SuggestOut,
)
from crowdservice.search.schemas import MAX_Q_LENGTH

router = Router(tags=["deflection"])


class SignedInSessionAuth(SessionAuth):
    """The browser session, CSRF-checked, but only for a signed-in person.

    An anonymous browser has no authority a forged request could borrow; the session token in
    the path is its only capability. Without this, ninja's CSRF check would refuse every
    anonymous write before the `anonymous` fallback is reached.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


# Outcome events: a token, a signed-in session with CSRF, or anonymous (for anonymous sessions).
AUTH_SESSION_OWNER: list[Any] = [token_auth, SignedInSessionAuth(), anonymous]


def _space(ref: str) -> int | None:
    if not ref.strip():
        return None
    space_id = resolve_space(ref)
    if space_id is None:
        raise ValidationFailed(
            {"space": [f"There is no space {ref.strip()!r}; use its slug or id."]}
        )
    return space_id


@router.get(
    "/search/suggest",
    auth=AUTH_OPTIONAL,
    response={200: SuggestOut, **error_responses(401, 404, 422)},
    summary="Suggestions as you type",
    description=(
        "The existing content most likely to answer a question being typed (at most 5, best "
        "first), each with its trust tier, for a form on another site. Only content the caller "
        "may open appears. Call it as the person types (debounced), passing back `session`; "
        "report what they did with `POST /deflection/sessions/{token}/events`. Any text is "
        f"accepted, but `q` longer than {MAX_Q_LENGTH:,} characters is refused with a 422.\n\n"
        "- **404**: `session` is unknown, or belongs to someone else.\n" + describe_errors(401, 422)
    ),
)
def suggest_endpoint(request: HttpRequest, params: Query[SuggestIn]) -> SuggestOut:
    if len(params.q) > MAX_Q_LENGTH:
        raise ValidationFailed(
            {
                "q": [
                    f"The text can be at most {MAX_Q_LENGTH:,} characters "
                    f"(it has {len(params.q):,}); send the title being typed, not a whole page."
                ]
            }
        )
    user = api_user(request)
    space_id = _space(params.space)
    if params.session:
        session = access_session(user, params.session)
    else:
        # Saved by do_suggest together with its first search: one write instead of two.
        session = new_session(user=user, surface=Surface.API, space_id=space_id)
    result = do_suggest(session=session, user=user, text=params.q, space_id=space_id)
    return SuggestOut(
        query=result.query,
        session=session.token,
        suggestions=[SuggestionOut.of(hit, rank) for rank, hit in enumerate(result.hits, 1)],
    )


@router.post(
    "/deflection/sessions/{token}/events",
    auth=AUTH_SESSION_OWNER,
    response={200: SessionOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Report what happened in a deflection session",
    description=(
        "Tell us what the person did with the suggestions: opened one, said one answered "
        "their question, or filed anyway. Repeating an event changes nothing (`recorded` is "
        "then false), and a session that was filed stays filed. `suggestion_opened` and "
        "`self_solved` must name a suggestion that was returned in this session. Anonymous "
        "callers may report on the anonymous sessions they started; signed-in ones on their "
        "own.\n\n- **404**: the session is unknown or someone else's, or the suggestion was "
        "not offered in it.\n" + describe_errors(400, 401, 403, 422)
    ),
)
def report_event(request: HttpRequest, token: str, payload: OutcomeEventIn) -> SessionOut:
    user = api_user(request)
    session = access_session(user, token)
    check_object(payload.object_kind, payload.object_id)
    if payload.kind == "suggestion_opened":
        opened = do_record_open(
            session=session, user=user, object_kind=payload.object_kind, object_id=payload.object_id
        )
        session.refresh_from_db()
        return SessionOut.of(session, recorded=opened.recorded)
    if payload.kind == "self_solved":
        solved = do_record_self_solved(
            session=session, user=user, object_kind=payload.object_kind, object_id=payload.object_id
        )
        return SessionOut.of(solved.session, recorded=solved.recorded)
    already_filed = session.outcome in (Outcome.FILED_ANYWAY, Outcome.FILED)
    filed = do_record_filed_in(
        session=session,
        user=user,
        object_kind=payload.object_kind,
        object_id=payload.object_id,
        title=payload.title,
    )
    return SessionOut.of(filed, recorded=not already_filed)
