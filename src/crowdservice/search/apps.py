from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "crowdservice.search"
    label = "search"
    verbose_name = "Search"
