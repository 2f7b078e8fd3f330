from django.apps import AppConfig


class StaysConfig(AppConfig):
    name = "clef.stays"
    label = "stays"
    verbose_name = "Séjours et parcours"
