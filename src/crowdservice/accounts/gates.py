"""Login gates: higher apps (moderation) register checks that may refuse a person's sign-in.

A gate returns None to let the person in, or a sentence saying why not (shown to them). The
sign-in adapter and API token authentication ask every gate.
"""

from __future__ import annotations

from collections.abc import Callable

from crowdservice.accounts.models import User

LoginGate = Callable[[User], str | None]

_gates: list[LoginGate] = []


def register_login_gate(gate: LoginGate) -> None:
    if gate not in _gates:
        _gates.append(gate)


def login_refusal(user: User) -> str | None:
    """Why `user` may not sign in now, or None."""
    for gate in _gates:
        if message := gate(user):
            return message
    return None
