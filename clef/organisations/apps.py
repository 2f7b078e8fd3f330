from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "clef.organisations"
    label = "organisations"
    verbose_name = "Organisations"
