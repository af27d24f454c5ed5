"""SLA arithmetic: due times in calendar or business minutes, and a case's current state.

Business hours are counted in the site's time zone (`TIME_ZONE`), from `business_start_hour` to
`business_end_hour` on the policy's working days.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from crowdservice.cases.models import Case, SlaPolicy, SlaState

DEFAULT_DAYS = [1, 2, 3, 4, 5]


def add_business_minutes(start: datetime, minutes: int, policy: SlaPolicy) -> datetime:
    """`start` plus `minutes` of working time under the policy."""
    if not policy.business_hours_only:
        return start + timedelta(minutes=minutes)
    days = set(policy.business_days or DEFAULT_DAYS)
    begin, end = policy.business_start_hour, policy.business_end_hour
    if end <= begin or not days:
        return start + timedelta(minutes=minutes)
    current = timezone.localtime(start)
    remaining = timedelta(minutes=minutes)
    for _ in range(3660):  # at most ten years of days: a policy can never loop forever
        day_start = current.replace(hour=begin, minute=0, second=0, microsecond=0)
        day_end = current.replace(hour=end, minute=0, second=0, microsecond=0)
        if current.isoweekday() in days and current < day_end:
            current = max(current, day_start)
            available = day_end - current
            if remaining <= available:
                return current + remaining
            remaining -= available
        current = (current + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return current


def apply_targets(case: Case, policy: SlaPolicy | None, start: datetime) -> None:
    """Set the case's due times from its priority's policy (not saved)."""
    if policy is None:
        case.first_response_due = case.resolution_due = None
        case.sla_state = SlaState.NONE
        return
    if case.first_response_at is None:
        case.first_response_due = add_business_minutes(start, policy.first_response_minutes, policy)
    case.resolution_due = add_business_minutes(start, policy.resolution_minutes, policy)
    case.sla_state = SlaState.OK


def state_at(case: Case, policy: SlaPolicy | None, now: datetime) -> str:
    """What the SLA state of an unresolved case is at `now`."""
    if policy is None:
        return SlaState.NONE
    targets: list[tuple[datetime, datetime]] = []
    if case.first_response_at is None and case.first_response_due is not None:
        targets.append((case.created_at, case.first_response_due))
    if case.resolution_due is not None:
        targets.append((case.created_at, case.resolution_due))
    state = SlaState.OK
    for start, due in targets:
        if now >= due:
            return SlaState.BREACHED
        total = (due - start).total_seconds()
        if total > 0 and (now - start).total_seconds() >= total * policy.warn_percent / 100:
            state = SlaState.WARNING
    return state
