"""The search index, run against both lexical backends (PostgreSQL only on a PostgreSQL run).

Kept current from the event log, access-checked twice (audience in the index, the source's own
check before showing), bad input never a 500, and a vote never re-embeds a document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.community import actions
from crowdservice.community.models import Answer, Question
from crowdservice.core.models import Event
from crowdservice.search import registry
from crowdservice.search.index import indexing
from crowdservice.search.index.documents import IndexDocument
from crowdservice.search.index.store import forget_process_state, lexical_index
from crowdservice.search.index.vectors import VectorMatrix
from crowdservice.search.models import Audience, SearchDocument
from crowdservice.search.service import search, similar_questions, suggest
from crowdservice.search.types import AnyUser
from tests.conftest import SearchIndex

MakeQuestion = Callable[..., Question]
MakeAnswer = Callable[..., Answer]


@pytest.fixture
def anonymous() -> AnyUser:
    return AnonymousUser()


@pytest.fixture(params=["tantivy", "postgres"])
def backend(request: pytest.FixtureRequest, db: None) -> Iterator[str]:
    if request.param == "postgres" and connection.vendor != "postgresql":
        pytest.skip("PostgreSQL full-text search needs a PostgreSQL database")
    forget_process_state()
    with override_settings(CROWDSERVICE_SEARCH_LEXICAL=request.param):
        forget_process_state()
        assert lexical_index().name == request.param
        yield request.param
    forget_process_state()


def ids(hits: Sequence[Any], kind: str = "question") -> list[int]:
    return [h.object_id for h in hits if h.kind == kind]


def test_a_new_question_is_findable_once_its_event_is_processed(
    backend: str,
    customer: User,
    make_question: MakeQuestion,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        question = make_question(
            customer,
            title="Printer vanishes from the network at night",
            body="Every night at about two it drops off.",
        )

    assert ids(search(AnonymousUser(), "printer network").hits) == [question.pk]
    row = SearchDocument.objects.get(kind="question", object_id=question.pk)
    assert (row.title, row.audience, row.url) == (
        question.title,
        Audience.PUBLIC,
        question.get_absolute_url(),
    )


def test_an_edit_replaces_the_old_words(
    backend: str,
    customer: User,
    make_question: MakeQuestion,
    django_capture_on_commit_callbacks: Any,
    anonymous: AnyUser,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        question = make_question(
            customer, title="Scanner offline after update", body="It worked fine before the update."
        )
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_edit_question(
            actor=customer, question=question, title="Thermostat offline after update"
        )

    assert ids(search(anonymous, "thermostat").hits) == [question.pk]
    assert ids(search(anonymous, "scanner").hits) == []
    assert lexical_index().count() == 1


def test_deleted_posts_are_found_by_moderators_only(
    backend: str,
    customer: User,
    other_customer: User,
    agent: User,
    moderator: User,
    question: Question,
    answer: Answer,
    django_capture_on_commit_callbacks: Any,
    anonymous: AnyUser,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        indexing.rebuild()
        actions.do_delete_question(actor=moderator, question=question)

    for user in (anonymous, customer, other_customer, agent):
        assert search(user, "5 GHz DFS channel").hits == []
        assert suggest(user, "router keeps dropping the 5 GHz band") == []
    found = search(moderator, "5 GHz DFS channel").hits
    assert ids(found) == [question.pk]
    assert ids(found, "answer") == [answer.pk]  # its answers went with it


def test_a_stale_index_never_shows_what_the_database_hides(
    backend: str, customer: User, moderator: User, question: Question, search_index: SearchIndex
) -> None:
    search_index.rebuild()
    # Deleted without the consumer running: the index still lists it as public.
    actions.do_delete_question(actor=moderator, question=question)
    assert SearchDocument.objects.get(object_id=question.pk).audience == Audience.PUBLIC

    assert search(customer, "5 GHz router").hits == []
    assert search(customer, "5 GHz router").total == 0


class PrivateCases:
    """A stand-in for the cases app: staff-only documents with their own visibility rule."""

    kinds: tuple[str, ...] = ("case",)
    index_verbs: tuple[str, ...] = ("case.test",)

    def __init__(self, cases: dict[int, str]) -> None:
        self.cases = cases

    def affected(self, event: Event) -> list[tuple[str, int]]:
        return [("case", event.object_id or 0)]

    def documents(self, kind: str, ids: Sequence[int]) -> list[IndexDocument]:
        now = timezone.now()
        return [
            IndexDocument(
                kind="case",
                object_id=i,
                title=self.cases[i],
                body="Private: order 4711.",
                url=f"/cases/{i}/",
                audience=Audience.STAFF,
                created_at=now,
                updated_at=now,
            )
            for i in ids
            if i in self.cases
        ]

    def all_ids(self, kind: str) -> Iterator[int]:
        return iter(self.cases)

    def visible_ids(self, user: AnyUser, kind: str, ids: Sequence[int]) -> set[int]:
        staff = isinstance(user, User) and user.is_staff_member
        return set(ids) if staff else set()


@pytest.fixture
def private_cases() -> Iterator[PrivateCases]:
    source = PrivateCases({7: "Refund for the broken thermostat", 8: "Thermostat replacement"})
    saved = dict(registry._sources)
    registry.register_index_source(source)
    yield source
    registry._sources.clear()
    registry._sources.update(saved)


def test_private_cases_are_found_by_staff_only(
    backend: str,
    private_cases: PrivateCases,
    customer: User,
    agent: User,
    admin_user: User,
    anonymous: AnyUser,
) -> None:
    indexing.rebuild(["case"])

    for user in (anonymous, customer):
        assert search(user, "thermostat refund").hits == []
        assert search(user, "order 4711").total == 0
    assert ids(search(agent, "thermostat refund").hits, "case") == [7, 8]
    assert set(ids(search(admin_user, "thermostat").hits, "case")) == {7, 8}


def test_an_object_that_is_gone_is_found_by_nobody(
    backend: str, private_cases: PrivateCases, agent: User
) -> None:
    indexing.rebuild(["case"])
    del private_cases.cases[8]
    indexing.index_objects("case", [8])

    assert ids(search(agent, "thermostat").hits, "case") == [7]
    assert SearchDocument.objects.get(kind="case", object_id=8).audience == Audience.NOBODY


def test_a_vote_reindexes_signals_without_embedding_again(
    backend: str,
    customer: User,
    other_customer: User,
    question: Question,
    answer: Answer,
    search_index: SearchIndex,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    search_index.rebuild()
    before = SearchDocument.objects.get(kind="answer", object_id=answer.pk)
    encoded: list[int] = []
    real = indexing._encode
    monkeypatch.setattr(
        indexing, "_encode", lambda texts: encoded.append(len(texts)) or real(texts)
    )

    with django_capture_on_commit_callbacks(execute=True):
        actions.do_vote(user=customer, target=answer, value=1)

    after = SearchDocument.objects.get(kind="answer", object_id=answer.pk)
    assert (before.votes, after.votes) == (0, 1)
    assert bytes(after.vector) == bytes(before.vector)
    assert sum(encoded) == 0


def test_suggestions_carry_tier_and_snippet_and_skip_unrelated_text(
    backend: str,
    customer: User,
    agent: User,
    question: Question,
    answer: Answer,
    make_question: MakeQuestion,
    search_index: SearchIndex,
    anonymous: AnyUser,
) -> None:
    actions.do_endorse_answer(actor=agent, answer=answer)
    make_question(
        customer, title="How do I print from my phone?", body="Which app works for printing photos?"
    )
    search_index.rebuild()

    hits = suggest(anonymous, "my router keeps dropping the 5 GHz band")
    assert hits[0].object_id == question.pk
    assert (hits[0].kind, hits[0].tier, hits[0].space_id) == (
        "question",
        "endorsed",
        question.space_id,
    )
    assert hits[0].snippet
    assert suggest(anonymous, "qwxz vbnm plkj") == []


def test_similar_questions_leave_the_question_itself_out(
    backend: str,
    customer: User,
    make_question: MakeQuestion,
    search_index: SearchIndex,
    anonymous: AnyUser,
) -> None:
    first = make_question(customer, title="Mesh point will not pair with the main router")
    second = make_question(customer, title="Mesh point won't pair with my router")
    search_index.rebuild()

    found = similar_questions(anonymous, title=second.title, body=second.body, exclude_id=second.pk)
    assert ids(found) == [first.pk]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\x00\x01\x02\xff",
        '"unbalanced',
        'title:router AND (body:wifi OR "x) -y +z ~2 ^3 [a TO b] {c} * ?',
        "路由器 不能 连接",
        "Роутер не работает",
        "🚀" * 50,
        "router " * 15_000,  # about 100 kB
    ],
)
def test_any_text_gives_a_sensible_result(
    backend: str, question: Question, search_index: SearchIndex, text: str, anonymous: AnyUser
) -> None:
    search_index.rebuild()

    results = search(anonymous, text)
    assert results.total == len(results.hits) <= 20 or results.total > 20
    assert isinstance(suggest(anonymous, text), list)
    assert isinstance(similar_questions(anonymous, title=text, body=text), list)


def test_rebuild_is_idempotent_and_reports_counts(
    backend: str, question: Question, answer: Answer
) -> None:
    first = indexing.rebuild()
    stamp: datetime = SearchDocument.objects.get(kind="question").indexed_at
    again = indexing.rebuild()

    assert first == again
    # Other sources (knowledge-base articles, cases) are rebuilt too, empty here.
    assert {kind: n for kind, n in first.items() if n} == {"answer": 1, "question": 1}
    assert SearchDocument.objects.count() == 2
    assert lexical_index().count() == 2
    assert SearchDocument.objects.get(kind="question").indexed_at >= stamp


def test_another_process_picks_up_new_vectors_and_rereads_nothing_unchanged(
    backend: str,
    customer: User,
    make_question: MakeQuestion,
    search_index: SearchIndex,
    django_assert_num_queries: Any,
) -> None:
    make_question(customer, title="Camera drops off the network at night")
    search_index.rebuild()
    other = VectorMatrix(refresh_seconds=0)  # another web process's matrix
    other.refresh()
    assert len(other) == 1

    second = make_question(customer, title="Doorbell drops off the network at night")
    indexing.index_objects("question", [second.pk])
    other.refresh()
    assert len(other) == 2
    # Nothing new: the newest stamp and the recent stamps, no vectors read again...
    with django_assert_num_queries(2):
        other.refresh()
    # ...and once the index has been quiet for a while, the newest stamp alone.
    later = timezone.now() + timedelta(minutes=5)
    with (
        mock.patch("crowdservice.search.index.vectors.timezone.now", return_value=later),
        django_assert_num_queries(1),
    ):
        other.refresh()


def test_hits_filtered_out_of_the_top_do_not_hide_the_allowed_ones(
    backend: str, private_cases: PrivateCases, customer: User, make_question: MakeQuestion
) -> None:
    private_cases.cases.update({i: f"Thermostat case number {i}" for i in range(10, 40)})
    public = make_question(customer, title="Thermostat shows the wrong temperature")
    indexing.rebuild()

    found = lexical_index().search(["thermostat"], audiences=[0], kinds=["question"], limit=2)
    assert [pk for pk, _ in found] == [SearchDocument.objects.get(object_id=public.pk).pk]


def test_the_lexical_index_refills_from_the_stored_rows_without_embedding(
    backend: str,
    question: Question,
    answer: Answer,
    search_index: SearchIndex,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    search_index.rebuild()
    lexical_index().clear()
    monkeypatch.setattr(indexing, "_encode", lambda texts: pytest.fail("nothing to embed"))
    out = StringIO()

    call_command("rebuild_search_index", "--if-empty", stdout=out)

    assert "Refilled the lexical index with 2 documents" in out.getvalue()
    assert lexical_index().count() == 2
    assert ids(search(AnonymousUser(), "DFS channel").hits, "answer") == [answer.pk]
