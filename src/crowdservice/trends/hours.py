"""Hour arithmetic: every count is keyed by the start of a UTC hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

HOUR = timedelta(hours=1)


def floor_hour(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def ceil_hour(at: datetime) -> datetime:
    floored = floor_hour(at)
    return floored if floored == at.astimezone(UTC) else floored + HOUR


def hours_between(start: datetime, end: datetime) -> list[datetime]:
    """Hour starts in [start, end), both already on the hour."""
    count = int((end - start) / HOUR)
    return [start + i * HOUR for i in range(max(count, 0))]
