from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "clef.journal"
    label = "journal"
    verbose_name = "Journal"
