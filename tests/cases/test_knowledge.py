"""Cases and the knowledge base (the knowledge-centered service loop): publishing a resolution
back as a redacted KB draft, searching the help center from a case and inserting a link, the
articles' trust tier in the case's suggestions, and which articles solved which cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from crowdservice.accounts.models import User
from crowdservice.cases import actions
from crowdservice.cases.models import Case, Status
from crowdservice.cases.redaction import redact
from crowdservice.core.errors import Forbidden, ValidationFailed
from crowdservice.core.models import Event
from crowdservice.knowledge.models import Article, CaseLink, Section
from crowdservice.knowledge.models import Status as ArticleStatus
from tests.conftest import SearchIndex, make_user
from tests.knowledge.conftest import kb_section, make_article

__all__ = ["kb_section", "make_article"]

pytestmark = pytest.mark.django_db

PRIVATE_ANSWER = (
    "Hold the reset button for ten seconds, Carol Customer. If it still reboots, mail "
    "carol_customer@example.com or call +1 555 123 4567 about order #77812."
)
RESET_TITLE = "Reset the router to factory settings"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def reviewed(text: str) -> str:
    return redact(text, ["Carol Customer", "carol_customer"]).text


def test_publish_back_as_a_knowledge_base_draft_reviews_then_sends_exactly_that(
    case: Case, agent: User, customer: User, editor: User, kb_section: Section
) -> None:
    client = signed_in(agent)
    form = client.get(f"/cases/{case.pk}/publish/?mode=kb").content.decode()
    assert '<option value="kb" selected>' in form
    assert "A knowledge-base draft" in form
    data = {"mode": "kb", "title": "", "question_body": "", "answer": PRIVATE_ANSWER}
    preview = client.post(f"/cases/{case.pk}/publish/", {**data, "step": "preview"})
    assert preview.status_code == 200
    shown = preview.content.decode().split("This goes into the knowledge-base draft")[1]
    shown = shown.split("</section>")[0]
    for private in ("carol_customer@example.com", "555 123 4567", "77812", "Carol Customer"):
        assert private not in shown
    assert "## The problem" in shown
    assert "Send exactly this as a draft" in preview.content.decode()
    # The unreviewed text still holds private details: nothing is sent.
    refused = client.post(f"/cases/{case.pk}/publish/", {**data, "step": "publish"})
    assert refused.status_code == 422
    assert "private details" in refused.content.decode()
    assert not Article.objects.exists()
    answer = reviewed(PRIVATE_ANSWER)
    done = client.post(
        f"/cases/{case.pk}/publish/",
        {**data, "answer": answer, "title": RESET_TITLE, "step": "publish"},
    )
    article = Article.objects.get()
    assert done.status_code == 302
    assert done["Location"] == article.get_absolute_url()
    assert article.status == ArticleStatus.DRAFT
    assert article.published_revision_id is None  # not public until an editor publishes it
    assert (article.title, article.source_case_id, article.created_by) == (
        RESET_TITLE,
        case.pk,
        agent,
    )
    assert article.section == kb_section
    assert article.body == (
        f"## The problem\n\n{case.description}\n\n## The solution\n\n{answer.strip()}"
    )
    assert "carol" not in article.body.lower()
    assert "555" not in article.body
    # The knowledge base recorded that the case created it; the case, that it was sent.
    link = CaseLink.objects.get()
    assert (link.article, link.case_id, link.kind, link.created_by) == (
        article,
        case.pk,
        "created",
        agent,
    )
    event = Event.objects.get(verb="case.published")
    assert event.payload == {"mode": "kb", "article_id": article.pk}
    assert event.object_id == case.pk
    # A second click does not make a second article.
    again = client.post(
        f"/cases/{case.pk}/publish/",
        {**data, "answer": answer, "title": RESET_TITLE, "step": "publish"},
    )
    assert again.status_code == 409
    assert "already has a knowledge-base article" in again.content.decode()
    assert Article.objects.count() == 1
    # The agent's timeline says so; the customer's never shows it.
    timeline = client.get(f"/cases/{case.pk}/").content.decode().split("Timeline")[1]
    assert "sent the answer to the knowledge base as a draft" in timeline
    mine = signed_in(customer).get(f"/cases/{case.pk}/").content.decode()
    assert "knowledge base" not in mine
    # Editors see where it came from on the article's staff panel; readers never see the draft.
    staff_page = signed_in(editor).get(article.get_absolute_url()).content.decode()
    assert f"Created from case {case.pk}" in staff_page
    assert signed_in(customer).get(article.get_absolute_url()).status_code == 404


def test_a_knowledge_base_draft_needs_a_section_and_an_agent(
    case: Case, agent: User, customer: User
) -> None:
    with pytest.raises(ValidationFailed) as missing:
        actions.publish_to_knowledge_base_draft(
            actor=agent, case=case, answer="Hold the reset button for ten seconds.",
            title=RESET_TITLE,
        )  # fmt: skip
    assert "no section yet" in missing.value.errors["mode"][0]
    with pytest.raises(Forbidden):
        actions.publish_to_knowledge_base_draft(
            actor=customer, case=case, answer="Hold the reset button.", title=RESET_TITLE
        )
    # A community publication in the KB mode is refused rather than posted to the community.
    with pytest.raises(ValidationFailed):
        actions.do_publish_resolution(actor=agent, case=case, mode="kb", answer="Hold it.")
    assert not Article.objects.exists()


def test_knowledge_base_validation_shows_on_the_publish_form(
    case: Case, agent: User, kb_section: Section
) -> None:
    client = signed_in(agent)
    data = {"mode": "kb", "title": RESET_TITLE, "question_body": "", "step": "publish"}
    empty = client.post(f"/cases/{case.pk}/publish/", {**data, "answer": "  "})
    assert empty.status_code == 422
    assert "Write the resolution the article should give." in empty.content.decode()
    # The knowledge base's own rules, shown next to the publish form's fields.
    short = client.post(
        f"/cases/{case.pk}/publish/", {**data, "title": "Reset", "answer": "Hold the button."}
    )
    assert short.status_code == 422
    title_field = (
        short.content.decode().split('for="id_title"')[1].split('for="id_question_body"')[0]
    )
    assert "at least 8 characters" in title_field
    assert not Article.objects.exists()


def test_agents_search_the_help_center_from_a_case_and_insert_a_link(
    case: Case,
    agent: User,
    customer: User,
    make_article: Callable[..., Article],
    search_index: SearchIndex,
) -> None:
    public = make_article(title=RESET_TITLE)
    internal = make_article(title="Reset the router remotely (agents)", visibility="agents")
    draft = make_article(title="Reset the router draft nobody may see", publish=False)
    search_index.rebuild()
    client = signed_in(agent)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'hx-get="/cases/{case.pk}/help-articles/"' in page
    assert "cases/cases.js" in page
    fragment = client.get(
        f"/cases/{case.pk}/help-articles/?q=reset+router", headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 200
    text = fragment.content.decode()
    url = f"http://testserver{public.get_absolute_url()}"
    assert f'data-insert-link="[{RESET_TITLE}]({url})"' in text
    assert 'data-insert-into="id_body"' in text
    assert "Approved in the knowledge base" in text
    assert internal.title in text
    internal_item = text.split(internal.title)[1].split("</li>")[0]
    assert "Agents only" in internal_item
    assert "Agents only" not in text.split(RESET_TITLE)[1].split("</li>")[0]
    assert draft.title not in text
    assert (
        "No help-center article matches"
        in client.get(f"/cases/{case.pk}/help-articles/?q=zebra+xylophone").content.decode()
    )
    assert client.get(f"/cases/{case.pk}/help-articles/?q=").content.decode().strip() == ""
    # Customers have no search box and no access to the partial.
    mine = signed_in(customer)
    assert "help-articles" not in mine.get(f"/cases/{case.pk}/").content.decode()
    assert mine.get(f"/cases/{case.pk}/help-articles/?q=reset").status_code == 403


def test_the_case_suggestions_show_articles_with_their_tier(
    agent: User,
    customer: User,
    make_case: Callable[..., Case],
    make_article: Callable[..., Article],
    search_index: SearchIndex,
) -> None:
    article = make_article(title=RESET_TITLE)
    search_index.rebuild()
    case = make_case(customer, subject="How do I reset the router to factory settings?")
    text = signed_in(agent).get(f"/cases/{case.pk}/suggestions/").content.decode()
    assert article.get_absolute_url() in text
    item = text.split(article.get_absolute_url())[1].split("</li>")[0]
    assert '<span class="badge badge-endorsed">Approved in the knowledge base</span>' in item


def test_the_help_article_search_uses_a_fixed_number_of_queries(
    case: Case,
    agent: User,
    make_article: Callable[..., Article],
    search_index: SearchIndex,
) -> None:
    make_article(title="Reset the router: the first way")
    search_index.rebuild()
    client = signed_in(agent)
    url = f"/cases/{case.pk}/help-articles/?q=reset+router"

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    one = count()
    for n in range(4):
        make_article(title=f"Reset the router: another way {n}", visibility="agents")
    search_index.rebuild()
    assert signed_in(agent).get(url).content.decode().count("Insert link") == 5
    assert count() == one


def test_articles_linked_in_agents_public_replies_are_recorded_as_used(
    case: Case,
    agent: User,
    customer: User,
    editor: User,
    make_article: Callable[..., Article],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    used = make_article(title=RESET_TITLE)
    in_a_note = make_article(title="Reset the router remotely (agents)", visibility="agents")
    draft = make_article(title="Reset the router draft nobody may see", publish=False)
    by_customer = make_article(title="Reset the router from the app")
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_reply(
            actor=agent, case=case,
            body=f"See [this article](http://testserver{used.get_absolute_url()}) and "
            f"[that one](/help/articles/{draft.pk}/).",
        )  # fmt: skip
        actions.do_reply(
            actor=agent, case=case, internal=True,
            body=f"Also [internal](/help/articles/{in_a_note.pk}/).",
        )  # fmt: skip
        actions.do_reply(
            actor=customer, case=case, body=f"I found [this](/help/articles/{by_customer.pk}/)."
        )
    links = list(CaseLink.objects.values_list("article_id", "case_id", "kind", "created_by"))
    assert links == [(used.pk, case.pk, "used", agent.pk)]
    # Solving records every linked article again: idempotent, and a reply whose consumer did
    # not run (say the job failed) is caught up.
    other = make_user("second_agent", "agent")  # type: ignore[arg-type]
    later = make_article(title="Update the router's firmware")
    actions.do_reply(actor=other, case=case, body=f"Or [update](/help/articles/{later.pk}/x/).")
    assert CaseLink.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_change_status(actor=agent, case=case, status=Status.SOLVED)
    links = list(
        CaseLink.objects.order_by("article_id").values_list("article_id", "kind", "created_by")
    )
    assert links == [(used.pk, "used", agent.pk), (later.pk, "used", other.pk)]
    assert Event.objects.filter(verb="article.case_linked").count() == 2
    # The article's staff panel counts the cases it solved; readers never see the count.
    second = make_case_solved_with(used, agent, customer, django_capture_on_commit_callbacks)
    assert CaseLink.objects.filter(article=used, kind="used").count() == 2
    assert second.status == Status.SOLVED
    staff_page = signed_in(editor).get(used.get_absolute_url()).content.decode()
    assert "Used to solve 2 cases" in staff_page
    reader_page = signed_in(customer).get(used.get_absolute_url()).content.decode()
    assert "Used to solve" not in reader_page
    assert f"case {case.pk}" not in reader_page


def make_case_solved_with(
    article: Article, agent: User, requester: User, capture: Callable[..., Any]
) -> Case:
    case = actions.do_open_case(
        requester=requester, subject="The router restarts again", description="Every hour."
    )
    with capture(execute=True):
        actions.do_reply(
            actor=agent, case=case, status=Status.SOLVED,
            body=f"[{article.title}]({article.get_absolute_url()})",
        )  # fmt: skip
    case.refresh_from_db()
    return case


def test_a_departed_agents_links_are_skipped_not_fatal(
    case: Case,
    agent: User,
    make_article: Callable[..., Article],
) -> None:
    leaver = make_user("left_agent", "agent")  # type: ignore[arg-type]
    theirs = make_article(title=RESET_TITLE)
    mine = make_article(title="Update the router's firmware")
    actions.do_reply(actor=leaver, case=case, body=f"[Reset]({theirs.get_absolute_url()})")
    actions.do_reply(actor=agent, case=case, body=f"[Update]({mine.get_absolute_url()})")
    User.objects.filter(pk=leaver.pk).update(is_active=False)
    assert actions.do_record_used_articles(case=case) == 1
    assert list(CaseLink.objects.values_list("article_id", "created_by")) == [(mine.pk, agent.pk)]
