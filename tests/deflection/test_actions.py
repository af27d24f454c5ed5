"""Deflection actions: suggesting, recording opens, self-solves and filings, once each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from crowdservice.accounts.models import User
from crowdservice.community.actions import do_delete_question
from crowdservice.community.models import Question
from crowdservice.core.errors import NotFound, ValidationFailed
from crowdservice.core.models import Event
from crowdservice.deflection import actions
from crowdservice.deflection.models import DeflectionEvent, DeflectionSession, EventKind, Outcome
from crowdservice.search.types import SearchHit
from tests.deflection.conftest import DFS_TITLE, Committed

pytestmark = pytest.mark.django_db
Start = Callable[..., DeflectionSession]


def hit(object_id: int, title: str = "Some existing question", score: float = 1.0) -> SearchHit:
    return SearchHit(
        kind="question",
        object_id=object_id,
        title=title,
        snippet="A snippet.",
        url=f"/questions/{object_id}/x/",
        score=score,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def events(session: DeflectionSession, kind: str) -> list[DeflectionEvent]:
    return list(DeflectionEvent.objects.filter(session=session, kind=kind))


def test_a_question_sharing_words_with_the_title_is_suggested(
    customer: User, dfs_question: Question, start_session: Start
) -> None:
    session = start_session(customer)

    result = actions.do_suggest(session=session, user=customer, text="router drops 5 GHz band")

    assert result.searched
    assert dfs_question.pk in [h.object_id for h in result.hits]
    assert len(result.hits) <= 5
    session.refresh_from_db()
    assert (session.searches, session.searches_with_results) == (1, 1)
    assert session.last_query == "router drops 5 GHz band"
    assert session.query_key == "band drops ghz router"  # sorted words, no stop words
    shown = events(session, EventKind.SHOWN)
    assert dfs_question.pk in [e.object_id for e in shown]
    assert all(e.url and e.title and e.rank for e in shown)


def test_a_deleted_question_is_never_suggested_to_a_customer(
    committed: Committed,
    customer: User,
    moderator: User,
    dfs_question: Question,
    start_session: Start,
) -> None:
    with committed():
        do_delete_question(actor=moderator, question=dfs_question)

    result = actions.do_suggest(
        session=start_session(customer), user=customer, text="router drops 5 GHz band"
    )

    assert dfs_question.pk not in [h.object_id for h in result.hits]
    assert not DeflectionEvent.objects.filter(object_id=dfs_question.pk).exists()


def test_text_under_ten_characters_is_not_searched(
    customer: User, dfs_question: Question, start_session: Start
) -> None:
    session = start_session(customer)

    result = actions.do_suggest(session=session, user=customer, text="  router   ")

    assert not result.searched
    assert result.hits == []
    session.refresh_from_db()
    assert session.searches == 0


def test_retyping_shows_each_suggestion_once_per_session(
    customer: User, start_session: Start, fixed_hits: list[SearchHit]
) -> None:
    fixed_hits.extend([hit(1), hit(2)])
    session = start_session(customer)

    for text in ("router drops", "router drops 5", "router drops 5 GHz"):
        actions.do_suggest(session=session, user=customer, text=text)

    assert sorted(e.object_id for e in events(session, EventKind.SHOWN)) == [1, 2]
    session.refresh_from_db()
    assert (session.searches, session.searches_with_results) == (3, 3)
    # Shown suggestions stay out of the event log: they are far too many.
    assert not Event.objects.filter(verb__startswith="deflection.").exists()


def test_opening_a_suggestion_is_recorded_once_in_both_logs(
    customer: User, start_session: Start, fixed_hits: list[SearchHit]
) -> None:
    fixed_hits.append(hit(7))
    session = start_session(customer)
    actions.do_suggest(session=session, user=customer, text="router drops 5 GHz")

    first = actions.do_record_open(
        session=session, user=customer, object_kind="question", object_id=7
    )
    again = actions.do_record_open(
        session=session, user=customer, object_kind="question", object_id=7
    )

    assert (first.recorded, again.recorded) == (True, False)
    assert first.suggestion.url == "/questions/7/x/"
    session.refresh_from_db()
    assert session.opened_count == 1
    assert len(events(session, EventKind.OPENED)) == 1
    logged = Event.objects.get(verb="deflection.suggestion_opened")
    assert logged.actor_id == customer.pk
    assert logged.object_type == "deflection.deflectionsession"
    assert logged.payload["object_id"] == 7
    assert logged.payload["rank"] == 1
    assert session.token not in str(logged.payload)


def test_only_a_suggestion_shown_in_the_session_can_be_opened_or_credited(
    customer: User, start_session: Start, fixed_hits: list[SearchHit]
) -> None:
    fixed_hits.append(hit(7))
    session = start_session(customer)
    actions.do_suggest(session=session, user=customer, text="router drops 5 GHz")

    with pytest.raises(NotFound):
        actions.do_record_open(session=session, user=customer, object_kind="question", object_id=8)
    with pytest.raises(NotFound):
        actions.do_record_self_solved(
            session=session, user=customer, object_kind="answer", object_id=7
        )


def test_this_answered_my_question_counts_once(
    customer: User, start_session: Start, fixed_hits: list[SearchHit]
) -> None:
    fixed_hits.extend([hit(7), hit(8)])
    session = start_session(customer)
    actions.do_suggest(session=session, user=customer, text="router drops 5 GHz")

    first = actions.do_record_self_solved(
        session=session, user=customer, object_kind="question", object_id=8
    )
    second = actions.do_record_self_solved(
        session=session, user=customer, object_kind="question", object_id=7
    )

    assert (first.recorded, second.recorded) == (True, False)
    session.refresh_from_db()
    assert session.outcome == Outcome.SELF_SOLVED
    assert (session.outcome_object_kind, session.outcome_object_id) == ("question", 8)
    assert session.decided_at is not None
    assert [e.object_id for e in events(session, EventKind.SELF_SOLVED)] == [8]
    assert Event.objects.filter(verb="deflection.self_solved").count() == 1


def test_filing_after_suggestions_is_filed_anyway(
    customer: User, start_session: Start, fixed_hits: list[SearchHit]
) -> None:
    fixed_hits.append(hit(7))
    session = start_session(customer)
    actions.do_suggest(session=session, user=customer, text="router drops 5 GHz")

    filed = actions.do_record_filed(session.token, customer, "question", 99, title=DFS_TITLE)
    again = actions.do_record_filed(session.token, customer, "question", 99, title=DFS_TITLE)

    assert filed is not None
    assert again is not None
    assert filed.outcome == Outcome.FILED_ANYWAY
    assert (filed.outcome_object_kind, filed.outcome_object_id) == ("question", 99)
    assert filed.last_query == DFS_TITLE
    assert len(events(filed, EventKind.FILED_ANYWAY)) == 1
    logged = Event.objects.get(verb="deflection.filed_anyway")
    assert logged.payload["object_id"] == 99


def test_filing_without_suggestions_is_a_plain_filing(
    customer: User, start_session: Start, fixed_hits: list[SearchHit]
) -> None:
    session = start_session(customer)
    actions.do_suggest(session=session, user=customer, text="something nobody wrote about")

    filed = actions.do_record_filed(session.token, customer, "question", 99)

    assert filed is not None
    assert filed.outcome == Outcome.FILED
    assert not Event.objects.filter(verb="deflection.filed_anyway").exists()


def test_filing_wins_over_an_earlier_self_solve(
    customer: User, start_session: Start, fixed_hits: list[SearchHit]
) -> None:
    fixed_hits.append(hit(7))
    session = start_session(customer)
    actions.do_suggest(session=session, user=customer, text="router drops 5 GHz")
    actions.do_record_self_solved(
        session=session, user=customer, object_kind="question", object_id=7
    )

    filed = actions.do_record_filed(session.token, customer, "question", 99)

    assert filed is not None
    assert filed.outcome == Outcome.FILED_ANYWAY
    assert events(filed, EventKind.SELF_SOLVED) == []  # no longer counted as deflected
    assert Event.objects.get(verb="deflection.filed_anyway").payload["replaces"] == "self_solved"
    # ...and a later click on "this answered it" does not undo the filing.
    late = actions.do_record_self_solved(
        session=session, user=customer, object_kind="question", object_id=7
    )
    assert not late.recorded
    assert late.session.outcome == Outcome.FILED_ANYWAY


def test_a_filing_with_someone_elses_or_no_token_is_ignored(
    customer: User, other_customer: User, start_session: Start, fixed_hits: list[SearchHit]
) -> None:
    fixed_hits.append(hit(7))
    theirs = start_session(other_customer)
    actions.do_suggest(session=theirs, user=other_customer, text="router drops 5 GHz")

    assert actions.do_record_filed(theirs.token, customer, "question", 5) is None
    assert actions.do_record_filed("", customer, "question", 5) is None
    assert actions.do_record_filed("x" * 5000, customer, "question", 5) is None
    theirs.refresh_from_db()
    assert theirs.outcome == Outcome.UNDECIDED


def test_a_session_belongs_to_its_owner(
    customer: User, other_customer: User, start_session: Start
) -> None:
    from django.contrib.auth.models import AnonymousUser

    mine = start_session(customer)
    anonymous_one = start_session(AnonymousUser())

    assert actions.access_session(customer, mine.token) == mine
    assert actions.access_session(AnonymousUser(), anonymous_one.token) == anonymous_one
    for user, token in [
        (other_customer, mine.token),
        (AnonymousUser(), mine.token),
        (customer, anonymous_one.token),
        (customer, "no-such-token"),
        (customer, "nul\x00token"),
        (customer, mine.token + " "),
    ]:
        with pytest.raises(NotFound):
            actions.access_session(user, token)


def test_tokens_are_long_and_random(customer: User, start_session: Start) -> None:
    tokens = {start_session(customer).token for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(t) >= 40 for t in tokens)


def test_check_object_refuses_unknown_kinds() -> None:
    actions.check_object("question", 1)
    with pytest.raises(ValidationFailed) as caught:
        actions.check_object("<script>", 0)
    assert set(caught.value.errors) == {"object_kind", "object_id"}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a" * 100_000,
        "\x00\x01\x02 binary \xff\xfe router drops",
        '"unbalanced quote router drops 5 GHz',
        "router AND (drops OR* ~5 GHz) -band +[x]:{y}^2",
        "路由器每天晚上掉线 5 GHz",
        "Маршрутизатор теряет сеть 5 ГГц",
        "\ud83d\udce1 router \u202e drops",
    ],
)
def test_any_text_gives_a_sensible_result(
    text: str, customer: User, dfs_question: Question, start_session: Start
) -> None:
    session = start_session(customer)

    result = actions.do_suggest(session=session, user=customer, text=text)

    assert len(result.hits) <= 5
    session.refresh_from_db()
    assert len(session.last_query) <= 200
    assert "\x00" not in session.last_query
