from django.apps import AppConfig


class OccupancyConfig(AppConfig):
    name = "clef.occupancy"
    label = "occupancy"
    verbose_name = "Occupation, demande de logement social, glissement de bail"
