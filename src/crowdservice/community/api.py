"""API v1 of community Q&A: spaces, tags, questions, answers, comments, votes and follows.

Endpoints are thin: they parse input, fetch through `community.access` (which hides deleted posts
from everyone but moderators, as a 404), call a `do_*` action (which enforces every rule and raises
an `ActionError` the API turns into a 4xx), and render the result.
"""

from __future__ import annotations

from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Status

from crowdservice.accounts.actions import access_user
from crowdservice.accounts.api_auth import (
    AUTH_OPTIONAL,
    AUTH_REQUIRED,
    api_signed_in_user,
    api_user,
)
from crowdservice.community import actions
from crowdservice.community.access import (
    AnyUser,
    access_answer,
    access_comment,
    access_question,
    access_space,
    access_tag,
    can_delete,
    can_edit,
)
from crowdservice.community.models import Answer, Question
from crowdservice.community.queries import (
    AnswerView,
    all_spaces,
    my_vote,
    post_comments,
    question_list,
    revisions_of,
    tag_directory,
    thread,
)
from crowdservice.community.schemas import (
    AnswerIn,
    AnswerOut,
    AnswerPatch,
    CloseIn,
    CloseVoteIn,
    CommentIn,
    CommentOut,
    CommentPatch,
    DuplicateIn,
    FollowOut,
    MergeIn,
    QuestionFilters,
    QuestionIn,
    QuestionOut,
    QuestionPage,
    QuestionPatch,
    QuestionSummaryOut,
    RevisionOut,
    SpaceOut,
    SuggestedEditOut,
    SuggestEditIn,
    TagFilters,
    TagOut,
    TagPage,
    ThreadOut,
    VoteIn,
    VoteOut,
)
from crowdservice.community.trust import trust_tier
from crowdservice.core.errors import NotFound, ValidationFailed
from crowdservice.core.schemas import ObjectId, Slug, describe_errors, error_responses, paginate

router = Router()
TagName = Annotated[str, Field(max_length=35, pattern=r"^[^/\x00]+$")]

READ = (401, 404, 422)  # 401 only for a bad bearer token: reads need no credentials
WRITE = (400, 401, 403, 404, 409, 413, 422)
POSTING = (*WRITE, 429)  # new members' posting limits (reputation/limits.py)


def _doc(text: str, codes: tuple[int, ...]) -> str:
    return f"{text}\n\n{describe_errors(*codes)}"


# --- Helpers: reading what the actions and the access layer do not return ---------------------


def _answer_out(user: AnyUser, answer: Answer, *, question: Question | None = None) -> AnswerOut:
    """One answer as the thread shows it: trust tier, its comments, the caller's vote."""
    question = question or answer.question
    accepted = question.accepted_answer_id
    view = AnswerView(
        answer=answer,
        tier=trust_tier(answer, accepted_answer_id=accepted),
        is_accepted=answer.pk == accepted,
        my_vote=my_vote(user, answer),
        comments=post_comments(user, question, answer),
        can_edit=can_edit(user, answer),
        can_delete=can_delete(user, answer),
    )
    return AnswerOut.of(view, user, question=question)


def _space_id(slug: str) -> int | None:
    """The id of the space with this slug, or None (the action then reports the field)."""
    try:
        return access_space(slug).pk
    except NotFound:
        return None


# --- Spaces and tags --------------------------------------------------------------------------


@router.get(
    "/spaces",
    auth=AUTH_OPTIONAL,
    response={200: list[SpaceOut], **error_responses(401)},
    tags=["spaces and tags"],
    summary="List spaces",
    description=_doc("The product areas questions are asked in, in display order.", (401,)),
)
def list_spaces(request: HttpRequest) -> list[SpaceOut]:
    return [SpaceOut.of(space) for space in all_spaces()]


@router.get(
    "/spaces/{slug}",
    auth=AUTH_OPTIONAL,
    response={200: SpaceOut, **error_responses(*READ)},
    tags=["spaces and tags"],
    summary="One space",
    description=_doc("One product area by its slug.", READ),
)
def get_space(request: HttpRequest, slug: Slug) -> SpaceOut:
    return SpaceOut.of(access_space(slug))


