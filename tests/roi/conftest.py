"""Fixtures of the ROI tests: measured activity built through the real actions (cases, replies
linking articles, CSAT, merges, deflection sessions) and saved scenarios."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from crowdservice.accounts.models import User
from crowdservice.roi.actions import do_save_scenario
from crowdservice.roi.models import Scenario
from tests.api.conftest import api  # noqa: F401 - the API tests' JSON client
from tests.deflection.conftest import fixed_hits  # noqa: F401 - deflection sessions' hits
from tests.knowledge.conftest import kb_section, make_article  # noqa: F401 - articles to link
from tests.roi.test_model import WORKED

__all__ = ["WORKED"]


@pytest.fixture
def save_scenario() -> Callable[..., Scenario]:
    def build(owner: User, name: str = "Worked example", **changes: Any) -> Scenario:
        shared = changes.pop("shared", False)
        return do_save_scenario(owner=owner, name=name, inputs={**WORKED, **changes}, shared=shared)

    return build
