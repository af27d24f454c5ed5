"""Deflection sessions: starting one, suggesting content, and recording what the person did.

A session's outcome moves forward only: undecided → abandoned (a guess, by the timeout job) →
self-solved or filed. Filing is final and wins over everything ("this answered it" followed by
filing anyway is not a deflection); self-solved is final against a later abandonment. Repeating
a step (a second click on "this answered my question", a retried API call) changes nothing.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.core.errors import NotFound, ValidationFailed
from crowdservice.core.events import record_event
from crowdservice.deflection.models import (
    MAX_QUERY_LENGTH,
    DeflectionEvent,
    DeflectionSession,
    EventKind,
    Outcome,
    Surface,
)
from crowdservice.search.service import SUGGESTION_LIMIT, suggest
from crowdservice.search.types import SearchHit, parse_query

AnyUser = User | AnonymousUser

# Suggestions start from this many characters of the title (fewer say too little to search).
MIN_QUERY_CHARS = 10
MAX_TOKEN_LENGTH = 64
# What secrets.token_urlsafe produces; anything else (NUL, spaces, quotes) is no token at all.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
OBJECT_KINDS = frozenset({"question", "answer", "article", "case"})
# Sessions that never searched (the form was opened and closed) carry nothing worth keeping.
EMPTY_SESSION_TTL = timedelta(days=1)
_BATCH = 500


def abandon_after() -> timedelta:
    return timedelta(minutes=settings.CROWDSERVICE_DEFLECTION_ABANDON_MINUTES)


def clean_text(raw: str, limit: int = 10_000) -> str:
    """Any input made storable and searchable: no NUL (PostgreSQL refuses it), no lone
    surrogates (they are not UTF-8; JSON can carry them), and no more than a title needs."""
    return raw[:limit].encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")


def query_key(text: str) -> str:
    """The words of a query, sorted: "Wi-Fi drops at night" and "drops at night wifi" group."""
    return " ".join(sorted(parse_query(text).terms))[:MAX_QUERY_LENGTH]


def _owner_id(user: AnyUser | None) -> int | None:
    return user.pk if user is not None and user.is_authenticated else None


def access_session(user: AnyUser, token: str) -> DeflectionSession:
    """The session with this token if it is the user's own (anonymous ones: anonymous only)."""
    found = None
    if _TOKEN.fullmatch(token):
        found = DeflectionSession.objects.filter(token=token).first()
    # Someone else's session is "not found", exactly like a token that does not exist.
    if found is None or found.user_id != _owner_id(user):
        raise NotFound("There is no such deflection session, or it belongs to someone else.")
    return found


def check_object(object_kind: str, object_id: int) -> None:
    errors: dict[str, list[str]] = {}
    if object_kind not in OBJECT_KINDS:
        kinds = ", ".join(sorted(OBJECT_KINDS))
        errors["object_kind"] = [f"The kind of content must be one of {kinds}."]
    if object_id < 1:
        errors["object_id"] = ["The id must be a positive number."]
    if errors:
        raise ValidationFailed(errors)


def new_session(
    *, user: AnyUser, surface: Surface, space_id: int | None = None
) -> DeflectionSession:
    """A session not yet saved: `do_suggest` saves it with its first search in one write."""
    now = timezone.now()
    return DeflectionSession(
        token=secrets.token_urlsafe(32),
        user_id=_owner_id(user),
        surface=surface,
        space_id=space_id,
        started_at=now,
        last_activity_at=now,
    )


def do_start_session(
    *, user: AnyUser, surface: Surface, space_id: int | None = None
) -> DeflectionSession:
    """A new session for one attempt to file; its token is the only way to refer to it."""
    session = new_session(user=user, surface=surface, space_id=space_id)
    session.save(force_insert=True)
    return session


@dataclass(frozen=True)
class Suggestions:
    session: DeflectionSession
    query: str  # the cleaned text that was searched
    hits: list[SearchHit]
    searched: bool  # False when the text was too short to search


