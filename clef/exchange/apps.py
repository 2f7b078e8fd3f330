from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "clef.exchange"
    label = "exchange"
    verbose_name = "Format d'échange"
