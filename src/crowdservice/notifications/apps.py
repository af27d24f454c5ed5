from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "crowdservice.notifications"
    label = "notifications"
    verbose_name = "Notifications"
