"""Agents' handle time: the seconds an agent worked on a case, timed on the case page and saved
with their reply, their property change, or when they leave the page (a beacon).

A record is bounded: nothing is stored for 0 seconds, and one record counts at most
`MAX_WORK_SECONDS` (a forgotten tab is not work); negative or non-numeric input is refused.
"""

from __future__ import annotations

import math
import re

from django.db import transaction
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.cases.access import require_agent
from crowdservice.cases.models import MAX_WORK_SECONDS, Case, CaseWorkLog, WorkSource
from crowdservice.core.errors import ValidationFailed
from crowdservice.core.events import record_event

_WHOLE = re.compile(r"[0-9]+")  # ASCII: int() would also take other scripts' digits
_MESSAGE = "Work time is a whole number of seconds, 0 or more."


def check_work_seconds(raw: object) -> int:
    """The seconds to record (0: nothing), capped at `MAX_WORK_SECONDS`; a `ValidationFailed`
    on `work_seconds` for anything else than a non-negative whole number."""
    value: int | None = None
    if isinstance(raw, bool):
        value = None
    elif isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and math.isfinite(raw) and raw.is_integer():
        value = int(raw)
    elif isinstance(raw, str):
        text = raw.strip()
        if not text:
            value = 0
        elif _WHOLE.fullmatch(text):
            # Past 15 digits it is far over the cap anyway (and int() of a huge string is slow).
            value = int(text) if len(text) <= 15 else MAX_WORK_SECONDS
    elif raw is None:
        value = 0
    if value is None or value < 0:
        raise ValidationFailed({"work_seconds": [_MESSAGE]})
    return min(value, MAX_WORK_SECONDS)


def check_work_source(source: str) -> None:
    if source not in WorkSource.values:
        raise ValidationFailed({"source": ["Choose one of: " + ", ".join(WorkSource.values)]})


def do_record_work_time(
    *, actor: User, case: Case, seconds: object, source: str
) -> CaseWorkLog | None:
    """Record `seconds` of `actor`'s work on `case` (agents only); None when there is nothing
    to record. Runs in the caller's transaction when there is one (a reply and its time are
    saved together)."""
    agent = require_agent(actor)
    value = check_work_seconds(seconds)
    check_work_source(source)
    if value == 0:
        return None
    with transaction.atomic():
        log = CaseWorkLog.objects.create(
            case=case, agent=agent, seconds=value, source=source, created_at=timezone.now()
        )
        record_event(
            actor=agent,
            verb="case.work_logged",
            target=case,
            payload={"seconds": value, "source": source, "log_id": log.pk},
        )
    return log
