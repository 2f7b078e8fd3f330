"""The territory of a local authority or a captation platform: the communes of its EPCIs plus the
communes named one by one (`Organisation.territory_epcis`, `territory_communes`). One definition for the
guichet's routing, the local authority's figures and the needs page."""

from django.db.models import Q

from clef.territories.models import Commune


def territory_q(organisation, prefix: str = "") -> Q:
    """The condition « this commune is in the organisation's territory », on a queryset whose commune is
    reached through `prefix` (e.g. "commune__" on dwellings; "" on communes)."""
    # Through the link tables (forward keys only): the reverse relations of the territories' models are
    # absent when a transactional test leaves `clef.territories` out of its available apps.
    epcis = type(organisation).territory_epcis.through.objects.filter(organisation_id=organisation.pk)
    communes = type(organisation).territory_communes.through.objects.filter(organisation_id=organisation.pk)
    return Q(**{f"{prefix}epci__in": epcis.values("epci_id")}) | Q(
        **{f"{prefix}code__in": communes.values("commune_id")}
    )


def territory_communes(organisation):
    """The communes of the organisation's territory (a queryset; empty when none is set)."""
    return Commune.objects.filter(territory_q(organisation))
