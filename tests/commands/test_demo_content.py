"""The demo's texts: every template fills, passes the posting rules, and renders as markdown."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from crowdservice.accounts.models import User
from crowdservice.community.actions.validation import (
    BODY_MAX,
    TITLE_MAX,
    TITLE_MIN,
    check_tag_names,
)
from crowdservice.community.demo import texts
from crowdservice.community.demo.catalog import PEOPLE, SPACES, Topic
from crowdservice.community.demo.plan import build_plan, fill, fill_title, parameters, reflow
from crowdservice.community.demo.topics import TOPICS
from crowdservice.core.markdown import render_markdown

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _texts(entries: tuple[str | tuple[str, int], ...]) -> list[str]:
    return [entry if isinstance(entry, str) else entry[0] for entry in entries]


@pytest.mark.parametrize("topic", TOPICS, ids=[t.key for t in TOPICS])
def test_every_template_of_a_topic_fills(topic: Topic) -> None:
    assert topic.space in {space.slug for space in SPACES}
    for tag in (*topic.tags, *topic.extra_tags):
        assert not check_tag_names([tag])
    assert len(topic.tags) + 1 <= 5  # the topic's tags and at most one extra
    rng = random.Random(topic.key)
    for _ in range(5):
        params = parameters(rng, topic, NOW)
        params["asker_first"] = "Maria"
        for title in _texts(topic.titles):
            assert TITLE_MIN <= len(fill_title(title, params)) <= TITLE_MAX, title
        for template in (
            *topic.symptoms,
            *_texts(topic.fixes),
            *_texts(topic.tips),
            *_texts(topic.details),
            *_texts(topic.thanks),
            *_texts(topic.tried),
        ):
            text = fill(template, params)
            assert "{" not in text.replace("{{", ""), text  # no placeholder left unfilled
            assert text.count("```") % 2 == 0
            assert len(text) < BODY_MAX


def test_shared_phrases_fill() -> None:
    topic = TOPICS[0]
    params = parameters(random.Random(1), topic, NOW)
    params["asker_first"] = "Tom"
    pools = [
        texts.OPENERS, texts.SETUP_LINES, texts.CLOSERS, texts.HOWTO_CLOSERS, texts.ME_TOO,
        texts.MODERATOR_NOTES, texts.ASKER_NOT_SOLVED, texts.ALSO_WORKED, texts.HOWTO_ALSO,
        texts.ENDORSER_NOTES, texts.THANKS, texts.HOWTO_THANKS, texts.AGENT_OPENERS,
        texts.AGENT_CLOSERS, texts.HOWTO_AGENT_CLOSERS, texts.COMMUNITY_OPENERS,
        texts.AGENT_HOWTO_OPENERS, texts.HOWTO_OPENERS,
        [ask for ask, _, _ in texts.CLARIFICATIONS],
        [reply for _, reply, _ in texts.CLARIFICATIONS],
        [ask for ask, _, _ in texts.HOWTO_CLARIFICATIONS],
        [reply for _, reply, _ in texts.HOWTO_CLARIFICATIONS],
        [variant for tip in texts.GENERAL_TIPS for variant in tip.variants],
    ]  # fmt: skip
    keys = {topic.key for topic in TOPICS}
    for ask, reply, topics in (*texts.CLARIFICATIONS, *texts.HOWTO_CLARIFICATIONS):
        assert set(topics) <= keys, (ask, reply)
    for tip in texts.GENERAL_TIPS:
        assert set(tip.topics) <= keys
    for pool in pools:
        for template in pool:
            assert "{" not in fill(template, params)


def test_reflow_joins_paragraphs_and_keeps_lists_code_and_tables() -> None:
    text = reflow(
        "A paragraph that was\nwrapped in the source.\n\n1. A step that\n   goes on.\n"
        "2. Settings\n   > Wi-Fi.\n\n```\nline one\n\nline two\n```\n\n| a | b |\n|---|---|\n"
    )
    assert text == (
        "A paragraph that was wrapped in the source.\n\n1. A step that goes on.\n"
        "2. Settings > Wi-Fi.\n\n```\nline one\n\nline two\n```\n\n| a | b |\n|---|---|"
    )
    html = render_markdown(text)
    assert "<ol>" in html
    assert "<pre>" in html
    assert "<table>" in html


def test_plan_is_plausible() -> None:
    plan = build_plan(7, NOW)
    people = {person.username for person in PEOPLE}
    titles = [q.title for q in plan.questions]
    assert len(titles) == len({t.lower() for t in titles}) >= 150
    for question in plan.questions:
        assert question.asker in people
        assert plan.joined[question.asker] < question.at < NOW
        for answer in question.answers:
            assert answer.author != question.asker
            assert question.at < answer.at < NOW
            assert all(vote.voter != answer.author for vote in answer.votes)
        assert len({a.author for a in question.answers}) == len(question.answers)
        assert all(vote.voter != question.asker for vote in question.votes)
        if question.accepted is not None:
            assert question.accepted_at is not None
            assert question.answers[question.accepted].at < question.accepted_at < NOW


@pytest.mark.django_db
def test_password_must_pass_the_validators() -> None:
    with pytest.raises(CommandError, match="--password is not allowed: This password is too"):
        call_command("seed_demo", password="12345", stdout=StringIO())
    assert not User.objects.exists()


def test_titles_keep_brand_capitalisation() -> None:
    from crowdservice.community.demo.plan import sentence_case

    assert sentence_case("iPhone 13 won't roam to the Mesh Point") == (
        "iPhone 13 won't roam to the Mesh Point"
    )
    assert sentence_case("router drops the 5 GHz band") == "Router drops the 5 GHz band"
