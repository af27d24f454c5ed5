"""The knowledge app's configuration: its search index source and its demo content."""

from __future__ import annotations

from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "crowdservice.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"

    def ready(self) -> None:
        from crowdservice.community.demo.extensions import register_demo_step
        from crowdservice.knowledge.demo import seed_knowledge_base
        from crowdservice.knowledge.search_index import ArticleIndexSource
        from crowdservice.search.registry import register_index_source

        register_index_source(ArticleIndexSource())
        register_demo_step(seed_knowledge_base)
