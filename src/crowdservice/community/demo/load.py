"""Carrying out a demo plan through the real actions, then moving it back in time.

Everything is written by the same actions the web pages and the API call, so counters,
revisions, follows and events are exactly what real use would produce. The steps run in
chronological order (ids grow with time, and `last_activity_by` is right); afterwards the
timestamps, which the actions set to "now", are moved to the planned moments with plain
queryset updates, and `recount_all()` confirms every counter.

Event consumers (notifications) run inline while seeding, not on the job worker: otherwise the
first start of `make run` would hand the worker hundreds of jobs, and every notification would
be dated "now". Afterwards the notifications are dated like their events, a follower only keeps
those from after they joined the thread, and the ones older than two days count as read.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery

from crowdservice.accounts.actions import do_create_user, do_update_profile
from crowdservice.accounts.models import User
from crowdservice.community.actions import (
    do_accept_answer,
    do_add_comment,
    do_ask_question,
    do_endorse_answer,
    do_post_answer,
    do_vote,
)
from crowdservice.community.actions.counters import recount_all
from crowdservice.community.actions.ranking import rank_thread_answers
from crowdservice.community.consumers import rank_answers
from crowdservice.community.demo.catalog import PEOPLE, SPACES, Person
from crowdservice.community.demo.plan import DemoPlan, PlannedComment, PlannedVote
from crowdservice.community.models import (
    Answer,
    Comment,
    Follow,
    Question,
    Revision,
    Space,
    Tag,
    Vote,
)
from crowdservice.core.events import consumers_paused
from crowdservice.core.models import Event
from crowdservice.moderation.gate import screening_paused
from crowdservice.notifications.models import Notification
from crowdservice.reputation.consumers import all_consumers
from crowdservice.reputation.consumers import replay as replay_reputation
from crowdservice.reputation.privileges import ladder_suspended
from crowdservice.search.engine.embedder import ModelUnavailable, get_embedder
from crowdservice.search.index.indexing import index_event, rebuild

BATCH = 500
# Notifications older than this count as read, except each person's latest few.
READ_AFTER = timedelta(days=7)
KEEP_UNREAD = 2

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SeedSummary:
    spaces: int
    users: int
    questions: int
    answers: int
    accepted: int
    endorsed: int
    comments: int
    votes: int
    notifications: int


@contextmanager
def jobs_inline() -> Iterator[None]:
    """Run background jobs in this process for the duration (Huey's immediate mode)."""
    from huey.contrib.djhuey import HUEY

    previous = HUEY.immediate
    HUEY.immediate = True
    try:
        yield
    finally:
        HUEY.immediate = previous


class Loader:
    def __init__(self, plan: DemoPlan, password_hash: str) -> None:
        self.plan = plan
        self.password_hash = password_hash
        self.users: dict[str, User] = {}
        self.spaces: dict[str, Space] = {}
        self.new_spaces: list[Space] = []
        self.questions: dict[int, Question] = {}
        self.answers: dict[tuple[int, int], Answer] = {}
        self.comment_times: dict[int, datetime] = {}
        self.vote_times: dict[tuple[int, str, int], datetime] = {}
        self.activity: dict[int, datetime] = {}
        self.follows: dict[tuple[int, int], datetime] = {}
        self.last_seen: dict[int, datetime] = {}
        self.marks: list[tuple[int, datetime]] = []  # (last event id after a step, its time)
        self.first_event_id = 0
        self.existing_tags: set[int] = set()

    # --- Steps ------------------------------------------------------------------------------

    def steps(self) -> list[tuple[datetime, int, Callable[[], None]]]:
        steps: list[tuple[datetime, int, Callable[[], None]]] = []

        def add(at: datetime, run: Callable[[], None]) -> None:
            steps.append((at, len(steps), run))

        for person in PEOPLE:
            add(self.plan.joined[person.username], partial(self.join, person))
        for qi, question in enumerate(self.plan.questions):
            add(question.at, partial(self.ask, qi))
            for ci, comment in enumerate(question.comments):
                add(comment.at, partial(self.comment, qi, None, ci))
            for vote in question.votes:
                add(vote.at, partial(self.vote, qi, None, vote))
            for ai, answer in enumerate(question.answers):
                add(answer.at, partial(self.answer, qi, ai))
                for ci, comment in enumerate(answer.comments):
                    add(comment.at, partial(self.comment, qi, ai, ci))
                for vote in answer.votes:
                    add(vote.at, partial(self.vote, qi, ai, vote))
            if question.accepted is not None and question.accepted_at is not None:
                add(question.accepted_at, partial(self.accept, qi))
            if question.endorsed is not None and question.endorsed_at is not None:
                add(question.endorsed_at, partial(self.endorse, qi))
        steps.sort(key=lambda step: (step[0], step[1]))
        return steps

    def engaged(self, user: User, question: Question, at: datetime) -> None:
        self.follows.setdefault((user.pk, question.pk), at)
        self.activity[question.pk] = at
        self.last_seen[user.pk] = at

    def join(self, person: Person) -> None:
        user = do_create_user(
            username=person.username,
            email=person.email,
            role=person.role,
            display_name=person.display_name,
        )
        if person.bio:
            do_update_profile(user=user, display_name=person.display_name, bio=person.bio)
        self.users[person.username] = user

    def ask(self, qi: int) -> None:
        planned = self.plan.questions[qi]
        author = self.users[planned.asker]
        question = do_ask_question(
            author=author,
            space_id=self.spaces[planned.space].pk,
            title=planned.title,
            body=planned.body,
            tags=planned.tags,
        )
        self.questions[qi] = question
        self.engaged(author, question, planned.at)

    def answer(self, qi: int, ai: int) -> None:
        planned = self.plan.questions[qi].answers[ai]
        author = self.users[planned.author]
        question = self.questions[qi]
        self.answers[(qi, ai)] = do_post_answer(author=author, question=question, body=planned.body)
        self.engaged(author, question, planned.at)

    def comment(self, qi: int, ai: int | None, ci: int) -> None:
        question = self.questions[qi]
        thread = self.plan.questions[qi]
        planned: PlannedComment = (
            thread.comments[ci] if ai is None else thread.answers[ai].comments[ci]
        )
        author = self.users[planned.author]
        comment = do_add_comment(
            author=author,
            question=question,
            body=planned.body,
            answer=None if ai is None else self.answers[(qi, ai)],
        )
        self.comment_times[comment.pk] = planned.at
        self.engaged(author, question, planned.at)

    def vote(self, qi: int, ai: int | None, planned: PlannedVote) -> None:
        user = self.users[planned.voter]
        target = self.questions[qi] if ai is None else self.answers[(qi, ai)]
        do_vote(user=user, target=target, value=1 if planned.value > 0 else -1)
        self.vote_times[(user.pk, "q" if ai is None else "a", target.pk)] = planned.at
        self.last_seen[user.pk] = planned.at

    def accept(self, qi: int) -> None:
        planned = self.plan.questions[qi]
        assert planned.accepted is not None
        assert planned.accepted_at is not None
        asker = self.users[planned.asker]
        do_accept_answer(actor=asker, answer=self.answers[(qi, planned.accepted)])
        self.activity[self.questions[qi].pk] = planned.accepted_at
        self.last_seen[asker.pk] = planned.accepted_at

    def endorse(self, qi: int) -> None:
        planned = self.plan.questions[qi]
        assert planned.endorsed is not None
        assert planned.endorsed_by is not None
        actor = self.users[planned.endorsed_by]
        do_endorse_answer(actor=actor, answer=self.answers[(qi, planned.endorsed)])
        if planned.endorsed_at is not None:
            self.last_seen[actor.pk] = planned.endorsed_at

    # --- Running ----------------------------------------------------------------------------

    def run(self) -> None:
        self.first_event_id = Event.objects.aggregate(last=Max("id"))["last"] or 0
        self.existing_tags = set(Tag.objects.values_list("pk", flat=True))
        for position, spec in enumerate(SPACES):
            space, created = Space.objects.get_or_create(
                slug=spec.slug,
                defaults={"name": spec.name, "description": spec.description, "position": position},
            )
            self.spaces[spec.slug] = space
            if created:
                self.new_spaces.append(space)
        for at, _, run in self.steps():
            run()
            last = Event.objects.order_by("-id").values_list("id", flat=True).first()
            self.marks.append((last or 0, at))
        self.backdate()
        recount_all()

    def event_time(self, event_ids: list[int], event_id: int) -> datetime | None:
        """The time of the step that wrote the event: the first whose last event id reaches it."""
        index = bisect.bisect_left(event_ids, event_id)
        return self.marks[index][1] if index < len(self.marks) else None

    def backdate(self) -> None:
        plan = self.plan
        questions = []
        for qi, question in self.questions.items():
            question.created_at = plan.questions[qi].at
            question.last_activity_at = self.activity[question.pk]
            questions.append(question)
        Question.objects.bulk_update(questions, ["created_at", "last_activity_at"], BATCH)

        answers = []
        for (qi, ai), answer in self.answers.items():
            planned = plan.questions[qi]
            answer.created_at = planned.answers[ai].at
            if planned.endorsed == ai:
                answer.endorsed_at = planned.endorsed_at
            answers.append(answer)
        Answer.objects.bulk_update(answers, ["created_at", "endorsed_at"], BATCH)

        comments = list(Comment.objects.filter(pk__in=self.comment_times).only("id"))
        for comment in comments:
            comment.created_at = self.comment_times[comment.pk]
        Comment.objects.bulk_update(comments, ["created_at"], BATCH)

        question_ids = [q.pk for q in questions]
        answer_ids = [a.pk for a in answers]
        votes = list(
            Vote.objects.filter(Q(question__in=question_ids) | Q(answer__in=answer_ids)).only(
                "id", "user_id", "question_id", "answer_id"
            )
        )
        for vote in votes:
            key = (
                (vote.user_id, "q", vote.question_id)
                if vote.question_id
                else (vote.user_id, "a", vote.answer_id or 0)
            )
            vote.created_at = vote.updated_at = self.vote_times[key]
        Vote.objects.bulk_update(votes, ["created_at", "updated_at"], BATCH)

        # Each revision was written with its post: give it the post's time.
        revisions = Revision.objects.filter(question__in=question_ids)
        revisions.filter(answer__isnull=True, comment__isnull=True).update(
            created_at=Subquery(
                Question.objects.filter(pk=OuterRef("question_id")).values("created_at")
            )
        )
        revisions.filter(answer__isnull=False).update(
            created_at=Subquery(
                Answer.objects.filter(pk=OuterRef("answer_id")).values("created_at")
            )
        )
        revisions.filter(comment__isnull=False).update(
            created_at=Subquery(
                Comment.objects.filter(pk=OuterRef("comment_id")).values("created_at")
            )
        )

        follows = list(Follow.objects.filter(question__in=question_ids))
        for follow in follows:
            follow.created_at = self.follows[(follow.user_id, follow.question_id)]
        Follow.objects.bulk_update(follows, ["created_at"], BATCH)

        users = list(self.users.values())
        for user in users:
            user.date_joined = plan.joined[user.username]
            user.last_login = self.last_seen.get(user.pk)
            user.password = self.password_hash
        User.objects.bulk_update(users, ["date_joined", "last_login", "password"], BATCH)

        asked_at = {self.questions[qi].pk: plan.questions[qi].at for qi in self.questions}
        first_use: dict[int, datetime] = {}
        for question_id, tag_id in Question.tags.through.objects.filter(
            question_id__in=question_ids
        ).values_list("question_id", "tag_id"):
            at = asked_at[question_id]
            first_use[tag_id] = min(first_use.get(tag_id, at), at)
        tags = list(Tag.objects.filter(pk__in=set(first_use) - self.existing_tags))
        for tag in tags:
            tag.created_at = first_use[tag.pk]
        Tag.objects.bulk_update(tags, ["created_at"], BATCH)

        for space in self.new_spaces:
            space.created_at = plan.launch
        Space.objects.bulk_update(self.new_spaces, ["created_at"], BATCH)

        event_ids = [last for last, _ in self.marks]
        events = []
        for event in Event.objects.filter(pk__gt=self.first_event_id).only("id"):
            when = self.event_time(event_ids, event.pk)
            if when is not None:
                event.created_at = when
                events.append(event)
        Event.objects.bulk_update(events, ["created_at"], BATCH)


def settle_notifications(loader: Loader) -> int:
    """Date notifications like their events; drop those from before the recipient followed.

    The ones older than a week count as read, except each person's latest two, so every demo
    account finds something new when it signs in.
    """
    now = loader.plan.now
    stale: list[int] = []
    kept: list[Notification] = []
    for notification in Notification.objects.filter(
        event_id__gt=loader.first_event_id
    ).select_related("event"):
        at = notification.event.created_at
        since = loader.follows.get(
            (notification.recipient_id, notification.event.payload.get("question_id"))
        )
        if since is None or since > at:
            stale.append(notification.pk)
            continue
        notification.created_at = at
        kept.append(notification)
    kept.sort(key=lambda n: (n.recipient_id, -n.created_at.timestamp()))
    latest: dict[int, int] = {}
    for notification in kept:
        rank = latest[notification.recipient_id] = latest.get(notification.recipient_id, -1) + 1
        at = notification.created_at
        old = at < now - READ_AFTER and rank >= KEEP_UNREAD
        notification.read_at = at + timedelta(hours=3) if old else None
    Notification.objects.filter(pk__in=stale).delete()
    Notification.objects.bulk_update(kept, ["created_at", "read_at"], BATCH)
    return len(kept)


def load(plan: DemoPlan, *, password: str) -> SeedSummary:
    """Write the plan to the database in one transaction, then settle its notifications."""
    loader = Loader(plan, make_password(password))
    reputation = all_consumers()
    with (
        jobs_inline(),
        consumers_paused(index_event, rank_answers, *reputation),
        ladder_suspended(),
        screening_paused(),
    ):
        with transaction.atomic():
            loader.run()
        # Leaving the block committed the writes and ran the event consumers inline.
        with transaction.atomic():
            notifications = settle_notifications(loader)
    questions = [q.pk for q in loader.questions.values()]
    # Once per thread and once for the index (with the planned, backdated times), instead of
    # once per event: scoring first, since a question's document carries its best answers.
    try:
        get_embedder(threads=2)  # the seed owns the machine; web workers start after it
        for question_id in (
            Answer.objects.filter(question__in=questions)
            .values_list("question_id", flat=True)
            .distinct()
        ):
            rank_thread_answers(question_id)
    except ModelUnavailable as exc:
        logger.warning("Demo answers left unscored: %s", exc)
    rebuild()
    # Reputation from the whole history at once, with its planned times (weeks, daily caps).
    replay_reputation(
        Event.objects.filter(pk__gt=loader.first_event_id).select_related("actor").order_by("id")
    )
    return SeedSummary(
        spaces=len(loader.spaces),
        users=len(loader.users),
        questions=len(questions),
        answers=len(loader.answers),
        accepted=Question.objects.filter(pk__in=questions, accepted_answer__isnull=False).count(),
        endorsed=Answer.objects.filter(question__in=questions, is_endorsed=True).count(),
        comments=len(loader.comment_times),
        votes=len(loader.vote_times),
        notifications=notifications,
    )