@router.get(
    "/tags",
    auth=AUTH_OPTIONAL,
    response={200: TagPage, **error_responses(401, 422)},
    tags=["spaces and tags"],
    summary="List tags",
    description=_doc(
        "Tags in use, the most used first. `q` keeps the tags whose name starts with it.",
        (401, 422),
    ),
)
def list_tags(request: HttpRequest, filters: Query[TagFilters]) -> TagPage:
    items, meta = paginate(tag_directory(filters.q.strip().lstrip("#")), filters)
    return TagPage(
        items=[TagOut(name=t.name, question_count=t.question_count) for t in items], **meta
    )


# --- Questions --------------------------------------------------------------------------------


@router.post(
    "/tags/{name}/follow",
    auth=AUTH_REQUIRED,
    response={200: FollowOut, **error_responses(*WRITE)},
    tags=["spaces and tags"],
    summary="Follow a tag",
    description=_doc(
        "Hear about new questions with this tag (notification kind `followed_tag`). Following "
        "twice is a 409.",
        WRITE,
    ),
)
def follow_tag(request: HttpRequest, name: TagName) -> FollowOut:
    actions.do_follow_tag(user=api_signed_in_user(request), tag=access_tag(name))
    return FollowOut(is_following=True)


@router.delete(
    "/tags/{name}/follow",
    auth=AUTH_REQUIRED,
    response={200: FollowOut, **error_responses(*WRITE)},
    tags=["spaces and tags"],
    summary="Stop following a tag",
    description=_doc("Not following it is a 409.", WRITE),
)
def unfollow_tag(request: HttpRequest, name: TagName) -> FollowOut:
    actions.do_unfollow_tag(user=api_signed_in_user(request), tag=access_tag(name))
    return FollowOut(is_following=False)


@router.get(
    "/questions",
    auth=AUTH_OPTIONAL,
    response={200: QuestionPage, **error_responses(*READ)},
    tags=["questions"],
    summary="List questions",
    description=_doc(
        "Questions, a page at a time, sorted and filtered. Deleted questions are left out "
        "(moderators see them, marked `is_deleted`). An unknown space, tag or author is a 404.",
        READ,
    ),
)
def list_questions(request: HttpRequest, filters: Query[QuestionFilters]) -> QuestionPage:
    user = api_user(request)
    tag_name = filters.tag.strip().lower().lstrip("#") if filters.tag is not None else None
    rows = question_list(
        user,
        sort=filters.sort,
        space=access_space(filters.space) if filters.space is not None else None,
        tag=access_tag(tag_name) if tag_name is not None else None,
        author=access_user(filters.author) if filters.author is not None else None,
    )
    items, meta = paginate(rows, filters)
    return QuestionPage(items=[QuestionSummaryOut.of(q) for q in items], **meta)


@router.post(
    "/questions",
    auth=AUTH_REQUIRED,
    response={201: QuestionOut, **error_responses(*POSTING)},
    tags=["questions"],
    summary="Ask a question",
    description=_doc(
        "Ask a question in a space. Title 15 to 200 characters, body 20 to 32,000 characters of "
        "markdown, up to 5 tags. You follow your question automatically.",
        POSTING,
    ),
)
def ask_question(request: HttpRequest, payload: QuestionIn) -> Status[QuestionOut]:
    question = actions.do_ask_question(
        author=api_signed_in_user(request),
        space_id=_space_id(payload.space),
        title=payload.title,
        body=payload.body,
        tags=payload.tags,
    )
    return Status(201, QuestionOut.of(question))


@router.get(
    "/questions/{question_id}",
    auth=AUTH_OPTIONAL,
    response={200: ThreadOut, **error_responses(*READ)},
    tags=["questions"],
    summary="A question with its answers",
    description=_doc(
        "The whole thread: the question, its comments, and its answers best first (accepted "
        "and endorsed, then by score, then by predicted helpfulness) with their trust tier and "
        "comments; its duplicates or the original it duplicates; plus your own votes, whether "
        "you follow it, and what you may do. For the asker, `suggested_accept` marks the "
        "answer that looks likely to solve the question.",
        READ,
    ),
)
def get_question(request: HttpRequest, question_id: ObjectId) -> ThreadOut:
    user = api_user(request)
    return ThreadOut.of_thread(thread(user, access_question(user, question_id)), user)


