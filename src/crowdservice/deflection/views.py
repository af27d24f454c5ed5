"""Suggestions while a person types, the tracked open link, "this answered my question", and the
report for the support team.

The suggestions fragment is only ever requested by htmx from a form to file (the ask form, later
the case form); without JavaScript that form simply works without suggestions.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from crowdservice.core.errors import NotFound
from crowdservice.core.htmx import is_htmx
from crowdservice.core.web import action_errors, safe_url, signin_required
from crowdservice.deflection.access import require_report_viewer
from crowdservice.deflection.actions import (
    MIN_QUERY_CHARS,
    access_session,
    do_record_open,
    do_record_self_solved,
    do_start_session,
    do_suggest,
)
from crowdservice.deflection.models import DeflectionSession, Outcome, Surface
from crowdservice.deflection.queries import RANGE_CHOICES, deflection_report, parse_days
from crowdservice.deflection.registry import resolve_space
from crowdservice.search.tiers import TIER_CLASSES, tier_label
from crowdservice.search.types import SearchHit

# The form field that carries the session token from the form to the filing view.
SESSION_FIELD = "deflection_session"
# Generous for a title; longer input is cut before it is even parsed.
MAX_TEXT = 2_000


@dataclass(frozen=True)
class SuggestionRow:
    hit: SearchHit
    tier_label: str
    tier_class: str
    open_url: str
    solved_url: str
    is_solved: bool


def suggestion_rows(session: DeflectionSession, hits: Iterable[SearchHit]) -> list[SuggestionRow]:
    solved = (
        (session.outcome_object_kind, session.outcome_object_id)
        if session.outcome == Outcome.SELF_SOLVED
        else None
    )
    return [
        SuggestionRow(
            hit=hit,
            tier_label=tier_label(hit.tier),
            tier_class=TIER_CLASSES.get(hit.tier, ""),
            open_url=reverse("deflection:open", args=[session.token, hit.kind, hit.object_id]),
            solved_url=reverse("deflection:solved", args=[session.token, hit.kind, hit.object_id]),
            is_solved=solved == (hit.kind, hit.object_id),
        )
        for hit in hits
    ]


def _space_param(raw: str) -> int | None:
    try:
        return resolve_space(raw[:60])
    except ValueError:
        return None


@require_GET
@action_errors
def suggestions(request: HttpRequest) -> HttpResponse:
    """The top suggestions for the title being typed (an htmx fragment)."""
    text = (request.GET.get("title") or request.GET.get("q") or "")[:MAX_TEXT]
    space_id = _space_param(request.GET.get("space", ""))
    surface = Surface.CASE if request.GET.get("surface") == Surface.CASE else Surface.ASK
    started = False
    try:
        session = access_session(request.user, request.GET.get(SESSION_FIELD, ""))
    except NotFound:
        session = None
    result = None
    if len(" ".join(text.split())) >= MIN_QUERY_CHARS:
        if session is None:
            # No (or someone else's, or a stale) token: this attempt gets a session of its own,
            # and the fragment hands its token to the form.
            session = do_start_session(user=request.user, surface=surface, space_id=space_id)
            started = True
        result = do_suggest(session=session, user=request.user, text=text, space_id=space_id)
    context = {
        "session": session,
        "started": started,
        "searched": result is not None and result.searched,
        "rows": suggestion_rows(session, result.hits) if session and result else [],
        "min_chars": MIN_QUERY_CHARS,
        "session_field": SESSION_FIELD,
    }
    return render(request, "deflection/partials/suggestions.html", context)


@require_GET
@action_errors
def open_suggestion(request: HttpRequest, token: str, kind: str, object_id: int) -> HttpResponse:
    """Record that a suggestion was opened, then go to it (only to the url it was shown with)."""
    session = access_session(request.user, token)
    opened = do_record_open(
        session=session, user=request.user, object_kind=kind, object_id=object_id
    )
    target = safe_url(request, opened.suggestion.url)
    if target is None:
        raise Http404("That suggestion has no page on this site.")
    return redirect(target)


@require_POST
@action_errors
def self_solved(request: HttpRequest, token: str, kind: str, object_id: int) -> HttpResponse:
    """ "This answered my question": the session is deflected, credited to this suggestion."""
    session = access_session(request.user, token)
    result = do_record_self_solved(
        session=session, user=request.user, object_kind=kind, object_id=object_id
    )
    if is_htmx(request):
        return render(request, "deflection/partials/solved.html", {"result": result})
    messages.success(request, "Glad that helped! Thank you for letting us know.")
    return redirect(safe_url(request, result.suggestion.url) or "/")


@require_GET
@action_errors
@signin_required
def report(request: HttpRequest) -> HttpResponse:
    require_report_viewer(request.user)
    days = parse_days(request.GET.get("days"))
    context = {"report": deflection_report(days), "range_choices": RANGE_CHOICES}
    return render(request, "deflection/report.html", context)


CSV_TABLES = ("spaces", "weeks", "content", "gaps")


def _cell(value: object) -> object:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) is quoted with a '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@require_GET
@action_errors
@signin_required
def report_csv(request: HttpRequest, table: str) -> HttpResponse:
    require_report_viewer(request.user)
    if table not in CSV_TABLES:
        raise NotFound("There is no such table in the deflection report.")
    days = parse_days(request.GET.get("days"))
    data = deflection_report(days)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="deflection-{table}-{days}d.csv"'
    writer = csv.writer(response)
    if table in ("spaces", "weeks"):
        writer.writerow(
            [
                "space" if table == "spaces" else "week",
                "sessions_shown_suggestions",
                "deflected",
                "self_solved",
                "abandoned",
                "filed_anyway",
                "undecided",
                "deflection_rate",
            ]
        )
        for r in data.by_space if table == "spaces" else data.by_week:
            rate = "" if r.rate is None else f"{r.rate:.4f}"
            writer.writerow(
                [
                    _cell(r.label),
                    r.sessions,
                    r.deflected,
                    r.self_solved,
                    r.abandoned,
                    r.filed_anyway,
                    r.undecided,
                    rate,
                ]
            )
    elif table == "content":
        writer.writerow(
            [
                "kind",
                "id",
                "title",
                "url",
                "deflected",
                "self_solved",
                "abandoned",
                "opened",
                "shown",
            ]
        )
        for c in data.content:
            writer.writerow(
                [
                    c.object_kind,
                    c.object_id,
                    _cell(c.title),
                    _cell(c.url),
                    c.deflected,
                    c.self_solved,
                    c.abandoned,
                    c.opened,
                    c.shown,
                ]
            )
    else:
        writer.writerow(["words", "example_query", "filed", "filed_without_results", "last_filed"])
        for g in data.gaps:
            last = g.last_filed.isoformat() if g.last_filed else ""
            writer.writerow(
                [_cell(g.query_key), _cell(g.example), g.filed, g.without_results, last]
            )
    return response
