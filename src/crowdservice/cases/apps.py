"""The cases app: registers its community hooks, consumers, index source and demo content."""

from __future__ import annotations

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "crowdservice.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from crowdservice.cases.community_hooks import support_notice
        from crowdservice.cases.consumers import (
            KB_LINK_VERBS,
            NOTIFY_VERBS,
            SLA_VERBS,
            notify_sla,
            record_kb_links,
            send_case_mail,
        )
        from crowdservice.cases.demo import seed_cases
        from crowdservice.cases.search_index import CaseIndexSource
        from crowdservice.community.demo.extensions import register_demo_step
        from crowdservice.community.thread_hooks import register_thread_notice
        from crowdservice.core.events import register_consumer
        from crowdservice.search.registry import register_index_source

        register_thread_notice(support_notice)
        register_consumer(NOTIFY_VERBS, send_case_mail)
        register_consumer(SLA_VERBS, notify_sla)
        register_consumer(KB_LINK_VERBS, record_kb_links)
        register_index_source(CaseIndexSource())
        register_demo_step(seed_cases)
