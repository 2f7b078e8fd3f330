"""Who sees which bilan. Operators: their own structure, unmasked. State services: their region (or
any department, or one structure) with statistical secrecy on per-operator figures. Nobody sees a
household through the bilan: it only ever shows aggregates."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clef.bilan.indicators import Perimeter
from clef.organisations.models import Organisation, OrganisationKind, Role
from clef.organisations.perms import can_view_register

STATE_ROLES = {Role.STATE_COORDINATOR, Role.PLATFORM_ADMIN, Role.READ_ONLY}


@dataclass
class BilanScope:
    perimeter: Perimeter
    title: str
    is_operator: bool
    secrecy_for_structures: bool  # per-operator figures masked (coordinators)
    region_code: str | None = None

    @property
    def shows_operator_table(self) -> bool:
        return not self.is_operator and self.perimeter.kind in {"tout", "region", "departement"}

    @property
    def shows_department_table(self) -> bool:
        return not self.is_operator and self.perimeter.kind in {"tout", "region"}


def can_see_bilan(membership) -> bool:
    if membership is None:
        return False
    if can_view_register(membership):
        return True
    return membership.organisation.kind == OrganisationKind.STATE and membership.role in STATE_ROLES


def scope_for(request, wanted: str | None) -> BilanScope:
    membership = request.membership if request.membership else None
    if not can_see_bilan(membership):
        raise PermissionDenied("Le bilan est réservé aux structures et aux services de l'État.")
    organisation = membership.organisation
    if can_view_register(membership):
        return BilanScope(
            Perimeter("structure", str(organisation.pk)),
            organisation.name,
            True,
            False,
            organisation.head_office_department.region_id if organisation.head_office_department else None,
        )
    region = organisation.region
    default = Perimeter("region", region.code) if region else Perimeter()
    try:
        perimeter = Perimeter.parse(wanted) if wanted else default
    except ValueError as exc:
        raise Http404 from exc
    if region and perimeter.kind == "tout":
        perimeter = default
    # A coordinator stays within its region.
    operators = perimeter.organisations()
    if region and perimeter.kind in {"departement", "structure"}:
        operators = operators.filter(head_office_department__region=region)
        if not operators.exists():
            raise Http404
    if region and perimeter.kind == "region" and perimeter.code != region.code:
        raise Http404
    titles = {"tout": "Toutes les régions", "region": region.name if region else "Région"}
    if perimeter.kind == "departement":
        title = f"Département {perimeter.code}"
    elif perimeter.kind == "structure":
        title = operators.first().name if operators.exists() else "Structure"
    else:
        title = titles.get(perimeter.kind, "")
    return BilanScope(perimeter, title, False, True, region.code if region else None)


def operators_in(scope: BilanScope):
    queryset = Organisation.objects.operators().select_related("head_office_department")
    if scope.region_code:
        queryset = queryset.filter(head_office_department__region_id=scope.region_code)
    return queryset.order_by("name")
