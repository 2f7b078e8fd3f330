"""Code lists of captation: landlords, leads and their stages, campaigns, activities."""

from django.db import models


class LandlordKind(models.TextChoices):
    PARTICULIER = "particulier", "Particulier"
    SOCIETE = "societe", "Société"
    SCI = "sci", "SCI"
    BAILLEUR_SOCIAL = "bailleur_social", "Bailleur social"


class DpeClass(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    E = "E", "E"
    F = "F", "F"
    G = "G", "G"


class Stage(models.TextChoices):
    """Stages of a lead, in their order; `engagement_signe` is reached only through the contract signing,
    `abandonne` and `refuse` close a lead from any open stage."""

    PROSPECT = "prospect", "Prospect"
    PREMIER_CONTACT = "premier_contact", "Premier contact"
    VISITE = "visite", "Visite"
    PROPOSITION = "proposition", "Proposition"
    ENGAGEMENT_SIGNE = "engagement_signe", "Engagement signé"
    ABANDONNE = "abandonne", "Abandonné"
    REFUSE = "refuse", "Refusé par le propriétaire"


# The pipeline, in order (the board's columns and the stepper); the lead's stage ranks by this list.
PIPELINE = [Stage.PROSPECT, Stage.PREMIER_CONTACT, Stage.VISITE, Stage.PROPOSITION, Stage.ENGAGEMENT_SIGNE]
OPEN_STAGES = [Stage.PROSPECT, Stage.PREMIER_CONTACT, Stage.VISITE, Stage.PROPOSITION]
CLOSED_STAGES = [Stage.ABANDONNE, Stage.REFUSE]


class ClosedReason(models.TextChoices):
    LOYER = "loyer", "Loyer demandé trop élevé"
    NON_DECENT = "non_decent", "Logement non décent ou travaux trop lourds"
    VENDU_RELOUE = "vendu_reloue", "Logement vendu ou loué autrement"
    CONDITIONS = "conditions", "Conditions de gestion refusées"
    INJOIGNABLE = "injoignable", "Propriétaire injoignable"
    NE_PAS_CONTACTER = "ne_pas_contacter", "Le propriétaire ne veut plus être contacté"
    HORS_TERRITOIRE = "hors_territoire", "Hors territoire"
    AUTRE = "autre", "Autre"


class Origin(models.TextChoices):
    CAMPAGNE = "campagne", "Action de communication"
    GUICHET = "guichet", "Guichet unique"
    RECAPTATION = "recaptation", "Re-captation"
    PROSPECTION = "prospection", "Prospection active"
    RESEAU = "reseau", "Bouche-à-oreille, partenaire"
    AUTRE = "autre", "Autre"


class CampaignKind(models.TextChoices):
    NEWSLETTER = "newsletter", "Lettre d'information"
    AFFICHAGE = "affichage", "Affichage"
    EVENEMENT = "evenement", "Événement"
    PRESCRIPTEUR = "prescripteur", "Prescripteurs (orientations de partenaires)"
    COLLECTIVITE = "collectivite", "Communication d'une collectivité"
    SITE_WEB = "site_web", "Site web"
    AUTRE = "autre", "Autre"


class ActivityKind(models.TextChoices):
    APPEL = "appel", "Appel"
    EMAIL = "email", "Courriel"
    COURRIER = "courrier", "Courrier"
    VISITE = "visite", "Visite"
    RENDEZ_VOUS = "rendez_vous", "Rendez-vous"
    DOCUMENT = "document", "Document"
    NOTE = "note", "Note"


# Activities that reach the landlord: refused when the landlord asked not to be contacted.
CONTACT_KINDS = [
    ActivityKind.APPEL,
    ActivityKind.EMAIL,
    ActivityKind.COURRIER,
    ActivityKind.VISITE,
    ActivityKind.RENDEZ_VOUS,
]
