"""`crowdservice serve` refuses a port that is taken, before it starts anything."""

from __future__ import annotations

import socket

import pytest
from django.core.management import CommandError, call_command


def test_a_taken_port_is_a_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CommandError, match=rf"Cannot serve on 127.0.0.1:{port}: .*PORT=8001"):
            call_command("serve", port=port, no_demo=True)
