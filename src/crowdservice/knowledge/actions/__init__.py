"""Knowledge-base business operations; import them from here."""

from crowdservice.knowledge.actions.articles import (
    do_archive,
    do_create_article,
    do_publish,
    do_publish_due,
    do_restore_revision,
    do_return_to_draft,
    do_save_article,
    do_schedule_publish,
    do_submit_for_review,
)
from crowdservice.knowledge.actions.attachments import do_add_attachment, do_delete_attachment
from crowdservice.knowledge.actions.cases import do_create_draft_from_text, do_record_case_link
from crowdservice.knowledge.actions.categories import do_create_category, do_create_section
from crowdservice.knowledge.actions.feedback import (
    do_give_feedback,
    do_resolve_feedback,
    do_resolve_suggestion,
    do_suggest_edit,
)
from crowdservice.knowledge.actions.promotion import do_promote_answer, do_promote_thread
from crowdservice.knowledge.actions.translations import do_save_translation

__all__ = [
    "do_add_attachment",
    "do_archive",
    "do_create_article",
    "do_create_category",
    "do_create_draft_from_text",
    "do_create_section",
    "do_delete_attachment",
    "do_give_feedback",
    "do_promote_answer",
    "do_promote_thread",
    "do_publish",
    "do_publish_due",
    "do_record_case_link",
    "do_resolve_feedback",
    "do_resolve_suggestion",
    "do_restore_revision",
    "do_return_to_draft",
    "do_save_article",
    "do_save_translation",
    "do_schedule_publish",
    "do_submit_for_review",
    "do_suggest_edit",
]
