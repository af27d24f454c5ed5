from django.apps import AppConfig


class ReputationConfig(AppConfig):
    name = "crowdservice.reputation"
    label = "reputation"
    verbose_name = "Reputation"

    def ready(self) -> None:
        from crowdservice.core.events import register_consumer
        from crowdservice.notifications.kinds import register_kind
        from crowdservice.reputation.consumers import BADGE_KIND, CONSUMERS, notify_badge

        for verbs, consumer in CONSUMERS:
            register_consumer(verbs, consumer)
        register_kind(BADGE_KIND, "Badges", "Badges you earn, by your posts or from the team")
        register_consumer(("badge.awarded",), notify_badge)
