"""The Django admin for the help center's structure; articles are written through /help/ pages,
whose actions keep revisions, events and the search index right, so they are read-only here."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from crowdservice.knowledge.models import Article, Category, Section


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    search_fields = ("name",)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "slug", "position")
    list_filter = ("category",)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "section", "status", "visibility", "owner", "review_by")
    list_filter = ("status", "visibility")
    search_fields = ("title", "published_title")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
