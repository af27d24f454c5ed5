from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "crowdservice.insights"
    label = "insights"
    verbose_name = "Insights"
