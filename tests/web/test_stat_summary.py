"""One style for rows of headline numbers: the deflection report and the insights dashboards
share `.stat-summary` (they used to carry two copies of the same rules)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from crowdservice.accounts.models import User
from tests.web.helpers import Browser, text


@pytest.mark.parametrize(
    "path", ["/deflection/report/", "/insights/", "/insights/community/", "/insights/support/"]
)
def test_the_headline_numbers_use_the_shared_class(
    path: str, agent: User, browse: Callable[[User | None], Browser]
) -> None:
    html = text(browse(agent).get(path))
    assert '<dl class="stat-summary">' in html
    assert "insights-stats" not in html
    assert "deflect-summary" not in html


def test_the_stylesheet_has_one_copy_of_the_rules() -> None:
    found = finders.find("core/css/app.css")
    assert isinstance(found, str)
    css = Path(found).read_text()
    assert css.count(".stat-summary {") == 1
    assert ".insights-stats" not in css
    assert ".deflect-summary" not in css
