from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "clef.journal"
    label = "journal"
    verbose_name = "Journal"

    def ready(self) -> None:
        from clef.journal import checks  # noqa: F401  (registers the database check)
