from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "clef.needs"
    label = "needs"
    verbose_name = "Besoins et objectifs de captation"
