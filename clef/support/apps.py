from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "clef.support"
    label = "support"
    verbose_name = "Accompagnement"
