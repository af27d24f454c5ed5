from django.apps import AppConfig


class DeflectionConfig(AppConfig):
    name = "crowdservice.deflection"
    label = "deflection"
    verbose_name = "Deflection"
