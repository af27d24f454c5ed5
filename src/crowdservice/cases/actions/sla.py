"""The periodic SLA check: warnings and breaches, and the policy's escalation action."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from crowdservice.cases.actions.cases import lock_case, next_round_robin, raise_priority
from crowdservice.cases.models import UNRESOLVED_STATUSES, Case, SlaPolicy, SlaState
from crowdservice.cases.sla import apply_targets, state_at
from crowdservice.core.events import record_event

# Forward only: a case never goes back from breached to warning within one target.
# A paused case (waiting on the customer) ranks like "on track": pausing hides no warning, and the
# job never moves a case into PAUSED (only the status change does).
_RANK = {
    SlaState.NONE: 0, SlaState.OK: 1, SlaState.PAUSED: 1, SlaState.WARNING: 2,
    SlaState.BREACHED: 3,
}  # fmt: skip


@transaction.atomic
def _check_one(case_id: int, policy: SlaPolicy, now: datetime) -> str | None:
    case = lock_case(case_id)
    if case.status not in UNRESOLVED_STATUSES:
        return None
    state = state_at(case, policy, now)
    if _RANK[SlaState(state)] <= _RANK[SlaState(case.sla_state or SlaState.NONE)]:
        return None
    old = case.sla_state
    case.sla_state = state
    fields = ["sla_state"]
    if state == SlaState.WARNING:
        record_event(actor=None, verb="case.sla_warning", target=case, payload={"from": old})
    elif state == SlaState.BREACHED:
        target = "first_response" if case.first_response_at is None else "resolution"
        action = policy.breach_action
        payload: dict[str, object] = {"target": target, "action": action}
        if action == SlaPolicy.Action.RAISE_PRIORITY:
            raised = raise_priority(case.priority)
            payload["priority"] = {"from": case.priority, "to": raised}
            case.priority = raised
            fields.append("priority")
        elif action == SlaPolicy.Action.REASSIGN and case.queue is not None:
            chosen = next_round_robin(case.queue)
            if chosen is not None and chosen.pk != case.assignee_id:
                payload["assignee"] = {"from": case.assignee_id, "to": chosen.pk}
                case.assignee = chosen
                fields.append("assignee")
        record_event(actor=None, verb="case.sla_breached", target=case, payload=payload)
    case.save(update_fields=fields)
    return state


def do_check_slas(*, now: datetime | None = None) -> dict[str, int]:
    """Find cases that are about to breach or have breached; idempotent (states move forward
    only, so a repeated run records nothing twice). Paused cases (pending the customer, with
    only the resolution target left) are not looked at: their clock stands still."""
    now = now or timezone.now()
    policies = {p.priority: p for p in SlaPolicy.objects.all()}
    counts = {SlaState.WARNING.value: 0, SlaState.BREACHED.value: 0}
    candidates = Case.objects.filter(
        status__in=UNRESOLVED_STATUSES, sla_state__in=[SlaState.OK, SlaState.WARNING]
    ).values_list("pk", "priority")
    for case_id, priority in candidates.iterator():
        policy = policies.get(priority)
        if policy is None:
            continue
        state = _check_one(case_id, policy, now)
        if state in counts:
            counts[state] += 1
    return counts


def retarget(case: Case) -> None:
    """Recompute a case's due times from its current policy (after a policy change)."""
    apply_targets(case, SlaPolicy.objects.filter(priority=case.priority).first(), case.created_at)
