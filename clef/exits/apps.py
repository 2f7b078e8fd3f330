from django.apps import AppConfig


class ExitsConfig(AppConfig):
    name = "clef.exits"
    label = "exits"
    verbose_name = "Sorties accompagnées"