@router.patch(
    "/questions/{question_id}",
    auth=AUTH_REQUIRED,
    response={200: QuestionOut, **error_responses(*WRITE)},
    tags=["questions"],
    summary="Edit a question",
    description=_doc(
        "Change the title, body, tags or space (authors, and moderators). Fields left out keep "
        "their value; every effective change adds a revision.",
        WRITE,
    ),
)
def edit_question(
    request: HttpRequest, question_id: ObjectId, payload: QuestionPatch
) -> QuestionOut:
    user = api_signed_in_user(request)
    question = access_question(user, question_id)
    space_id = None
    if payload.space is not None:
        space_id = _space_id(payload.space)
        if space_id is None:
            raise ValidationFailed({"space": [f"There is no space called {payload.space!r}."]})
    question = actions.do_edit_question(
        actor=user,
        question=question,
        title=payload.title,
        body=payload.body,
        tags=payload.tags,
        space_id=space_id,
        summary=payload.summary,
    )
    return QuestionOut.of(question)


@router.delete(
    "/questions/{question_id}",
    auth=AUTH_REQUIRED,
    response={204: None, **error_responses(*WRITE)},
    tags=["questions"],
    summary="Delete a question",
    description=_doc(
        "Soft-delete a question (its author, or a moderator). Once others have answered, only "
        "a moderator can. Deleted questions are a 404 for everyone but moderators.",
        WRITE,
    ),
)
def delete_question(request: HttpRequest, question_id: ObjectId) -> Status[None]:
    user = api_signed_in_user(request)
    actions.do_delete_question(actor=user, question=access_question(user, question_id))
    return Status(204, None)


@router.post(
    "/questions/{question_id}/undelete",
    auth=AUTH_REQUIRED,
    response={200: QuestionOut, **error_responses(*WRITE)},
    tags=["questions"],
    summary="Undelete a question (moderators)",
    description=_doc("Bring a deleted question back.", WRITE),
)
def undelete_question(request: HttpRequest, question_id: ObjectId) -> QuestionOut:
    user = api_signed_in_user(request)
    question = actions.do_undelete_question(actor=user, question=access_question(user, question_id))
    return QuestionOut.of(question)


@router.post(
    "/questions/{question_id}/close-as-duplicate",
    auth=AUTH_REQUIRED,
    response={200: QuestionOut, **error_responses(*WRITE)},
    tags=["questions"],
    summary="Close a question as a duplicate (moderators, or its asker)",
    description=_doc(
        "Close the question as a duplicate of `original_id`: it keeps its answers but takes no "
        "new ones, and both threads link to each other. Moderators may close any question, the "
        "asker their own. The original must be another live question; if it is itself a "
        "duplicate, its original is used (so duplicates never chain or loop). A missing, "
        "deleted or same original is a 422; a question already closed is a 409.",
        WRITE,
    ),
)
def close_as_duplicate(
    request: HttpRequest, question_id: ObjectId, payload: DuplicateIn
) -> QuestionOut:
    user = api_signed_in_user(request)
    question = access_question(user, question_id)
    original = actions.check_original(
        actor=user, question=question, original_id=payload.original_id
    )
    question = actions.do_close_as_duplicate(actor=user, question=question, original=original)
    return QuestionOut.of(question)


@router.post(
    "/questions/{question_id}/reopen",
    auth=AUTH_REQUIRED,
    response={200: QuestionOut, **error_responses(*WRITE)},
    tags=["questions"],
    summary="Reopen a question closed as a duplicate (moderators)",
    description=_doc(
        "Undo a closing as duplicate; the question takes answers again. A question that is not "
        "closed is a 409.",
        WRITE,
    ),
)
def reopen_question(request: HttpRequest, question_id: ObjectId) -> QuestionOut:
    user = api_signed_in_user(request)
    question = access_question(user, question_id)
    if question.close_reason:
        return QuestionOut.of(actions.do_reopen_closed(actor=user, question=question))
    question = actions.do_reopen_question(actor=user, question=question)
    return QuestionOut.of(question)


