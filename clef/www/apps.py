from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "clef.www"
    label = "www"
    verbose_name = "Interface web"
