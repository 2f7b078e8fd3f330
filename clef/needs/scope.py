"""The area of the needs page: which departments (or which territory) a member reads. One definition
for the page, its exports and the declaration grid."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from clef.organisations import perms
from clef.organisations.models import Membership, Organisation
from clef.organisations.territory import territory_communes, territory_q
from clef.territories.models import Department


@dataclass(frozen=True)
class Area:
    """Departments (`codes`), a region, everything, or the territory of a platform (`organisation`)."""

    kind: str  # "departements", "region", "tout", "territoire"
    codes: tuple[str, ...] = ()
    organisation: Organisation | None = None

    def commune_q(self, prefix: str = "") -> Q:
        """« the commune reached through `prefix` is in the area » ("commune__" on dwellings)."""
        if self.kind == "tout":
            return Q()
        if self.kind == "region":
            return Q(**{f"{prefix}department__region_id": self.codes[0]})
        if self.kind == "territoire":
            return territory_q(self.organisation, prefix)
        return Q(**{f"{prefix}department_id__in": self.codes})

    def lookups(self, prefix: str) -> dict:
        """The same condition as keyword lookups (for queries that take `**filters`): `prefix` reaches a
        commune ("offered_dwelling__commune__")."""
        if self.kind == "tout":
            return {}
        if self.kind == "region":
            return {f"{prefix}department__region_id": self.codes[0]}
        if self.kind == "territoire":
            return {f"{prefix}in": territory_communes(self.organisation)}
        return {f"{prefix}department_id__in": self.codes}

    def department_q(self, field: str = "department") -> Q:
        """« the department `field` is in the area » (the SIAO's declarations)."""
        if self.kind == "tout":
            return Q()
        if self.kind == "region":
            return Q(**{f"{field}__region_id": self.codes[0]})
        if self.kind == "territoire":
            return Q(**{f"{field}__in": self.departments().values("code")})
        return Q(**{f"{field}__in": self.codes})

    def epci_q(self, field: str = "epci") -> Q:
        """A platform reads the declarations of its EPCIs only (department-wide lines have no EPCI)."""
        if self.kind != "territoire":
            return Q()
        epcis = self.organisation.territory_epcis.all()
        of_communes = self.organisation.territory_communes.exclude(epci=None).values("epci")
        return Q(**{f"{field}__in": epcis}) | Q(**{f"{field}__in": of_communes})

    def departments(self):
        """The departments of the area (for the filter)."""
        if self.kind == "tout":
            return Department.objects.all()
        if self.kind == "region":
            return Department.objects.filter(region_id=self.codes[0])
        if self.kind == "territoire":
            from clef.territories.models import Commune

            return Department.objects.filter(
                code__in=Commune.objects.filter(territory_q(self.organisation)).values("department_id")
            )
        return Department.objects.filter(code__in=self.codes)


def needs_area(membership: Membership | None) -> Area | None:
    """What the member reads on the needs page (None: nothing). An operator: its head office's department
    and its departments of activity; the SIAO: its department; a platform: its territory; a State
    member: the territory it oversees (its department, its region, or everything)."""
    if membership is None:
        return None
    organisation = membership.organisation
    if perms.is_platform_member(membership):
        return Area("territoire", organisation=organisation)
    if perms.is_state_member(membership):
        over = perms.oversight(membership)
        if over is None:
            return None
        if over.kind == "tout":
            return Area("tout")
        return Area("region" if over.kind == "region" else "departements", (over.code,))
    # through the M2M table (forward lookups: the departments' reverse relations may be absent, see
    # clef.www.needs.views._epcis)
    links = Organisation.departments.through.objects.filter(organisation_id=organisation.pk)
    codes = set(links.values_list("department_id", flat=True))
    if organisation.head_office_department_id:
        codes.add(organisation.head_office_department_id)
    return Area("departements", tuple(sorted(codes))) if codes else None
