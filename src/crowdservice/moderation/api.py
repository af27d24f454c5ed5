"""API v1 of moderation: flag a post (anyone signed in who may post and has the reputation to
flag); the review queue, post actions, sanctions, watched words and the audit log (moderators);
your own standing."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from crowdservice.accounts.api_auth import AUTH_REQUIRED, api_signed_in_user
from crowdservice.core.schemas import ObjectId, Username, describe_errors, error_responses, paginate
from crowdservice.moderation import actions
from crowdservice.moderation.access import (
    MUTED,
    access_review_item,
    access_user_by_name,
    current_sanction,
    describe_sanction,
    require_moderator,
)
from crowdservice.moderation.models import WatchedWord
from crowdservice.moderation.queries import audit_log, queue_entries, review_items, sanctions_of
from crowdservice.moderation.registry import describe_one
from crowdservice.moderation.schemas import (
    AuditEntryOut,
    AuditFilters,
    AuditPage,
    DecisionIn,
    FlagIn,
    FlagOut,
    KindName,
    PostActionIn,
    PostStateOut,
    QueueFilters,
    ReviewItemOut,
    ReviewPage,
    SanctionIn,
    SanctionOut,
    StandingOut,
    WatchedWordIn,
    WatchedWordOut,
)

router = Router(tags=["moderation"])

MOD_READ = (401, 403, 422)
MOD_WRITE = (400, 401, 403, 404, 409, 422)


def _doc(text: str, codes: tuple[int, ...]) -> str:
    return f"{text}\n\n{describe_errors(*codes)}"


@router.post(
    "/flags",
    auth=AUTH_REQUIRED,
    response={201: FlagOut, **error_responses(400, 401, 403, 404, 409, 422, 429)},
    summary="Flag a post",
    description=_doc(
        "Report a question, answer or comment to the moderators. Enough flags from trusted "
        "members hide the post until a moderator decides. Flagging takes the reputation "
        "privilege `flag` (403 `privilege_required` says how much; staff need none). You can't "
        "flag your own posts, flag a post twice, or flag more than the hourly limit (429).",
        (400, 401, 403, 404, 409, 422, 429),
    ),
)
def flag_post(request: HttpRequest, payload: FlagIn) -> Status[FlagOut]:
    user = api_signed_in_user(request)
    flag = actions.do_flag(
        flagger=user,
        kind=payload.kind,
        object_id=payload.object_id,
        reason=payload.reason,
        message=payload.message,
    )
    return Status(201, FlagOut.of(flag))


@router.get(
    "/moderation/queue",
    auth=AUTH_REQUIRED,
    response={200: ReviewPage, **error_responses(*MOD_READ)},
    summary="The review queue",
    description=_doc(
        "Posts waiting for a moderator (flagged, held for approval, or flagged by the spam "
        "rules), newest first; `status=resolved` lists decided ones. Moderators only.",
        MOD_READ,
    ),
)
def list_queue(request: HttpRequest, filters: Query[QueueFilters]) -> ReviewPage:
    require_moderator(api_signed_in_user(request))
    items, meta = paginate(review_items(filters.status), filters)
    return ReviewPage(items=[ReviewItemOut.of(e) for e in queue_entries(items)], **meta)


@router.post(
    "/moderation/queue/{item_id}",
    auth=AUTH_REQUIRED,
    response={200: ReviewItemOut, **error_responses(*MOD_WRITE)},
    summary="Decide on a queued post",
    description=_doc(
        "`approve` or `reject` a post held for approval; for flagged posts `agree_hide`, "
        "`agree_delete`, `disagree` (show it again) or `ignore`. The author is notified.",
        MOD_WRITE,
    ),
)
def decide(request: HttpRequest, item_id: ObjectId, payload: DecisionIn) -> ReviewItemOut:
    user = api_signed_in_user(request)
    item = access_review_item(user, item_id)
    done = actions.do_resolve(
        moderator=user, item=item, decision=payload.decision, note=payload.note
    )
    return ReviewItemOut.of(queue_entries([review_items(done.item.status).get(pk=item.pk)])[0])


@router.post(
    "/moderation/posts/{kind}/{object_id}",
    auth=AUTH_REQUIRED,
    response={200: PostStateOut, **error_responses(*MOD_WRITE)},
    summary="Hide, unhide, lock or unlock a post",
    description=_doc(
        "Moderators: `hide` a post (or `unhide` a hidden one, which also approves a held one); "
        "`lock` or `unlock` a question's thread.",
        MOD_WRITE,
    ),
)
def post_action(
    request: HttpRequest, kind: KindName, object_id: ObjectId, payload: PostActionIn
) -> PostStateOut:
    user = api_signed_in_user(request)
    if payload.action in ("hide", "unhide"):
        actions.do_set_post_visibility(
            moderator=user,
            kind=kind,
            object_id=object_id,
            visibility="hidden" if payload.action == "hide" else "visible",
            reason=payload.reason,
        )
    else:
        actions.do_set_locked(
            moderator=user,
            kind=kind,
            object_id=object_id,
            locked=payload.action == "lock",
            reason=payload.reason,
        )
    info = describe_one(kind, object_id)
    return PostStateOut(
        kind=kind, object_id=object_id, visibility=info.visibility, is_locked=info.is_locked
    )


@router.post(
    "/moderation/users/{username}/sanctions",
    auth=AUTH_REQUIRED,
    response={201: SanctionOut, **error_responses(*MOD_WRITE)},
    summary="Warn, silence, suspend or ban a person",
    description=_doc(
        "Moderators (only admins may sanction staff). Silence and suspension need `days`; a "
        "ban is permanent; a warning is a private message. The person is told why.",
        MOD_WRITE,
    ),
)
def sanction(request: HttpRequest, username: Username, payload: SanctionIn) -> Status[SanctionOut]:
    user = api_signed_in_user(request)
    target = access_user_by_name(user, username)
    done = actions.do_sanction(
        moderator=user, user=target, kind=payload.kind, reason=payload.reason, days=payload.days
    )
    return Status(201, SanctionOut.of(done))


@router.get(
    "/moderation/users/{username}/sanctions",
    auth=AUTH_REQUIRED,
    response={200: list[SanctionOut], **error_responses(401, 403, 404, 422)},
    summary="A person's sanctions",
    description=_doc(
        "Every warning and restriction of the person, newest first.", (401, 403, 404, 422)
    ),
)
def list_sanctions(request: HttpRequest, username: Username) -> list[SanctionOut]:
    target = access_user_by_name(api_signed_in_user(request), username)
    return [SanctionOut.of(s) for s in sanctions_of(target).select_related("user")]


@router.post(
    "/moderation/sanctions/{sanction_id}/lift",
    auth=AUTH_REQUIRED,
    response={200: SanctionOut, **error_responses(*MOD_WRITE)},
    summary="Lift a sanction early",
    description=_doc("End a silence, suspension or ban now (moderators).", MOD_WRITE),
)
def lift_sanction(request: HttpRequest, sanction_id: ObjectId) -> SanctionOut:
    user = api_signed_in_user(request)
    found = actions.access_sanction(user, sanction_id)
    return SanctionOut.of(actions.do_lift_sanction(moderator=user, sanction=found))


@router.get(
    "/moderation/audit",
    auth=AUTH_REQUIRED,
    response={200: AuditPage, **error_responses(*MOD_READ)},
    summary="The audit log",
    description=_doc("Every moderation action, newest first (moderators).", MOD_READ),
)
def list_audit(request: HttpRequest, filters: Query[AuditFilters]) -> AuditPage:
    require_moderator(api_signed_in_user(request))
    rows, meta = paginate(audit_log(action=filters.action, username=filters.user), filters)
    return AuditPage(items=[AuditEntryOut.of(e) for e in rows], **meta)


@router.get(
    "/moderation/watched-words",
    auth=AUTH_REQUIRED,
    response={200: list[WatchedWordOut], **error_responses(401, 403)},
    summary="Watched words",
    description=_doc("The words that block, hold or flag posts (moderators).", (401, 403)),
)
def list_watched_words(request: HttpRequest) -> list[WatchedWordOut]:
    require_moderator(api_signed_in_user(request))
    return [WatchedWordOut.of(w) for w in WatchedWord.objects.all()]


@router.post(
    "/moderation/watched-words",
    auth=AUTH_REQUIRED,
    response={201: WatchedWordOut, **error_responses(*MOD_WRITE)},
    summary="Watch a word",
    description=_doc("Add a watched word or phrase (moderators).", MOD_WRITE),
)
def add_watched_word(request: HttpRequest, payload: WatchedWordIn) -> Status[WatchedWordOut]:
    user = api_signed_in_user(request)
    word = actions.do_add_watched_word(moderator=user, word=payload.word, action=payload.action)
    return Status(201, WatchedWordOut.of(word))


@router.delete(
    "/moderation/watched-words/{word_id}",
    auth=AUTH_REQUIRED,
    response={204: None, **error_responses(*MOD_WRITE)},
    summary="Stop watching a word",
    description=_doc("Remove a watched word (moderators).", MOD_WRITE),
)
def remove_watched_word(request: HttpRequest, word_id: ObjectId) -> Status[None]:
    actions.do_remove_watched_word(moderator=api_signed_in_user(request), word_id=word_id)
    return Status(204, None)


@router.get(
    "/me/standing",
    auth=AUTH_REQUIRED,
    response={200: StandingOut, **error_responses(401)},
    summary="Your standing",
    description=_doc("Your warnings and restrictions, and whether you may post now.", (401,)),
)
def my_standing(request: HttpRequest) -> StandingOut:
    user = api_signed_in_user(request)
    in_force = current_sanction(user, MUTED)
    return StandingOut(
        can_post=in_force is None or user.can_moderate,
        restriction=describe_sanction(in_force) if in_force else None,
        sanctions=[SanctionOut.of(s) for s in sanctions_of(user).select_related("user")],
    )
