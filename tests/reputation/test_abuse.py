"""Voting fraud: same-address self-votes and vote rings become findings moderators judge."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.community.actions import do_vote
from crowdservice.community.models import Question
from crowdservice.reputation.abuse import hash_address, open_findings, record_sighting
from crowdservice.reputation.actions import do_confirm_finding, do_dismiss_finding
from crowdservice.reputation.models import AddressSighting, FindingKind, FindingStatus
from tests.conftest import make_user
from tests.reputation.conftest import Committed, assert_ledger_consistent, total

pytestmark = pytest.mark.django_db


def test_addresses_are_stored_only_as_keyed_hashes(customer: User) -> None:
    record_sighting(customer.pk, "203.0.113.7")
    stored = AddressSighting.objects.get(user=customer).address_hash
    assert "203.0.113.7" not in stored
    assert stored == hash_address("203.0.113.7") != hash_address("203.0.113.8")


def test_writes_record_the_address_and_reads_do_not(customer: User, question: Question) -> None:
    browser = Client(REMOTE_ADDR="198.51.100.23")
    browser.force_login(customer)
    browser.get(question.get_absolute_url())
    assert not AddressSighting.objects.exists()
    browser.post(reverse("community:follow", args=[question.pk]))
    assert AddressSighting.objects.filter(
        user=customer, address_hash=hash_address("198.51.100.23")
    ).exists()


def test_an_upvote_from_the_authors_address_is_a_finding(
    committed: Committed, customer: User, question: Question
) -> None:
    sock = make_user("sock_puppet")
    record_sighting(customer.pk, "192.0.2.10")
    record_sighting(sock.pk, "192.0.2.10")
    honest = make_user("honest_helper")
    record_sighting(honest.pk, "192.0.2.99")
    with committed():
        do_vote(user=honest, target=question, value=1)
    assert not open_findings().exists()
    with committed():
        do_vote(user=sock, target=question, value=1)
    (finding,) = open_findings()
    assert finding.kind == FindingKind.SAME_ADDRESS
    assert (finding.first_user_id, finding.second_user_id) == (sock.pk, customer.pk)
    assert total(customer) == 20
    do_confirm_finding(actor=make_user("mod_mo", Role.MODERATOR), finding=finding)
    assert total(customer) == 10  # the sock puppet's vote no longer counts; the honest one does
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CONFIRMED
    assert_ledger_consistent()


def test_accounts_that_upvote_each_other_again_and_again_are_a_vote_ring(
    committed: Committed, moderator: User, make_question: Callable[..., Question]
) -> None:
    alice, bob = make_user("ring_alice"), make_user("ring_bob")
    alices = [make_question(alice) for _ in range(5)]
    bobs = [make_question(bob) for _ in range(5)]
    with committed():
        for theirs, mine in zip(alices, bobs, strict=True):
            do_vote(user=bob, target=theirs, value=1)
            do_vote(user=alice, target=mine, value=1)
    (finding,) = open_findings()
    assert finding.kind == FindingKind.VOTE_RING
    assert {finding.first_user_id, finding.second_user_id} == {alice.pk, bob.pk}
    assert finding.vote_count == 10
    assert total(alice) == total(bob) == 50
    do_confirm_finding(actor=moderator, finding=finding)
    assert total(alice) == total(bob) == 0
    assert_ledger_consistent()


def test_one_sided_fandom_is_no_ring(
    committed: Committed, make_question: Callable[..., Question]
) -> None:
    star, fan = make_user("star_sam"), make_user("fan_fred")
    with committed():
        for q in [make_question(star) for _ in range(6)]:
            do_vote(user=fan, target=q, value=1)
    assert not open_findings().exists()


def test_dismissed_findings_leave_the_votes_alone(
    committed: Committed, customer: User, moderator: User, question: Question
) -> None:
    sock = make_user("sock_puppet")
    record_sighting(customer.pk, "192.0.2.10")
    record_sighting(sock.pk, "192.0.2.10")
    with committed():
        do_vote(user=sock, target=question, value=1)
    (finding,) = open_findings()
    do_dismiss_finding(actor=moderator, finding=finding)
    assert total(customer) == 10
    assert not open_findings().exists()


@pytest.mark.parametrize("who", ["anonymous", "customer", "agent", "moderator"])
def test_only_moderators_see_the_findings_page(
    who: str, customer: User, agent: User, moderator: User, question: Question,
    committed: Committed,
) -> None:  # fmt: skip
    sock = make_user("sock_puppet")
    record_sighting(customer.pk, "192.0.2.10")
    record_sighting(sock.pk, "192.0.2.10")
    with committed():
        do_vote(user=sock, target=question, value=1)
    browser = Client()
    viewer = {"customer": customer, "agent": agent, "moderator": moderator}.get(who)
    if viewer is not None:
        browser.force_login(viewer)
    response = browser.get(reverse("reputation:findings"))
    if who == "anonymous":
        assert response.status_code == 302
    elif who == "moderator":
        assert response.status_code == 200
        assert "Sock Puppet" in response.content.decode()
    else:
        assert response.status_code == 404
        assert "Sock Puppet" not in response.content.decode()
