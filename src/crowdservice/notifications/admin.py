from django.contrib import admin

from crowdservice.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "verb", "title", "created_at", "read_at")
    list_filter = ("verb",)
