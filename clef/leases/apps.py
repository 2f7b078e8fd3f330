from django.apps import AppConfig


class LeasesConfig(AppConfig):
    name = "clef.leases"
    label = "leases"
    verbose_name = "Vie du bail"
