"""The moderation app's configuration."""

from __future__ import annotations

from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "crowdservice.moderation"
    label = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from crowdservice.accounts.gates import register_login_gate
        from crowdservice.core.events import register_consumer
        from crowdservice.moderation.access import login_refusal
        from crowdservice.moderation.consumers import OUTCOME_VERBS, notify_outcome
        from crowdservice.notifications.kinds import register_kind

        register_login_gate(login_refusal)
        register_kind("moderation", "Moderation outcomes", "Decisions about your posts and account")
        register_consumer(OUTCOME_VERBS, notify_outcome)
