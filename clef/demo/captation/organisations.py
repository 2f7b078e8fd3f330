"""The organisations of captation in the demo region, created before the demo logins: the captation
platform « ADIL 73 — Louer Solidaire » and the local authority « Grand Chambéry » (both on the Grand
Chambéry EPCI), and the carte professionnelle (carte G) of the operators that sign mandates in the demo.

Only fields the exchange format does not carry are touched on the register's operators (the date the card
was issued and its end of validity: `has_carte_professionnelle` is exported and stays as generated, so
the v1 export files hash as before). « Seuil Commun de la Savoie » holds no card: a mandate refused there
can be tried in the demo.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from clef.organisations.models import Organisation, OrganisationKind
from clef.territories.models import Department, Epci, Region
from clef.utils.dates import add_months

GRAND_CHAMBERY_EPCI = "200069110"  # CA du Grand Chambéry (COG)
PLATFORM = "demo-captation73"
AUTHORITY = "demo-grand-chambery"
# The demo operators of captation: the two of the daily work and two of Savoie the desk routes to.
OPERATORS = {
    "op1": "demo-op-001",
    "op2": "demo-op-002",
    "op052": "demo-op-052",  # Logis Passerelle de la Savoie: a card, mandates
    "op057": "demo-op-057",  # Seuil Commun de la Savoie: no card
}
WITHOUT_CARD = "op057"
CARD_ISSUED_ON = date(2016, 1, 4)  # before the register's first mandate (2018)
CARD_VALID_MONTHS = 26  # from the day the demo is loaded


def ensure_organisations(today: date | None = None) -> None:
    """Create the platform and the local authority once; date the demo operators' cards. Idempotent."""
    operators = Organisation.objects.filter(external_id__in=OPERATORS.values())
    if not Epci.objects.filter(pk=GRAND_CHAMBERY_EPCI).exists() or operators.count() != len(OPERATORS):
        return
    today = today or timezone.localdate()
    savoie = Department.objects.get(code="73")
    region = Region.objects.get(code="84")
    for external_id, kind, name in (
        (PLATFORM, OrganisationKind.CAPTATION_PLATFORM, "ADIL 73 — Louer Solidaire"),
        (AUTHORITY, OrganisationKind.LOCAL_AUTHORITY, "Grand Chambéry"),
    ):
        organisation, created = Organisation.objects.get_or_create(
            external_id=external_id,
            defaults={"kind": kind, "name": name, "region": region, "head_office_department": savoie},
        )
        if created:
            organisation.departments.add(savoie)
            organisation.territory_epcis.add(GRAND_CHAMBERY_EPCI)
    Organisation.objects.filter(
        external_id__in=[ext for key, ext in OPERATORS.items() if key != WITHOUT_CARD],
        has_carte_professionnelle=True,
        carte_pro_issued_on__isnull=True,
    ).update(carte_pro_issued_on=CARD_ISSUED_ON, carte_pro_expiry=add_months(today, CARD_VALID_MONTHS))
