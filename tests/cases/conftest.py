"""Fixtures of the case tests: cases built through the actions, a queue, and real SMTP."""

from __future__ import annotations

import smtplib
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from crowdservice.accounts.models import User
from crowdservice.cases.actions import do_open_case
from crowdservice.cases.mail.smtp import start_listener
from crowdservice.cases.models import Case, Queue
from tests.accounts.conftest import Mailbox, smtp_mailbox
from tests.api.conftest import api

__all__ = ["Mailbox", "api", "smtp_mailbox"]


@pytest.fixture
def make_case(db: None) -> Callable[..., Case]:
    counter = iter(range(1, 10_000))

    def build(requester: User, **fields: Any) -> Case:
        n = next(counter)
        return do_open_case(
            requester=requester,
            subject=fields.pop("subject", f"My router reboots every hour ({n})"),
            description=fields.pop("description", "Since the update it restarts by itself."),
            **fields,
        )

    return build


@pytest.fixture
def case(customer: User, make_case: Callable[..., Case]) -> Case:
    return make_case(customer)


@pytest.fixture
def queue(db: None, agent: User) -> Queue:
    queue = Queue.objects.create(slug="general", name="General", round_robin=False)
    queue.members.add(agent)
    return queue


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Listener:
    def __init__(self, port: int) -> None:
        self.port = port

    def send(self, raw: bytes, sender: str = "someone@example.com") -> None:
        # Mail travels with CRLF line ends (smtplib sends bytes as they are).
        raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        with smtplib.SMTP("127.0.0.1", self.port, timeout=30) as smtp:
            smtp.sendmail(sender, ["support@localhost"], raw)


@pytest.fixture
def listener(transactional_db: None) -> Iterator[Listener]:
    """The real inbound SMTP listener, on a free port, processing mail as it arrives."""
    controller = start_listener("127.0.0.1", free_port())
    try:
        yield Listener(controller.port)
    finally:
        controller.stop()
