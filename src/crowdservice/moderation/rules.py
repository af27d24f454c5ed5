"""The moderation settings (read from Django settings on each use, so tests can change them),
and the rules built on them: new accounts, flag weights, links, repeated text."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.reputation.privileges import reputation_of, threshold

LINK = re.compile(r"(?:https?://|ftp://|www\.)\S+", re.IGNORECASE)
# Weight of a flag from an account younger than the new-account age (Discourse weighs new
# users' flags less too); members' flags weigh 1, and trusted members' (who earned the
# reputation for the review queues) weigh 2, as Discourse trusts its higher trust levels more.
NEW_ACCOUNT_FLAG_WEIGHT = 0.25
TRUSTED_FLAG_WEIGHT = 2.0


def approve_first_posts() -> int:
    return int(settings.CROWDSERVICE_MODERATION_APPROVE_FIRST_POSTS)


def auto_hide_weight() -> float:
    return float(settings.CROWDSERVICE_MODERATION_AUTO_HIDE_WEIGHT)


def flags_per_hour() -> int:
    return int(settings.CROWDSERVICE_MODERATION_FLAGS_PER_HOUR)


def new_account_flags_per_post() -> int:
    return int(settings.CROWDSERVICE_MODERATION_NEW_ACCOUNT_FLAGS_PER_POST)


def new_account_links() -> int:
    return int(settings.CROWDSERVICE_MODERATION_NEW_ACCOUNT_LINKS)


def posts_per_10_minutes() -> int:
    return int(settings.CROWDSERVICE_MODERATION_POSTS_PER_10_MINUTES)


def repeats_per_day() -> int:
    return int(settings.CROWDSERVICE_MODERATION_REPEATS_PER_DAY)


def is_new_account(user: User) -> bool:
    """Younger than the configured age, and not staff (staff are trusted from day one)."""
    if user.is_staff_member:
        return False
    days = int(settings.CROWDSERVICE_MODERATION_NEW_ACCOUNT_DAYS)
    return user.date_joined > timezone.now() - timedelta(days=days)


def flag_weight(user: User) -> float:
    """How much a person's flag counts toward hiding a post. Trust is earned reputation (the
    "review" step of the ladder), not a role: staff roles bypass the ladder, not this."""
    if is_new_account(user):
        return NEW_ACCOUNT_FLAG_WEIGHT
    if reputation_of(user) >= threshold("review"):
        return TRUSTED_FLAG_WEIGHT
    return 1.0


def count_links(text: str) -> int:
    return len(LINK.findall(text))


def normalized(text: str) -> str:
    """Text compared for repeats: case and spacing ignored."""
    return " ".join(text.lower().split())
