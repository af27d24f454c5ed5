from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "crowdservice.community"
    label = "community"
    verbose_name = "Community Q&A"

    def ready(self) -> None:
        from crowdservice.community.consumers import notify_followers
        from crowdservice.community.search_provider import CommunitySearchProvider
        from crowdservice.core.events import register_consumer
        from crowdservice.search.registry import register_provider

        register_consumer(["answer.created", "comment.created"], notify_followers)
        register_provider(CommunitySearchProvider())
