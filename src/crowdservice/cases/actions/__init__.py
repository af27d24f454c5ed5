"""Case business operations; import them from here."""

from crowdservice.cases.actions.attachments import AttachmentIn, check_attachments
from crowdservice.cases.actions.cases import (
    do_bulk_update,
    do_change_status,
    do_merge,
    do_open_case,
    do_rate,
    do_reply,
    do_update_case,
    render_macro,
)
from crowdservice.cases.actions.community import (
    PublishMode,
    community_linked,
    do_auto_escalate,
    do_escalate_question,
    do_publish_resolution,
    preview_publication,
    publish_to_knowledge_base_draft,
)
from crowdservice.cases.actions.knowledge import do_record_used_articles
from crowdservice.cases.actions.mail import do_purge_raw_mail
from crowdservice.cases.actions.sla import do_check_slas
from crowdservice.cases.actions.work import (
    check_work_seconds,
    do_record_work_time,
)

__all__ = [
    "AttachmentIn",
    "PublishMode",
    "check_attachments",
    "check_work_seconds",
    "community_linked",
    "do_auto_escalate",
    "do_bulk_update",
    "do_change_status",
    "do_check_slas",
    "do_escalate_question",
    "do_merge",
    "do_open_case",
    "do_publish_resolution",
    "do_purge_raw_mail",
    "do_rate",
    "do_record_used_articles",
    "do_record_work_time",
    "do_reply",
    "do_update_case",
    "preview_publication",
    "publish_to_knowledge_base_draft",
    "render_macro",
]
