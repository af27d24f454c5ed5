"""Reputation wired to the apps above it: who may flag and how much a flag weighs (moderation),
confirmed spam in the ledger, answers promoted to the knowledge base, badge notifications, and
the voting findings in the moderators' navigation."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from crowdservice.accounts.models import User
from crowdservice.community.actions import do_add_comment, do_delete_answer, do_undelete_answer
from crowdservice.community.models import Answer, Question
from crowdservice.core.errors import Forbidden
from crowdservice.core.models import Event
from crowdservice.knowledge import actions as kb
from crowdservice.knowledge.models import Article, Section
from crowdservice.moderation import rules
from crowdservice.moderation.actions import do_flag, do_resolve, do_set_post_visibility
from crowdservice.moderation.models import ReviewItem, ReviewStatus
from crowdservice.notifications.models import Notification, NotificationSettings
from crowdservice.reputation.actions import do_award_badge
from crowdservice.reputation.consumers import replay
from crowdservice.reputation.models import (
    AbuseFinding,
    BadgeAward,
    Reason,
    ReputationEntry,
)
from crowdservice.reputation.points import points
from tests.api.helpers import session_client
from tests.conftest import make_user
from tests.moderation.conftest import make_veteran
from tests.reputation.conftest import Committed, assert_ledger_consistent, total
from tests.reputation.test_suggested_edits import Grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def badge_notifications(settings: SettingsWrapper) -> None:
    """As in production (the test settings keep fixtures' first-post badges quiet)."""
    settings.CROWDSERVICE_REPUTATION_BADGE_NOTIFICATIONS = True


def pending_item(kind: str, object_id: int) -> ReviewItem:
    return ReviewItem.objects.get(kind=kind, object_id=object_id, status=ReviewStatus.PENDING)


def badge_notes(user: User) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, kind="badges").values_list("title", flat=True)
    )


# --- 1. Who may flag, and how much a flag weighs ------------------------------------------------


def test_flagging_takes_the_flag_privilege_and_staff_bypass_it(
    real_ladder: dict[str, int], grant: Grant, answer: Answer, moderator: User, agent: User
) -> None:
    flagger = make_veteran("fred_flagger")
    with pytest.raises(Forbidden, match=f"You need {real_ladder['flag']} reputation to flag"):
        do_flag(flagger=flagger, kind="answer", object_id=answer.pk, reason="spam")
    grant(flagger, real_ladder["flag"] - 1)
    with pytest.raises(Forbidden, match="to flag posts for moderators"):
        do_flag(flagger=flagger, kind="answer", object_id=answer.pk, reason="spam")
    grant(flagger, 1)
    assert do_flag(flagger=flagger, kind="answer", object_id=answer.pk, reason="spam").pk
    # Staff roles take part without earning it.
    for staff in (moderator, agent):
        assert do_flag(flagger=staff, kind="answer", object_id=answer.pk, reason="offensive").pk


