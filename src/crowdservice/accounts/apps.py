from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "crowdservice.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from crowdservice.accounts.allauth_events import connect

        connect()
