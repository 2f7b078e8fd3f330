from django.apps import AppConfig


class BilanConfig(AppConfig):
    name = "clef.bilan"
    label = "bilan"
    verbose_name = "Bilan"