@router.post(
    "/questions/{question_id}/close-votes",
    auth=AUTH_REQUIRED,
    response={200: QuestionOut, **error_responses(*WRITE)},
    tags=["questions"],
    summary="Vote to close a question (the `close` privilege)",
    description=_doc(
        "Cast your close vote, with a reason (`duplicate` of `original_id`, or `off_topic`). "
        "The vote that reaches CROWDSERVICE_CLOSE_VOTES (3 by default) closes the question, as a "
        "duplicate of the original most votes named when duplicate votes are the majority, "
        "off-topic otherwise; votes whose original was deleted since still count, and the close "
        "goes to the most-voted live original (none: the round waits for a vote naming one). "
        "Moderators close at once. A second vote of yours is a 409, a vote "
        "without the privilege a 403, a closed question a 409.",
        WRITE,
    ),
)
def vote_to_close(request: HttpRequest, question_id: ObjectId, payload: CloseVoteIn) -> QuestionOut:
    user = api_signed_in_user(request)
    question = access_question(user, question_id)
    return QuestionOut.of(
        actions.do_vote_to_close(
            actor=user, question=question, reason=payload.reason, original_id=payload.original_id
        )
    )


@router.delete(
    "/questions/{question_id}/close-votes",
    auth=AUTH_REQUIRED,
    response={200: QuestionOut, **error_responses(*WRITE)},
    tags=["questions"],
    summary="Retract your close vote",
    description=_doc(
        "Take back your close vote while the question is open; without one it is a 404.", WRITE
    ),
)
def retract_close_vote(request: HttpRequest, question_id: ObjectId) -> QuestionOut:
    user = api_signed_in_user(request)
    question = access_question(user, question_id)
    return QuestionOut.of(actions.do_retract_close_vote(actor=user, question=question))


@router.post(
    "/questions/{question_id}/reopen-votes",
    auth=AUTH_REQUIRED,
    response={200: QuestionOut, **error_responses(*WRITE)},
    tags=["questions"],
    summary="Vote to reopen a closed question (the `close` privilege)",
    description=_doc(
        "Cast your reopen vote; the vote that reaches CROWDSERVICE_CLOSE_VOTES reopens the "
        "question. Moderators reopen at once. A second vote of yours, or an open question, is a "
        "409; a vote without the privilege a 403.",
        WRITE,
    ),
)
def vote_to_reopen(request: HttpRequest, question_id: ObjectId) -> QuestionOut:
    user = api_signed_in_user(request)
    question = access_question(user, question_id)
    return QuestionOut.of(actions.do_vote_to_reopen(actor=user, question=question))


@router.post(
    "/questions/{question_id}/close",
    auth=AUTH_REQUIRED,
    response={200: QuestionOut, **error_responses(*WRITE)},
    tags=["questions"],
    summary="Close a question as off-topic (moderators)",
    description=_doc(
        "The question keeps its answers and takes no new ones until a moderator reopens it "
        "(`POST /questions/{id}/reopen`). A question already closed is a 409.",
        WRITE,
    ),
)
def close_question(request: HttpRequest, question_id: ObjectId, payload: CloseIn) -> QuestionOut:
    user = api_signed_in_user(request)
    question = access_question(user, question_id)
    return QuestionOut.of(
        actions.do_close_question(actor=user, question=question, reason=payload.reason)
    )


@router.post(
    "/questions/{question_id}/merge",
    auth=AUTH_REQUIRED,
    response={200: QuestionOut, **error_responses(*WRITE)},
    tags=["questions"],
    summary="Merge a question into another (moderators)",
    description=_doc(
        "Stack Exchange semantics: the question's answers (with their comments) move to "
        "`target_id`, and the question stays as a duplicate pointing there. Returns the target.",
        WRITE,
    ),
)
def merge_question(request: HttpRequest, question_id: ObjectId, payload: MergeIn) -> QuestionOut:
    user = api_signed_in_user(request)
    source = access_question(user, question_id)
    target = access_question(user, payload.target_id)
    return QuestionOut.of(actions.do_merge_questions(actor=user, source=source, target=target))


