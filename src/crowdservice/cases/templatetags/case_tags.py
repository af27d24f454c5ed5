"""Template filters of the case pages: timeline entries in words, and work time."""

from __future__ import annotations

from django import template

from crowdservice.cases.models import Status
from crowdservice.core.models import Event

register = template.Library()

LABELS = {
    "case.created": "opened the case",
    "case.replied": "replied",
    "case.note_added": "added an internal note",
    "case.first_response": "first response",
    "case.solved": "solved the case",
    "case.closed": "closed the case",
    "case.reopened": "reopened the case",
    "case.assigned": "changed the assignee",
    "case.queue_changed": "moved it to another queue",
    "case.priority_changed": "changed the priority",
    "case.tags_changed": "changed the tags",
    "case.csat_rated": "rated the help",
    "case.merged": "merged this case into another",
    "case.merged_from": "merged another case into this one",
    "case.escalated": "escalated from the community",
    "case.published": "published the answer to the community",
    "case.sla_warning": "SLA about to breach",
    "case.sla_breached": "SLA breached",
    "case.work_logged": "recorded work time",
}


@register.filter
def event_label(event: Event) -> str:
    label = LABELS.get(event.verb, event.verb.removeprefix("case.").replace("_", " "))
    if event.verb == "case.status_changed":
        to = str(event.payload.get("to", ""))
        label = f"set the status to {Status(to).label.lower()}" if to in Status.values else label
    if event.verb == "case.published" and event.payload.get("mode") == "kb":
        label = "sent the answer to the knowledge base as a draft"
    return label


@register.filter
def work_duration(seconds: int | None) -> str:
    """Work time the way an agent says it: "45 s", "12 min", "2 h 5 min"."""
    total = int(seconds or 0)
    if total < 60:
        return f"{total} s"
    minutes = total // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"
