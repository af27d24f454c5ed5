"""Appending to the event log and handing events to their consumers after commit.

Apps register consumers in `AppConfig.ready()`; `record_event` must run inside the write's
transaction, and the consumers run from a background job once that transaction has committed.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction

from crowdservice.core.models import Event

logger = logging.getLogger(__name__)

EventConsumer = Callable[[Event], None]
ALL_VERBS = "*"

_consumers: dict[str, list[EventConsumer]] = defaultdict(list)


def register_consumer(verbs: Iterable[str], consumer: EventConsumer) -> None:
    """Subscribe `consumer` to the given verbs (or `ALL_VERBS`). Consumers must be idempotent."""
    for verb in verbs:
        if consumer not in _consumers[verb]:
            _consumers[verb].append(consumer)


def consumers_for(verb: str) -> list[EventConsumer]:
    return [*_consumers.get(verb, []), *_consumers.get(ALL_VERBS, [])]


def object_type_of(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def record_event(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    verb: str,
    target: models.Model | None = None,
    payload: dict[str, Any] | None = None,
) -> Event:
    """Append an event in the caller's transaction; consumers run after commit."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"record_event({verb!r}) must be called inside transaction.atomic()")
    event = Event.objects.create(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        verb=verb,
        object_type=object_type_of(target) if target is not None else "",
        object_id=target.pk if target is not None else None,
        payload=payload or {},
    )
    if consumers_for(verb):
        event_id = event.pk
        transaction.on_commit(lambda: _enqueue(event_id))
    return event


def _enqueue(event_id: int) -> None:
    from crowdservice.core.jobs import process_event

    process_event(event_id)


_paused = threading.local()


@contextmanager
def consumers_paused(*consumers: EventConsumer) -> Iterator[None]:
    """Skip these consumers in this thread: a bulk load (the demo seed) does their work once at
    the end (index everything, score every thread) instead of once per event."""
    previous: frozenset[EventConsumer] = getattr(_paused, "consumers", frozenset())
    _paused.consumers = previous | set(consumers)
    try:
        yield
    finally:
        _paused.consumers = previous


def dispatch(event: Event) -> None:
    """Run every consumer of the event; one failing consumer does not stop the others."""
    failures: list[BaseException] = []
    paused: frozenset[EventConsumer] = getattr(_paused, "consumers", frozenset())
    for consumer in consumers_for(event.verb):
        if consumer in paused:
            continue
        try:
            consumer(event)
        except Exception as exc:
            logger.exception("Event consumer %s failed for %s", consumer.__qualname__, event)
            failures.append(exc)
    if failures:
        raise failures[0]
