from django.apps import AppConfig


class ReferentialConfig(AppConfig):
    name = "clef.referential"
    label = "referential"
    verbose_name = "Référentiels"
