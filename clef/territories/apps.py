from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "clef.territories"
    label = "territories"
    verbose_name = "Territoires"
