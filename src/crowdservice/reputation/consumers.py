"""Event consumers: the community's events become ledger entries, badges and abuse findings.

Each consumer is idempotent and order-safe: it locks an `AppliedState` row for the thing the
event changes (one person's vote on a post, a question's accepted answer, an answer's
endorsement, a post's deletion) and skips events older than the newest one applied, so a retried
or late job never double-counts or resurrects an undone vote. Each event sets a *state* (this
vote is now down) and the consumer appends what moves the ledger from the current net to it.

Verbs and payloads are the community's (`community/actions/`), and two from the apps above:
`answer.promoted_to_kb` / `answer.unpromoted_from_kb` (knowledge, when an article promoted from
an answer is published, and when archiving it takes the answer out of the knowledge base;
payload `answer_author_id`, `question_id`) and `post.spam_confirmed` / `post.spam_unconfirmed`
(moderation, when a moderator agrees with a spam flag or later shows the post again; payload
`author_id`, `post_type`, `question_id`, `post_id`: the event's target is moderation's record).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.urls import reverse

from crowdservice.core.models import Event
from crowdservice.notifications.actions import do_notify
from crowdservice.reputation import abuse, badges
from crowdservice.reputation.ledger import Change, append, lock_state, lock_users, vote_points_on
from crowdservice.reputation.models import (
    AppliedState,
    Badge,
    Category,
    Reason,
    ReputationEntry,
)
from crowdservice.reputation.points import daily_vote_cap, points
from crowdservice.reputation.registry import content

VOTE_VERBS = ("vote.cast", "vote.changed", "vote.withdrawn")
ACCEPT_VERBS = ("answer.accepted", "answer.unaccepted")
ENDORSE_VERBS = ("answer.endorsed", "answer.unendorsed")
DELETE_VERBS = ("question.deleted", "answer.deleted")
UNDELETE_VERBS = ("question.undeleted", "answer.undeleted")
CREATE_VERBS = ("question.created", "answer.created")
KB_VERBS = ("answer.promoted_to_kb", "answer.unpromoted_from_kb")
SPAM_VERBS = ("post.spam_confirmed", "post.spam_unconfirmed")


def _int(value: object) -> int | None:
    return int(value) if isinstance(value, int | str) and str(value).lstrip("-").isdigit() else None


def _space_of(question_id: int | None) -> int | None:
    if question_id is None:
        return None
    info = content().questions([question_id]).get(question_id)
    return info.space_id if info is not None else None


def _day(event: Event) -> date:
    return event.created_at.date()


def _is_deleted(kind: str, post_id: int, question_id: int | None) -> bool:
    keys = [f"deleted:{kind}:{post_id}"]
    if question_id is not None:
        keys.append(f"deleted:question:{question_id}")
    return AppliedState.objects.filter(key__in=keys, value__gt=0).exists()


def _claim(key: str, event: Event, value: int) -> bool:
    """Lock the thing's state; False if a newer (or this) event was applied already."""
    state = lock_state(key)
    if state.last_event_id >= event.pk:
        return False
    state.last_event_id, state.value = event.pk, value
    state.save(update_fields=["last_event_id", "value"])
    return True


# --- Votes ---------------------------------------------------------------------------------------


