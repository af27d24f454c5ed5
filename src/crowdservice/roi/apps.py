from django.apps import AppConfig


class RoiConfig(AppConfig):
    name = "crowdservice.roi"
    label = "roi"
    verbose_name = "ROI model"