def do_suggest(
    *, session: DeflectionSession, user: AnyUser, text: str, space_id: int | None = None
) -> Suggestions:
    """The best existing content for `text`, recorded as shown in the session.

    Only what the search interface returns is shown, and it returns only what `user` may open.
    Each suggestion is recorded once per session, however often the person retypes. A session
    from `new_session` is saved here, with its first search, in the same transaction.
    """
    cleaned = parse_query(clean_text(text)).text
    if len(cleaned) < MIN_QUERY_CHARS:
        if session.pk is None:
            session.save(force_insert=True)  # its token is handed out: it must exist
        return Suggestions(session=session, query=cleaned, hits=[], searched=False)
    hits = suggest(user, cleaned, limit=SUGGESTION_LIMIT, space_id=space_id)
    now = timezone.now()
    changes: dict[str, Any] = {
        "last_query": cleaned[:MAX_QUERY_LENGTH],
        "query_key": query_key(cleaned),
        "last_activity_at": now,
    }
    if space_id is not None:
        changes["space_id"] = space_id
    with transaction.atomic():
        if session.pk is None:
            for field, value in changes.items():
                setattr(session, field, value)
            session.searches = 1
            session.searches_with_results = 1 if hits else 0
            session.save(force_insert=True)
        else:
            # One UPDATE with the counters incremented in the database: concurrent calls in the
            # same session (typing fast, two tabs) cannot lose a count, and no row lock or
            # read is needed first.
            DeflectionSession.objects.filter(pk=session.pk).update(
                searches=F("searches") + 1,
                searches_with_results=F("searches_with_results") + (1 if hits else 0),
                **changes,
            )
            for field, value in changes.items():
                setattr(session, field, value)
            session.searches += 1
            session.searches_with_results += 1 if hits else 0
        if hits:
            DeflectionEvent.objects.bulk_create(
                [
                    DeflectionEvent(
                        session=session,
                        kind=EventKind.SHOWN,
                        query=session.last_query,
                        object_kind=hit.kind,
                        object_id=hit.object_id,
                        rank=rank,
                        score=hit.score,
                        title=hit.title[:300],
                        url=hit.url[:500],
                        created_at=now,
                    )
                    for rank, hit in enumerate(hits, start=1)
                ],
                ignore_conflicts=True,
            )
    return Suggestions(session=session, query=cleaned, hits=hits, searched=True)


def _shown(session: DeflectionSession, object_kind: str, object_id: int) -> DeflectionEvent:
    """The suggestion as it was shown in this session; nothing else can be opened or credited."""
    shown = DeflectionEvent.objects.filter(
        session=session, kind=EventKind.SHOWN, object_kind=object_kind, object_id=object_id
    ).first()
    if shown is None:
        raise NotFound("That suggestion was not offered in this session.")
    return shown


def _record_about(
    shown: DeflectionEvent, session: DeflectionSession, kind: str, now: datetime
) -> DeflectionEvent:
    """An event about a suggestion, carrying what was shown (its rank, score, title, URL)."""
    return DeflectionEvent.objects.create(
        session=session,
        kind=kind,
        query=session.last_query,
        object_kind=shown.object_kind,
        object_id=shown.object_id,
        rank=shown.rank,
        score=shown.score,
        title=shown.title,
        url=shown.url,
        created_at=now,
    )


def _payload(session: DeflectionSession) -> dict[str, Any]:
    # Never the token: the event log is read by consumers and admins, the token is a capability.
    return {"session_id": session.pk, "surface": session.surface, "space_id": session.space_id}


@dataclass(frozen=True)
class Opened:
    suggestion: DeflectionEvent  # as shown: its url is where to send the person
    recorded: bool  # False when it had been opened before in this session


