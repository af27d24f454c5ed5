"""Background jobs of the core app."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from crowdservice.core.events import dispatch
from crowdservice.core.models import Event


@db_task(retries=3, retry_delay=10)
def process_event(event_id: int) -> None:
    """Hand one committed event to its consumers (each one idempotent, so retries are safe)."""
    event = Event.objects.filter(pk=event_id).select_related("actor").first()
    if event is not None:
        dispatch(event)
