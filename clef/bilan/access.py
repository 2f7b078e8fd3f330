"""Who sees which bilan. Operators: their own structure, unmasked. State services: what they oversee
(`clef.organisations.perms.oversight`: a DREETS its region, a DDETS its department), or any department or
structure inside it, with statistical secrecy on per-operator figures (decided by
`clef.bilan.secrecy.applies`). Nobody sees a household through the bilan: it only ever shows aggregates."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clef.bilan.perimeter import Perimeter
from clef.organisations.models import Organisation
from clef.organisations.perms import Oversight, oversight
from clef.territories.models import Department


@dataclass
class BilanScope:
    perimeter: Perimeter
    title: str
    is_operator: bool
    region_code: str | None = None
    oversight: Oversight | None = None

    @property
    def shows_operator_table(self) -> bool:
        return not self.is_operator and self.perimeter.kind in {"tout", "region", "departement"}

    @property
    def shows_department_table(self) -> bool:
        return not self.is_operator and self.perimeter.kind in {"tout", "region"}

    def departments(self):
        """The departments a coordinator may choose (its own only for a DDETS)."""
        if self.is_operator or self.oversight is None:
            return Department.objects.none()
        if self.oversight.kind == "departement":
            return Department.objects.filter(code=self.oversight.code)
        if self.oversight.kind == "region":
            return Department.objects.filter(region_id=self.oversight.code)
        return Department.objects.all()


def can_see_bilan(membership) -> bool:
    return oversight(membership) is not None


def _default(over: Oversight) -> Perimeter:
    return Perimeter() if over.kind == "tout" else Perimeter(over.kind, over.code)


def scope_for(request, wanted: str | None) -> BilanScope:
    membership = request.membership
    over = oversight(membership)
    if over is None:
        raise PermissionDenied("Le bilan est réservé aux structures et aux services de l'État.")
    organisation = membership.organisation
    if over.kind == "structure":
        return BilanScope(
            Perimeter("structure", str(organisation.pk)),
            organisation.name,
            True,
            organisation.head_office_department.region_id if organisation.head_office_department else None,
            over,
        )
    try:
        perimeter = Perimeter.parse(wanted) if wanted else _default(over)
    except ValueError as exc:
        raise Http404 from exc
    if perimeter.kind == "tout" and over.kind != "tout":
        perimeter = _default(over)
    # A coordinator stays within what it oversees: anything else answers 404, as if it did not exist.
    if perimeter.kind == "region" and not (
        over.kind == "tout" or over == Oversight("region", perimeter.code)
    ):
        raise Http404
    if perimeter.kind == "departement" and not over.covers_department(perimeter.code):
        raise Http404
    operator = None
    if perimeter.kind == "structure":
        operator = perimeter.organisations().select_related("head_office_department").first()
        if operator is None or not over.covers(operator):
            raise Http404
    region_code = over.code if over.kind == "region" else None
    if over.kind == "departement":
        region_code = Department.objects.filter(code=over.code).values_list("region_id", flat=True).first()
    if perimeter.kind == "departement":
        title = f"Département {perimeter.code}"
    elif perimeter.kind == "structure":
        title = operator.name
    elif perimeter.kind == "region":
        title = organisation.region.name if organisation.region_id else f"Région {perimeter.code}"
    else:
        title = "Toutes les régions"
    return BilanScope(perimeter, title, False, region_code, over)


def operators_in(scope: BilanScope):
    """The operators a coordinator may pick (those it oversees)."""
    if scope.oversight is None or scope.is_operator:
        return Organisation.objects.none()
    return scope.oversight.operators().select_related("head_office_department").order_by("name")
