"""Case rules: opening, the conversation, status changes, assignment, ratings and merging."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crowdservice.accounts.models import Organization, User
from crowdservice.cases import actions
from crowdservice.cases.actions import AttachmentIn
from crowdservice.cases.models import Case, Macro, MessageKind, Queue, Status
from crowdservice.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from crowdservice.core.models import Event
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def verbs(case: Case) -> list[str]:
    return list(
        Event.objects.filter(object_type="cases.case", object_id=case.pk).values_list(
            "verb", flat=True
        )
    )


def test_opening_a_case_records_the_requester_organization_and_first_message(
    customer: User,
) -> None:
    org = Organization.objects.create(name="Acme Ltd", domain="acme.example")
    customer.organization = org
    customer.save()
    case = actions.do_open_case(
        requester=customer,
        subject="The router reboots every hour",
        description="Since **firmware 2.1** it restarts.",
        tags="Firmware, reboot",
    )
    assert case.status == Status.NEW
    assert case.organization == org
    assert case.tags == ["firmware", "reboot"]
    assert "<strong>firmware 2.1</strong>" in case.description_html
    assert case.messages.get().kind == MessageKind.PUBLIC
    assert verbs(case) == ["case.created"]


def test_bad_input_is_refused_with_every_field_message(customer: User) -> None:
    with pytest.raises(ValidationFailed) as caught:
        actions.do_open_case(
            requester=customer, subject="Hi", description=" ", priority="panic", space_id=999
        )
    assert set(caught.value.errors) == {"subject", "description", "priority", "space"}
    assert not Case.objects.exists()


def test_attachments_have_size_and_type_limits(customer: User, settings: object) -> None:
    settings.CROWDSERVICE_CASE_ATTACHMENT_MAX_BYTES = 100  # type: ignore[attr-defined]
    big = AttachmentIn("log.txt", "text/plain", b"x" * 101)
    script = AttachmentIn("run.exe", "application/x-msdownload", b"MZ")
    with pytest.raises(ValidationFailed) as caught:
        actions.do_open_case(
            requester=customer, subject="Logs attached here", description="See the files.",
            attachments=[big, script],
        )  # fmt: skip
    messages = caught.value.errors["attachments"]
    assert "larger than" in messages[0]
    assert "not accepted" in messages[1]
    ok = actions.do_open_case(
        requester=customer, subject="Logs attached here", description="See the files.",
        attachments=[AttachmentIn("log.txt", "text/plain", b"hello")],
    )  # fmt: skip
    saved = ok.attachments.get()
    assert (saved.filename, saved.size) == ("log.txt", 5)
    assert saved.file.read() == b"hello"


def test_agent_reply_is_the_first_response_and_opens_the_case(
    case: Case, agent: User, customer: User
) -> None:
    actions.do_reply(actor=agent, case=case, body="Which firmware?", internal=True)
    case.refresh_from_db()
    assert case.first_response_at is None  # an internal note is no response
    actions.do_reply(actor=agent, case=case, body="Which firmware do you run?")
    case.refresh_from_db()
    assert case.first_response_at is not None
    assert case.status == Status.OPEN
    actions.do_reply(actor=agent, case=case, body="Waiting for you.", status=Status.PENDING)
    case.refresh_from_db()
    assert case.status == Status.PENDING
    actions.do_reply(actor=customer, case=case, body="Version 2.1.")
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert case.message_count == 5
    assert verbs(case).count("case.first_response") == 1


def test_customers_cannot_add_notes_or_reply_to_others_cases(
    case: Case, other_customer: User, customer: User
) -> None:
    with pytest.raises(Forbidden):
        actions.do_reply(actor=customer, case=case, body="secret", internal=True)
    with pytest.raises(NotFound):
        actions.do_reply(actor=other_customer, case=case, body="Hello there")
    assert case.messages.count() == 1


def test_a_customer_reply_reopens_a_solved_case_but_not_a_closed_one(
    case: Case, agent: User, customer: User
) -> None:
    actions.do_change_status(actor=agent, case=case, status=Status.SOLVED)
    actions.do_reply(actor=customer, case=case, body="It happened again.")
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert case.solved_at is None
    assert "case.reopened" in verbs(case)
    actions.do_change_status(actor=customer, case=case, status=Status.CLOSED)
    with pytest.raises(Conflict, match="closed"):
        actions.do_reply(actor=customer, case=case, body="One more thing.")
    with pytest.raises(Conflict):
        actions.do_change_status(actor=customer, case=case, status=Status.CLOSED)


def test_customers_only_close(case: Case, customer: User) -> None:
    with pytest.raises(Forbidden):
        actions.do_change_status(actor=customer, case=case, status=Status.SOLVED)


def test_csat_once_after_solving(case: Case, agent: User, customer: User) -> None:
    with pytest.raises(Conflict):
        actions.do_rate(actor=customer, case=case, score=5)
    actions.do_change_status(actor=agent, case=case, status=Status.SOLVED)
    with pytest.raises(ValidationFailed):
        actions.do_rate(actor=customer, case=case, score=6)
    with pytest.raises(Forbidden):
        actions.do_rate(actor=agent, case=case, score=1)
    actions.do_rate(actor=customer, case=case, score=4, comment="Quick, thanks")
    case.refresh_from_db()
    assert (case.csat_score, case.csat_comment) == (4, "Quick, thanks")
    with pytest.raises(Conflict):
        actions.do_rate(actor=customer, case=case, score=5)
    event = Event.objects.get(verb="case.csat_rated")
    assert event.payload == {"score": 4, "has_comment": True}


def test_round_robin_assigns_queue_members_in_turn(customer: User) -> None:
    agents = [make_user(f"rr_agent_{n}", role="agent") for n in range(3)]  # type: ignore[arg-type]
    queue = Queue.objects.create(slug="rr", name="RR", round_robin=True)
    queue.members.add(*agents)
    assigned = [
        actions.do_open_case(
            requester=customer, subject=f"Round robin case {n}", description="Help", queue=queue
        ).assignee
        for n in range(4)
    ]
    assert assigned == [agents[0], agents[1], agents[2], agents[0]]


def test_agents_update_assign_and_bulk(
    case: Case, agent: User, customer: User, queue: Queue
) -> None:
    with pytest.raises(Forbidden):
        actions.do_update_case(actor=customer, case=case, priority="urgent")
    actions.do_update_case(
        actor=agent, case=case, priority="high", assignee_id=agent.pk, queue_id=queue.pk,
        tags=["wifi"],
    )  # fmt: skip
    case.refresh_from_db()
    assert (case.priority, case.assignee, case.queue, case.tags) == ("high", agent, queue, ["wifi"])
    with pytest.raises(ValidationFailed):
        actions.do_update_case(actor=agent, case=case, assignee_id=customer.pk)
    assert actions.do_bulk_update(actor=agent, case_ids=[case.pk], status=Status.ON_HOLD) == 1
    case.refresh_from_db()
    assert case.status == Status.ON_HOLD
    assert {
        "case.priority_changed",
        "case.assigned",
        "case.queue_changed",
        "case.tags_changed",
    } <= set(verbs(case))


def test_merge_closes_the_duplicate_and_keeps_its_text(
    customer: User, agent: User, make_case: Callable[..., Case]
) -> None:
    first = make_case(customer)
    duplicate = make_case(customer, description="Same problem as before, unique words here.")
    target = actions.do_merge(actor=agent, source=duplicate, target=first)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == first
    assert duplicate.status == Status.CLOSED
    note = target.messages.filter(kind=MessageKind.INTERNAL).get()
    assert "unique words here" in note.body
    with pytest.raises(Conflict):
        actions.do_merge(actor=agent, source=duplicate, target=first)
    with pytest.raises(Conflict, match="merged"):
        actions.do_reply(actor=customer, case=duplicate, body="Hello?")


def test_macros_fill_in_variables(case: Case, agent: User) -> None:
    macro = Macro.objects.create(
        name="Greeting", body="Hi {{ requester.name }}, about {{case.reference}}: {{ unknown }}"
    )
    text = actions.render_macro(macro, case, agent)
    assert text == f"Hi Carol Customer, about {case.reference}: {{{{ unknown }}}}"
