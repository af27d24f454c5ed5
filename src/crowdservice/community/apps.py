from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "crowdservice.community"
    label = "community"
    verbose_name = "Community Q&A"

    def ready(self) -> None:
        from crowdservice.community.consumers import (
            DUPLICATE_VERBS,
            KINDS,
            MENTION_VERBS,
            RANKING_VERBS,
            TAG_VERBS,
            notify_duplicate_closing,
            notify_followers,
            notify_mentions,
            notify_tag_followers,
            rank_answers,
        )
        from crowdservice.community.deflection_directory import SpaceDirectory
        from crowdservice.community.moderated import AnswerContent, CommentContent, QuestionContent
        from crowdservice.community.search_index import CommunityIndexSource
        from crowdservice.core.events import register_consumer
        from crowdservice.deflection.registry import register_space_directory
        from crowdservice.moderation.registry import register_content
        from crowdservice.notifications.kinds import register_kind
        from crowdservice.reputation.registry import register_content_directory
        from crowdservice.search.registry import register_index_source

        register_consumer(
            ["answer.created", "comment.created", "answer.approved", "comment.approved"],
            notify_followers,
        )
        register_consumer(DUPLICATE_VERBS, notify_duplicate_closing)
        register_consumer(MENTION_VERBS, notify_mentions)
        register_consumer(TAG_VERBS, notify_tag_followers)
        for key, label, description in KINDS:
            register_kind(key, label, description)
        register_consumer(RANKING_VERBS, rank_answers)
        register_space_directory(SpaceDirectory())
        register_index_source(CommunityIndexSource())
        for content in (QuestionContent(), AnswerContent(), CommentContent()):
            register_content(content)
        from crowdservice.community.reputation_directory import ReputationDirectory

        register_content_directory(ReputationDirectory())
