"""Re-orientation (« dialogue renforcé » with the SIAO): the operator asks the SIAO to re-orient a present
household, the SIAO answers, the operator closes the request. Each write journaled; the request is shared
with the SIAO in the same transaction. Re-exported by `clef.orientation.services`."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.orientation import rules
from clef.orientation.enums import ReorientationStatus
from clef.orientation.models import ReorientationRequest
from clef.orientation.sharing import create_shared
from clef.stays.models import Stay
from clef.utils.writes import lock_and_check_version, register_write

Action = JournalEntry.Action


@register_write
def request_reorientation(
    *, stay: Stay, reason: str, proposed_solution: str, on: date, acting_user, reason_detail: str = ""
) -> ReorientationRequest:
    """The operator asks the SIAO of the dwelling's department to re-orient a present household; the
    request is shared with that SIAO."""
    rules.check_reorientation(stay_exit_date=stay.exit_date)
    siao = rules.require_siao_of(stay.dwelling.commune.department_id)
    request = ReorientationRequest(
        organisation_id=stay.organisation_id,
        household_id=stay.household_id,
        stay=stay,
        siao=siao,
        requested_on=on,
        requested_by=acting_user,
        reason=reason,
        reason_detail=reason_detail.strip(),
        proposed_solution=proposed_solution,
    )
    return create_shared(
        request,
        partner=siao,
        reason="Demande de réorientation au SIAO",
        on=on,
        acting_user=acting_user,
        household_id=stay.household_id,
    )


def _update_request(
    request: ReorientationRequest, expected_version, acting_user, **values
) -> ReorientationRequest:
    locked = lock_and_check_version(request, expected_version)
    if locked.status == ReorientationStatus.CLOSED:
        raise ValidationError("Cette demande de réorientation est close.", code="closed")
    before = journal.snapshot(locked)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.full_clean()
    locked.save()
    journal.record(
        acting_user=acting_user,
        instance=locked,
        action=Action.UPDATE,
        before=before,
        household_id=locked.household_id,
    )
    request.version = locked.version
    return locked


@register_write
def answer_reorientation(
    *, request: ReorientationRequest, answer: str, on: date, acting_user, expected_version: int | None = None
) -> ReorientationRequest:
    """The SIAO answers (its answer can be completed later while the request is not closed)."""
    if not answer.strip():
        raise ValidationError({"siao_answer": "Écrivez la réponse du SIAO."})
    return _update_request(
        request,
        expected_version,
        acting_user,
        status=ReorientationStatus.ANSWERED,
        siao_answer=answer.strip(),
        answered_on=on,
        answered_by=acting_user,
    )


@register_write
def close_reorientation(
    *, request: ReorientationRequest, acting_user, expected_version: int | None = None
) -> ReorientationRequest:
    """The operator closes its request (re-orientation done, or no longer needed)."""
    return _update_request(request, expected_version, acting_user, status=ReorientationStatus.CLOSED)
