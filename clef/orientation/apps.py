from django.apps import AppConfig


class OrientationConfig(AppConfig):
    name = "clef.orientation"
    label = "orientation"
    verbose_name = "Orientation par le SIAO"
