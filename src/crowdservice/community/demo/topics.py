"""Every support topic of the demo community, space by space."""

from __future__ import annotations

from crowdservice.community.demo import (
    topics_firmware,
    topics_mesh,
    topics_security,
    topics_setup,
    topics_wifi,
)
from crowdservice.community.demo.catalog import Topic

TOPICS: tuple[Topic, ...] = (
    *topics_setup.TOPICS,
    *topics_wifi.TOPICS,
    *topics_mesh.TOPICS,
    *topics_security.TOPICS,
    *topics_firmware.TOPICS,
)
