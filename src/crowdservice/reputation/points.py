"""The point table (settings, validated in `config.py`) and the daily cap on points from votes."""

from __future__ import annotations

from django.conf import settings


def points(reason: str) -> int:
    return int(settings.CROWDSERVICE_REPUTATION_POINTS[reason])


def daily_vote_cap() -> int:
    return int(settings.CROWDSERVICE_REPUTATION_DAILY_VOTE_CAP)
