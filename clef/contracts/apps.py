from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "clef.contracts"
    label = "contracts"
    verbose_name = "Conventions et contrats"

    def ready(self) -> None:
        from clef.contracts import signals

        signals.connect()
