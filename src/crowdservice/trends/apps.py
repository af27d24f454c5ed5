"""The trends app: hot-topic detection over the community, cases and later sources."""

from __future__ import annotations

from django.apps import AppConfig


class TrendsConfig(AppConfig):
    name = "crowdservice.trends"
    label = "trends"
    verbose_name = "Hot topics"

    def ready(self) -> None:
        from crowdservice.cases.access import is_agent
        from crowdservice.community.demo.extensions import register_demo_step
        from crowdservice.core.events import register_consumer
        from crowdservice.notifications.kinds import register_kind
        from crowdservice.trends.cases_source import CasesSource
        from crowdservice.trends.community_source import CommunitySource
        from crowdservice.trends.consumers import ALERT_VERBS, HOT_TOPICS, notify_agents
        from crowdservice.trends.demo import seed_hot_topic
        from crowdservice.trends.sources import register_source

        register_source(CommunitySource())
        register_source(CasesSource())
        register_consumer(ALERT_VERBS, notify_agents)
        register_kind(
            HOT_TOPICS,
            "Hot topics",
            "A tag or phrase suddenly far more common than usual (support agents)",
            email_template="trends/email/hot_topic",
            audience=is_agent,  # only agents and admins are alerted (consumers.py)
        )
        register_demo_step(seed_hot_topic)
