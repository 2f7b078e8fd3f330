from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "clef.accounts"
    label = "accounts"
    verbose_name = "Comptes"
