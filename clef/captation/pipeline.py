"""Lead workflows (« dossiers de captation »): open, move, log an exchange, plan the next action, sign,
re-captation. Each is one transaction, journaled; leads are locked and their version checked (two officers
moving one lead at once cannot both win). Re-exported by `clef.captation.services`."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from clef.captation import rules
from clef.captation.enums import CLOSED_STAGES, Origin, Stage
from clef.captation.models import Activity, Campaign, Landlord, Lead, OfferedDwelling, StageChange
from clef.dwellings.models import Dwelling
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.organisations.models import Organisation, OrganisationKind
from clef.utils.bounds import MOVE_NOT_IN_FUTURE, NotInFuture
from clef.utils.writes import lock_and_check_version, register_write

Action = JournalEntry.Action
RECONTACT = "Recontacter le propriétaire"
ACTIVITY_NOT_IN_FUTURE = NotInFuture("la date de l'échange")
LEAD_FIELDS = ("origin", "campaign", "managing_operator", "preferred_mode")


def _check_lead_links(lead: Lead) -> None:
    """Its campaign belongs to the same organisation; the managing operator is an operator."""
    errors = {}
    if lead.campaign_id and lead.campaign.organisation_id != lead.organisation_id:
        errors["campaign"] = "Choisissez une action de communication de votre structure."
    if lead.origin == Origin.CAMPAGNE and not lead.campaign_id:
        errors["campaign"] = "Indiquez l'action de communication qui a amené ce propriétaire."
    if errors:
        raise ValidationError(errors)
    rules.check_managing_operator(lead.organisation, lead.managing_operator)


def _stage_change(lead: Lead, from_stage: str, on: date, acting_user) -> None:
    StageChange.objects.create(lead=lead, from_stage=from_stage, to_stage=lead.stage, on=on, by=acting_user)


@register_write
def open_lead(
    *,
    organisation: Organisation,
    origin: str,
    on: date,
    acting_user,
    landlord: Landlord | None = None,
    landlord_data: dict | None = None,
    offered: OfferedDwelling | None = None,
    dwelling_data: dict | None = None,
    campaign: Campaign | None = None,
    managing_operator: Organisation | None = None,
    preferred_mode: str = "",
    next_action: str = "",
    next_action_on: date | None = None,
) -> Lead:
    """Open a lead at « prospect » in `organisation`'s pipeline: for an existing `landlord`, or a new one
    built from `landlord_data` (Landlord field values); with an existing `offered` dwelling, a new one from
    `dwelling_data` (OfferedDwelling field values), or none. Used by the pages, the owners' desk (origin
    « guichet ») and the demo. Refused for a landlord who asked not to be contacted."""
    if origin == Origin.RECAPTATION:
        raise ValidationError({"origin": "Un dossier de re-captation s'ouvre depuis la sortie du logement."})
    if landlord is None:
        landlord = Landlord(organisation=organisation, created_by=acting_user, **(landlord_data or {}))
        landlord.full_clean()
        landlord.save()
        journal.record(acting_user=acting_user, instance=landlord, action=Action.CREATE)
    elif landlord.organisation_id != organisation.pk:
        raise ValidationError({"landlord": "Ce propriétaire n'est pas suivi par votre structure."})
    rules.check_may_contact(landlord, "landlord")
    if offered is None and dwelling_data:
        offered = OfferedDwelling(organisation=organisation, landlord=landlord, **dwelling_data)
        offered.full_clean()
        offered.save()
        journal.record(acting_user=acting_user, instance=offered, action=Action.CREATE)
    elif offered is not None and offered.landlord_id != landlord.pk:
        raise ValidationError({"offered_dwelling": "Ce logement est proposé par un autre propriétaire."})
    if managing_operator is None and organisation.kind == OrganisationKind.OPERATOR:
        managing_operator = organisation
    lead = Lead(
        organisation=organisation,
        landlord=landlord,
        offered_dwelling=offered,
        origin=origin,
        campaign=campaign,
        managing_operator=managing_operator,
        preferred_mode=preferred_mode,
        next_action=next_action,
        next_action_on=next_action_on,
        stage=Stage.PROSPECT,
        stage_since=on,
        created_by=acting_user,
    )
    lead.full_clean()
    _check_lead_links(lead)
    lead.save()
    _stage_change(lead, "", on, acting_user)
    journal.record(acting_user=acting_user, instance=lead, action=Action.CREATE)
    return lead


@register_write
def update_lead(*, lead: Lead, acting_user, expected_version: int | None = None) -> Lead:
    """Change how a lead came and who will manage it (origin, action, managing operator, mode)."""
    stored = lock_and_check_version(lead, expected_version)
    for name in {f.name for f in Lead._meta.concrete_fields} - {*LEAD_FIELDS, "id"}:
        setattr(lead, name, getattr(stored, name))
    lead.version = stored.version + 1
    lead.full_clean()
    _check_lead_links(lead)
    lead.save()
    journal.record(
        acting_user=acting_user, instance=lead, action=Action.UPDATE, before=journal.snapshot(stored)
    )
    return lead


@register_write
def move_lead(
    *,
    lead: Lead,
    to_stage: str,
    on: date,
    acting_user,
    reason: str = "",
    comment: str = "",
    expected_version: int | None = None,
) -> Lead:
    """Move a lead forward one or more stages, or close it (abandoned, refused) with its reason."""
    stored = lock_and_check_version(lead, expected_version)
    rules.check_transition(stored.stage, to_stage)
    rules.check_close(to_stage, reason)
    if to_stage not in CLOSED_STAGES:
        rules.check_may_contact(stored.landlord)
    MOVE_NOT_IN_FUTURE.check(on)
    if on < stored.stage_since:
        raise ValidationError(
            {
                "on": f"Le dossier est à son étape actuelle depuis le {stored.stage_since:%d/%m/%Y} : "
                "le changement ne peut pas être daté avant."
            }
        )
    from_stage = stored.stage
    lead.refresh_from_db()
    lead.stage, lead.stage_since = to_stage, on
    if to_stage in CLOSED_STAGES:
        lead.closed_reason, lead.closed_comment = reason, comment
        lead.next_action, lead.next_action_on = "", None
    lead.version = stored.version + 1
    lead.full_clean()
    lead.save()
    _stage_change(lead, from_stage, on, acting_user)
    journal.record(
        acting_user=acting_user, instance=lead, action=Action.UPDATE, before=journal.snapshot(stored)
    )
    return lead


@register_write
def log_activity(*, lead: Lead, kind: str, on: date, summary: str, acting_user, document=None) -> Activity:
    """Record an exchange with the landlord (a call, a visit…) or a note, with an optional document. A
    contact with a landlord who asked not to be contacted is refused."""
    rules.check_activity(lead.landlord, kind)
    ACTIVITY_NOT_IN_FUTURE.check(on)
    activity = Activity(lead=lead, kind=kind, on=on, summary=summary, document=document, by=acting_user)
    activity.full_clean()
    activity.save()
    journal.record(
        acting_user=acting_user, instance=activity, action=Action.CREATE, organisation_id=lead.organisation_id
    )
    return activity


@register_write
def plan_next_action(
    *,
    lead: Lead,
    next_action: str,
    next_action_on: date | None,
    acting_user,
    expected_version: int | None = None,
) -> Lead:
    """Plan (or clear, with an empty action) the next action of an open lead."""
    stored = lock_and_check_version(lead, expected_version)
    if next_action or next_action_on:
        if not stored.is_open:
            raise ValidationError("Ce dossier est clos : il n'a plus de prochaine action.")
        rules.check_may_contact(stored.landlord, "next_action")
        if not (next_action and next_action_on):
            raise ValidationError({"next_action_on": "Indiquez la prochaine action et sa date."})
    lead.refresh_from_db()
    lead.next_action, lead.next_action_on = next_action, next_action_on
    lead.version = stored.version + 1
    lead.full_clean()
    lead.save()
    journal.record(
        acting_user=acting_user, instance=lead, action=Action.UPDATE, before=journal.snapshot(stored)
    )
    return lead


@register_write
def set_lead_landlord(
    *, lead: Lead, landlord: Landlord, acting_user, expected_version: int | None = None
) -> Lead:
    """Fill in the landlord of a re-captation lead opened without one (a dwelling captured before Clef)."""
    stored = lock_and_check_version(lead, expected_version)
    if stored.landlord_id is not None:
        raise ValidationError("Le propriétaire de ce dossier est déjà renseigné.")
    if landlord.organisation_id != stored.organisation_id:
        raise ValidationError({"landlord": "Ce propriétaire n'est pas suivi par votre structure."})
    rules.check_may_contact(landlord, "landlord")
    lead.refresh_from_db()
    lead.landlord = landlord
    if lead.offered_dwelling_id is None and lead.source_dwelling_id:
        lead.offered_dwelling = _offer_from_park(lead.source_dwelling, landlord, acting_user)
    lead.version = stored.version + 1
    lead.save()
    journal.record(
        acting_user=acting_user, instance=lead, action=Action.UPDATE, before=journal.snapshot(stored)
    )
    return lead


def _offer_from_park(dwelling: Dwelling, landlord: Landlord, acting_user) -> OfferedDwelling:
    offered = OfferedDwelling.objects.create(
        organisation_id=landlord.organisation_id,
        landlord=landlord,
        commune_id=dwelling.commune_id,
        address=dwelling.address,
        typology=dwelling.typology,
        surface_m2=dwelling.surface_m2,
        rent_asked=dwelling.rent_hc,
        charges_asked=dwelling.charges,
    )
    journal.record(acting_user=acting_user, instance=offered, action=Action.CREATE)
    return offered


@register_write
def mark_signed(*, lead: Lead, on: date, dwelling: Dwelling, acting_user) -> Lead:
    """The engagement is signed (called by the contracts' signing only, in its transaction): the lead
    reaches « engagement signé » and its offered dwelling is linked to the dwelling now in the park."""
    stored = lock_and_check_version(lead, None)
    rules.check_signable(stored)
    lead.refresh_from_db()
    from_stage = lead.stage
    offered = lead.offered_dwelling or _offer_from_park(dwelling, lead.landlord, acting_user)
    if offered.dwelling_id != dwelling.pk:
        before = journal.snapshot(offered)
        offered.dwelling = dwelling
        offered.save(update_fields=["dwelling"])
        journal.record(acting_user=acting_user, instance=offered, action=Action.UPDATE, before=before)
    lead.offered_dwelling = offered
    lead.stage, lead.stage_since, lead.signed_on = Stage.ENGAGEMENT_SIGNE, on, on
    lead.next_action, lead.next_action_on = "", None
    lead.version = stored.version + 1
    lead.full_clean()
    lead.save()
    _stage_change(lead, from_stage, on, acting_user)
    journal.record(
        acting_user=acting_user, instance=lead, action=Action.UPDATE, before=journal.snapshot(stored)
    )
    return lead


@register_write
def open_recaptation(
    *, dwelling: Dwelling, landlord: Landlord | None, reason: str, on: date, acting_user=None
) -> Lead | None:
    """A dwelling left the park (lease slid, owner took it back, convention or mandate ended): open ONE
    re-captation lead for its managing operator, at « prospect », with the next action « Recontacter le
    propriétaire » on `on`. Idempotent: the open re-captation lead of the dwelling is returned if there is
    one. `landlord` may be None (a dwelling captured before Clef): the officer fills it in later. Nothing is
    opened (None) for a landlord who asked not to be contacted."""
    existing = Lead.objects.open().filter(origin=Origin.RECAPTATION, source_dwelling=dwelling).first()
    if existing is not None:
        return existing
    if not rules.may_contact(landlord):
        return None
    lead = Lead(
        organisation_id=dwelling.organisation_id,
        managing_operator_id=dwelling.organisation_id,
        landlord=landlord,
        origin=Origin.RECAPTATION,
        source_dwelling=dwelling,
        source_reason=reason,
        stage=Stage.PROSPECT,
        stage_since=on,
        next_action=RECONTACT,
        next_action_on=on,
        created_by=acting_user,
    )
    try:
        with transaction.atomic():
            if landlord is not None:
                lead.offered_dwelling = _offer_from_park(dwelling, landlord, acting_user)
            lead.full_clean()
            lead.save()
    except IntegrityError:  # another writer opened it meanwhile (PostgreSQL: the unique constraint)
        return Lead.objects.open().get(origin=Origin.RECAPTATION, source_dwelling=dwelling)
    _stage_change(lead, "", on, acting_user)
    journal.record(acting_user=acting_user, instance=lead, action=Action.CREATE)
    return lead
