from django.apps import AppConfig


class DwellingsConfig(AppConfig):
    name = "clef.dwellings"
    label = "dwellings"
    verbose_name = "Logements"