def test_the_flag_api_and_page_say_how_much_reputation_it_takes(
    real_ladder: dict[str, int], answer: Answer
) -> None:
    client = Client()
    client.force_login(make_veteran("fred_flagger"))
    response = client.post(
        "/api/v1/flags", {"kind": "answer", "object_id": answer.pk, "reason": "spam"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403
    assert response.json()["code"] == "privilege_required"
    assert f"{real_ladder['flag']} reputation" in response.json()["detail"]
    page = client.get(f"/moderation/flag/answer/{answer.pk}/")
    assert page.status_code == 403
    assert f"You need {real_ladder['flag']} reputation to flag posts" in page.content.decode()


def test_members_who_earned_the_review_step_flag_with_more_weight(
    real_ladder: dict[str, int], grant: Grant, moderator: User
) -> None:
    member = grant(make_veteran("mia_member"), real_ladder["flag"])
    trusted = grant(make_veteran("tom_trusted"), real_ladder["review"])
    newcomer = grant(make_user("nina_newcomer"), real_ladder["review"])
    assert rules.flag_weight(member) == 1.0
    assert rules.flag_weight(trusted) == rules.TRUSTED_FLAG_WEIGHT == 2.0
    assert rules.flag_weight(newcomer) == rules.NEW_ACCOUNT_FLAG_WEIGHT  # age still counts
    assert rules.flag_weight(moderator) == 1.0  # a role is not earned trust


# --- 2. Confirmed spam ---------------------------------------------------------------------------


def test_a_moderator_agreeing_with_a_spam_flag_costs_the_author_and_restoring_gives_it_back(
    committed: Committed, moderator: User, other_customer: User, answer: Answer
) -> None:
    penalty = points("spam_confirmed")
    assert penalty < 0
    with committed():
        do_flag(flagger=make_veteran("sam_spotter"), kind="answer", object_id=answer.pk,
                reason="spam")  # fmt: skip
        do_resolve(moderator=moderator, item=pending_item("answer", answer.pk),
                   decision="agree_hide")  # fmt: skip
    assert total(other_customer) == penalty
    entry = ReputationEntry.objects.get(user=other_customer, reason=Reason.SPAM_CONFIRMED)
    assert (entry.post_type, entry.post_id, entry.question_id) == (
        "answer", answer.pk, answer.question_id,
    )  # fmt: skip
    assert entry.other_user_id == moderator.pk

    # A retried job adds nothing.
    with committed(), transaction.atomic():
        event = Event.objects.get(verb="post.spam_confirmed")
        from crowdservice.core.events import dispatch

        dispatch(event)
    assert total(other_customer) == penalty

    # The moderator changes their mind and shows the post again: the penalty goes.
    with committed():
        do_set_post_visibility(moderator=moderator, kind="answer", object_id=answer.pk,
                               visibility="visible")  # fmt: skip
    assert total(other_customer) == 0
    assert ReputationEntry.objects.filter(reason=Reason.SPAM_UNDONE).count() == 1
    assert_ledger_consistent()


def test_deleting_confirmed_spam_keeps_the_penalty(
    committed: Committed, moderator: User, other_customer: User, answer: Answer
) -> None:
    with committed():
        do_flag(flagger=make_veteran("sam_spotter"), kind="answer", object_id=answer.pk,
                reason="spam")  # fmt: skip
        do_resolve(moderator=moderator, item=pending_item("answer", answer.pk),
                   decision="agree_delete")  # fmt: skip
    answer.refresh_from_db()
    assert answer.is_deleted
    assert total(other_customer) == points("spam_confirmed")
    assert_ledger_consistent()


def test_undeleting_confirmed_spam_in_the_community_gives_the_penalty_back(
    committed: Committed, moderator: User, customer: User, other_customer: User, answer: Answer,
    question: Question,
) -> None:  # fmt: skip
    """The thread's Undelete (community) shows the post again, as moderation's unhide does."""
    with committed():
        for kind, post in (("answer", answer), ("question", question)):
            do_flag(flagger=make_veteran(f"sam_spotter_{kind}"), kind=kind, object_id=post.pk,
                    reason="spam")  # fmt: skip
            do_resolve(moderator=moderator, item=pending_item(kind, post.pk),
                       decision="agree_delete")  # fmt: skip
    assert total(other_customer) == total(customer) == points("spam_confirmed")

    with committed():
        do_undelete_answer(actor=moderator, answer=answer)
    assert total(other_customer) == 0
    undone = ReputationEntry.objects.get(user=other_customer, reason=Reason.SPAM_UNDONE)
    assert (undone.post_type, undone.post_id, undone.other_user_id) == (
        "answer", answer.pk, moderator.pk,
    )  # fmt: skip
    event = Event.objects.get(verb="post.spam_unconfirmed")
    assert event.object_type == "moderation.reviewitem"

    # Through the API, for a question.
    with committed():
        response = session_client(moderator).send("POST", f"/questions/{question.pk}/undelete")
    assert response.status_code == 200
    assert total(customer) == 0

    # Deleted and undeleted again: nothing moves twice.
    with committed():
        do_delete_answer(actor=moderator, answer=answer)
        do_undelete_answer(actor=moderator, answer=Answer.objects.get(pk=answer.pk))
    assert total(other_customer) == 0
    assert ReputationEntry.objects.filter(reason=Reason.SPAM_UNDONE).count() == 2
    assert_ledger_consistent()


def test_undeleting_spam_that_is_still_hidden_keeps_the_penalty(
    committed: Committed, moderator: User, other_customer: User, answer: Answer
) -> None:
    """Hidden as spam, then deleted: the undelete brings it back hidden, which shows nobody
    anything, so the penalty stays until a moderator shows it."""
    with committed():
        do_flag(flagger=make_veteran("sam_spotter"), kind="answer", object_id=answer.pk,
                reason="spam")  # fmt: skip
        do_resolve(moderator=moderator, item=pending_item("answer", answer.pk),
                   decision="agree_hide")  # fmt: skip
        do_delete_answer(actor=moderator, answer=Answer.objects.get(pk=answer.pk))
        do_undelete_answer(actor=moderator, answer=Answer.objects.get(pk=answer.pk))
    assert total(other_customer) == points("spam_confirmed")
    assert not Event.objects.filter(verb="post.spam_unconfirmed").exists()
    with committed():
        do_set_post_visibility(moderator=moderator, kind="answer", object_id=answer.pk,
                               visibility="visible")  # fmt: skip
    assert total(other_customer) == 0
    assert_ledger_consistent()


def test_undeleting_a_post_never_confirmed_as_spam_records_no_verdict(
    committed: Committed, moderator: User, other_customer: User, answer: Answer
) -> None:
    with committed():
        do_flag(flagger=make_veteran("sam_spotter"), kind="answer", object_id=answer.pk,
                reason="offensive")  # fmt: skip
        do_resolve(moderator=moderator, item=pending_item("answer", answer.pk),
                   decision="agree_delete")  # fmt: skip
        do_undelete_answer(actor=moderator, answer=Answer.objects.get(pk=answer.pk))
    assert not Event.objects.filter(verb__startswith="post.spam").exists()
    assert total(other_customer) == 0


def test_hiding_a_post_directly_confirms_its_open_spam_flags(
    committed: Committed, moderator: User, customer: User, question: Question
) -> None:
    with committed():
        do_flag(flagger=make_veteran("sam_spotter"), kind="question", object_id=question.pk,
                reason="spam")  # fmt: skip
        do_set_post_visibility(moderator=moderator, kind="question", object_id=question.pk,
                               visibility="hidden")  # fmt: skip
    assert total(customer) == points("spam_confirmed")
    entry = ReputationEntry.objects.get(reason=Reason.SPAM_CONFIRMED)
    assert (entry.post_type, entry.post_id, entry.question_id) == (
        "question", question.pk, question.pk,
    )  # fmt: skip


def test_other_flags_and_comments_cost_no_reputation(
    committed: Committed, moderator: User, customer: User, other_customer: User,
    question: Question, answer: Answer,
) -> None:  # fmt: skip
    flagger = make_veteran("sam_spotter")
    with committed():
        comment = do_add_comment(author=other_customer, question=question,
                                    body="Buy cheap watches at my shop today")  # fmt: skip
        do_flag(flagger=flagger, kind="answer", object_id=answer.pk, reason="offensive")
        do_flag(flagger=flagger, kind="comment", object_id=comment.pk, reason="spam")
        do_resolve(moderator=moderator, item=pending_item("answer", answer.pk),
                   decision="agree_hide")  # fmt: skip
        do_resolve(moderator=moderator, item=pending_item("comment", comment.pk),
                   decision="agree_hide")  # fmt: skip
    assert not Event.objects.filter(verb__startswith="post.spam").exists()
    assert total(other_customer) == 0


# --- 3. Answers promoted to the knowledge base -------------------------------------------------


@pytest.fixture
def kb_section(editor: User) -> Section:
    category = kb.do_create_category(actor=editor, name="Wi-Fi")
    return kb.do_create_section(actor=editor, category_id=category.pk, name="Mesh")


def test_publishing_an_article_promoted_from_an_answer_credits_its_author_once(
    committed: Committed, agent: User, editor: User, other_customer: User, answer: Answer,
    kb_section: Section, badge_notifications: None,
) -> None:  # fmt: skip
    with committed():
        draft = kb.do_promote_answer(actor=agent, answer_id=answer.pk, section_id=kb_section.pk)
    assert total(other_customer) == 0  # a draft earns nothing yet
    with committed():
        article = kb.do_publish(actor=editor, article=draft)
    assert total(other_customer) == points("kb_promoted")
    entry = ReputationEntry.objects.get(user=other_customer, reason=Reason.KB_PROMOTED)
    assert (entry.post_id, entry.question_id, entry.other_user_id) == (
        answer.pk, answer.question_id, editor.pk,
    )  # fmt: skip
    assert BadgeAward.objects.filter(user=other_customer, badge__slug="knowledge-author").exists()
    assert any("Knowledge author" in title for title in badge_notes(other_customer))

    # Edited and published again while live: still once.
    with committed():
        article = kb.do_save_article(
            actor=editor, article=article, base_version=article.version,
            body=article.body + "\nAlso check the firmware.",
        )  # fmt: skip
        kb.do_publish(actor=editor, article=article)
    assert Event.objects.filter(verb="answer.promoted_to_kb").count() == 1
    assert total(other_customer) == points("kb_promoted")
    assert_ledger_consistent()


def test_archiving_the_article_takes_the_promotion_back_and_publishing_again_gives_it_back(
    committed: Committed, agent: User, editor: User, other_customer: User, answer: Answer,
    kb_section: Section,
) -> None:  # fmt: skip
    with committed():
        article = kb.do_publish(
            actor=editor,
            article=kb.do_promote_answer(
                actor=agent, answer_id=answer.pk, section_id=kb_section.pk
            ),
        )
    assert total(other_customer) == points("kb_promoted")

    with committed():
        kb.do_archive(actor=editor, article=article)
    assert total(other_customer) == 0
    undone = ReputationEntry.objects.get(user=other_customer, reason=Reason.KB_UNDONE)
    assert (undone.points, undone.post_id, undone.other_user_id) == (
        -points("kb_promoted"), answer.pk, editor.pk,
    )  # fmt: skip
    # The badge is kept, as every badge.
    assert BadgeAward.objects.filter(user=other_customer, badge__slug="knowledge-author").exists()

    with committed():
        kb.do_publish(actor=editor, article=article)
    assert total(other_customer) == points("kb_promoted")
    with committed():
        kb.do_archive(actor=editor, article=article)
        kb.do_publish(actor=editor, article=article)
    assert total(other_customer) == points("kb_promoted")  # never more than once at a time
    assert Event.objects.filter(verb="answer.promoted_to_kb").count() == 3
    assert Event.objects.filter(verb="answer.unpromoted_from_kb").count() == 2
    assert (
        BadgeAward.objects.filter(user=other_customer, badge__slug="knowledge-author").count() == 1
    )

    # Retried jobs, or old ones arriving late, change nothing.
    before = ReputationEntry.objects.count()
    replay(Event.objects.filter(verb__in=["answer.promoted_to_kb", "answer.unpromoted_from_kb"]))
    assert ReputationEntry.objects.count() == before
    assert total(other_customer) == points("kb_promoted")
    assert_ledger_consistent()


def test_archiving_one_article_keeps_the_points_while_another_still_carries_the_answer(
    committed: Committed, agent: User, editor: User, other_customer: User, answer: Answer,
    kb_section: Section,
) -> None:  # fmt: skip
    def promote() -> Article:
        draft = kb.do_promote_answer(actor=agent, answer_id=answer.pk, section_id=kb_section.pk)
        return kb.do_publish(actor=editor, article=draft)

    with committed():
        first = promote()
        kb.do_archive(actor=editor, article=first)
        second = promote()  # a new article from the same answer
        kb.do_publish(actor=editor, article=first)  # both live now
    assert total(other_customer) == points("kb_promoted")
    with committed():
        kb.do_archive(actor=editor, article=second)
    assert total(other_customer) == points("kb_promoted")  # the first still carries it
    with committed():
        kb.do_archive(actor=editor, article=first)
    assert total(other_customer) == 0
    assert_ledger_consistent()


def test_an_answer_taken_out_of_the_kb_while_deleted_gets_no_promotion_back_when_undeleted(
    committed: Committed, agent: User, editor: User, moderator: User, other_customer: User,
    answer: Answer, kb_section: Section,
) -> None:  # fmt: skip
    with committed():
        article = kb.do_publish(
            actor=editor,
            article=kb.do_promote_answer(
                actor=agent, answer_id=answer.pk, section_id=kb_section.pk
            ),
        )
        do_delete_answer(actor=moderator, answer=answer)
    assert total(other_customer) == 0  # the deletion took the points
    with committed():
        kb.do_archive(actor=editor, article=article)
        do_undelete_answer(actor=moderator, answer=answer)
    assert total(other_customer) == 0
    with committed():
        kb.do_publish(actor=editor, article=article)
    assert total(other_customer) == points("kb_promoted")
    assert_ledger_consistent()


# --- 4. Badge notifications ----------------------------------------------------------------------


def test_a_rule_badge_notifies_its_earner_once(
    badge_notifications: None,
    committed: Committed,
    other_customer: User,
    question: Question,
    make_answer: Any,
) -> None:
    with committed():
        make_answer(other_customer, question, "The first answer, with enough words in it.")
    assert badge_notes(other_customer) == ["You earned the “Helper” badge: Posted a first answer."]
    note = Notification.objects.get(recipient=other_customer, kind="badges")
    assert note.url == "/badges/first-answer/"
    with committed():
        make_answer(other_customer, question, "A second answer, with enough words in it.")
    assert len(badge_notes(other_customer)) == 1


def test_an_admin_badge_notifies_its_earner_and_muting_the_kind_silences_it(
    badge_notifications: None,
    committed: Committed,
    admin_user: User,
    customer: User,
    other_customer: User,
) -> None:
    with committed():
        do_award_badge(actor=admin_user, user=customer, slug="company-endorsed", note="Thanks!")
    assert badge_notes(customer) == [
        "You earned the “Company endorsed” badge: An answer endorsed by the company."
    ]
    NotificationSettings.objects.update_or_create(
        user=other_customer, defaults={"muted_kinds": ["badges"]}
    )
    with committed():
        do_award_badge(
            actor=admin_user, user=other_customer, slug="company-endorsed", note="For help"
        )
    assert badge_notes(other_customer) == []


def test_a_bulk_replay_awards_badges_without_notifying(
    badge_notifications: None, other_customer: User, question: Question, make_answer: Any
) -> None:
    # No commit here, so the consumers did not run: the replay (as the demo seed does) awards.
    make_answer(other_customer, question, "The first answer, with enough words in it.")
    assert not BadgeAward.objects.filter(user=other_customer).exists()
    replay(Event.objects.order_by("id"))
    assert BadgeAward.objects.filter(user=other_customer, badge__slug="first-answer").exists()
    assert not Event.objects.filter(verb="badge.awarded").exists()
    assert badge_notes(other_customer) == []


# --- 5. Voting findings in the moderators' navigation --------------------------------------------


def test_the_moderation_navigation_links_the_open_voting_findings(
    moderator: User, customer: User, other_customer: User
) -> None:
    client = Client()
    client.force_login(moderator)
    html = client.get("/moderation/").content.decode()
    assert 'href="/reputation/findings/"' in html
    assert 'aria-label="0 open findings"' in html
    now = timezone.now()
    AbuseFinding.objects.create(
        kind="vote_ring", first_user=customer, second_user=other_customer, evidence="Test",
        created_at=now, updated_at=now,
    )  # fmt: skip
    AbuseFinding.objects.create(
        kind="vote_ring", first_user=other_customer, second_user=customer, evidence="Test",
        status="dismissed", created_at=now, updated_at=now,
    )  # fmt: skip
    html = client.get("/moderation/audit/").content.decode()
    assert 'aria-label="1 open finding"' in html
    # The findings page is still the moderators' own.
    customer_client = Client()
    customer_client.force_login(customer)
    assert customer_client.get("/reputation/findings/").status_code == 404
