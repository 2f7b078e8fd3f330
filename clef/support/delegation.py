"""Delegation of a household's support to a partner organisation (issue 8, section 5): a dated SUPPORT
share of the household (`clef.organisations.services.share_record`) and the agreement whose support
organisation is the partner, written together; « Mettre fin » revokes the share and ends the agreement.
Journaled in the same transaction (the share by `clef.organisations.services`, the agreement here)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.organisations import services as sharing
from clef.organisations.models import Organisation, OrganisationKind, Share
from clef.support import rules
from clef.support.enums import Intensity
from clef.support.models import SupportAgreement
from clef.support.services import save_agreement
from clef.utils.writes import lock_and_check_version, register_write

Action = JournalEntry.Action


def _close_open_agreement(household, starts_on: date, acting_user) -> None:
    """The agreement in force without an end date ends the day before the delegation starts."""
    current = (
        SupportAgreement.objects.select_for_update().filter(household=household, ends_on__isnull=True).first()
    )
    if current is None:
        return
    if current.signed_on >= starts_on:
        raise ValidationError(
            {
                "starts_on": "Le contrat en cours a été signé ce jour-là ou après : corrigez sa date de "
                "signature, ou choisissez une date postérieure."
            }
        )
    before = journal.snapshot(current)
    current.ends_on = starts_on - timedelta(days=1)
    current.version += 1
    current.save(update_fields=["ends_on", "version"])
    journal.record(
        acting_user=acting_user,
        instance=current,
        action=Action.UPDATE,
        before=before,
        household_id=household.pk,
    )


@register_write
def delegate_support(
    *,
    household,
    partner: Organisation,
    starts_on: date,
    ends_on: date | None,
    reason: str,
    intensity: str = Intensity.MODEREE,
    acting_user,
) -> SupportAgreement:
    """Entrust the household's support to a partner operator: a SUPPORT share of the household and the
    agreement whose support organisation is the partner, in one transaction."""
    if (
        partner.kind != OrganisationKind.OPERATOR
        or not partner.is_active
        or partner.pk == household.organisation_id
    ):
        raise ValidationError({"partner": "Choisissez une autre structure agréée, active."})
    if starts_on is not None and starts_on > timezone.localdate():
        raise ValidationError({"starts_on": "La délégation commence au plus tard aujourd'hui."})
    rules.check_agreement_dates(starts_on, ends_on)
    shares = Share.objects.of_model(type(household)).filter(
        object_id=household.pk, access=Share.Access.SUPPORT
    )
    if shares.filter(revoked_at__isnull=True).filter(rules.overlapping_q(starts_on, ends_on)).exists():
        raise ValidationError(
            {"partner": "L'accompagnement de ce ménage est déjà confié à une structure partenaire."}
        )
    _close_open_agreement(household, starts_on, acting_user)
    share = sharing.share_record(
        record=household,
        partner=partner,
        access=Share.Access.SUPPORT,
        reason=reason,
        starts_on=starts_on,
        ends_on=ends_on,
        acting_user=acting_user,
    )
    agreement = SupportAgreement(
        organisation_id=household.organisation_id,
        household=household,
        support_organisation=partner,
        share=share,
        signed_on=starts_on,
        ends_on=ends_on,
        intensity=intensity,
    )
    return save_agreement(agreement=agreement, objectives=[], acting_user=acting_user)


@register_write
def end_delegation(*, agreement: SupportAgreement, acting_user, on: date | None = None) -> SupportAgreement:
    """« Mettre fin »: the share is revoked now and the partner's agreement ends the day before (or on its
    signing day, if later): from today the owner does the support again and may sign a new agreement."""
    on = on or timezone.localdate()
    if agreement.share_id is None or agreement.share.revoked_at is not None:
        raise ValidationError("Cet accompagnement n'est pas (ou plus) confié à une structure partenaire.")
    sharing.revoke_share(share=agreement.share, acting_user=acting_user)
    stored = lock_and_check_version(agreement, None)
    end = max(stored.signed_on, on - timedelta(days=1))
    if stored.ends_on is None or stored.ends_on > end:
        before = journal.snapshot(stored)
        stored.ends_on, stored.version = end, stored.version + 1
        stored.save(update_fields=["ends_on", "version"])
        journal.record(
            acting_user=acting_user,
            instance=stored,
            action=Action.UPDATE,
            before=before,
            household_id=stored.household_id,
        )
    return stored
