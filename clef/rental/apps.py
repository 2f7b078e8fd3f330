from django.apps import AppConfig


class RentalConfig(AppConfig):
    name = "clef.rental"
    label = "rental"
    verbose_name = "Gestion locative"
