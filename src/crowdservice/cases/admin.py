"""Admin screens for queues, SLA policies, macros and the inbound mail log."""

from __future__ import annotations

from django.contrib import admin

from crowdservice.cases.models import Case, InboundEmail, Macro, Queue, SlaPolicy


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "round_robin", "position")
    filter_horizontal = ("members",)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = ("priority", "first_response_minutes", "resolution_minutes", "breach_action")


@admin.register(Macro)
class MacroAdmin(admin.ModelAdmin):
    list_display = ("name", "set_status")


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("pk", "subject", "status", "priority", "requester", "assignee", "created_at")
    list_filter = ("status", "priority", "channel")
    raw_id_fields = ("requester", "assignee", "merged_into", "organization", "space")
    search_fields = ("subject",)


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    list_display = ("received_at", "mail_from", "subject", "status", "attempts", "last_error")
    list_filter = ("status",)
    exclude = ("raw",)
    readonly_fields = (
        "message_id", "mail_from", "subject", "attempts", "last_error", "outcome", "raw_purged_at",
    )  # fmt: skip
