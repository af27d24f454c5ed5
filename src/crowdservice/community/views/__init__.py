"""The community pages. One view answers a full page and, for htmx, the fragment it changes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from crowdservice.community.views.answers import (
    accept_answer,
    delete_answer,
    edit_answer,
    endorse_answer,
    post_answer,
    undelete_answer,
)
from crowdservice.community.views.browse import (
    question_list,
    space_detail,
    space_list,
    tag_detail,
    tag_list,
)
from crowdservice.community.views.close_votes import (
    retract_close_vote,
    vote_to_close,
    vote_to_reopen,
)
from crowdservice.community.views.comments import comment_answer, comment_question, delete_comment
from crowdservice.community.views.duplicates import close_as_duplicate, reopen_question
from crowdservice.community.views.moderation import (
    close_question,
    follow_tag,
    merge_question,
    rollback,
)
from crowdservice.community.views.questions import (
    ask_question,
    delete_question,
    edit_question,
    follow_question,
    question_revisions,
    show_question,
    undelete_question,
)
from crowdservice.community.views.suggested_edits import review_edit, review_edits
from crowdservice.community.views.votes import vote_answer, vote_question

__all__ = [
    "accept_answer",
    "ask_question",
    "close_as_duplicate",
    "close_question",
    "comment_answer",
    "comment_question",
    "delete_answer",
    "delete_comment",
    "delete_question",
    "edit_answer",
    "edit_question",
    "endorse_answer",
    "follow_question",
    "follow_tag",
    "merge_question",
    "post_answer",
    "question_detail",
    "question_list",
    "question_revisions",
    "reopen_question",
    "retract_close_vote",
    "review_edit",
    "review_edits",
    "rollback",
    "space_detail",
    "space_list",
    "tag_detail",
    "tag_list",
    "undelete_answer",
    "undelete_question",
    "vote_answer",
    "vote_question",
    "vote_to_close",
    "vote_to_reopen",
]


def question_detail(
    request: HttpRequest, question_id: int, slug: str | None = None
) -> HttpResponse:
    return show_question(request, question_id, slug)
