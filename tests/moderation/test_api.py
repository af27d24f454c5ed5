"""The moderation API and the community moderation endpoints: success and each refusal."""

from __future__ import annotations

from typing import Any

from django.test import Client

from crowdservice.accounts.models import User
from crowdservice.community.models import Answer, Question
from crowdservice.moderation.models import ReviewItem
from tests.conftest import make_user


def api(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_flag_queue_and_decide_through_the_api(
    answer: Answer, customer: User, moderator: User, settings: Any
) -> None:
    settings.CROWDSERVICE_MODERATION_AUTO_HIDE_WEIGHT = 2
    settings.CROWDSERVICE_MODERATION_NEW_ACCOUNT_DAYS = 0  # everyone counts as trusted
    flagged = post(
        api(customer), "/api/v1/flags",
        {"kind": "answer", "object_id": answer.pk, "reason": "spam", "message": "An ad"},
    )  # fmt: skip
    assert flagged.status_code == 201
    assert flagged.json()["status"] == "pending"
    again = post(api(customer), "/api/v1/flags", {"kind": "answer", "object_id": answer.pk,
                                                  "reason": "spam"})  # fmt: skip
    assert again.status_code == 409
    unknown = post(api(customer), "/api/v1/flags", {"kind": "badge", "object_id": 1,
                                                    "reason": "spam"})  # fmt: skip
    assert unknown.status_code == 422
    second = post(api(make_user("tess_third")), "/api/v1/flags",
                  {"kind": "answer", "object_id": answer.pk, "reason": "offensive"})  # fmt: skip
    assert second.status_code == 201  # the second trusted flag hides it
    hidden = post(api(customer), "/api/v1/flags", {"kind": "answer", "object_id": answer.pk,
                                                   "reason": "spam"})  # fmt: skip
    assert hidden.status_code == 404  # a hidden post is out of sight, and out of reach
    queue = api(moderator).get("/api/v1/moderation/queue").json()
    [item] = queue["items"]
    assert item["post_visibility"] == "hidden"
    assert item["auto_hidden"] is True
    assert item["flags"][0]["flagger"]["username"] == customer.username
    assert item["flags"][0]["message"] == "An ad"
    assert "disagree" in item["decisions"]
    bad = post(api(moderator), f"/api/v1/moderation/queue/{item['id']}", {"decision": "approve"})
    assert bad.status_code == 422
    done = post(api(moderator), f"/api/v1/moderation/queue/{item['id']}", {"decision": "disagree"})
    assert done.status_code == 200
    assert done.json()["resolution"] == "disagree"
    assert done.json()["post_visibility"] == "visible"
    assert (
        post(
            api(moderator), f"/api/v1/moderation/queue/{item['id']}", {"decision": "disagree"}
        ).status_code
        == 409
    )
    assert ReviewItem.objects.get().status == "resolved"


def test_sanctions_and_standing_through_the_api(
    customer: User, moderator: User, space: Any
) -> None:
    url = f"/api/v1/moderation/users/{customer.username}/sanctions"
    missing = post(api(moderator), url, {"kind": "silence", "reason": "Rude replies"})
    assert missing.status_code == 422
    assert "days" in missing.json()["fields"]
    made = post(api(moderator), url, {"kind": "silence", "reason": "Rude replies", "days": 2})
    assert made.status_code == 201
    standing = api(customer).get("/api/v1/me/standing").json()
    assert standing["can_post"] is False
    assert "silenced" in standing["restriction"]
    asked = post(api(customer), "/api/v1/questions", {
        "space": "wifi", "title": "Why is the router so slow today?",
        "body": "Everything crawls since this morning.", "tags": [],
    })  # fmt: skip
    assert asked.status_code == 403
    assert "silenced" in asked.json()["detail"]
    lifted = post(api(moderator), f"/api/v1/moderation/sanctions/{made.json()['id']}/lift", {})
    assert lifted.status_code == 200
    assert api(customer).get("/api/v1/me/standing").json()["can_post"] is True
    assert post(
        api(moderator), f"/api/v1/moderation/users/{moderator.username}/sanctions",
        {"kind": "warning", "reason": "Myself"},
    ).status_code == 403  # fmt: skip
    assert api(moderator).get("/api/v1/moderation/users/nobody_here/sanctions").status_code == 404


def test_close_merge_rollback_and_reopen_through_the_api(
    question: Question, customer: User, moderator: User, make_question: Any, make_answer: Any,
    other_customer: User,
) -> None:  # fmt: skip
    mod = api(moderator)
    assert (
        post(mod, f"/api/v1/questions/{question.pk}/close", {"reason": "rude"}).status_code == 422
    )
    closed = post(mod, f"/api/v1/questions/{question.pk}/close", {"reason": "off_topic"})
    assert closed.json()["close_reason"] == "off_topic"
    assert (
        post(mod, f"/api/v1/questions/{question.pk}/close", {"reason": "off_topic"}).status_code
        == 409
    )
    reopened = post(mod, f"/api/v1/questions/{question.pk}/reopen", {})
    assert reopened.status_code == 200
    assert reopened.json()["close_reason"] == ""

    source = make_question(other_customer, title="Another 5 GHz dropping question here")
    make_answer(customer, source)
    merged = post(mod, f"/api/v1/questions/{source.pk}/merge", {"target_id": question.pk})
    assert merged.status_code == 200
    assert merged.json()["answer_count"] == 1
    assert (
        post(mod, f"/api/v1/questions/{source.pk}/merge", {"target_id": 999_999}).status_code == 404
    )

    owner = api(customer)
    post(owner, "/api/v1/questions", {})  # nothing: just a bad request on the way
    edited = owner.patch(
        f"/api/v1/questions/{question.pk}", {"body": "Every night it drops out for a while."},
        content_type="application/json",
    )  # fmt: skip
    assert edited.status_code == 200
    back = post(owner, f"/api/v1/questions/{question.pk}/revisions/1/rollback", {})
    assert back.status_code == 200
    assert Question.objects.get(pk=question.pk).body.startswith("Every evening")
    assert (
        post(owner, f"/api/v1/questions/{question.pk}/revisions/42/rollback", {}).status_code == 404
    )


def test_watched_words_through_the_api(moderator: User, customer: User, space: Any) -> None:
    mod = api(moderator)
    made = post(mod, "/api/v1/moderation/watched-words", {"word": "free crypto", "action": "block"})
    assert made.status_code == 201
    assert post(mod, "/api/v1/moderation/watched-words",
                {"word": "free crypto", "action": "flag"}).status_code == 409  # fmt: skip
    assert post(mod, "/api/v1/moderation/watched-words",
                {"word": "x", "action": "explode"}).status_code == 422  # fmt: skip
    refused = post(api(customer), "/api/v1/questions", {
        "space": "wifi", "title": "Where can I get free crypto for routers",
        "body": "Looking for free crypto offers on routers.", "tags": [],
    })  # fmt: skip
    assert refused.status_code == 422
    assert "free crypto" in refused.json()["fields"]["body"][0]
    word_id = made.json()["id"]
    assert mod.delete(f"/api/v1/moderation/watched-words/{word_id}").status_code == 204
    assert mod.delete(f"/api/v1/moderation/watched-words/{word_id}").status_code == 404


def test_following_a_tag_through_the_api(question: Question, customer: User) -> None:
    client = api(customer)
    assert post(client, "/api/v1/tags/wifi/follow", {}).json() == {"is_following": True}
    assert post(client, "/api/v1/tags/wifi/follow", {}).status_code == 409
    assert post(client, "/api/v1/tags/no-such-tag/follow", {}).status_code == 404
    assert client.delete("/api/v1/tags/wifi/follow").json() == {"is_following": False}
    assert client.delete("/api/v1/tags/wifi/follow").status_code == 409
