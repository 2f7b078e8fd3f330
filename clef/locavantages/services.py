"""Writes of Loc'Avantages: local bonus schemes and the bonuses granted (one transaction each, journaled,
optimistic locking: the platform administrator and the local authority may edit the same scheme)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.locavantages import rules
from clef.locavantages.models import BonusGrant, LocalBonusScheme
from clef.utils.writes import lock_and_check_version, register_constraint_errors, register_write

Action = JournalEntry.Action

register_constraint_errors(
    {
        "bonusgrant_once_per_dwelling": {"dwelling": "Cette prime est déjà accordée pour ce logement."},
        "bonusscheme_one_territory": {"commune": "Choisissez une commune ou un EPCI (l'un des deux)."},
    }
)


@register_write
def save_scheme(
    *, scheme: LocalBonusScheme, acting_user, organisation_id: int, expected_version: int | None = None
) -> LocalBonusScheme:
    """Create or update a local bonus scheme. Journaled under the authority that funds it, else under
    `organisation_id` (the acting member's organisation: the platform administrator's)."""
    creating = scheme.pk is None
    before = None
    if creating:
        scheme.created_by = acting_user
    else:
        stored = lock_and_check_version(scheme, expected_version)
        before = journal.snapshot(stored)
        scheme.version = stored.version + 1
    scheme.full_clean()
    rules.check_scheme_territory(scheme)
    scheme.save()
    journal.record(
        acting_user=acting_user,
        instance=scheme,
        action=Action.CREATE if creating else Action.UPDATE,
        before=before,
        organisation_id=scheme.authority_id or organisation_id,
    )
    return scheme


@register_write
def grant_bonus(
    *, scheme: LocalBonusScheme, dwelling, granted_on: date, acting_user, amount: Decimal | None = None
) -> BonusGrant:
    """Grant a local bonus for a dwelling of the park (amount: the scheme's by default). Journaled in the
    dwelling's history, under its managing operator."""
    grant = BonusGrant(
        scheme=scheme,
        dwelling=dwelling,
        organisation_id=dwelling.organisation_id,
        amount=scheme.amount if amount is None else amount,
        granted_on=granted_on,
    )
    return _save_grant(grant, acting_user=acting_user, before=None)


@register_write
def save_grant(*, grant: BonusGrant, acting_user, expected_version: int | None = None) -> BonusGrant:
    """Create or update a granted bonus (the administration: amount, payment date)."""
    before = None
    if grant.pk is not None:
        stored = lock_and_check_version(grant, expected_version)
        before = journal.snapshot(stored)
        grant.version = stored.version + 1
    return _save_grant(grant, acting_user=acting_user, before=before)


def _save_grant(grant: BonusGrant, *, acting_user, before) -> BonusGrant:
    grant.full_clean()
    rules.check_grant(grant)
    grant.save()
    journal.record(
        acting_user=acting_user,
        instance=grant,
        action=Action.CREATE if before is None else Action.UPDATE,
        before=before,
        dwelling_id=grant.dwelling_id,
    )
    return grant
