from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "clef.demo"
    label = "demo"
    verbose_name = "Démonstration"
