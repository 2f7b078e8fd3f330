"""The organisations and logins of rental management in the demo region (issue 10): the network « Fapil
Auvergne-Rhône-Alpes » that manages the regional security fund, created before the demo logins (its
director is the fund manager `fonds@fapil-aura.test`). The litigation officer belongs to the operator with
the most present households of the demo (« Clé Solidaire de l'Isère »)."""

from __future__ import annotations

from clef.organisations.models import Organisation, OrganisationKind
from clef.territories.models import Department, Region

NETWORK = "demo-fapil-aura"
NETWORK_NAME = "Fapil Auvergne-Rhône-Alpes"
# The demo operators of rental management: those of captation (their dwellings have contracts).
OPERATORS = {
    "op1": "demo-op-001",
    "op2": "demo-op-002",
    "op052": "demo-op-052",
    "op057": "demo-op-057",
}
LITIGATION_OFFICER = "contentieux@cle-solidaire.test"
FUND_MANAGER = "fonds@fapil-aura.test"


def ensure_network() -> None:
    """Create the network once, when the demo region is there. Idempotent."""
    region = Region.objects.filter(code="84").first()
    rhone = Department.objects.filter(code="69").first()
    if (
        region is None
        or rhone is None
        or not Organisation.objects.filter(external_id=OPERATORS["op1"]).exists()
    ):
        return
    network, created = Organisation.objects.get_or_create(
        external_id=NETWORK,
        defaults={
            "kind": OrganisationKind.NETWORK,
            "name": NETWORK_NAME,
            "region": region,
            "head_office_department": rhone,
        },
    )
    if created:
        network.departments.add(*Department.objects.filter(region=region))
