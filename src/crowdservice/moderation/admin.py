"""Django admin views of moderation records (the moderators' own pages are under /moderation/)."""

from __future__ import annotations

from django.contrib import admin

from crowdservice.moderation.models import AuditEntry, Flag, ReviewItem, Sanction, WatchedWord


@admin.register(ReviewItem)
class ReviewItemAdmin(admin.ModelAdmin):
    list_display = ("kind", "object_id", "reason", "status", "score", "created_at")
    list_filter = ("status", "reason", "kind")


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ("kind", "object_id", "reason", "flagger", "weight", "status", "created_at")
    list_filter = ("status", "reason")


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "starts_at", "ends_at", "lifted_at")
    list_filter = ("kind",)


@admin.register(WatchedWord)
class WatchedWordAdmin(admin.ModelAdmin):
    list_display = ("word", "action", "created_by", "created_at")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "kind", "object_id", "target_user")
    list_filter = ("action",)

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False  # the log is append-only

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
