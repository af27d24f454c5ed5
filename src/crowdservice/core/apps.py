from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "crowdservice.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Huey only auto-imports `tasks` modules; ours are called `jobs`. Importing every app's
        # `jobs` here registers them in the web process and in the `run_huey` worker alike.
        autodiscover_modules("jobs")
