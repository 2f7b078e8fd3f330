from django.apps import AppConfig


class BankingConfig(AppConfig):
    name = "clef.banking"
    label = "banking"
    verbose_name = "Relevés bancaires"
