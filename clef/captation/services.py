"""Captation workflows: every write to a landlord, an offered dwelling, a communication action or a lead goes
through here, in one transaction, journaled in it (clef.utils.writes: transaction, concurrency,
optimistic locking on landlords, leads, offered dwellings and communication actions). The do-not-contact rule (rules.may_contact) is checked by each
workflow that would reach the landlord. Lead workflows live in `clef.captation.pipeline`."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from clef.captation import rules
from clef.captation.models import Campaign, Landlord, LandlordContact, OfferedDwelling
from clef.captation.pipeline import (
    log_activity,
    mark_signed,
    move_lead,
    open_lead,
    open_recaptation,
    plan_next_action,
    set_lead_landlord,
    update_lead,
)
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.utils.writes import lock_and_check_version, register_constraint_errors, register_write

Action = JournalEntry.Action

__all__ = [
    "delete_contact",
    "log_activity",
    "mark_signed",
    "move_lead",
    "open_lead",
    "open_recaptation",
    "plan_next_action",
    "save_campaign",
    "save_contact",
    "save_landlord",
    "save_offered_dwelling",
    "set_do_not_contact",
    "set_lead_landlord",
    "update_lead",
]

register_constraint_errors(
    {
        "lead_one_open_recaptation_per_dwelling": {
            "source_dwelling": "Un dossier de re-captation est déjà ouvert pour ce logement."
        },
    }
)

# What only set_do_not_contact changes: a landlord's form never touches it.
DO_NOT_CONTACT_FIELDS = ("do_not_contact", "do_not_contact_since")


@register_write
def save_landlord(*, landlord: Landlord, acting_user, expected_version: int | None = None) -> Landlord:
    """Create or update a landlord (its do-not-contact status is changed by set_do_not_contact only)."""
    creating = landlord.pk is None
    stored = None
    if creating:
        landlord.created_by = acting_user
    else:
        stored = lock_and_check_version(landlord, expected_version)
        landlord.version = stored.version + 1
        for name in DO_NOT_CONTACT_FIELDS:
            setattr(landlord, name, getattr(stored, name))
    if landlord.consent_to_contact:
        rules.check_may_contact(landlord, "consent_to_contact")
    if not landlord.consent_to_contact:
        landlord.consent_on = None
    landlord.full_clean()
    landlord.save()
    journal.record(
        acting_user=acting_user,
        instance=landlord,
        action=Action.CREATE if creating else Action.UPDATE,
        before=journal.snapshot(stored) if stored else None,
    )
    return landlord


@register_write
def set_do_not_contact(
    *,
    landlord: Landlord,
    do_not_contact: bool,
    on: date | None,
    acting_user,
    expected_version: int | None = None,
) -> Landlord:
    """The landlord asked not to be contacted (from `on`), or lifted that request. Asking withdraws the
    consent to be contacted again and removes the next action of every open lead of the landlord."""
    stored = lock_and_check_version(landlord, expected_version)
    if do_not_contact and on is None:
        raise ValidationError({"on": "Indiquez depuis quand le propriétaire ne veut plus être contacté."})
    landlord.refresh_from_db()
    landlord.do_not_contact = do_not_contact
    landlord.do_not_contact_since = on if do_not_contact else None
    if do_not_contact:
        landlord.consent_to_contact, landlord.consent_on = False, None
    landlord.version = stored.version + 1
    landlord.full_clean()
    landlord.save()
    journal.record(
        acting_user=acting_user, instance=landlord, action=Action.UPDATE, before=journal.snapshot(stored)
    )
    if do_not_contact:
        _clear_next_actions(landlord, acting_user)
    return landlord


def _clear_next_actions(landlord: Landlord, acting_user) -> None:
    for lead in landlord.leads.open().exclude(next_action="").select_for_update():
        before = journal.snapshot(lead)
        lead.next_action, lead.next_action_on = "", None
        lead.version += 1
        lead.save(update_fields=["next_action", "next_action_on", "version"])
        journal.record(acting_user=acting_user, instance=lead, action=Action.UPDATE, before=before)


@register_write
def save_contact(*, contact: LandlordContact, acting_user) -> LandlordContact:
    """Add or change a contact person of a company, an SCI or a social landlord."""
    creating = contact.pk is None
    stored = None if creating else LandlordContact.objects.select_for_update().get(pk=contact.pk)
    contact.full_clean()
    contact.save()
    journal.record(
        acting_user=acting_user,
        instance=contact,
        action=Action.CREATE if creating else Action.UPDATE,
        before=journal.snapshot(stored) if stored else None,
        organisation_id=contact.landlord.organisation_id,
    )
    return contact


@register_write
def delete_contact(*, contact: LandlordContact, acting_user) -> None:
    journal.record(
        acting_user=acting_user,
        instance=contact,
        action=Action.DELETE,
        before=journal.snapshot(contact),
        organisation_id=contact.landlord.organisation_id,
    )
    contact.delete()


@register_write
def save_offered_dwelling(
    *, offered: OfferedDwelling, acting_user, expected_version: int | None = None
) -> OfferedDwelling:
    """Create or update a dwelling a landlord offers (the same organisation as its landlord); an update
    built from a stale version is refused (StaleEditError)."""
    creating = offered.pk is None
    stored = None
    if not creating:
        stored = lock_and_check_version(offered, expected_version)
        offered.version = stored.version + 1
    offered.organisation_id = offered.landlord.organisation_id
    offered.full_clean()
    offered.save()
    journal.record(
        acting_user=acting_user,
        instance=offered,
        action=Action.CREATE if creating else Action.UPDATE,
        before=journal.snapshot(stored) if stored else None,
    )
    return offered


@register_write
def save_campaign(*, campaign: Campaign, acting_user, expected_version: int | None = None) -> Campaign:
    """Create or update a communication action (an update from a stale version is refused). Its audience is
    the organisation's landlords who may be contacted (queries.campaign_audience): a landlord who asked not
    to be contacted is never targeted."""
    creating = campaign.pk is None
    stored = None
    if not creating:
        stored = lock_and_check_version(campaign, expected_version)
        campaign.version = stored.version + 1
    campaign.full_clean()  # the partner authority is a local authority (the field's limit_choices_to)
    campaign.save()
    journal.record(
        acting_user=acting_user,
        instance=campaign,
        action=Action.CREATE if creating else Action.UPDATE,
        before=journal.snapshot(stored) if stored else None,
    )
    return campaign
