"""The territory of a local authority or a captation platform: the communes of its EPCIs plus the
communes named one by one (`Organisation.territory_epcis`, `territory_communes`). One definition for the
guichet's routing, the local authority's figures and the needs page."""

from django.db.models import Q

from clef.territories.models import Commune


def territory_q(organisation, prefix: str = "") -> Q:
    """The condition « this commune is in the organisation's territory », on a queryset whose commune is
    reached through `prefix` (e.g. "commune__" on dwellings; "" on communes)."""
    return Q(**{f"{prefix}epci__in": organisation.territory_epcis.all()}) | Q(
        **{f"{prefix}code__in": organisation.territory_communes.values("code")}
    )


def territory_communes(organisation):
    """The communes of the organisation's territory (a queryset; empty when none is set)."""
    return Commune.objects.filter(territory_q(organisation))
