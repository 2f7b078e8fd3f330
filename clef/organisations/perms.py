"""Who may do what, and over which territory. Small documented rules; views, services and the importer
call them (never a copy of them).

Household-level data (households, persons, stays) is visible only to members of the operator that
owns it. State coordinators, SIAO agents and platform administrators never see it through Clef's
pages: they get aggregates (the bilan).

What a member oversees (`oversight`) is one rule for every place that needs it (bilan, campaigns,
declarations, imports, reminders): a member of an operator oversees its own structure; a regional State
service (DREETS) its region; a departmental one (DDETS) the operators whose head office is in its
department; a platform administrator of a State service with no region, every operator.
"""

from __future__ import annotations

from dataclasses import dataclass

from clef.organisations.models import (
    OPERATOR_ROLES,
    Competence,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
)

HOUSEHOLD_EDITORS = {Role.DIRECTOR, Role.SOCIAL_WORKER}
DWELLING_EDITORS = {Role.DIRECTOR, Role.RENTAL_MANAGER, Role.CAPTATION_OFFICER}
STAY_EDITORS = {Role.DIRECTOR, Role.SOCIAL_WORKER, Role.RENTAL_MANAGER}
STATE_VIEWERS = {Role.STATE_COORDINATOR, Role.PLATFORM_ADMIN, Role.READ_ONLY}
STATE_ACTORS = {Role.STATE_COORDINATOR, Role.PLATFORM_ADMIN}  # campaigns, reminders, imports
OPERATOR_IMPORTERS = {Role.DIRECTOR}


def can_view_register(membership: Membership | None) -> bool:
    """Members of an operator (any operator role, read-only included) see its register."""
    return bool(membership and membership.organisation.is_operator and membership.role in OPERATOR_ROLES)


def can_edit_households(membership: Membership | None) -> bool:
    return can_view_register(membership) and membership.role in HOUSEHOLD_EDITORS


def can_edit_dwellings(membership: Membership | None) -> bool:
    return can_view_register(membership) and membership.role in DWELLING_EDITORS


def can_edit_stays(membership: Membership | None) -> bool:
    return can_view_register(membership) and membership.role in STAY_EDITORS


def is_state_member(membership: Membership | None) -> bool:
    return bool(
        membership
        and membership.organisation.kind == OrganisationKind.STATE
        and membership.role in STATE_VIEWERS
    )


def is_state_actor(membership: Membership | None) -> bool:
    """State coordinators and platform administrators act (campaigns, reminders, imports); read-only
    State members only look."""
    return is_state_member(membership) and membership.role in STATE_ACTORS


def can_import(membership: Membership | None) -> bool:
    if membership is None:
        return False
    if membership.organisation.is_operator:
        return membership.role in OPERATOR_IMPORTERS
    return is_state_actor(membership) and oversight(membership) is not None


def can_manage_exit_schemes(membership: Membership | None) -> bool:
    """Exit categorisation schemes show in every bilan: regional coordinators (DREETS) and the platform
    administrator only."""
    if not is_state_actor(membership):
        return False
    if membership.role == Role.PLATFORM_ADMIN:
        return True
    return membership.organisation.competence == Competence.REGIONAL


@dataclass(frozen=True)
class Oversight:
    """A territory of operators: "structure" (pk), "departement" (code), "region" (code) or "tout"."""

    kind: str
    code: str = ""

    @property
    def is_department(self) -> bool:
        return self.kind == "departement"

    def operators(self):
        queryset = Organisation.objects.operators()
        if self.kind == "structure":
            return queryset.filter(pk=int(self.code))
        if self.kind == "departement":
            return queryset.filter(head_office_department_id=self.code)
        if self.kind == "region":
            return queryset.filter(head_office_department__region_id=self.code)
        return queryset

    def covers_department(self, department_code: str | None, region_code: str | None = None) -> bool:
        """Whether a head office in this department is inside (the region code avoids a query)."""
        if self.kind == "tout":
            return True
        if department_code is None or self.kind == "structure":
            return False
        if self.kind == "departement":
            return department_code == self.code
        if region_code is None:
            from clef.territories.models import Department

            region_code = (
                Department.objects.filter(code=department_code).values_list("region_id", flat=True).first()
            )
        return region_code == self.code

    def covers(self, organisation: Organisation) -> bool:
        """Whether this operator is inside (non-operators never are)."""
        if organisation.kind != OrganisationKind.OPERATOR:
            return False
        if self.kind == "structure":
            return str(organisation.pk) == self.code
        department = organisation.head_office_department_id
        if self.kind == "region" and department:
            return self.covers_department(department, organisation.head_office_department.region_id)
        return self.covers_department(department)


def oversight(membership: Membership | None) -> Oversight | None:
    """What the member oversees, or None when it oversees nothing (then: 403 or 404)."""
    if membership is None:
        return None
    organisation = membership.organisation
    if can_view_register(membership):
        return Oversight("structure", str(organisation.pk))
    if not is_state_member(membership):
        return None
    if organisation.competence == Competence.DEPARTMENTAL:
        department = organisation.head_office_department_id
        return Oversight("departement", department) if department else None
    if organisation.competence == Competence.REGIONAL and organisation.region_id:
        return Oversight("region", organisation.region_id)
    if membership.role == Role.PLATFORM_ADMIN and not organisation.region_id:
        return Oversight("tout")
    return None  # a State service whose competence is not set oversees nothing (fails closed)
