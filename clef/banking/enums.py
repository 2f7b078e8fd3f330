"""Code lists of the bank statements (stable English or glossary values, French labels)."""

from django.db import models


class StatementFormat(models.TextChoices):
    CSV = "csv", "CSV"
    CAMT053 = "camt053", "CAMT.053 (ISO 20022)"


class LineStatus(models.TextChoices):
    RAPPROCHEE = "rapprochee", "Rapprochée"
    A_TRAITER = "a_traiter", "À traiter"
    IGNOREE = "ignoree", "Ignorée"


class PaymentKind(models.TextChoices):
    PAIEMENT = "paiement", "Paiement du ménage"
    AIDE_LOGEMENT = "aide_logement", "Aide au logement (tiers payant)"


class MatchRule(models.TextChoices):
    """How a line was matched: the three automatic rules of `matching.match_line`, or by hand."""

    NONE = "", "—"
    REFERENCE = "reference", "Référence du titre (CLEF-…)"
    BENEFIT = "aide", "Aide au logement : payeur CAF/MSA et montant"
    NAME_AMOUNT = "nom_montant", "Nom du ménage et montant dû"
    MANUAL = "manuel", "Affectée à la main"


DEBIT_REASON = "débit"