def apply_vote(event: Event) -> None:
    payload = event.payload
    voter, author = event.actor_id, _int(payload.get("post_author_id"))
    kind, post_id = str(payload.get("kind", "")), event.object_id
    question_id, value = _int(payload.get("question_id")), _int(payload.get("value")) or 0
    if voter is None or author is None or post_id is None or kind not in ("question", "answer"):
        return
    space_id = _space_of(question_id)
    with transaction.atomic():
        lock_users([author, voter])
        if not _claim(f"vote:{kind}:{post_id}:{voter}", event, value):
            return
        if _is_deleted(kind, post_id, question_id):
            return
        common = {
            "category": Category.VOTE,
            "event_id": event.pk,
            "post_type": kind,
            "post_id": post_id,
            "question_id": question_id,
            "space_id": space_id,
            "when": event.created_at,
        }
        changes: list[Change] = []
        # Undo what this vote gave so far (to the author, and the voter's own downvote cost).
        given = list(
            ReputationEntry.objects.filter(
                user_id=author, post_type=kind, post_id=post_id, category=Category.VOTE,
                other_user_id=voter,
            ).values_list("points", "day")
        )  # fmt: skip
        standing = sum(p for p, _ in given)
        if standing:
            changes.append(
                Change(user_id=author, other_user_id=voter, points=-standing,
                       reason=Reason.VOTE_UNDONE, key=f"e{event.pk}:u{author}:undo",
                       day=given[-1][1], **common)  # type: ignore[arg-type]
            )  # fmt: skip
        cost = sum(
            ReputationEntry.objects.filter(
                user_id=voter, post_type=kind, post_id=post_id, category=Category.VOTE
            ).values_list("points", flat=True)
        )
        if cost:
            changes.append(
                Change(user_id=voter, other_user_id=author, points=-cost,
                       reason=Reason.VOTE_UNDONE, key=f"e{event.pk}:u{voter}:undo",
                       day=_day(event), **common)  # type: ignore[arg-type]
            )  # fmt: skip
        if value == 1:
            reason = Reason.QUESTION_UPVOTED if kind == "question" else Reason.ANSWER_UPVOTED
            room = daily_vote_cap() - vote_points_on(author, _day(event))
            if standing > 0 and given[-1][1] == _day(event):
                room += standing  # the undo above frees today's room
            award = max(0, min(points(reason), room))
            changes.append(
                Change(user_id=author, other_user_id=voter, points=award, reason=reason,
                       key=f"e{event.pk}:u{author}:up", day=_day(event), **common)  # type: ignore[arg-type]
            )  # fmt: skip
        elif value == -1:
            changes.append(
                Change(user_id=author, other_user_id=voter, points=points("downvoted"),
                       reason=Reason.DOWNVOTED, key=f"e{event.pk}:u{author}:down",
                       day=_day(event), **common)  # type: ignore[arg-type]
            )  # fmt: skip
            if kind == "answer":
                changes.append(
                    Change(user_id=voter, other_user_id=author, points=points("downvote_cast"),
                           reason=Reason.DOWNVOTE_CAST, key=f"e{event.pk}:u{voter}:cast",
                           day=_day(event), **common)  # type: ignore[arg-type]
                )  # fmt: skip
        append(changes)
        if value == 1:
            abuse.check_upvote(voter_id=voter, author_id=author, when=event.created_at)
        badges.check_post_votes(author, kind, post_id, question_id, when=event.created_at)


# --- Accepted answers, endorsements, knowledge base, spam ----------------------------------------


def apply_accept(event: Event) -> None:
    payload = event.payload
    asker, question_id = event.actor_id, _int(payload.get("question_id"))
    answer_id, author = event.object_id, _int(payload.get("answer_author_id"))
    if asker is None or question_id is None or answer_id is None or author is None:
        return
    accepted = event.verb == "answer.accepted"
    space_id = _space_of(question_id)
    standing = (
        ReputationEntry.objects.filter(question_id=question_id, category=Category.ACCEPT)
        .values("user_id", "post_type", "post_id", "other_user_id")
        .annotate(n=Sum("points"), last_day=Max("day"))
    )
    with transaction.atomic():
        holders = set(
            ReputationEntry.objects.filter(
                question_id=question_id, category=Category.ACCEPT
            ).values_list("user_id", flat=True)
        )
        lock_users([asker, author, *holders])
        if not _claim(f"accept:question:{question_id}", event, answer_id if accepted else 0):
            return
        if _is_deleted("answer", answer_id, question_id):
            return
        common = {"category": Category.ACCEPT, "event_id": event.pk, "question_id": question_id,
                  "space_id": space_id, "when": event.created_at}  # fmt: skip
        changes: list[Change] = []
        keep_accepter = accepted and author != asker
        for row in standing:
            current = int(row["n"] or 0)
            if not current:
                continue
            is_accepter_row = row["post_type"] == "question"
            if accepted and row["post_id"] == answer_id and not is_accepter_row:
                continue  # already holds this acceptance
            if is_accepter_row and keep_accepter:
                continue  # the asker keeps their +2 when switching to another answer
            changes.append(
                Change(user_id=row["user_id"], points=-current, reason=Reason.ACCEPT_UNDONE,
                       other_user_id=row["other_user_id"], post_type=row["post_type"],
                       post_id=row["post_id"], day=row["last_day"],
                       key=f"e{event.pk}:u{row['user_id']}:{row['post_type']}{row['post_id']}",
                       **common)  # type: ignore[arg-type]
            )  # fmt: skip
        held = {(r["post_type"], r["post_id"]) for r in standing if int(r["n"] or 0) > 0}
        if accepted and author != asker:
            if ("answer", answer_id) not in held:
                changes.append(
                    Change(user_id=author, other_user_id=asker, points=points("answer_accepted"),
                           reason=Reason.ANSWER_ACCEPTED, post_type="answer", post_id=answer_id,
                           day=_day(event), key=f"e{event.pk}:u{author}:accepted", **common)  # type: ignore[arg-type]
                )  # fmt: skip
            if ("question", question_id) not in held:
                changes.append(
                    Change(user_id=asker, other_user_id=author, points=points("accepter"),
                           reason=Reason.ACCEPTER, post_type="question", post_id=question_id,
                           day=_day(event), key=f"e{event.pk}:u{asker}:accepter", **common)  # type: ignore[arg-type]
                )  # fmt: skip
        append(changes)
        if accepted:
            badges.check_accepted(author, question_id, when=event.created_at)


