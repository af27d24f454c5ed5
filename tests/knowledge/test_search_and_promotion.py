"""Published articles in search and suggestions (KB tier, by visibility), and the community loop:
an answer or a thread promoted to a draft, credited, and shown as a KB answer once published."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser

from crowdservice.accounts.models import User
from crowdservice.community.models import Answer, Question
from crowdservice.community.trust import TrustTier, trust_tier
from crowdservice.core.errors import Conflict, Forbidden
from crowdservice.knowledge import actions
from crowdservice.knowledge.models import Article, Section
from crowdservice.knowledge.queries import search_articles
from crowdservice.search.service import search, suggest
from tests.conftest import SearchIndex

pytestmark = pytest.mark.django_db

MESH_TITLE = "Add a mesh satellite to extend coverage upstairs"
MESH_BODY = (
    "Place the satellite halfway between the router and the dead zone, press the pair button "
    "on both units and wait until the light turns solid white."
)


def article_hits(user: object, text: str) -> list[tuple[int, str]]:
    return [(h.object_id, h.tier) for h in search(user, text).hits if h.kind == "article"]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("visibility", "anonymous", "customer_sees", "agent_sees"),
    [
        ("public", True, True, True),
        ("signed_in", False, True, True),
        ("agents", False, False, True),
    ],
)
def test_search_finds_published_articles_by_visibility_with_the_kb_tier(
    visibility: str,
    anonymous: bool,
    customer_sees: bool,
    agent_sees: bool,
    customer: User,
    agent: User,
    make_article: Callable[..., Article],
    search_index: SearchIndex,
) -> None:
    article = make_article(title=MESH_TITLE, body=MESH_BODY, visibility=visibility)
    make_article(title="Mesh satellite draft nobody may find", body=MESH_BODY, publish=False)
    search_index.rebuild()
    expected = [(article.pk, "kb")]
    assert article_hits(AnonymousUser(), "mesh satellite") == (expected if anonymous else [])
    assert article_hits(customer, "mesh satellite") == (expected if customer_sees else [])
    assert article_hits(agent, "mesh satellite") == (expected if agent_sees else [])
    # The suggestions of the ask form (deflection) carry the article with its tier too.
    suggested = [(h.kind, h.object_id, h.tier) for h in suggest(customer, MESH_TITLE)]
    assert (("article", article.pk, "kb") in suggested) is customer_sees


def test_an_agents_only_article_never_reaches_a_customer_even_from_a_stale_index(
    customer: User,
    agent: User,
    editor: User,
    make_article: Callable[..., Article],
    search_index: SearchIndex,
) -> None:
    article = make_article(title=MESH_TITLE, body=MESH_BODY)
    search_index.rebuild()
    assert article_hits(customer, "mesh satellite") == [(article.pk, "kb")]
    # Made agents-only; the index is not yet updated, the database check still hides it.
    actions.do_save_article(
        actor=editor, article=article, base_version=article.version, visibility="agents"
    )
    assert article_hits(customer, "mesh satellite") == []
    assert suggest(customer, MESH_TITLE) == [] or all(
        h.kind != "article" for h in suggest(customer, MESH_TITLE)
    )
    assert article_hits(agent, "mesh satellite") == [(article.pk, "kb")]
    actions.do_archive(actor=editor, article=article)
    assert article_hits(agent, "mesh satellite") == []


def test_agents_find_articles_to_insert_into_a_case(
    agent: User, make_article: Callable[..., Article], search_index: SearchIndex
) -> None:
    article = make_article(title=MESH_TITLE, body=MESH_BODY, visibility="agents")
    search_index.rebuild()
    [link] = search_articles(agent, "mesh satellite dead zone")
    assert link.article_id == article.pk
    assert link.markdown == f"[{article.published_title}]({article.get_absolute_url()})"
    case_link = actions.do_record_case_link(actor=agent, article=article, case_id=41, kind="used")
    again = actions.do_record_case_link(actor=agent, article=article, case_id=41, kind="used")
    assert case_link.pk == again.pk


def test_a_case_resolution_becomes_a_draft_linked_to_its_case(
    agent: User, kb_section: Section
) -> None:
    draft = actions.do_create_draft_from_text(
        author=agent,
        title="Router loses settings after a power cut",
        body="Update to firmware 2.4.1, which stores settings before every restart.",
        source_case_id=77,
    )
    assert draft.section == kb_section
    assert draft.status == "draft"
    assert list(draft.case_links.values_list("case_id", "kind")) == [(77, "created")]


def test_promoting_an_answer_credits_it_and_publishing_shows_the_kb_tier_on_the_thread(
    agent: User,
    editor: User,
    customer: User,
    question: Question,
    answer: Answer,
    kb_section: Section,
    search_index: SearchIndex,
) -> None:
    with pytest.raises(Forbidden):
        actions.do_promote_answer(actor=customer, answer_id=answer.pk, section_id=kb_section.pk)
    draft = actions.do_promote_answer(actor=agent, answer_id=answer.pk, section_id=kb_section.pk)
    assert draft.title == question.title
    assert answer.body in draft.body
    assert answer.author.public_name in draft.body  # attribution
    assert f"{question.get_absolute_url()}#answer-{answer.pk}" in draft.body  # link back
    assert (draft.source_question_id, draft.source_answer_id) == (question.pk, answer.pk)
    with pytest.raises(Conflict, match="already in the knowledge base"):
        actions.do_promote_answer(actor=agent, answer_id=answer.pk, section_id=kb_section.pk)

    version_before = Question.objects.get(pk=question.pk).version
    article = actions.do_publish(actor=editor, article=draft)
    thread = Question.objects.get(pk=question.pk)
    assert thread.version > version_before  # cached anonymous thread pages go stale
    assert (thread.kb_article_id, thread.kb_article_url) == (article.pk, article.get_absolute_url())
    answer.refresh_from_db()
    assert trust_tier(answer, accepted_answer_id=None) == TrustTier.KB

    search_index.rebuild()
    tiers = {(h.kind, h.object_id): h.tier for h in search(customer, question.title).hits}
    assert tiers[("question", question.pk)] == "kb"
    assert tiers[("answer", answer.pk)] == "kb"
    assert tiers[("article", article.pk)] == "kb"

    actions.do_archive(actor=editor, article=article)
    thread.refresh_from_db()
    answer.refresh_from_db()
    assert thread.kb_article_id is None
    assert answer.kb_article_id is None


def test_promoting_a_thread_gathers_its_best_answers(
    agent: User,
    customer: User,
    question: Question,
    answer: Answer,
    make_answer: Callable[..., Answer],
    kb_section: Section,
) -> None:
    second = make_answer(agent, question, "Also check that the firmware is 2.4 or newer.")
    draft = actions.do_promote_thread(
        actor=agent, question_id=question.pk, section_id=kb_section.pk
    )
    assert question.body in draft.body
    assert answer.body in draft.body
    assert second.body in draft.body
    assert draft.source_url == question.get_absolute_url()
    assert draft.source_answer_id in {answer.pk, second.pk}


def test_a_thread_without_answers_cannot_be_promoted(
    agent: User, question: Question, kb_section: Section
) -> None:
    with pytest.raises(Conflict, match="no answers"):
        actions.do_promote_thread(actor=agent, question_id=question.pk, section_id=kb_section.pk)


def test_the_ask_form_suggests_articles_with_their_tier(
    customer: User,
    as_user: Callable[[User | None], object],
    make_article: Callable[..., Article],
    search_index: SearchIndex,
) -> None:
    import re

    from tests.web.helpers import Browser, text

    article = make_article(title=MESH_TITLE, body=MESH_BODY)
    internal = make_article(
        title="Mesh satellite pairing for support staff", body=MESH_BODY, visibility="agents"
    )
    search_index.rebuild()
    browser = Browser(as_user(customer))  # type: ignore[arg-type]
    token = re.search(
        r'name="deflection_session" value="([^"]*)"', text(browser.get("/questions/ask/"))
    )
    assert token is not None
    fragment = text(
        browser.get(
            f"/deflection/suggestions/?title=add+a+mesh+satellite+upstairs&deflection_session={token.group(1)}",
            htmx=True,
        )
    )
    assert MESH_TITLE in fragment
    assert "Approved in the knowledge base" in fragment
    assert f"/open/article/{article.pk}/" in fragment
    assert internal.published_title not in fragment
    opened = browser.get(f"/deflection/{token.group(1)}/open/article/{article.pk}/")
    assert opened.status_code == 302
    assert opened["Location"] == article.get_absolute_url()
