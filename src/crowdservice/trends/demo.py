"""Demo hot topic for `crowdservice seed_demo`: a burst of reports of one app login error.

Registered as a community demo step, it runs after the community and the cases are loaded. It
writes a handful of questions and two cases about "login error E401" in the app through the
actions, dated over the last few hours, recounts what was dated after it was counted (the cases
and these posts), and runs the detection, so /trending/ shows one alert and the agents have a
notification. Small on purpose: the seed must stay fast.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.cases.actions import do_open_case
from crowdservice.cases.consumers import notify_sla, send_case_mail
from crowdservice.cases.models import Case, CaseMessage
from crowdservice.community.actions import do_ask_question
from crowdservice.community.consumers import rank_answers
from crowdservice.community.demo.load import jobs_inline
from crowdservice.community.models import Follow, Question, Revision, Space
from crowdservice.core.events import consumers_paused
from crowdservice.core.models import Event
from crowdservice.moderation.gate import screening_paused
from crowdservice.search.index.indexing import index_event, index_objects
from crowdservice.trends.actions import do_detect
from crowdservice.trends.config import trend_config
from crowdservice.trends.counting import do_rebuild_counts
from crowdservice.trends.models import TrendDocument

SPACE = "firmware"
TAGS = ["nimbus-app", "login"]
# (username, minutes ago, title, body)
QUESTIONS = (
    ("maria_g", 290, "Nimbus Home app shows login error E401 since this morning",
     "Every time I open the app I get login error E401. My password is right."),
    ("tom_hughes", 230, "Login error E401 in the Nimbus Home app",
     "Since today the app will not let me in: login error E401. Reinstalling did not help."),
    ("jenny_park", 170, "Login error E401 after the app update?",
     "Updated the app to 2.21.0 and now I get login error E401. The web console still works."),
    ("kwame_a", 120, "Can't sign in to the app: login error E401",
     "Login error E401 on both my phone and my tablet. Is the service down?"),
    ("nina_k", 75, "Login error E401 on Android",
     "I see login error E401 on Android 15 with the latest app. Any workaround?"),
    ("li_wei", 40, "App login broken with error E401",
     "Same here, login error E401 in the app, so remote access is unusable."),
    ("hannah_b", 15, "E401 login error when I open Nimbus Home",
     "The app shows login error E401 right after the splash screen."),
)  # fmt: skip
CASES = (
    ("omar_f", 100, "Locked out of the app: login error E401",
     "I cannot manage my router remotely: the app says login error E401. Order 77812."),
    ("emma_l", 30, "Login error E401, urgent: parental controls",
     "Login error E401 in the app, and I need to change Family Time tonight."),
)  # fmt: skip


def seed_hot_topic() -> str:
    now = timezone.now()
    people = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    space = Space.objects.filter(slug=SPACE).first()
    if space is None or len(people) < len(_usernames()):
        return "Hot topics: the demo community is not there, so no demo hot topic."
    with (
        jobs_inline(),
        consumers_paused(index_event, rank_answers, send_case_mail, notify_sla),
        screening_paused(),
    ):
        asked = [
            (do_ask_question(author=people[u], space_id=space.pk, title=t, body=b, tags=TAGS), m)
            for u, m, t, b in QUESTIONS
        ]
        opened = [
            (do_open_case(requester=people[u], subject=s, description=d, space_id=space.pk), m)
            for u, m, s, d in CASES
        ]
    with transaction.atomic():
        for question, minutes in asked:
            when = now - timedelta(minutes=minutes)
            Question.objects.filter(pk=question.pk).update(created_at=when, last_activity_at=when)
            Revision.objects.filter(question=question).update(created_at=when)
            Follow.objects.filter(question=question).update(created_at=when)
            Event.objects.filter(object_type="community.question", object_id=question.pk).update(
                created_at=when
            )
        for case, minutes in opened:
            when = now - timedelta(minutes=minutes)
            Case.objects.filter(pk=case.pk).update(created_at=when, updated_at=when)
            CaseMessage.objects.filter(case=case).update(created_at=when)
            Event.objects.filter(object_type="cases.case", object_id=case.pk).update(
                created_at=when
            )
    # The community seed dates its posts before they are counted, the cases seed after (and
    # so does this step): count those again from the content.
    counted = do_rebuild_counts(
        now - timedelta(days=trend_config().retention_days), now, sources=["cases"]
    )
    # The community's own posts were counted as they were loaded, unless the consumers did not
    # run (a seed inside an outer transaction, as in the tests): then count them all.
    recent = now - timedelta(hours=6)
    if not TrendDocument.objects.filter(source="community", hour__lt=recent).exists():
        recent = now - timedelta(days=trend_config().retention_days)
    counted += do_rebuild_counts(recent, now, sources=["community"])
    index_objects("question", [q.pk for q, _ in asked])
    index_objects("case", [c.pk for c, _ in opened])
    with jobs_inline():
        summary = do_detect(at=now)
    labels = ", ".join(f"“{a.label}”" for a in summary.raised) or "none"
    return f"Hot topics: {counted} posts counted; alerts raised: {labels}."


def _usernames() -> set[str]:
    return {u for u, *_ in QUESTIONS} | {u for u, *_ in CASES}