@router.post(
    "/questions/{question_id}/revisions/{number}/rollback",
    auth=AUTH_REQUIRED,
    response={200: QuestionOut, **error_responses(*WRITE)},
    tags=["questions"],
    summary="Roll a question back to a revision (its author or moderators)",
    description=_doc(
        "The question reads as in revision `number` again; this adds a new revision, so the "
        "history keeps everything.",
        WRITE,
    ),
)
def rollback_question(request: HttpRequest, question_id: ObjectId, number: ObjectId) -> QuestionOut:
    user = api_signed_in_user(request)
    question = access_question(user, question_id)
    revision = revisions_of(question).filter(number=number).first()
    if revision is None:
        raise NotFound(f"Question {question_id} has no revision {number}.")
    actions.do_rollback(actor=user, revision=revision)
    return QuestionOut.of(access_question(user, question_id))


@router.get(
    "/questions/{question_id}/revisions",
    auth=AUTH_OPTIONAL,
    response={200: list[RevisionOut], **error_responses(*READ)},
    tags=["questions"],
    summary="Revisions of a question",
    description=_doc("Every version of the question, the original (number 1) first.", READ),
)
def question_revisions(request: HttpRequest, question_id: ObjectId) -> list[RevisionOut]:
    question = access_question(api_user(request), question_id)
    return [RevisionOut.of(r) for r in revisions_of(question).order_by("number")]


@router.post(
    "/questions/{question_id}/vote",
    auth=AUTH_REQUIRED,
    response={200: VoteOut, **error_responses(*WRITE)},
    tags=["questions"],
    summary="Vote on a question",
    description=_doc(
        "`1` up, `-1` down, `0` to withdraw your vote. Repeating your current vote is a 409; "
        "voting on your own question is a 403.",
        WRITE,
    ),
)
def vote_question(request: HttpRequest, question_id: ObjectId, payload: VoteIn) -> VoteOut:
    user = api_signed_in_user(request)
    question = access_question(user, question_id)
    score = actions.do_vote(user=user, target=question, value=payload.value)
    return VoteOut(score=score, my_vote=payload.value)


@router.post(
    "/questions/{question_id}/follow",
    auth=AUTH_REQUIRED,
    response={200: FollowOut, **error_responses(*WRITE)},
    tags=["questions"],
    summary="Follow a question",
    description=_doc("Hear about new answers and comments. Following twice is a 409.", WRITE),
)
def follow_question(request: HttpRequest, question_id: ObjectId) -> FollowOut:
    user = api_signed_in_user(request)
    actions.do_follow(user=user, question=access_question(user, question_id))
    return FollowOut(is_following=True)


@router.delete(
    "/questions/{question_id}/follow",
    auth=AUTH_REQUIRED,
    response={200: FollowOut, **error_responses(*WRITE)},
    tags=["questions"],
    summary="Stop following a question",
    description=_doc("Unfollowing a question you do not follow is a 409.", WRITE),
)
def unfollow_question(request: HttpRequest, question_id: ObjectId) -> FollowOut:
    user = api_signed_in_user(request)
    actions.do_unfollow(user=user, question=access_question(user, question_id))
    return FollowOut(is_following=False)


@router.post(
    "/questions/{question_id}/comments",
    auth=AUTH_REQUIRED,
    response={201: CommentOut, **error_responses(*POSTING)},
    tags=["comments"],
    summary="Comment on a question",
    description=_doc("Markdown, 5 to 2,000 characters. You then follow the question.", POSTING),
)
def comment_question(
    request: HttpRequest, question_id: ObjectId, payload: CommentIn
) -> Status[CommentOut]:
    user = api_signed_in_user(request)
    question = access_question(user, question_id)
    comment = actions.do_add_comment(author=user, question=question, body=payload.body)
    return Status(201, CommentOut.of(comment, user))


# --- Answers ----------------------------------------------------------------------------------


