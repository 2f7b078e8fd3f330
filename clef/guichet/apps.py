from django.apps import AppConfig


class GuichetConfig(AppConfig):
    name = "clef.guichet"
    label = "guichet"
    verbose_name = "Guichet unique des propriétaires"
