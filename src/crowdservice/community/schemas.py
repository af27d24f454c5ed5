"""API schemas of community Q&A: inputs (`…In`, `…Patch`) and outputs (`…Out`) kept apart.

Posts are rendered twice: `body` is the markdown the author wrote, `body_html` the sanitized HTML
stored with the post (safe to insert into a page as is).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.contrib.auth.models import AnonymousUser
from ninja import Field, Schema
from pydantic import BeforeValidator

from crowdservice.accounts.models import User
from crowdservice.accounts.schemas import AuthorOut
from crowdservice.community.access import can_delete, can_edit
from crowdservice.community.models import (
    Answer,
    Comment,
    Question,
    Revision,
    Space,
    SuggestedEdit,
    Tag,
)
from crowdservice.community.queries import AnswerView, Sort, ThreadView
from crowdservice.community.trust import TrustTier
from crowdservice.core.schemas import ObjectId, PageIn, PageOut, Slug, Text, Username

AnyUser = User | AnonymousUser


# --- Spaces and tags --------------------------------------------------------------------------


class SpaceOut(Schema):
    slug: str
    name: str
    description: str
    question_count: int = Field(description="Questions in the space, deleted ones not counted.")
    url: str

    @staticmethod
    def of(space: Space) -> SpaceOut:
        return SpaceOut(
            slug=space.slug,
            name=space.name,
            description=space.description,
            question_count=space.question_count,
            url=space.get_absolute_url(),
        )


class SpaceRef(Schema):
    slug: str
    name: str


class TagFilters(PageIn):
    q: Text = Field("", max_length=35, description="Only tags whose name starts with this.")


class TagOut(Schema):
    name: str
    question_count: int


class TagPage(PageOut):
    items: list[TagOut]


# --- Questions --------------------------------------------------------------------------------


class QuestionFilters(PageIn):
    sort: Sort = Field(
        Sort.NEWEST,
        description="newest first, most recently active, unanswered (no accepted or endorsed "
        "answer, fewest answers first), or top (highest score).",
    )
    space: Slug | None = Field(None, description="Only questions in the space with this slug.")
    tag: Text | None = Field(None, max_length=35, description="Only questions with this tag.")
    author: Username | None = Field(None, description="Only questions asked by this username.")


class QuestionIn(Schema):
    space: Text = Field(description="The slug of the space (product area) to ask in.")
    title: Text = Field(description="15 to 200 characters.")
    body: Text = Field(description="Markdown, 20 to 32,000 characters.")
    tags: list[Text] = Field(
        default_factory=list, max_length=20, description='Up to 5 tags, e.g. `["wifi"]`.'
    )


class QuestionPatch(Schema):
    """Fields left out (or null) keep their value; every effective change adds a revision."""

    title: Text | None = None
    body: Text | None = None
    tags: list[Text] | None = Field(None, max_length=20)
    space: Text | None = Field(None, description="Move the question to the space with this slug.")
    summary: Text = Field("", max_length=300, description="Why you edited (optional).")


class _QuestionBase(Schema):
    id: int
    title: str
    url: str
    space: SpaceRef
    author: AuthorOut
    tags: list[str]
    score: int
    answer_count: int
    is_answered: bool = Field(description="Has an accepted or an endorsed answer.")
    accepted_answer_id: int | None
    has_endorsed_answer: bool
    created_at: datetime
    edited_at: datetime | None
    last_activity_at: datetime
    is_deleted: bool = Field(description="Only moderators ever see deleted questions.")
    duplicate_of: int | None = Field(
        description="Set when the question is closed as a duplicate: the id of the original "
        "(always the final original, never itself a duplicate). A duplicate takes no new answers."
    )
    closed_at: datetime | None = Field(description="When it was closed as a duplicate.")
    visibility: str = Field(
        description="`visible`; or `pending` (waiting for a moderator's approval) or `hidden` "
        "(hidden after flags): then only its author and moderators see it."
    )
    close_reason: str = Field(description="`off_topic` when closed as off-topic, else empty.")
    is_locked: bool = Field(description="Locked by a moderator: no answers, comments or votes.")

    @staticmethod
    def _fields(question: Question, tags: list[Tag]) -> dict[str, Any]:
        return {
            "id": question.pk,
            "title": question.title,
            "url": question.get_absolute_url(),
            "space": SpaceRef(slug=question.space.slug, name=question.space.name),
            "author": AuthorOut.of(question.author),
            "tags": [tag.name for tag in tags],
            "score": question.score,
            "answer_count": question.answer_count,
            "is_answered": question.is_answered,
            "accepted_answer_id": question.accepted_answer_id,
            "has_endorsed_answer": question.has_endorsed_answer,
            "created_at": question.created_at,
            "edited_at": question.edited_at,
            "last_activity_at": question.last_activity_at,
            "is_deleted": question.is_deleted,
            "duplicate_of": question.duplicate_of_id,
            "closed_at": question.closed_at,
            "visibility": question.visibility,
            "close_reason": question.close_reason,
            "is_locked": question.is_locked,
        }


class QuestionSummaryOut(_QuestionBase):
    """A question in a list: no body, a plain-text excerpt instead."""

    excerpt: str
    last_activity_by: AuthorOut | None

    @staticmethod
    def of(question: Question) -> QuestionSummaryOut:
        return QuestionSummaryOut(
            **_QuestionBase._fields(question, list(question.tags.all())),
            excerpt=question.excerpt,
            last_activity_by=AuthorOut.maybe(question.last_activity_by),
        )


class DuplicateIn(Schema):
    original_id: ObjectId = Field(
        description="The question this one duplicates. If it is itself a duplicate, its "
        "original is used."
    )


class CloseVoteIn(Schema):
    reason: Literal["duplicate", "off_topic"] = Field(
        description="Why the question should close: `duplicate` (name `original_id`) or "
        "`off_topic`."
    )
    original_id: ObjectId | None = Field(
        default=None, description="With `duplicate`: the question this one duplicates."
    )


class CloseIn(Schema):
    reason: Literal["off_topic"] = Field(
        description="Why: `off_topic` (duplicates have their own)."
    )


class MergeIn(Schema):
    target_id: ObjectId = Field(description="The question to merge into; it receives the answers.")


class QuestionRef(Schema):
    id: int
    title: str
    url: str

    @staticmethod
    def of(question: Question) -> QuestionRef:
        return QuestionRef(id=question.pk, title=question.title, url=question.get_absolute_url())


class QuestionPage(PageOut):
    items: list[QuestionSummaryOut]


class QuestionOut(_QuestionBase):
    body: str
    body_html: str

    @staticmethod
    def of(question: Question, tags: list[Tag] | None = None) -> QuestionOut:
        if tags is None:
            tags = sorted(question.tags.all(), key=lambda t: t.name)
        return QuestionOut(
            **_QuestionBase._fields(question, tags),
            body=question.body,
            body_html=question.body_html,
        )


# --- Comments, answers, threads ---------------------------------------------------------------


class CommentIn(Schema):
    body: Text = Field(description="Markdown, 5 to 2,000 characters.")


class CommentPatch(Schema):
    body: Text = Field(description="Markdown, 5 to 2,000 characters.")


class CommentOut(Schema):
    id: int
    question_id: int
    answer_id: int | None = Field(description="Set when the comment is on an answer.")
    author: AuthorOut
    body: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    is_deleted: bool
    can_edit: bool
    can_delete: bool

    @staticmethod
    def of(comment: Comment, user: AnyUser) -> CommentOut:
        return CommentOut(
            id=comment.pk,
            question_id=comment.question_id,
            answer_id=comment.answer_id,
            author=AuthorOut.of(comment.author),
            body=comment.body,
            body_html=comment.body_html,
            created_at=comment.created_at,
            edited_at=comment.edited_at,
            is_deleted=comment.is_deleted,
            can_edit=can_edit(user, comment),
            can_delete=can_delete(user, comment),
        )


class AnswerIn(Schema):
    body: Text = Field(description="Markdown, 20 to 32,000 characters.")


class AnswerPatch(Schema):
    body: Text = Field(description="Markdown, 20 to 32,000 characters.")
    summary: Text = Field("", max_length=300, description="Why you edited (optional).")


class AnswerOut(Schema):
    id: int
    question_id: int
    url: str
    author: AuthorOut
    body: str
    body_html: str
    score: int
    trust_tier: TrustTier | None = Field(
        description="`endorsed` by the company, `community` (accepted or well voted), `kb` "
        "(promoted to the knowledge base), or null."
    )
    is_accepted: bool
    is_endorsed: bool
    endorsed_by: AuthorOut | None
    endorsed_at: datetime | None
    my_vote: int = Field(description="Your vote: 1, -1, or 0 for none (always 0 when anonymous).")
    created_at: datetime
    edited_at: datetime | None
    is_deleted: bool
    visibility: str = Field(
        description="`visible`, `pending` (waiting for approval) or `hidden` (after flags)."
    )
    can_edit: bool
    can_delete: bool
    comments: list[CommentOut]
    helpfulness: float | None = Field(
        description="Predicted helpfulness from the answer's text, before votes (a logit: "
        "higher is better, 0 is an average answer; compare within one thread). Null until "
        "scored. Orders answers of equal score."
    )
    suggested_accept: bool = Field(
        description="In thread listings, for the asker only (false for anyone else): the answer "
        "that looks most likely to solve the question, while none is accepted."
    )

    @staticmethod
    def of(view: AnswerView, user: AnyUser, *, question: Question) -> AnswerOut:
        # `question` is passed in (not read from the answer) so a thread costs no extra queries.
        answer: Answer = view.answer
        return AnswerOut(
            id=answer.pk,
            question_id=answer.question_id,
            url=f"{question.get_absolute_url()}#answer-{answer.pk}",
            author=AuthorOut.of(answer.author),
            body=answer.body,
            body_html=answer.body_html,
            score=answer.score,
            trust_tier=view.tier,
            is_accepted=view.is_accepted,
            is_endorsed=answer.is_endorsed,
            endorsed_by=AuthorOut.maybe(answer.endorsed_by),
            endorsed_at=answer.endorsed_at,
            my_vote=view.my_vote,
            created_at=answer.created_at,
            edited_at=answer.edited_at,
            is_deleted=answer.is_deleted,
            visibility=answer.visibility,
            can_edit=view.can_edit,
            can_delete=view.can_delete,
            comments=[CommentOut.of(c, user) for c in view.comments],
            helpfulness=round(answer.helpfulness, 3) if answer.helpfulness is not None else None,
            suggested_accept=view.is_suggested,
        )


class PermissionsOut(Schema):
    """What the caller may do on this thread (for showing or hiding buttons)."""

    can_edit: bool
    can_delete: bool
    can_accept: bool
    can_endorse: bool
    can_moderate: bool
    can_close_as_duplicate: bool = Field(
        description="The question is open and you are a moderator or its asker."
    )
    can_reopen: bool = Field(description="It is closed as a duplicate and you are a moderator.")


class ThreadOut(QuestionOut):
    """A question with its comments and its answers, best first (accepted and endorsed, then by
    score, then by predicted helpfulness, then oldest), and the caller's own vote and follow
    state."""

    my_vote: int
    is_following: bool
    closed_by: AuthorOut | None = Field(description="Who closed it as a duplicate.")
    duplicates: list[QuestionRef] = Field(
        description="Questions closed as duplicates of this one (deleted ones left out)."
    )
    permissions: PermissionsOut
    comments: list[CommentOut]
    answers: list[AnswerOut]

    @staticmethod
    def of_thread(view: ThreadView, user: AnyUser) -> ThreadOut:
        question = view.question
        return ThreadOut(
            **_QuestionBase._fields(question, view.tags),
            body=question.body,
            body_html=question.body_html,
            my_vote=view.my_vote,
            is_following=view.is_following,
            closed_by=AuthorOut.maybe(question.closed_by) if question.duplicate_of_id else None,
            duplicates=[QuestionRef.of(d) for d in view.duplicates],
            permissions=PermissionsOut(
                can_edit=view.can_edit,
                can_delete=view.can_delete,
                can_accept=view.can_accept,
                can_endorse=view.can_endorse,
                can_moderate=view.can_moderate,
                can_close_as_duplicate=view.can_close_as_duplicate,
                can_reopen=view.can_reopen,
            ),
            comments=[CommentOut.of(c, user) for c in view.comments],
            answers=[AnswerOut.of(a, user, question=question) for a in view.answers],
        )


class RevisionOut(Schema):
    number: int = Field(description="1 is the original post.")
    author: AuthorOut
    title: str
    body: str
    tags: list[str]
    summary: str
    created_at: datetime

    @staticmethod
    def of(revision: Revision) -> RevisionOut:
        return RevisionOut(
            number=revision.number,
            author=AuthorOut.of(revision.author),
            title=revision.title,
            body=revision.body,
            tags=list(revision.tags),
            summary=revision.summary,
            created_at=revision.created_at,
        )


# --- Votes and follows ------------------------------------------------------------------------


def _vote_value(value: object) -> object:
    # JSON `true` would otherwise pass as 1; a vote is a number.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("A vote is 1 (up), -1 (down) or 0 (withdraw your vote).")
    return value


class VoteIn(Schema):
    value: Annotated[Literal[-1, 0, 1], BeforeValidator(_vote_value)] = Field(
        description="1 (up), -1 (down) or 0 (withdraw your vote)."
    )


class VoteOut(Schema):
    score: int
    my_vote: int


class FollowOut(Schema):
    is_following: bool


class SuggestEditIn(Schema):
    """A suggested edit; fields left out keep their value (questions: title, body, tags)."""

    title: Text | None = None
    body: Text | None = None
    tags: list[Text] | None = Field(None, max_length=20)
    summary: Text = Field("", max_length=300, description="Why you suggest it (optional).")


class SuggestedEditOut(Schema):
    id: int
    question_id: int
    answer_id: int | None = Field(description="Null when the suggestion edits the question.")
    author: AuthorOut
    title: str = Field(description="The suggested title (questions only).")
    body: str
    tags: list[str]
    summary: str
    status: Literal["pending", "approved", "rejected"]
    created_at: datetime

    @staticmethod
    def of(s: SuggestedEdit) -> SuggestedEditOut:
        return SuggestedEditOut(
            id=s.pk, question_id=s.question_id, answer_id=s.answer_id,
            author=AuthorOut.of(s.author), title=s.title, body=s.body, tags=list(s.tags),
            summary=s.summary, status=s.status, created_at=s.created_at,  # type: ignore[arg-type]
        )  # fmt: skip