def apply_endorse(event: Event) -> None:
    payload = event.payload
    staff, answer_id = event.actor_id, event.object_id
    author, question_id = _int(payload.get("answer_author_id")), _int(payload.get("question_id"))
    if answer_id is None or author is None:
        return
    endorsed = event.verb == "answer.endorsed"
    space_id = _space_of(question_id)
    with transaction.atomic():
        lock_users([author])
        if not _claim(f"endorse:answer:{answer_id}", event, 1 if endorsed else 0):
            return
        if _is_deleted("answer", answer_id, question_id):
            return
        current = int(
            ReputationEntry.objects.filter(
                user_id=author, post_type="answer", post_id=answer_id, category=Category.ENDORSE
            ).aggregate(n=Sum("points"))["n"]
            or 0
        )
        target = points("answer_endorsed") if endorsed and staff != author else 0
        if target != current:
            append(
                [
                    Change(user_id=author, other_user_id=staff, points=target - current,
                           reason=Reason.ANSWER_ENDORSED if endorsed else Reason.ENDORSE_UNDONE,
                           category=Category.ENDORSE, event_id=event.pk, post_type="answer",
                           post_id=answer_id, question_id=question_id, space_id=space_id,
                           day=_day(event), when=event.created_at, key=f"e{event.pk}:u{author}")
                ]
            )  # fmt: skip
        if endorsed:
            badges.award(author, "company-endorsed", when=event.created_at, question_id=question_id)


def apply_kb_promotion(event: Event) -> None:
    """The answer is now in the knowledge base (`answer.promoted_to_kb`) or out of it again
    (`answer.unpromoted_from_kb`, its article archived): the author's promotion points move to
    match, once however often either is recorded or retried, so archiving and publishing again
    never counts twice. The badge stays, as every badge."""
    author = _int(event.payload.get("answer_author_id"))
    question_id = _int(event.payload.get("question_id"))
    answer_id = event.object_id
    if author is None or answer_id is None:
        return
    promoted = event.verb == "answer.promoted_to_kb"
    space_id = _space_of(question_id)
    with transaction.atomic():
        lock_users([author])
        if not _claim(f"kb:answer:{answer_id}", event, 1 if promoted else 0):
            return
        if _is_deleted("answer", answer_id, question_id):
            return  # the deletion took the points; undeleting gives back what it took
        current = int(
            ReputationEntry.objects.filter(
                user_id=author, post_type="answer", post_id=answer_id, category=Category.KB
            ).aggregate(n=Sum("points"))["n"]
            or 0
        )
        target = points("kb_promoted") if promoted else 0
        if target != current:
            append(
                [
                    Change(user_id=author, other_user_id=event.actor_id, points=target - current,
                           reason=Reason.KB_PROMOTED if promoted else Reason.KB_UNDONE,
                           category=Category.KB, event_id=event.pk, post_type="answer",
                           post_id=answer_id, question_id=question_id, space_id=space_id,
                           day=_day(event), when=event.created_at, key=f"e{event.pk}:u{author}:kb")
                ]
            )  # fmt: skip
        if promoted:
            badges.award(author, "knowledge-author", when=event.created_at, question_id=question_id)


