"""Voting fraud: one person upvoting themselves through a second account from the same address,
and vote rings (accounts upvoting each other again and again). Findings go to moderators.

Addresses are never stored: only a keyed hash (HMAC with the site's secret) of each address a
member wrote from, so matching works and the address itself can't be read back. The moderation
app can list open findings with `open_findings()` for its review queue.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from crowdservice.reputation.models import (
    AbuseFinding,
    AddressSighting,
    Category,
    FindingKind,
    FindingStatus,
    Reason,
    ReputationEntry,
)

# Addresses and votes this recent count; older sightings are forgotten (`forget_old_sightings`).
WINDOW = timedelta(days=30)
# Each of two accounts upvoted the other at least this often within the window.
RING_MIN_VOTES = 5
UPVOTE_REASONS = (Reason.QUESTION_UPVOTED, Reason.ANSWER_UPVOTED)


def hash_address(address: str) -> str:
    return salted_hmac("crowdservice.reputation.address", address, algorithm="sha256").hexdigest()[
        :32
    ]


def client_address(request: HttpRequest) -> str:
    """The client's address; behind our proxy, the last X-Forwarded-For hop (the one it adds)."""
    from django.conf import settings

    forwarded = request.headers.get("x-forwarded-for", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded:
        return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def record_sighting(user_id: int, address: str, *, when: datetime | None = None) -> None:
    if not address:
        return
    when = when or timezone.now()
    digest = hash_address(address)
    updated = AddressSighting.objects.filter(user_id=user_id, address_hash=digest).update(
        last_seen=when
    )
    if not updated:
        AddressSighting.objects.bulk_create(
            [
                AddressSighting(
                    user_id=user_id, address_hash=digest, first_seen=when, last_seen=when
                )
            ],
            ignore_conflicts=True,
        )


def forget_old_sightings() -> int:
    deleted, _ = AddressSighting.objects.filter(last_seen__lt=timezone.now() - WINDOW).delete()
    return deleted


def _shared_address(first: int, second: int, since: datetime) -> bool:
    mine = AddressSighting.objects.filter(user_id=first, last_seen__gte=since).values(
        "address_hash"
    )
    return AddressSighting.objects.filter(
        user_id=second, last_seen__gte=since, address_hash__in=mine
    ).exists()


def _upvotes(voter_id: int, author_id: int, since: datetime) -> int:
    return ReputationEntry.objects.filter(
        user_id=author_id, other_user_id=voter_id, reason__in=UPVOTE_REASONS, created_at__gte=since
    ).count()


def open_finding(kind: str, first: int, second: int, evidence: str, votes: int) -> AbuseFinding:
    now = timezone.now()
    finding = AbuseFinding.objects.filter(
        kind=kind, first_user_id=first, second_user_id=second, status=FindingStatus.OPEN
    ).first()
    if finding is None:
        return AbuseFinding.objects.create(
            kind=kind, first_user_id=first, second_user_id=second, evidence=evidence,
            vote_count=votes, created_at=now, updated_at=now,
        )  # fmt: skip
    finding.evidence, finding.vote_count, finding.updated_at = evidence, votes, now
    finding.save(update_fields=["evidence", "vote_count", "updated_at"])
    return finding


def check_upvote(*, voter_id: int, author_id: int, when: datetime) -> None:
    """After an upvote: flag it if voter and author share an address, or trade votes a lot.
    Runs in the vote consumer, which holds both people's locks."""
    since = when - WINDOW
    if _shared_address(voter_id, author_id, since):
        votes = _upvotes(voter_id, author_id, since)
        open_finding(
            FindingKind.SAME_ADDRESS, voter_id, author_id,
            f"Upvoted {votes} posts of an account that wrote from the same address "
            "in the last 30 days.",
            votes,
        )  # fmt: skip
    given, received = _upvotes(voter_id, author_id, since), _upvotes(author_id, voter_id, since)
    if given >= RING_MIN_VOTES and received >= RING_MIN_VOTES:
        first, second = sorted((voter_id, author_id))
        open_finding(
            FindingKind.VOTE_RING, first, second,
            f"Upvoted each other {given + received} times in the last 30 days "
            f"({given} and {received}).",
            given + received,
        )  # fmt: skip


def open_findings() -> QuerySet[AbuseFinding]:
    """Open findings, newest activity first: for the moderators' list and review queues."""
    return AbuseFinding.objects.filter(status=FindingStatus.OPEN).select_related(
        "first_user", "second_user"
    )


def pair_vote_entries(finding: AbuseFinding) -> QuerySet[ReputationEntry]:
    """The vote entries the finding is about: one way for same-address votes, both for rings."""
    a, b = finding.first_user_id, finding.second_user_id
    pair = Q(user_id=b, other_user_id=a)
    if finding.kind == FindingKind.VOTE_RING:
        pair |= Q(user_id=a, other_user_id=b)
    return ReputationEntry.objects.filter(pair, category=Category.VOTE)


def standing_pair_points(finding: AbuseFinding) -> list[dict[str, Any]]:
    return [
        dict(row)
        for row in pair_vote_entries(finding)
        .values("user_id", "other_user_id", "post_type", "post_id", "question_id", "space_id")
        .annotate(n=Sum("points"), votes=Count("id"))
        .filter(n__gt=0)
        .order_by()
    ]