def do_record_open(
    *, session: DeflectionSession, user: AnyUser, object_kind: str, object_id: int
) -> Opened:
    """The person opened a suggestion (counted once per session; each open keeps it active)."""
    shown = _shown(session, object_kind, object_id)
    now = timezone.now()
    with transaction.atomic():
        locked = DeflectionSession.objects.select_for_update().get(pk=session.pk)
        locked.last_activity_at = now
        first_open = not DeflectionEvent.objects.filter(
            session=locked, kind=EventKind.OPENED, object_kind=object_kind, object_id=object_id
        ).exists()
        if first_open:
            locked.opened_count += 1
        locked.save(update_fields=["last_activity_at", "opened_count"])
        if first_open:
            _record_about(shown, locked, EventKind.OPENED, now)
            record_event(
                actor=user,
                verb="deflection.suggestion_opened",
                target=locked,
                payload={
                    **_payload(locked),
                    "object_kind": object_kind,
                    "object_id": object_id,
                    "rank": shown.rank,
                },
            )
    return Opened(suggestion=shown, recorded=first_open)


@dataclass(frozen=True)
class SelfSolved:
    session: DeflectionSession
    suggestion: DeflectionEvent  # the suggestion as it was shown
    recorded: bool  # False: the session was already self-solved or filed


def do_record_self_solved(
    *, session: DeflectionSession, user: AnyUser, object_kind: str, object_id: int
) -> SelfSolved:
    """ "This answered my question", about one of the suggestions shown in the session.

    A second click (or a retried call) never counts twice, and a session already filed stays
    filed: the person did not get their answer from the suggestion after all.
    """
    shown = _shown(session, object_kind, object_id)
    now = timezone.now()
    with transaction.atomic():
        locked = DeflectionSession.objects.select_for_update().get(pk=session.pk)
        if locked.outcome not in (Outcome.UNDECIDED, Outcome.ABANDONED):
            return SelfSolved(session=locked, suggestion=shown, recorded=False)
        replaces = locked.outcome
        _drop_provisional(locked)
        _decide(locked, Outcome.SELF_SOLVED, now, object_kind=object_kind, object_id=object_id)
        _record_about(shown, locked, EventKind.SELF_SOLVED, now)
        record_event(
            actor=user,
            verb="deflection.self_solved",
            target=locked,
            payload={
                **_payload(locked),
                "object_kind": object_kind,
                "object_id": object_id,
                "rank": shown.rank,
                "replaces": replaces,
            },
        )
    return SelfSolved(session=locked, suggestion=shown, recorded=True)


def do_record_filed(
    session_token: str, user: AnyUser, object_kind: str, object_id: int, *, title: str = ""
) -> DeflectionSession | None:
    """The person filed anyway (a question now, a case later), from the form's session token.

    Called after the filing succeeded; a missing, foreign or stale token is ignored (None), since
    bookkeeping must never stand in the way of someone asking for help.
    """
    try:
        session = access_session(user, session_token)
    except NotFound:
        return None
    return do_record_filed_in(
        session=session, user=user, object_kind=object_kind, object_id=object_id, title=title
    )


def do_record_filed_in(
    *,
    session: DeflectionSession,
    user: AnyUser,
    object_kind: str,
    object_id: int,
    title: str = "",
) -> DeflectionSession:
    """Record the filing in a session already checked to be the user's (idempotent)."""
    now = timezone.now()
    with transaction.atomic():
        locked = DeflectionSession.objects.select_for_update().get(pk=session.pk)
        if locked.outcome in (Outcome.FILED_ANYWAY, Outcome.FILED):
            return locked
        replaces = locked.outcome
        _drop_provisional(locked, also_self_solved=True)
        if cleaned := parse_query(clean_text(title)).text:
            # What was finally asked is the best description of a content gap.
            locked.last_query = cleaned[:MAX_QUERY_LENGTH]
            locked.query_key = query_key(cleaned)
        shown = locked.was_shown_suggestions
        outcome = Outcome.FILED_ANYWAY if shown else Outcome.FILED
        _decide(locked, outcome, now, object_kind=object_kind, object_id=object_id)
        if shown:
            DeflectionEvent.objects.create(
                session=locked,
                kind=EventKind.FILED_ANYWAY,
                query=locked.last_query,
                object_kind=object_kind,
                object_id=object_id,
                created_at=now,
            )
            record_event(
                actor=user,
                verb="deflection.filed_anyway",
                target=locked,
                payload={
                    **_payload(locked),
                    "object_kind": object_kind,
                    "object_id": object_id,
                    "replaces": replaces,
                },
            )
    return locked