@router.get(
    "/questions/{question_id}/answers",
    auth=AUTH_OPTIONAL,
    response={200: list[AnswerOut], **error_responses(*READ)},
    tags=["answers"],
    summary="Answers to a question",
    description=_doc(
        "The answers, best first (accepted and endorsed, then by score, then by predicted "
        "helpfulness, then oldest).",
        READ,
    ),
)
def list_answers(request: HttpRequest, question_id: ObjectId) -> list[AnswerOut]:
    user = api_user(request)
    view = thread(user, access_question(user, question_id))
    return [AnswerOut.of(a, user, question=view.question) for a in view.answers]


@router.post(
    "/questions/{question_id}/answers",
    auth=AUTH_REQUIRED,
    response={201: AnswerOut, **error_responses(*POSTING)},
    tags=["answers"],
    summary="Answer a question",
    description=_doc(
        "Markdown, 20 to 32,000 characters. Followers of the question are notified.", POSTING
    ),
)
def post_answer(
    request: HttpRequest, question_id: ObjectId, payload: AnswerIn
) -> Status[AnswerOut]:
    user = api_signed_in_user(request)
    question = access_question(user, question_id)
    answer = actions.do_post_answer(author=user, question=question, body=payload.body)
    return Status(201, _answer_out(user, answer, question=question))


@router.get(
    "/answers/{answer_id}",
    auth=AUTH_OPTIONAL,
    response={200: AnswerOut, **error_responses(*READ)},
    tags=["answers"],
    summary="One answer",
    description=_doc("One answer with its comments and your vote.", READ),
)
def get_answer(request: HttpRequest, answer_id: ObjectId) -> AnswerOut:
    user = api_user(request)
    return _answer_out(user, access_answer(user, answer_id))


@router.patch(
    "/answers/{answer_id}",
    auth=AUTH_REQUIRED,
    response={200: AnswerOut, **error_responses(*WRITE)},
    tags=["answers"],
    summary="Edit an answer",
    description=_doc("Change the body (its author, or a moderator); adds a revision.", WRITE),
)
def edit_answer(request: HttpRequest, answer_id: ObjectId, payload: AnswerPatch) -> AnswerOut:
    user = api_signed_in_user(request)
    answer = actions.do_edit_answer(
        actor=user,
        answer=access_answer(user, answer_id),
        body=payload.body,
        summary=payload.summary,
    )
    return _answer_out(user, answer)


@router.delete(
    "/answers/{answer_id}",
    auth=AUTH_REQUIRED,
    response={204: None, **error_responses(*WRITE)},
    tags=["answers"],
    summary="Delete an answer",
    description=_doc("Soft-delete an answer (its author, or a moderator).", WRITE),
)
def delete_answer(request: HttpRequest, answer_id: ObjectId) -> Status[None]:
    user = api_signed_in_user(request)
    actions.do_delete_answer(actor=user, answer=access_answer(user, answer_id))
    return Status(204, None)


@router.post(
    "/answers/{answer_id}/undelete",
    auth=AUTH_REQUIRED,
    response={200: AnswerOut, **error_responses(*WRITE)},
    tags=["answers"],
    summary="Undelete an answer (moderators)",
    description=_doc("Bring a deleted answer back.", WRITE),
)
def undelete_answer(request: HttpRequest, answer_id: ObjectId) -> AnswerOut:
    user = api_signed_in_user(request)
    answer = actions.do_undelete_answer(actor=user, answer=access_answer(user, answer_id))
    return _answer_out(user, answer)


@router.post(
    "/answers/{answer_id}/vote",
    auth=AUTH_REQUIRED,
    response={200: VoteOut, **error_responses(*WRITE)},
    tags=["answers"],
    summary="Vote on an answer",
    description=_doc(
        "`1` up, `-1` down, `0` to withdraw your vote. Repeating your current vote is a 409; "
        "voting on your own answer is a 403.",
        WRITE,
    ),
)
def vote_answer(request: HttpRequest, answer_id: ObjectId, payload: VoteIn) -> VoteOut:
    user = api_signed_in_user(request)
    answer = access_answer(user, answer_id)
    score = actions.do_vote(user=user, target=answer, value=payload.value)
    return VoteOut(score=score, my_vote=payload.value)


