"""A customer never sees another customer's case or any internal note: every page, htmx
partial and API endpoint of cases, checked one by one."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from crowdservice.accounts.models import User
from crowdservice.cases import actions
from crowdservice.cases.actions import AttachmentIn
from crowdservice.cases.models import Case, Macro, Status
from tests.api.helpers import ApiClient

pytestmark = pytest.mark.django_db

SECRET = "INTERNAL-NOTE-SECRET-4711"


@pytest.fixture
def world(case: Case, agent: User, customer: User) -> Case:
    actions.do_reply(
        actor=agent, case=case, body=f"Note: {SECRET}", internal=True,
        attachments=[AttachmentIn("secret.txt", "text/plain", b"internal file")],
    )  # fmt: skip
    actions.do_reply(actor=agent, case=case, body="Public answer for the customer.")
    Macro.objects.create(name="Hello", body="Hello {{ requester.name }}")
    return case


def pages(case: Case) -> list[tuple[str, str]]:
    note_file = case.attachments.get(filename="secret.txt").pk
    return [
        ("GET", f"/cases/{case.pk}/"),
        ("POST", f"/cases/{case.pk}/reply/"),
        ("POST", f"/cases/{case.pk}/close/"),
        ("POST", f"/cases/{case.pk}/rate/"),
        ("POST", f"/cases/{case.pk}/update/"),
        ("POST", f"/cases/{case.pk}/merge/"),
        ("GET", f"/cases/{case.pk}/macro/?macro={Macro.objects.get().pk}"),
        ("GET", f"/cases/{case.pk}/suggestions/"),
        ("GET", f"/cases/{case.pk}/publish/"),
        ("GET", f"/cases/{case.pk}/publish/?mode=kb"),
        ("POST", f"/cases/{case.pk}/publish/"),
        ("GET", f"/cases/{case.pk}/help-articles/?q=router"),
        ("GET", f"/cases/attachments/{note_file}/"),
    ]


@pytest.mark.parametrize("htmx", [False, True])
def test_another_customer_gets_not_found_everywhere(
    world: Case, other_customer: User, htmx: bool
) -> None:
    client = Client()
    client.force_login(other_customer)
    headers = {"HX-Request": "true"} if htmx else {}
    for method, url in pages(world):
        data = {"body": "Let me in", "score": "5", "target": str(world.pk), "status": "closed"}
        response = (
            client.get(url, headers=headers)
            if method == "GET"
            else client.post(url, data, headers=headers)
        )
        assert response.status_code in (403, 404), (url, response.status_code)
        assert SECRET not in response.content.decode(errors="replace")
        assert world.subject not in response.content.decode(errors="replace"), url
    world.refresh_from_db()
    assert world.status != Status.CLOSED
    assert world.messages.count() == 3


def test_anonymous_is_sent_to_sign_in(world: Case) -> None:
    client = Client()
    for method, url in pages(world):
        response = client.get(url) if method == "GET" else client.post(url, {"body": "x"})
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url


def test_the_requester_never_sees_internal_notes(world: Case, customer: User) -> None:
    client = Client()
    client.force_login(customer)
    page = client.get(f"/cases/{world.pk}/").content.decode()
    assert "Public answer for the customer." in page
    assert SECRET not in page
    assert "secret.txt" not in page
    assert "Internal note" not in page
    assert "case.note_added" not in page
    assert "note" not in page.split("Timeline")[1][:2000]
    # The htmx partial after a reply.
    partial = client.post(
        f"/cases/{world.pk}/reply/", {"body": "Thanks!"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Thanks!" in partial
    assert SECRET not in partial
    # The note's attachment, agent-only pages and partials.
    note_file = world.attachments.get(filename="secret.txt").pk
    assert client.get(f"/cases/attachments/{note_file}/").status_code == 404
    public_file_case = actions.do_reply(
        actor=customer, case=world, body="My log",
        attachments=[AttachmentIn("mine.txt", "text/plain", b"my log")],
    )  # fmt: skip
    mine = public_file_case.attachments.get()
    response = client.get(f"/cases/attachments/{mine.pk}/")
    assert response.status_code == 200
    assert response.content == b"my log"
    for url in (
        f"/cases/{world.pk}/suggestions/",
        f"/cases/{world.pk}/publish/",
        f"/cases/{world.pk}/publish/?mode=kb",
        f"/cases/{world.pk}/help-articles/?q=router",
    ):
        assert client.get(url).status_code == 403
    kb_draft = {"mode": "kb", "answer": "Hold the reset button for ten seconds.", "step": "publish"}
    assert client.post(f"/cases/{world.pk}/publish/", kb_draft).status_code == 403
    assert "help-articles" not in page
    assert "knowledge base" not in page
    assert client.get(f"/cases/{world.pk}/macro/?macro=1").status_code == 403
    assert client.post(f"/cases/{world.pk}/update/", {"priority": "urgent"}).status_code == 403
    assert client.get("/agent/cases/").status_code == 403
    assert client.get("/agent/mail/").status_code == 403


def test_my_cases_lists_only_my_own(
    world: Case, customer: User, other_customer: User, make_case: Callable[..., Case]
) -> None:
    theirs = make_case(other_customer, subject="Other person's private subject")
    client = Client()
    client.force_login(customer)
    page = client.get("/cases/").content.decode()
    assert world.subject in page
    assert theirs.subject not in page


def test_the_api_hides_others_cases_and_notes(
    world: Case, customer: User, other_customer: User, api: Callable[..., ApiClient]
) -> None:
    mine = api(customer)
    listed = mine.get("/cases").json()
    assert [c["id"] for c in listed["items"]] == [world.pk]
    assert listed["items"][0]["sla"] is None
    assert listed["items"][0]["queue"] is None
    messages = mine.get(f"/cases/{world.pk}/messages").json()
    assert [m["kind"] for m in messages] == ["public", "public"]
    assert SECRET not in str(messages)
    assert mine.post(f"/cases/{world.pk}/notes", {"body": "sneaky"}).status_code == 403
    other = api(other_customer)
    assert other.get("/cases").json()["items"] == []
    for method, path, body in [
        ("GET", f"/cases/{world.pk}", None),
        ("GET", f"/cases/{world.pk}/messages", None),
        ("POST", f"/cases/{world.pk}/messages", {"body": "hi"}),
        ("POST", f"/cases/{world.pk}/notes", {"body": "hi"}),
        ("POST", f"/cases/{world.pk}/close", None),
        ("POST", f"/cases/{world.pk}/csat", {"score": 5}),
        ("PATCH", f"/cases/{world.pk}", {"priority": "urgent"}),
        ("POST", f"/cases/{world.pk}/merge", {"target": world.pk}),
    ]:
        response = other.get(path) if method == "GET" else other.send(method, path, body)
        assert response.status_code == 404, (path, response.status_code)
        assert world.subject not in response.content.decode()


def test_a_knowledge_base_draft_never_carries_internal_notes_or_private_details(
    world: Case, agent: User, editor: User
) -> None:
    """Drafts are not public, but an editor may publish one: it starts from the last public
    reply (never a note) and is redacted like a community publication."""
    from crowdservice.knowledge.actions import do_create_category, do_create_section
    from crowdservice.knowledge.models import Article

    category = do_create_category(actor=editor, name="Getting started")
    do_create_section(actor=editor, category_id=category.pk, name="Setting up the router")
    client = Client()
    client.force_login(agent)
    form = client.get(f"/cases/{world.pk}/publish/?mode=kb").content.decode()
    assert "Public answer for the customer." in form
    assert SECRET not in form
    answer = f"Public answer for the customer. Write to {world.requester.email}."
    preview = client.post(
        f"/cases/{world.pk}/publish/",
        {"mode": "kb", "title": "", "question_body": "", "answer": answer, "step": "preview"},
    ).content.decode()
    assert world.requester.email not in preview.split("knowledge-base draft</h2>")[1]
    done = client.post(
        f"/cases/{world.pk}/publish/",
        {"mode": "kb", "title": world.subject, "question_body": world.description,
         "answer": "Public answer for the customer. Write to [email].", "step": "publish"},
    )  # fmt: skip
    assert done.status_code == 302
    article = Article.objects.get(source_case_id=world.pk)
    assert SECRET not in article.body
    assert world.requester.email not in article.body
    assert world.requester.username not in article.body
