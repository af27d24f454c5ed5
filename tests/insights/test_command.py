"""`crowdservice rebuild_insights`: the whole log, or from a day on; a bad date is a sentence."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from crowdservice.insights.models import DailyCount, RollupCursor
from tests.insights.conftest import D2, World

pytestmark = pytest.mark.django_db


def test_rebuild_command(world: World) -> None:
    out = StringIO()
    call_command("rebuild_insights", stdout=out)
    assert "Rebuilt" in out.getvalue()
    assert DailyCount.objects.filter(metric="questions").exists()
    assert RollupCursor.objects.get(name="events").last_event_id > 0
    rows = sorted(DailyCount.objects.values_list("day", "space_id", "metric", "value"))
    call_command("rebuild_insights", "--since", str(D2), stdout=StringIO())
    assert sorted(DailyCount.objects.values_list("day", "space_id", "metric", "value")) == rows


def test_rebuild_command_refuses_a_bad_date(db: None) -> None:
    with pytest.raises(CommandError, match="like 2026-01-31"):
        call_command("rebuild_insights", "--since", "last week")


def test_rebuild_command_rebuilds_the_preset_snapshots(world: World) -> None:
    from crowdservice.insights.models import ContributorSnapshot

    call_command("rebuild_insights", stdout=StringIO())
    assert ContributorSnapshot.objects.filter(space_id=0).count() == 3  # 7, 30 and 90 days
    ContributorSnapshot.objects.all().delete()
    call_command("rebuild_insights", "--since", str(D2), stdout=StringIO())
    assert ContributorSnapshot.objects.filter(space_id=0).count() == 3
