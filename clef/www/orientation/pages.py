"""What the « Orientations » pages show, each in a constant number of queries. Lists never show a candidate's
or a household's name (only its number, composition and urgency): the name is read on the record's own
page, where the read is written to the access log."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from clef.bilan.conventions import days
from clef.dwellings.models import Dwelling
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.organisations.models import Membership, Organisation
from clef.organisations.perms import shares_in_force
from clef.orientation import delays, perms
from clef.orientation.enums import AvailabilityStatus, Decision, ReorientationStatus
from clef.orientation.models import Availability, Proposal, ReorientationRequest
from clef.territories.models import Department

LIST_LIMIT = 200


def log_read(request, record, household_id: int | None) -> None:
    """The page shows a candidate's or a household's identity: one access-log row naming the record."""
    log_access(
        user=request.user,
        organisation_id=request.membership.organisation_id,
        context=AccessLogEntry.Context.PROPOSITION,
        household_ids=[household_id] if household_id else [],
        subject=record,
    )


def log_household(request, household) -> None:
    """A form of the household (its wishes, a re-orientation request) shows its name."""
    log_access(
        user=request.user,
        organisation_id=household.organisation_id,
        context=AccessLogEntry.Context.MODIFICATION,
        household_ids=[household.pk],
    )


def vacancy_days(availability: Availability, today: date) -> int:
    """Days the dwelling has been vacant since it was made available (to its entry, withdrawal, or today)."""
    end = getattr(availability, "vacancy_end", None) or availability.closed_on or today
    return max((end - availability.available_from).days, 0)


def _shared_with(membership: Membership, model, today: date):
    """The pks of the `model` records shared with the member's organisation (shares in force)."""
    return shares_in_force(membership, model, on=today).values("object_id")


def availability_scope(membership: Membership, today: date):
    """An operator's own availabilities, or those shared with the member's SIAO."""
    if perms.is_siao_agent(membership):
        return Availability.objects.filter(pk__in=_shared_with(membership, Availability, today))
    return Availability.objects.filter(organisation_id=membership.organisation_id)


def availabilities_of(membership: Membership, today: date):
    """The availabilities the member sees, open first, the longest vacant first."""
    rows = delays.with_milestones(availability_scope(membership, today), today)
    rows = rows.select_related("dwelling__commune", "organisation").order_by("-available_from", "-pk")
    rows = sorted(
        rows[:LIST_LIMIT], key=lambda a: (a.status != AvailabilityStatus.OPEN, a.available_from, a.pk)
    )
    for availability in rows:
        availability.vacancy_days = vacancy_days(availability, today)
    return rows


def proposals_of(membership: Membership, today: date):
    """The SIAO's own proposals, or those shared with an operator: pending and accepted first."""
    if perms.is_siao_agent(membership):
        scope = Proposal.objects.filter(organisation_id=membership.organisation_id)
    else:
        scope = Proposal.objects.filter(pk__in=_shared_with(membership, Proposal, today))
    rows = scope.select_related("availability__dwelling__commune", "operator", "stay").order_by(
        "-proposed_on", "-pk"
    )[:LIST_LIMIT]
    waiting = (Decision.PENDING, Decision.ACCEPTED)
    return sorted(rows, key=lambda p: (p.decision not in waiting or p.stay_id is not None, -p.pk))


def reorientations_of(membership: Membership, today: date):
    """An operator's own requests, or those shared with the member's SIAO; closed ones left out."""
    if perms.is_siao_agent(membership):
        scope = ReorientationRequest.objects.filter(
            pk__in=_shared_with(membership, ReorientationRequest, today)
        )
    else:
        scope = ReorientationRequest.objects.filter(organisation_id=membership.organisation_id)
    return list(
        scope.filter(~Q(status=ReorientationStatus.CLOSED))
        .select_related("stay__dwelling__commune", "organisation")
        .order_by("requested_on", "pk")[:LIST_LIMIT]
    )


def _rounded(row: dict) -> dict:
    """The means of a row of `delays.delays` rounded as the bilan rounds them (half-up, one decimal)."""
    return {key: days(value) if key in delays.SPANS else value for key, value in row.items()}


def delay_tables(membership: Membership, today: date) -> dict:
    """The delays of the availabilities the member sees: overall, per department, operator and dwelling,
    with the names of each group (one query per table and one per set of names)."""
    scope = availability_scope(membership, today)
    by_dwelling = [_rounded(r) for r in delays.delays(scope, today=today, by="dwelling")]
    by_operator = [_rounded(r) for r in delays.delays(scope, today=today, by="operator")]
    by_department = [_rounded(r) for r in delays.delays(scope, today=today, by="department")]
    dwellings = Dwelling.objects.select_related("commune").in_bulk([r["dwelling_id"] for r in by_dwelling])
    operators = Organisation.objects.in_bulk([r["organisation_id"] for r in by_operator])
    departments = Department.objects.in_bulk([r["dwelling__commune__department_id"] for r in by_department])
    for row in by_dwelling:
        row["label"] = str(dwellings[row["dwelling_id"]])
    for row in by_operator:
        row["label"] = operators[row["organisation_id"]].name
    for row in by_department:
        code = row["dwelling__commune__department_id"]
        row["label"] = f"{departments[code].name} ({code})"
    return {
        "overall": _rounded(delays.delays(scope, today=today)),
        "by_department": by_department,
        "by_operator": by_operator,
        "by_dwelling": by_dwelling,
    }
