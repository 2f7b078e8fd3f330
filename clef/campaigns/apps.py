from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "clef.campaigns"
    label = "campaigns"
    verbose_name = "Campagnes de collecte"
