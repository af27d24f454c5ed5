from django.apps import AppConfig


class ReputationConfig(AppConfig):
    name = "crowdservice.reputation"
    label = "reputation"
    verbose_name = "Reputation"

    def ready(self) -> None:
        from crowdservice.core.events import register_consumer
        from crowdservice.reputation.consumers import CONSUMERS

        for verbs, consumer in CONSUMERS:
            register_consumer(verbs, consumer)
