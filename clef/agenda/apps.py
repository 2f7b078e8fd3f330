from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "clef.agenda"
    label = "agenda"
    verbose_name = "Réunion IML et travail à faire"

    def ready(self) -> None:
        from clef.agenda.sections import autodiscover

        autodiscover()