@router.post(
    "/answers/{answer_id}/accept",
    auth=AUTH_REQUIRED,
    response={200: AnswerOut, **error_responses(*WRITE)},
    tags=["answers"],
    summary="Accept an answer",
    description=_doc(
        "The asker marks the answer that solved the problem (one per question; accepting "
        "another moves the mark). Only the asker may.",
        WRITE,
    ),
)
def accept_answer(request: HttpRequest, answer_id: ObjectId) -> AnswerOut:
    user = api_signed_in_user(request)
    answer = access_answer(user, answer_id)
    question = actions.do_accept_answer(actor=user, answer=answer)
    return _answer_out(user, answer, question=question)


@router.delete(
    "/answers/{answer_id}/accept",
    auth=AUTH_REQUIRED,
    response={200: AnswerOut, **error_responses(*WRITE)},
    tags=["answers"],
    summary="Withdraw acceptance",
    description=_doc("The asker takes back the accepted mark.", WRITE),
)
def unaccept_answer(request: HttpRequest, answer_id: ObjectId) -> AnswerOut:
    user = api_signed_in_user(request)
    answer = access_answer(user, answer_id)
    question = actions.do_unaccept_answer(actor=user, answer=answer)
    return _answer_out(user, answer, question=question)


@router.post(
    "/answers/{answer_id}/endorse",
    auth=AUTH_REQUIRED,
    response={200: AnswerOut, **error_responses(*WRITE)},
    tags=["answers"],
    summary="Endorse an answer (staff)",
    description=_doc("Agents and moderators vouch for an answer on the company's behalf.", WRITE),
)
def endorse_answer(request: HttpRequest, answer_id: ObjectId) -> AnswerOut:
    user = api_signed_in_user(request)
    answer = actions.do_endorse_answer(actor=user, answer=access_answer(user, answer_id))
    return _answer_out(user, answer)


@router.delete(
    "/answers/{answer_id}/endorse",
    auth=AUTH_REQUIRED,
    response={200: AnswerOut, **error_responses(*WRITE)},
    tags=["answers"],
    summary="Withdraw an endorsement (staff)",
    description=_doc("Agents and moderators withdraw the company's endorsement.", WRITE),
)
def unendorse_answer(request: HttpRequest, answer_id: ObjectId) -> AnswerOut:
    user = api_signed_in_user(request)
    answer = actions.do_unendorse_answer(actor=user, answer=access_answer(user, answer_id))
    return _answer_out(user, answer)


@router.post(
    "/answers/{answer_id}/comments",
    auth=AUTH_REQUIRED,
    response={201: CommentOut, **error_responses(*POSTING)},
    tags=["comments"],
    summary="Comment on an answer",
    description=_doc("Markdown, 5 to 2,000 characters. You then follow the question.", POSTING),
)
def comment_answer(
    request: HttpRequest, answer_id: ObjectId, payload: CommentIn
) -> Status[CommentOut]:
    user = api_signed_in_user(request)
    answer = access_answer(user, answer_id)
    comment = actions.do_add_comment(
        author=user, question=answer.question, answer=answer, body=payload.body
    )
    return Status(201, CommentOut.of(comment, user))


# --- Comments ---------------------------------------------------------------------------------


@router.patch(
    "/comments/{comment_id}",
    auth=AUTH_REQUIRED,
    response={200: CommentOut, **error_responses(*WRITE)},
    tags=["comments"],
    summary="Edit a comment",
    description=_doc("Change the body (its author, or a moderator).", WRITE),
)
def edit_comment(request: HttpRequest, comment_id: ObjectId, payload: CommentPatch) -> CommentOut:
    user = api_signed_in_user(request)
    comment = actions.do_edit_comment(
        actor=user, comment=access_comment(user, comment_id), body=payload.body
    )
    return CommentOut.of(comment, user)


@router.delete(
    "/comments/{comment_id}",
    auth=AUTH_REQUIRED,
    response={204: None, **error_responses(*WRITE)},
    tags=["comments"],
    summary="Delete a comment",
    description=_doc("Soft-delete a comment (its author, or a moderator).", WRITE),
)
def delete_comment(request: HttpRequest, comment_id: ObjectId) -> Status[None]:
    user = api_signed_in_user(request)
    actions.do_delete_comment(actor=user, comment=access_comment(user, comment_id))
    return Status(204, None)


