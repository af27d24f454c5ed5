from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "crowdservice.accounts"
    label = "accounts"
    verbose_name = "Accounts"
