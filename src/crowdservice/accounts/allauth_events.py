"""Writes that django-allauth makes on its own pages also go to the event log.

allauth is a third party, so its signals are the extension point (our own code calls actions
directly). Each receiver records one event in the transaction of the request that made the change.
"""

from __future__ import annotations

from typing import Any

from allauth.account import signals
from django.db import transaction
from django.dispatch import Signal

from crowdservice.core.events import record_event

# allauth signal -> our verb, and the name of the argument that carries the email address.
SIGNALS: dict[str, tuple[Signal, str | None]] = {
    "user.email_confirmed": (signals.email_confirmed, "email_address"),
    "user.email_added": (signals.email_added, "email_address"),
    "user.email_removed": (signals.email_removed, "email_address"),
    "user.email_changed": (signals.email_changed, "to_email_address"),
    "user.password_changed": (signals.password_changed, None),
    "user.password_reset": (signals.password_reset, None),
    "user.password_set": (signals.password_set, None),
}


def _receiver(verb: str, email_arg: str | None) -> Any:
    def receive(sender: Any, request: Any = None, **kwargs: Any) -> None:
        email_address = kwargs.get(email_arg) if email_arg else None
        user = kwargs.get("user") or getattr(email_address, "user", None)
        if user is None:
            return
        # Only the fact is logged, never the address itself: the log feeds analytics.
        payload = {"primary": bool(getattr(email_address, "primary", False))} if email_arg else {}
        with transaction.atomic():
            record_event(actor=user, verb=verb, target=user, payload=payload)

    receive.__name__ = f"record_{verb.replace('.', '_')}"
    return receive


def connect() -> None:
    for verb, (signal, email_arg) in SIGNALS.items():
        signal.connect(_receiver(verb, email_arg), dispatch_uid=f"crowdservice:{verb}", weak=False)