def apply_spam(event: Event) -> None:
    """The post's spam verdict is now on (confirmed) or off (a moderator showed it again): the
    author's spam penalty for the post moves to match, once however often either is recorded."""
    author = _int(event.payload.get("author_id"))
    post_type = str(event.payload.get("post_type", ""))
    question_id = _int(event.payload.get("question_id"))
    post_id = _int(event.payload.get("post_id")) or event.object_id
    if author is None or post_id is None:
        return
    confirmed = event.verb == "post.spam_confirmed"
    with transaction.atomic():
        lock_users([author])
        if not _claim(f"spam:{post_type}:{post_id}", event, 1 if confirmed else 0):
            return
        current = int(
            ReputationEntry.objects.filter(
                user_id=author, post_type=post_type, post_id=post_id, category=Category.SPAM
            ).aggregate(n=Sum("points"))["n"]
            or 0
        )
        target = points("spam_confirmed") if confirmed else 0
        if target == current:
            return
        append(
            [
                Change(user_id=author, other_user_id=event.actor_id, points=target - current,
                       reason=Reason.SPAM_CONFIRMED if confirmed else Reason.SPAM_UNDONE,
                       category=Category.SPAM, event_id=event.pk, post_type=post_type,
                       post_id=post_id, question_id=question_id,
                       space_id=_space_of(question_id), day=_day(event), when=event.created_at,
                       key=f"e{event.pk}:u{author}:spam")
            ]
        )  # fmt: skip


# --- Deleting and undeleting posts ---------------------------------------------------------------


def _post_filter(kind: str, post_id: int, question_id: int | None) -> Q:
    # A deleted question takes its answers' points with it, as on Stack Overflow.
    if kind == "question":
        return Q(question_id=post_id)
    rows = Q(post_type="answer", post_id=post_id)
    accepted = AppliedState.objects.filter(key=f"accept:question:{question_id}").first()
    if question_id is not None and accepted is not None and accepted.value == post_id:
        # Deleting the accepted answer un-accepts it: the asker's +2 goes too.
        rows |= Q(post_type="question", post_id=question_id, category=Category.ACCEPT)
    return rows


def _post_entries(rows: Q) -> list[dict[str, Any]]:
    return [
        dict(row)
        for row in ReputationEntry.objects.filter(rows)
        .values("user_id", "post_type", "post_id", "category", "other_user_id")
        .annotate(n=Sum("points"), last_day=Max("day"), q=Max("question_id"), s=Max("space_id"))
        .order_by()
    ]


def apply_delete(event: Event) -> None:
    kind = event.verb.split(".")[0]
    post_id = event.object_id
    if post_id is None:
        return
    with transaction.atomic():
        # A spam penalty outlives the post (deleting spam must not refund it).
        rows = _post_filter(kind, post_id, _int(event.payload.get("question_id")))
        rows &= ~Q(category=Category.SPAM)
        lock_users(set(ReputationEntry.objects.filter(rows).values_list("user_id", flat=True)))
        if not _claim(f"deleted:{kind}:{post_id}", event, event.pk):
            return
        changes = [
            Change(user_id=int(row["user_id"]), points=-int(row["n"]),
                   reason=Reason.POST_DELETED, category=str(row["category"]), event_id=event.pk,
                   other_user_id=row["other_user_id"], post_type=str(row["post_type"]),
                   post_id=row["post_id"], question_id=row["q"], space_id=row["s"],
                   day=row["last_day"], when=event.created_at,
                   key=(f"e{event.pk}:u{row['user_id']}:{row['post_type']}{row['post_id']}:"
                        f"{row['category']}:{row['other_user_id']}"))
            for row in _post_entries(rows)
            if row["n"]
        ]  # fmt: skip
        append(changes)


