"""Admin: badges (admins create their own badges here) and a read-only view of the ledger."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from crowdservice.reputation.models import Badge, Champion, ReputationEntry


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ("name", "tier", "rule", "award_count")
    list_filter = ("tier",)
    readonly_fields = ("award_count",)


@admin.register(ReputationEntry)
class ReputationEntryAdmin(admin.ModelAdmin):
    """The ledger is append-only: admins read it here, and adjust through the profile page."""

    list_display = ("user", "points", "reason", "created_at")
    list_filter = ("reason",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Champion)
class ChampionAdmin(admin.ModelAdmin):
    list_display = ("user", "space_id", "granted_at")
