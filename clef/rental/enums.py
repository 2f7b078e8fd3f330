"""Code lists of the ledger (stable English or glossary values, French labels)."""

from django.db import models


class LedgerMode(models.TextChoices):
    SOUS_LOCATION = "sous_location", "Location / sous-location"
    MANDAT_GESTION = "mandat_gestion", "Mandat de gestion"


class BenefitKind(models.TextChoices):
    NONE = "", "Aucune"
    APL = "apl", "APL"
    ALS = "als", "ALS"
    ALF = "alf", "ALF"


class BenefitPayer(models.TextChoices):
    NONE = "", "—"
    CAF = "caf", "CAF"
    MSA = "msa", "MSA"


class BenefitStatus(models.TextChoices):
    VERSEE = "versee", "Versée"
    ATTENDUE = "attendue", "Attendue (ouverture des droits)"
    EN_RETARD = "en_retard", "Versement en retard"
    SUSPENDUE = "suspendue", "Suspendue"


class Account(models.TextChoices):
    MENAGE = "menage", "Compte du ménage"
    PROPRIETAIRE = "proprietaire", "Compte du propriétaire"
    DEPOT = "depot", "Dépôt de garantie"


class EntryKind(models.TextChoices):
    APPEL_LOYER = "appel_loyer", "Loyer / redevance"
    APPEL_CHARGES = "appel_charges", "Provision pour charges"
    PAIEMENT = "paiement", "Paiement du ménage"
    AIDE_LOGEMENT = "aide_logement", "Aide au logement (tiers payant)"
    DIFFERENTIEL = "differentiel", "Différentiel de loyer"
    REGULARISATION_CHARGES = "regularisation_charges", "Régularisation des charges"
    DEGRADATIONS = "degradations", "Dégradations imputées"
    FRAIS = "frais", "Frais"
    REMISE = "remise", "Remise de dette"
    DEPOT_APPEL = "depot_appel", "Dépôt de garantie demandé"
    DEPOT_PAIEMENT = "depot_paiement", "Dépôt de garantie versé"
    DEPOT_RESTITUTION = "depot_restitution", "Dépôt restitué"
    DEPOT_RETENUE = "depot_retenue", "Retenue sur le dépôt"
    LOYER_PROPRIETAIRE = "loyer_proprietaire", "Loyer dû au propriétaire"
    ENCAISSEMENT = "encaissement", "Loyer encaissé pour le propriétaire"
    HONORAIRES = "honoraires", "Honoraires de gestion"
    REVERSEMENT = "reversement", "Versement au propriétaire"
    CONTRE_PASSATION = "contre_passation", "Contre-passation"


class EntrySource(models.TextChoices):
    MANUEL = "manuel", "Saisie manuelle"
    APPEL_MENSUEL = "appel_mensuel", "Appel mensuel"
    RELEVE_BANCAIRE = "releve_bancaire", "Relevé bancaire"
    REGULARISATION = "regularisation", "Régularisation"
    DEPOT = "depot", "Dépôt de garantie"
    SORTIE = "sortie", "Sortie"
    DEGRADATIONS = "degradations", "Dégradations"
    DEMO = "demo", "Démonstration"


class AgeingBucket(models.TextChoices):
    MOINS_1_MOIS = "moins_1_mois", "Moins d'un mois"
    UN_DEUX_MOIS = "1_2_mois", "1 à 2 mois"
    DEUX_TROIS_MOIS = "2_3_mois", "2 à 3 mois"
    TROIS_MOIS_ET_PLUS = "3_mois_et_plus", "3 mois et plus"


# The account each kind is posted on and its sign (+1: increases what the account's debtor owes, -1:
# decreases it, 0: either). `contre_passation` takes the account and the opposite amount of its entry.
KIND_ACCOUNT: dict[str, tuple[str, int]] = {
    EntryKind.APPEL_LOYER: (Account.MENAGE, 1),
    EntryKind.APPEL_CHARGES: (Account.MENAGE, 1),
    EntryKind.PAIEMENT: (Account.MENAGE, -1),
    EntryKind.AIDE_LOGEMENT: (Account.MENAGE, -1),
    EntryKind.DIFFERENTIEL: (Account.MENAGE, -1),
    EntryKind.REGULARISATION_CHARGES: (Account.MENAGE, 0),
    EntryKind.DEGRADATIONS: (Account.MENAGE, 1),
    EntryKind.FRAIS: (Account.MENAGE, 1),
    EntryKind.REMISE: (Account.MENAGE, -1),
    EntryKind.DEPOT_APPEL: (Account.DEPOT, 1),
    EntryKind.DEPOT_PAIEMENT: (Account.DEPOT, -1),
    EntryKind.DEPOT_RESTITUTION: (Account.DEPOT, 1),
    EntryKind.DEPOT_RETENUE: (Account.DEPOT, 1),
    EntryKind.LOYER_PROPRIETAIRE: (Account.PROPRIETAIRE, 1),
    EntryKind.ENCAISSEMENT: (Account.PROPRIETAIRE, 1),
    EntryKind.HONORAIRES: (Account.PROPRIETAIRE, -1),
    EntryKind.REVERSEMENT: (Account.PROPRIETAIRE, -1),
}