@router.post(
    "/comments/{comment_id}/undelete",
    auth=AUTH_REQUIRED,
    response={200: CommentOut, **error_responses(*WRITE)},
    tags=["comments"],
    summary="Undelete a comment (moderators)",
    description=_doc("Bring a deleted comment back.", WRITE),
)
def undelete_comment(request: HttpRequest, comment_id: ObjectId) -> CommentOut:
    user = api_signed_in_user(request)
    comment = actions.do_undelete_comment(actor=user, comment=access_comment(user, comment_id))
    return CommentOut.of(comment, user)


# --- Suggested edits ----------------------------------------------------------------------------


@router.post(
    "/questions/{question_id}/suggested-edits",
    auth=AUTH_REQUIRED,
    response={201: SuggestedEditOut, **error_responses(*WRITE)},
    tags=["suggested edits"],
    summary="Suggest an edit to a question",
    description=_doc(
        "For members without the `edit` privilege: the edit waits for review by someone who "
        "may edit the question. One suggestion per post waits at a time (409); the author and "
        "those who may edit get a 409 too (edit it instead).",
        WRITE,
    ),
)
def suggest_question_edit(
    request: HttpRequest, question_id: ObjectId, payload: SuggestEditIn
) -> Status[SuggestedEditOut]:
    user = api_signed_in_user(request)
    suggestion = actions.do_suggest_edit(
        actor=user, question=access_question(user, question_id), title=payload.title,
        body=payload.body, tags=payload.tags, summary=payload.summary,
    )  # fmt: skip
    return Status(201, SuggestedEditOut.of(suggestion))


@router.post(
    "/answers/{answer_id}/suggested-edits",
    auth=AUTH_REQUIRED,
    response={201: SuggestedEditOut, **error_responses(*WRITE)},
    tags=["suggested edits"],
    summary="Suggest an edit to an answer",
    description=_doc("As for questions; only `body` and `summary` apply.", WRITE),
)
def suggest_answer_edit(
    request: HttpRequest, answer_id: ObjectId, payload: SuggestEditIn
) -> Status[SuggestedEditOut]:
    user = api_signed_in_user(request)
    answer = access_answer(user, answer_id)
    suggestion = actions.do_suggest_edit(
        actor=user, question=access_question(user, answer.question_id), answer=answer,
        body=payload.body, summary=payload.summary,
    )  # fmt: skip
    return Status(201, SuggestedEditOut.of(suggestion))


@router.get(
    "/suggested-edits",
    auth=AUTH_REQUIRED,
    response={200: list[SuggestedEditOut], **error_responses(401)},
    tags=["suggested edits"],
    summary="Suggested edits waiting for you",
    description=_doc(
        "The review queue: suggestions on posts you may edit (not your own), oldest first, at "
        "most 50. Empty for members who may not edit others' posts.",
        (401,),
    ),
)
def list_suggested_edits(request: HttpRequest) -> list[SuggestedEditOut]:
    user = api_signed_in_user(request)
    return [SuggestedEditOut.of(s) for s in actions.pending_edits(user)[:50]]


@router.post(
    "/suggested-edits/{suggestion_id}/{verdict}",
    auth=AUTH_REQUIRED,
    response={200: SuggestedEditOut, **error_responses(*WRITE)},
    tags=["suggested edits"],
    summary="Approve or reject a suggested edit",
    description=_doc(
        "`verdict` is `approve` (the edit is applied in your name, crediting its author, who "
        "earns reputation) or `reject`. Suggestions you may not review are a 404.",
        WRITE,
    ),
)
def review_suggested_edit(
    request: HttpRequest, suggestion_id: ObjectId, verdict: Literal["approve", "reject"]
) -> SuggestedEditOut:
    user = api_signed_in_user(request)
    suggestion = actions.access_suggested_edit(user, suggestion_id)
    reviewed = actions.do_review_edit(
        actor=user, suggestion=suggestion, approve=verdict == "approve"
    )
    return SuggestedEditOut.of(reviewed)
