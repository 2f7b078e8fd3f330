from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "clef.households"
    label = "households"
    verbose_name = "Ménages"