def _drop_provisional(session: DeflectionSession, *, also_self_solved: bool = False) -> None:
    """An outcome that a later one replaces leaves the report (the event log keeps both)."""
    kinds = [EventKind.ABANDONED, *([EventKind.SELF_SOLVED] if also_self_solved else [])]
    DeflectionEvent.objects.filter(session=session, kind__in=kinds).delete()


def _decide(
    session: DeflectionSession,
    outcome: Outcome,
    now: datetime,
    *,
    object_kind: str = "",
    object_id: int | None = None,
) -> None:
    session.outcome = outcome
    session.decided_at = now
    session.last_activity_at = now
    session.outcome_object_kind = object_kind
    session.outcome_object_id = object_id
    session.save(
        update_fields=[
            "outcome",
            "decided_at",
            "last_activity_at",
            "outcome_object_kind",
            "outcome_object_id",
            "last_query",
            "query_key",
        ]
    )


def do_mark_abandoned(*, now: datetime | None = None) -> int:
    """Sessions where a suggestion was opened and then nothing happened for the timeout.

    The person read existing content and did not come back to file: counted as deflected, and
    credited to the suggestion they opened last. Idempotent: each session is decided once, under
    its row lock, and a later filing or "this answered it" replaces the guess.
    """
    now = now or timezone.now()
    cutoff = now - abandon_after()
    marked = 0
    while True:
        ids = list(
            DeflectionSession.objects.filter(
                outcome=Outcome.UNDECIDED, opened_count__gt=0, last_activity_at__lt=cutoff
            )
            .order_by("last_activity_at", "pk")
            .values_list("pk", flat=True)[:_BATCH]
        )
        done = sum(_abandon(session_id, cutoff, now) for session_id in ids)
        marked += done
        # Every scanned session is now decided or no longer matches; stop if none could be.
        if len(ids) < _BATCH or not done:
            return marked


def _abandon(session_id: int, cutoff: datetime, now: datetime) -> int:
    with transaction.atomic():
        session = (
            # Lock the session row only: PostgreSQL cannot lock the (nullable) user side of the
            # outer join, and needs not to.
            DeflectionSession.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=session_id)
            .first()
        )
        if (
            session is None
            or session.outcome != Outcome.UNDECIDED
            or session.opened_count == 0
            or session.last_activity_at >= cutoff
        ):
            return 0  # filed, solved or active again since the scan
        last_open = (
            DeflectionEvent.objects.filter(session=session, kind=EventKind.OPENED)
            .order_by("-created_at", "-pk")
            .first()
        )
        _decide(
            session,
            Outcome.ABANDONED,
            now,
            object_kind=last_open.object_kind if last_open else "",
            object_id=last_open.object_id if last_open else None,
        )
        DeflectionEvent.objects.create(
            session=session,
            kind=EventKind.ABANDONED,
            query=session.last_query,
            object_kind=last_open.object_kind if last_open else "",
            object_id=last_open.object_id if last_open else None,
            rank=last_open.rank if last_open else None,
            score=last_open.score if last_open else None,
            title=last_open.title if last_open else "",
            url=last_open.url if last_open else "",
            created_at=now,
        )
        record_event(
            actor=session.user,
            verb="deflection.abandoned",
            target=session,
            payload={
                **_payload(session),
                "object_kind": last_open.object_kind if last_open else "",
                "object_id": last_open.object_id if last_open else None,
                "idle_minutes": settings.CROWDSERVICE_DEFLECTION_ABANDON_MINUTES,
            },
        )
    return 1


def do_purge_empty_sessions(*, now: datetime | None = None) -> int:
    """Delete undecided sessions that never searched anything, a day after they started."""
    cutoff = (now or timezone.now()) - EMPTY_SESSION_TTL
    deleted, _ = DeflectionSession.objects.filter(
        outcome=Outcome.UNDECIDED, searches=0, started_at__lt=cutoff
    ).delete()
    return deleted
