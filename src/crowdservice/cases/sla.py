"""SLA arithmetic: due times in calendar or business minutes, pauses, and a case's current state.

Business hours are counted in the site's time zone (`TIME_ZONE`), from `business_start_hour` to
`business_end_hour` on the policy's working days.

The resolution clock runs while a case is new, open or on hold and stops while it is pending the
customer (Zendesk's "requester wait time" is not held against the team): `pause` notes when it
stopped, `resume` adds the working time it stood still to `resolution_due`. The first-response
target never pauses.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from crowdservice.cases.models import Case, SlaPolicy, SlaState

DEFAULT_DAYS = [1, 2, 3, 4, 5]


def _working_hours(policy: SlaPolicy | None) -> tuple[set[int], int, int] | None:
    """The policy's working days and hours, or None when its clock runs around the clock."""
    if policy is None or not policy.business_hours_only:
        return None
    days = set(policy.business_days or DEFAULT_DAYS)
    begin, end = policy.business_start_hour, policy.business_end_hour
    if end <= begin or not days:
        return None
    return days, begin, end


def add_business_time(start: datetime, amount: timedelta, policy: SlaPolicy | None) -> datetime:
    """`start` plus `amount` of working time under the policy."""
    hours = _working_hours(policy)
    if hours is None:
        return start + amount
    days, begin, end = hours
    current = timezone.localtime(start)
    remaining = amount
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


def add_business_minutes(start: datetime, minutes: int, policy: SlaPolicy | None) -> datetime:
    """`start` plus `minutes` of working time under the policy."""
    return add_business_time(start, timedelta(minutes=minutes), policy)


def business_seconds_between(start: datetime, end: datetime, policy: SlaPolicy | None) -> int:
    """The working time from `start` to `end` under the policy, in whole seconds."""
    if end <= start:
        return 0
    hours = _working_hours(policy)
    if hours is None:
        return int((end - start).total_seconds())
    days, begin, finish = hours
    current = timezone.localtime(start)
    total = timedelta(0)
    for _ in range(3660):  # as in add_business_time: bounded, whatever the input
        if current >= end:
            break
        if current.isoweekday() in days:
            low = max(current, current.replace(hour=begin, minute=0, second=0, microsecond=0))
            high = min(current.replace(hour=finish, minute=0, second=0, microsecond=0), end)
            if high > low:
                total += high - low
        current = (current + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return int(total.total_seconds())


def _first_response_running(case: Case) -> bool:
    return case.first_response_at is None and case.first_response_due is not None


def show_pause(case: Case) -> list[str]:
    """A paused case whose only running target is the resolution shows PAUSED (not saved;
    returns the changed fields). While the first response is still due, that target keeps its
    state and the SLA job keeps checking it; a breach stays a breach."""
    if (
        case.sla_paused_at is not None
        and case.sla_state in (SlaState.OK, SlaState.WARNING)
        and not _first_response_running(case)
    ):
        case.sla_state = SlaState.PAUSED
        return ["sla_state"]
    return []


def pause(case: Case, now: datetime) -> list[str]:
    """Stop the resolution clock (the case now waits on the customer); returns changed fields."""
    if case.sla_paused_at is not None:
        return []
    case.sla_paused_at = now
    return ["sla_paused_at", *show_pause(case)]


def resume(case: Case, policy: SlaPolicy | None, now: datetime) -> tuple[int, list[str]]:
    """Restart a paused resolution clock: the due time moves out by the working time it stood
    still. Returns those seconds and the changed fields (not saved)."""
    if case.sla_paused_at is None:
        return 0, []
    paused = business_seconds_between(case.sla_paused_at, now, policy)
    case.sla_paused_at = None
    case.sla_paused_seconds += paused
    fields = ["sla_paused_at", "sla_paused_seconds"]
    if case.resolution_due is not None and paused:
        case.resolution_due = add_business_time(
            case.resolution_due, timedelta(seconds=paused), policy
        )
        fields.append("resolution_due")
    if case.sla_state == SlaState.PAUSED:
        # The SLA job takes it from here: a warning or breach is recorded on its next run.
        case.sla_state = SlaState.OK
        fields.append("sla_state")
    return paused, fields


def apply_targets(case: Case, policy: SlaPolicy | None, start: datetime) -> None:
    """Set the case's due times from its priority's policy (not saved); earlier pauses still
    count, and a case that is paused now stays paused."""
    if policy is None:
        case.first_response_due = case.resolution_due = None
        case.sla_state = SlaState.NONE
        return
    if case.first_response_at is None:
        case.first_response_due = add_business_minutes(start, policy.first_response_minutes, policy)
    case.resolution_due = add_business_time(
        start,
        timedelta(minutes=policy.resolution_minutes, seconds=case.sla_paused_seconds),
        policy,
    )
    case.sla_state = SlaState.OK
    show_pause(case)


def state_at(case: Case, policy: SlaPolicy | None, now: datetime) -> str:
    """What the SLA state of an unresolved case is at `now`."""
    if policy is None:
        return SlaState.NONE
    targets: list[tuple[datetime, datetime]] = []
    if _first_response_running(case) and case.first_response_due is not None:
        targets.append((case.created_at, case.first_response_due))
    if case.resolution_due is not None and case.sla_paused_at is None:
        # Time spent paused is not the team's: the warning share counts from a start moved by it.
        started = case.created_at + timedelta(seconds=case.sla_paused_seconds)
        targets.append((started, case.resolution_due))
    if not targets and case.sla_paused_at is not None:
        return SlaState.PAUSED
    state = SlaState.OK
    for start, due in targets:
        if now >= due:
            return SlaState.BREACHED
        total = (due - start).total_seconds()
        if total > 0 and (now - start).total_seconds() >= total * policy.warn_percent / 100:
            state = SlaState.WARNING
    return state
