"""Rules of the local bonuses: one function each, called by the services, the forms and the admin."""

from django.core.exceptions import ValidationError

from clef.organisations.models import OrganisationKind
from clef.organisations.territory import territory_communes


def check_scheme_territory(scheme) -> None:
    """A scheme covers exactly one commune or one EPCI; a local authority's scheme stays within its
    territory (its EPCIs and communes, `clef.organisations.territory`) when that territory is set."""
    if bool(scheme.epci_id) == bool(scheme.commune_id):
        raise ValidationError(
            {"commune": "Choisissez une commune ou un EPCI (l'un des deux, pas les deux)."},
            code="one_territory",
        )
    authority = scheme.authority
    if authority is None:
        return
    if authority.kind != OrganisationKind.LOCAL_AUTHORITY:
        raise ValidationError(
            {"authority": "La prime est financée par une collectivité."}, code="authority_kind"
        )
    communes = territory_communes(authority)
    if not communes.exists():
        return
    if scheme.commune_id and not communes.filter(code=scheme.commune_id).exists():
        raise ValidationError(
            {"commune": f"Cette commune n'est pas dans le territoire de {authority.name}."}, code="territory"
        )
    if scheme.epci_id and not authority.territory_epcis.filter(pk=scheme.epci_id).exists():
        raise ValidationError(
            {"epci": f"Cet EPCI n'est pas dans le territoire de {authority.name}."}, code="territory"
        )


def check_grant(grant) -> None:
    """A local bonus is granted for a dwelling of the scheme's territory, managed by the organisation named,
    on a day the scheme is in force."""
    scheme, dwelling = grant.scheme, grant.dwelling
    if not scheme.in_force_on(grant.granted_on):
        raise ValidationError(
            {
                "granted_on": f"La prime « {scheme.name} » n'est pas en vigueur le {grant.granted_on:%d/%m/%Y}."
            },
            code="not_in_force",
        )
    commune = dwelling.commune
    in_territory = (
        scheme.commune_id in {commune.pk, commune.parent_id}
        if scheme.commune_id
        else scheme.epci_id == commune.epci_id
    )
    if not in_territory:
        raise ValidationError(
            {"dwelling": f"Ce logement ({commune.name}) n'est pas dans le territoire de la prime."},
            code="territory",
        )
    if grant.organisation_id != dwelling.organisation_id:
        raise ValidationError(
            {"organisation": "La structure est celle qui gère le logement."}, code="organisation"
        )
