"""Community business operations; import them from here."""

from crowdservice.community.actions.answers import (
    do_accept_answer,
    do_delete_answer,
    do_edit_answer,
    do_endorse_answer,
    do_post_answer,
    do_unaccept_answer,
    do_undelete_answer,
    do_unendorse_answer,
)
from crowdservice.community.actions.close_votes import (
    do_retract_close_vote,
    do_vote_to_close,
    do_vote_to_reopen,
)
from crowdservice.community.actions.comments import (
    do_add_comment,
    do_delete_comment,
    do_edit_comment,
    do_undelete_comment,
)
from crowdservice.community.actions.duplicates import (
    check_original,
    do_close_as_duplicate,
    do_reopen_question,
)
from crowdservice.community.actions.follows import (
    do_follow,
    do_follow_tag,
    do_unfollow,
    do_unfollow_tag,
)
from crowdservice.community.actions.knowledge import (
    do_link_knowledge_article,
    do_unlink_knowledge_article,
)
from crowdservice.community.actions.moderation import (
    do_close_question,
    do_merge_questions,
    do_reopen_closed,
    do_rollback,
    do_set_locked,
    do_set_visibility,
)
from crowdservice.community.actions.questions import (
    check_space,
    do_ask_question,
    do_delete_question,
    do_edit_question,
    do_undelete_question,
)
from crowdservice.community.actions.suggested_edits import (
    access_suggested_edit,
    do_edit_or_suggest,
    do_review_edit,
    do_suggest_edit,
    pending_edits,
)
from crowdservice.community.actions.votes import VoteValue, do_vote

__all__ = [
    "VoteValue",
    "access_suggested_edit",
    "check_original",
    "check_space",
    "do_accept_answer",
    "do_add_comment",
    "do_ask_question",
    "do_close_as_duplicate",
    "do_close_question",
    "do_delete_answer",
    "do_delete_comment",
    "do_delete_question",
    "do_edit_answer",
    "do_edit_comment",
    "do_edit_or_suggest",
    "do_edit_question",
    "do_endorse_answer",
    "do_follow",
    "do_follow_tag",
    "do_link_knowledge_article",
    "do_merge_questions",
    "do_post_answer",
    "do_reopen_closed",
    "do_reopen_question",
    "do_retract_close_vote",
    "do_review_edit",
    "do_rollback",
    "do_set_locked",
    "do_set_visibility",
    "do_suggest_edit",
    "do_unaccept_answer",
    "do_undelete_answer",
    "do_undelete_comment",
    "do_undelete_question",
    "do_unendorse_answer",
    "do_unfollow",
    "do_unfollow_tag",
    "do_unlink_knowledge_article",
    "do_vote",
    "do_vote_to_close",
    "do_vote_to_reopen",
    "pending_edits",
]
