from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "clef.funding"
    label = "funding"
    verbose_name = "Financement de la mesure"
