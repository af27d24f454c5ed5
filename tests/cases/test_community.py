"""The hand-offs: escalating a question to a case (asker, agent, the periodic job), the thread
showing that support is on it without private details, and publishing a resolution back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.cases import actions
from crowdservice.cases.jobs import auto_escalate_questions
from crowdservice.cases.models import Case, Channel, CommunityLink, LinkKind, Status
from crowdservice.cases.redaction import redact
from crowdservice.community.models import Answer, Question
from crowdservice.core.errors import Forbidden, ValidationFailed
from crowdservice.core.models import Event

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_asker_escalates_once_and_the_thread_says_support_is_on_it(
    question: Question, customer: User, other_customer: User, agent: User
) -> None:
    asker = signed_in(customer)
    page = asker.get(question.get_absolute_url()).content.decode()
    assert "I still need help" in page
    assert (
        "I still need help"
        not in signed_in(other_customer).get(question.get_absolute_url()).content.decode()
    )
    anonymous_before = Client().get(question.get_absolute_url()).content.decode()
    assert "support team is on it" not in anonymous_before
    version = question.version

    response = asker.post(f"/cases/escalate/{question.pk}/")
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert (case.requester, case.channel, case.space_id) == (
        customer,
        Channel.COMMUNITY,
        question.space_id,
    )
    assert question.title in case.subject
    question.refresh_from_db()
    assert question.version > version  # the cached anonymous thread goes stale
    # A second click (or an agent) gets the same case.
    asker.post(f"/cases/escalate/{question.pk}/")
    assert actions.do_escalate_question(actor=agent, question=question) == case
    assert Case.objects.count() == 1
    assert Event.objects.filter(verb="case.escalated").count() == 1

    anonymous = Client().get(question.get_absolute_url()).content.decode()
    assert "support team is on it" in anonymous
    assert f"/cases/{case.pk}/" not in anonymous
    assert customer.email not in anonymous
    assert "Follow your case" in asker.get(question.get_absolute_url()).content.decode()
    assert (
        f"Open case #{case.pk}"
        in signed_in(agent).get(question.get_absolute_url()).content.decode()
    )
    assert signed_in(other_customer).get(case.get_absolute_url()).status_code == 404

    # Solving the case changes what the (cached) thread says.
    actions.do_change_status(actor=agent, case=case, status=Status.SOLVED)
    solved = Client().get(question.get_absolute_url()).content.decode()
    assert "has handled this question" in solved
    assert "support team is on it" not in solved


def test_only_the_asker_or_an_agent_escalates(question: Question, other_customer: User) -> None:
    with pytest.raises(Forbidden):
        actions.do_escalate_question(actor=other_customer, question=question)
    response = signed_in(other_customer).post(f"/cases/escalate/{question.pk}/")
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_auto_escalation_runs_once_per_question(
    customer: User, other_customer: User, make_question: Callable[..., Question],
    make_answer: Callable[..., Answer], settings: object,
) -> None:  # fmt: skip
    settings.CROWDSERVICE_AUTO_ESCALATE_HOURS = 24  # type: ignore[attr-defined]
    old = timezone.now() - timedelta(hours=30)
    lonely = make_question(customer, title="Nobody answers my question about VPN passthrough")
    self_answered = make_question(customer, title="Only I answered this one about DHCP leases")
    make_answer(customer, self_answered, body="Bumping my own question with more details.")
    answered = make_question(customer, title="Someone answered this one about port forwarding")
    make_answer(other_customer, answered)
    fresh = make_question(customer, title="A fresh question asked just now about guest wifi")
    Question.objects.exclude(pk=fresh.pk).update(created_at=old)

    assert auto_escalate_questions.call_local() == 2
    assert auto_escalate_questions.call_local() == 0  # idempotent
    linked = set(
        CommunityLink.objects.filter(kind=LinkKind.ESCALATION).values_list("question_id", flat=True)
    )
    assert linked == {lonely.pk, self_answered.pk}
    assert all(link.automatic for link in CommunityLink.objects.all())
    page = Client().get(Question.objects.get(pk=lonely.pk).get_absolute_url()).content.decode()
    assert "passed to our support team" in page


def test_unresolved_rule_per_space(
    customer: User, other_customer: User, make_question: Callable[..., Question],
    make_answer: Callable[..., Answer], settings: object,
) -> None:  # fmt: skip
    settings.CROWDSERVICE_AUTO_ESCALATE_HOURS = 1  # type: ignore[attr-defined]
    settings.CROWDSERVICE_AUTO_ESCALATE_UNRESOLVED_SPACES = ["wifi"]  # type: ignore[attr-defined]
    answered = make_question(customer)
    make_answer(other_customer, answered)
    Question.objects.update(created_at=timezone.now() - timedelta(hours=2))
    assert actions.do_auto_escalate() == 1  # answered, but nothing accepted or endorsed


def test_redaction_removes_private_details() -> None:
    result = redact(
        "Hi Carol, mail carol@example.com or call +44 20 7946 0958. Order #A12345 and "
        "order number: 998877 arrived. Firmware 2.1.3 on port 8080 is fine.",
        names=["Carol", "carol_customer"],
    )
    assert result.text == (
        "Hi [name], mail [email] or call [phone]. Order #[order number] and "
        "order number: [order number] arrived. Firmware 2.1.3 on port 8080 is fine."
    )
    assert {r.kind for r in result.removed} == {"email", "phone", "order number", "name"}


def test_publish_back_reviews_then_posts_exactly_what_was_shown(
    question: Question, customer: User, agent: User
) -> None:
    case = actions.do_escalate_question(actor=customer, question=question)
    actions.do_reply(
        actor=agent,
        case=case,
        body="Reset it, Carol Customer. Mail me at carol_customer@example.com.",
    )
    client = signed_in(agent)
    review = client.get(f"/cases/{case.pk}/publish/").content.decode()
    assert "carol_customer@example.com" in review  # the draft, before the review
    answer_text = (
        "Hold reset for 10 seconds. Carol Customer can call +1 555 123 4567 for order #77812."
    )
    preview = client.post(
        f"/cases/{case.pk}/publish/",
        {
            "mode": "answer",
            "answer": answer_text,
            "step": "preview",
            "title": "",
            "question_body": "",
        },
    )
    body = preview.content.decode()
    assert preview.status_code == 200
    assert "This becomes public" in body
    assert "+1 555 123 4567" not in body.split("This becomes public")[1].split("</section>")[0]
    assert "Publish exactly this" in body
    # Publishing the unreviewed text is refused: it still holds private details.
    refused = client.post(
        f"/cases/{case.pk}/publish/", {"mode": "answer", "answer": answer_text, "step": "publish"}
    )
    assert refused.status_code == 422
    assert not Answer.objects.exists()
    # The agent publishes the reviewed text, as the review form hands it back.
    reviewed = redact(answer_text, ["Carol Customer", "carol_customer"]).text
    done = client.post(
        f"/cases/{case.pk}/publish/", {"mode": "answer", "answer": reviewed, "step": "publish"}
    )
    answer = Answer.objects.get()
    assert done.status_code == 302
    assert answer.question == question
    assert answer.body == reviewed
    assert answer.is_endorsed
    assert "555" not in answer.body
    assert "Carol" not in answer.body
    event = Event.objects.get(verb="case.published")
    assert event.payload["answer_id"] == answer.pk


def test_publish_as_a_new_question(case: Case, agent: User, space: object) -> None:
    with pytest.raises(ValidationFailed):  # no space set yet
        actions.do_publish_resolution(actor=agent, case=case, mode="question", answer="Do this.")
    Case.objects.filter(pk=case.pk).update(space=space)
    case.refresh_from_db()
    with pytest.raises(ValidationFailed):  # no linked thread
        actions.preview_publication(actor=agent, case=case, mode="answer", answer="Do this.")
    answer = actions.do_publish_resolution(
        actor=agent, case=case, mode="question", answer="Update the firmware to 2.2 and reboot.",
        title="Router reboots every hour after an update",
        question_body="The router restarts by itself every hour since the last update.",
    )  # fmt: skip
    assert answer.question.title == "Router reboots every hour after an update"
    assert answer.question.author == agent
    assert case.status == Status.NEW


def test_customers_cannot_publish(case: Case, customer: User) -> None:
    with pytest.raises(Forbidden):
        actions.preview_publication(actor=customer, case=case, mode="question", answer="x")
