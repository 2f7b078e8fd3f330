from django.apps import AppConfig


class DamagesConfig(AppConfig):
    name = "clef.damages"
    label = "damages"
    verbose_name = "États des lieux et dégradations"
