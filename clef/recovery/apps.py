from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "clef.recovery"
    label = "recovery"
    verbose_name = "Impayés : relances, plans et contentieux"