def apply_undelete(event: Event) -> None:
    """Give back exactly what the deletion took, except an answer's acceptance (deleting an
    answer un-accepts it in the community, and undeleting does not accept it again)."""
    kind = event.verb.split(".")[0]
    post_id = event.object_id
    if post_id is None:
        return
    key = f"deleted:{kind}:{post_id}"
    with transaction.atomic():
        # Users first, then the state, like every consumer (no lock-order deadlocks).
        state = AppliedState.objects.filter(key=key).first()
        deletion = state.value if state is not None else 0
        taken = ReputationEntry.objects.filter(event_id=deletion, reason=Reason.POST_DELETED)
        if kind == "answer":
            taken = taken.exclude(category=Category.ACCEPT)
        rows = list(taken) if deletion else []
        # An answer taken out of the knowledge base while deleted gets no promotion points back.
        kb_keys = {f"kb:answer:{r.post_id}" for r in rows if r.category == Category.KB}
        withdrawn = set(
            AppliedState.objects.filter(key__in=kb_keys, value=0).values_list("key", flat=True)
        )
        rows = [
            r for r in rows
            if not (r.category == Category.KB and f"kb:answer:{r.post_id}" in withdrawn)
        ]  # fmt: skip
        lock_users(row.user_id for row in rows)
        if not _claim(key, event, 0):
            return
        append(
            Change(user_id=row.user_id, points=-row.points, reason=Reason.POST_RESTORED,
                   category=row.category, event_id=event.pk, other_user_id=row.other_user_id,
                   post_type=row.post_type, post_id=row.post_id, question_id=row.question_id,
                   space_id=row.space_id, day=row.day, when=event.created_at,
                   key=f"e{event.pk}:r{row.pk}")
            for row in rows
        )  # fmt: skip


def apply_edit_approved(event: Event) -> None:
    """+2 for a suggested edit that a reviewer approved (once per suggestion)."""
    suggester, question_id = (
        _int(event.payload.get("suggester_id")),
        _int(event.payload.get("question_id")),
    )
    if suggester is None or event.object_id is None:
        return
    answer_id = _int(event.payload.get("answer_id"))
    with transaction.atomic():
        lock_users([suggester])
        append(
            [
                Change(user_id=suggester, other_user_id=event.actor_id,
                       points=points("edit_approved"), reason=Reason.EDIT_APPROVED,
                       category=Category.EDIT, event_id=event.pk,
                       post_type="answer" if answer_id else "question",
                       post_id=answer_id or question_id, question_id=question_id,
                       space_id=_space_of(question_id), day=_day(event), when=event.created_at,
                       key=f"edit:suggestion{event.object_id}")
            ]
        )  # fmt: skip


def on_post_created(event: Event) -> None:
    if event.actor_id is None:
        return
    question_id = event.object_id if event.verb == "question.created" else None
    question_id = question_id or _int(event.payload.get("question_id"))
    slug = "first-question" if event.verb == "question.created" else "first-answer"
    badges.award(event.actor_id, slug, when=event.created_at, question_id=question_id)


CONSUMERS: list[tuple[Sequence[str], Callable[[Event], None]]] = [
    (VOTE_VERBS, apply_vote),
    (ACCEPT_VERBS, apply_accept),
    (ENDORSE_VERBS, apply_endorse),
    (DELETE_VERBS, apply_delete),
    (UNDELETE_VERBS, apply_undelete),
    (KB_VERBS, apply_kb_promotion),
    (SPAM_VERBS, apply_spam),
    (("edit.suggestion_approved",), apply_edit_approved),
    (CREATE_VERBS, on_post_created),
]


def replay(events: Iterable[Event]) -> int:
    """Hand these events (in id order) to the reputation consumers, here and now: bulk loads
    pause the consumers and replay once at the end, with the events' own (backdated) times.
    Consumers are idempotent, so replaying what was applied already changes nothing. Badges
    earned in a replay are awarded quietly (nobody is notified of history)."""
    handled = 0
    with badges.quietly():
        for event in events:
            for verbs, consumer in CONSUMERS:
                if event.verb in verbs:
                    consumer(event)
                    handled += 1
    return handled


BADGE_KIND = "badges"


def notify_badge(event: Event) -> None:
    """`badge.awarded` (by a rule or by an admin): tell the person, linking to the badge."""
    if not settings.CROWDSERVICE_REPUTATION_BADGE_NOTIFICATIONS:
        return
    user_id = _int(event.payload.get("user_id"))
    badge = Badge.objects.filter(slug=str(event.payload.get("badge", ""))).first()
    if user_id is None or badge is None:
        return
    do_notify(
        event=event,
        recipient_ids=[user_id],
        title=f"You earned the “{badge.name}” badge: {badge.description}",
        url=reverse("reputation:badge", args=[badge.slug]),
        kind=BADGE_KIND,
    )


def all_consumers() -> list[Callable[[Event], None]]:
    return [consumer for _, consumer in CONSUMERS]
