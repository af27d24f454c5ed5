"""The counting consumer: terms of real posts, counted once however often the event comes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Sum

from crowdservice.accounts.models import User
from crowdservice.cases.actions import do_reply
from crowdservice.community.actions import do_post_answer
from crowdservice.core.jobs import process_event
from crowdservice.core.models import Event
from crowdservice.trends.counting import do_prune_counts, do_rebuild_counts
from crowdservice.trends.hours import floor_hour
from crowdservice.trends.models import SourceHour, Term, TermHour, TrendDocument
from crowdservice.trends.terms import extract_terms
from tests.trends.conftest import END, Asker, Traffic, clock


def counts() -> dict[tuple[str, str], int]:
    return {
        (row["term__key"], row["source"]): row["n"]
        for row in TermHour.objects.values("term__key", "source").annotate(n=Sum("documents"))
    }


def test_terms_are_tags_and_stemmed_phrases_counted_once() -> None:
    terms = extract_terms("Login errors, login errors everywhere! Reset my password.", ["Login"])
    keys = [t.key for t in terms]
    assert keys[0] == "tag:login"
    assert keys.count("phrase:login error") == 1  # once per document
    assert "phrase:login" in keys
    assert "phrase:error everywhere" in keys
    assert "phrase:reset password" not in keys  # a pair never spans a stop word ("my")
    labels = {t.key: t.label for t in terms}
    assert labels["phrase:login error"] == "login errors"  # people read the words they wrote


def test_a_replayed_event_counts_once(
    customer: User, ask_at: Asker, django_capture_on_commit_callbacks: Any
) -> None:
    at = END - timedelta(minutes=30)
    question = ask_at(
        customer, at, "Printer port forwarding fails", "Port forwarding rules vanish.", ["nat"]
    )
    first = counts()
    assert first[("tag:nat", "community")] == 1
    assert first[("phrase:port forward", "community")] == 1
    event = Event.objects.get(verb="question.created", object_id=question.pk)
    process_event.call_local(event.pk)  # the job retried, or replayed by hand
    process_event.call_local(event.pk)
    assert counts() == first
    assert TrendDocument.objects.get().hour == floor_hour(at)
    assert SourceHour.objects.get().documents == 1


def test_answers_count_their_own_words_but_not_the_question_tags(
    customer: User, other_customer: User, ask_at: Asker, django_capture_on_commit_callbacks: Any
) -> None:
    at = END - timedelta(hours=2)
    question = ask_at(
        customer, at, "Guest network keeps vanishing", "Every night it is gone.", ["guest"]
    )
    with clock(at + timedelta(minutes=5)), django_capture_on_commit_callbacks(execute=True):
        do_post_answer(
            author=other_customer, question=question, body="Turn off the guest timer in settings."
        )
    found = counts()
    assert found[("tag:guest", "community")] == 1
    assert found[("phrase:guest timer", "community")] == 1
    assert SourceHour.objects.get().documents == 2


def test_cases_count_customer_words_only(
    customer: User, agent: User, open_case_at: Any, django_capture_on_commit_callbacks: Any
) -> None:
    at = END - timedelta(hours=3)
    case = open_case_at(
        customer, at, "Invoice shows double charge", "My invoice shows a double charge."
    )
    with clock(at + timedelta(minutes=9)), django_capture_on_commit_callbacks(execute=True):
        do_reply(actor=agent, case=case, body="Refund issued for the duplicate payment.")
        do_reply(
            actor=customer, case=case, body="Thanks, but the duplicate payment is still there."
        )
    found = counts()
    assert found[("phrase:double charge", "cases")] == 1
    assert (
        found[("phrase:duplicate payment", "cases")] == 1
    )  # the customer's reply, not the agent's
    assert "phrase:refund" not in {k for k, _ in found}
    assert set(TrendDocument.objects.values_list("audience", flat=True)) == {"agents"}


def test_rebuilding_from_content_gives_the_consumer_counts(
    customer: User, other_customer: User, ask_at: Asker, open_case_at: Any
) -> None:
    ask_at(
        customer,
        END - timedelta(hours=5),
        "Mesh satellite will not pair",
        "The satellite blinks amber forever.",
        ["mesh"],
    )
    ask_at(
        other_customer,
        END - timedelta(hours=1),
        "Mesh pairing fails again",
        "Pairing the satellite fails.",
        ["mesh"],
    )
    open_case_at(
        customer,
        END - timedelta(hours=2),
        "Satellite pairing fails",
        "The mesh satellite never pairs.",
    )
    by_consumer = counts()
    hours = sorted(SourceHour.objects.values_list("source", "hour", "documents"))
    assert do_rebuild_counts(END - timedelta(days=1), END) == 3
    assert counts() == by_consumer
    assert sorted(SourceHour.objects.values_list("source", "hour", "documents")) == hours


def test_old_counts_are_pruned(traffic: Traffic) -> None:
    traffic.post(END - timedelta(days=40), "ancient firmware question", tags=("old",))
    traffic.post(END - timedelta(hours=1), "recent firmware question", tags=("new",))
    assert do_prune_counts(END - timedelta(days=30)) == 1
    assert list(TrendDocument.objects.values_list("title", flat=True)) == [
        "recent firmware question"
    ]
    keys = set(TermHour.objects.values_list("term__key", flat=True))
    assert "tag:new" in keys
    assert "tag:old" not in keys
    assert not Term.objects.filter(key="tag:old").exists()
    assert SourceHour.objects.count() == 1
