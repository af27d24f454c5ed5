from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "crowdservice.core"
    label = "core"
    verbose_name = "Core"
