from django.apps import AppConfig


class CaptationConfig(AppConfig):
    name = "clef.captation"
    label = "captation"
    verbose_name = "Captation"
