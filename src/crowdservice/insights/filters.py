"""The dashboards' filters: a date range (from/to, or a 7/30/90-day preset) and a space.

Bad input gets a sentence: an unreadable date or a range that ends before it starts is a 422, an
unknown space a 404. A range that runs into the future is cut at today, with a notice saying so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.utils import timezone

from crowdservice.community.models import Space
from crowdservice.core.errors import NotFound, ValidationFailed
from crowdservice.insights.rollup import day_bounds, utc_day

PRESETS = (7, 30, 90)
DEFAULT_DAYS = 30
# The longest range a dashboard draws: a year and a day, so a leap year fits.
MAX_DAYS = 366


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    space_id: int | None = None
    space_slug: str = ""
    space_name: str = ""
    preset: int | None = None
    notices: tuple[str, ...] = field(default=())

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def since(self) -> datetime:
        return day_bounds(self.start)[0]

    @property
    def until(self) -> datetime:
        return day_bounds(self.end)[1]

    def day_list(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    def query(self, **extra: str) -> str:
        """The filters as a query string (for links, CSV downloads and the API)."""
        params = {"from": self.start.isoformat(), "to": self.end.isoformat()}
        if self.space_slug:
            params["space"] = self.space_slug
        params.update(extra)
        return urlencode(params)

    @property
    def label(self) -> str:
        where = f" in {self.space_name}" if self.space_name else ", all spaces"
        return f"{self.start:%b} {self.start.day}, {self.start.year} to {self.end:%b} {self.end.day}, {self.end.year}{where}"  # noqa: E501


def _date(raw: str, name: str, errors: dict[str, list[str]]) -> date | None:
    raw = raw.strip()[:20]
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = [f"Write the date as YYYY-MM-DD (for example 2026-03-31), not {raw!r}."]
        return None


def resolve_space(raw: str) -> Space | None:
    """A space by slug or id; None for "all spaces"; NotFound for one that does not exist."""
    ref = raw.strip()[:60]
    if not ref:
        return None
    space = Space.objects.filter(slug=ref).first()
    if space is None and ref.isdigit():
        space = Space.objects.filter(pk=int(ref)).first()
    if space is None:
        raise NotFound(f"There is no space {ref!r}; pick one from the list or use its slug.")
    return space


def parse_filters(params: Mapping[str, str], *, today: date | None = None) -> Filters:
    today = today or utc_day(timezone.now())
    errors: dict[str, list[str]] = {}
    start = _date(params.get("from") or params.get("start") or "", "from", errors)
    end = _date(params.get("to") or params.get("end") or "", "to", errors)
    raw_days = (params.get("days") or "").strip()
    preset = int(raw_days) if raw_days.isdigit() and int(raw_days) in PRESETS else None
    if raw_days and preset is None:
        errors["days"] = [f"Choose one of the presets: {', '.join(map(str, PRESETS))} days."]
    if errors:
        raise ValidationFailed(errors)
    notices: list[str] = []
    if end is not None and end > today:
        notices.append(f"The range ended in the future ({end}); it now ends today ({today}).")
        end = today
    if start is None and end is None:
        days = preset or DEFAULT_DAYS
        end = today
        start = today - timedelta(days=days - 1)
    elif start is None:
        assert end is not None
        start = end - timedelta(days=(preset or DEFAULT_DAYS) - 1)
    elif end is None:
        end = today
    assert start is not None
    assert end is not None
    if start > today:
        raise ValidationFailed(
            {"from": [f"The range starts in the future ({start}); there is no data yet."]}
        )
    if start > end:
        raise ValidationFailed(
            {"from": [f"The range starts ({start}) after it ends ({end}); swap the two dates."]}
        )
    if (end - start).days + 1 > MAX_DAYS:
        raise ValidationFailed(
            {
                "from": [
                    f"A dashboard covers at most {MAX_DAYS} days; this range has "
                    f"{(end - start).days + 1}. Pick a later start date."
                ]
            }
        )
    space = resolve_space(params.get("space") or "")
    return Filters(
        start=start,
        end=end,
        space_id=space.pk if space else None,
        space_slug=space.slug if space else "",
        space_name=space.name if space else "",
        preset=preset if preset and end == today and (end - start).days + 1 == preset else None,
        notices=tuple(notices),
    )
