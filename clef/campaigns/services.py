"""Campaign workflows: open, validate (freeze a version), accept a file, reopen, remind, aggregate.

Every write is one audited function taking `acting_user`: it writes its journal entry (clef.journal) in
the same transaction — one entry per action, with the acting user, the organisation it belongs to and
readable labels."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone

from clef.bilan.indicators import Perimeter, combine, compute_parts
from clef.campaigns import perms
from clef.campaigns.models import Campaign, Declaration, Submission
from clef.exchange.exporter import collect
from clef.journal import services as journal
from clef.journal.models import JournalEntry

logger = logging.getLogger(__name__)


def overlapping_campaign(*, year: int, region=None, department=None) -> Campaign | None:
    """A collection of the same year that already covers some of these operators: the whole region, the
    department, or (for a regional one) any of its departments."""
    same_year = Campaign.objects.filter(year=year).select_related("region", "department")
    if department is not None:
        region_id = department.region_id
        return same_year.filter(
            Q(department=department) | Q(department__isnull=True, region_id=region_id)
        ).first()
    return same_year.filter(Q(region=region) | Q(department__region=region)).first()


@transaction.atomic
def open_campaign(
    *, year: int, deadline: date, acting_user, organisation, region=None, department=None
) -> Campaign:
    existing = overlapping_campaign(year=year, region=region, department=department)
    if existing is not None:
        raise ValidationError(
            f"Une collecte {year} couvre déjà ces structures ({existing.perimeter_label}) : "
            "rouvrez ses déclarations plutôt que d'en ouvrir une seconde.",
            code="duplicate_campaign",
        )
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin is refused by the database
            campaign = Campaign.objects.create(
                year=year,
                deadline=deadline,
                region=region,
                department=department,
                opened_by=acting_user,
                opened_from=organisation,
            )
    except IntegrityError as exc:
        raise ValidationError(
            f"Une collecte {year} vient d'être ouverte pour ce périmètre.", code="duplicate_campaign"
        ) from exc
    declarations = Declaration.objects.bulk_create(
        [Declaration(campaign=campaign, organisation=operator) for operator in campaign.operators()]
    )
    journal.record_action(
        acting_user=acting_user,
        organisation_id=organisation.pk,
        subject=campaign,
        action=JournalEntry.Action.OPEN,
        label=str(campaign),
        changes={
            **journal.diff(
                None, journal.snapshot(campaign, fields=["year", "region", "department", "deadline"])
            ),
            "declarations": journal.change("déclarations attendues", new=len(declarations)),
        },
    )
    return campaign


@transaction.atomic
def freeze(*, declaration: Declaration, acting_user, kind: str = Submission.Kind.VALIDATION) -> Submission:
    """Validate: a new version with the figures, their parts and the exchange-format data behind them."""
    declaration = (
        Declaration.objects.select_for_update()
        .select_related("campaign", "organisation")
        .get(pk=declaration.pk)
    )
    year, organisation = declaration.campaign.year, declaration.organisation
    parts = compute_parts(year, Perimeter("structure", str(organisation.pk)))
    version = (declaration.submissions.aggregate(v=Max("version"))["v"] or 0) + 1
    submission = Submission.objects.create(
        declaration=declaration,
        version=version,
        kind=kind,
        figures=parts["values"],
        parts={"parts": parts["parts"], "wholes": parts["wholes"]},
        data=collect([organisation]),
        submitted_by=acting_user,
    )
    before = journal.snapshot(declaration, fields=["status"])
    declaration.status = Declaration.Status.VALIDATED
    declaration.save(update_fields=["status"])
    journal.record_action(
        acting_user=acting_user,
        organisation_id=organisation.pk,
        subject=declaration,
        action=JournalEntry.Action.VALIDATE,
        label=f"déclaration {year}",
        changes={
            **journal.diff(before, journal.snapshot(declaration, fields=["status"])),
            "version": journal.change("version", new=version),
            "kind": journal.change("origine", new=submission.get_kind_display()),
        },
    )
    return submission


def file_processed(*, job) -> None:
    """An exchange-format file uploaded for a declaration: accepted → frozen version; refused → errors."""
    from clef.exchange.models import ImportJob

    declaration = job.declaration
    if job.status == ImportJob.Status.DONE:
        freeze(declaration=declaration, acting_user=job.uploaded_by, kind=Submission.Kind.FILE)
    elif job.status in {ImportJob.Status.INVALID, ImportJob.Status.FAILED}:
        file_refused(declaration=declaration, acting_user=job.uploaded_by)


@transaction.atomic
def file_refused(*, declaration: Declaration, acting_user) -> bool:
    """The file of a declaration not yet validated was refused: the declaration shows its errors (a
    validated one stays validated). Returns whether the declaration changed."""
    changed = (
        Declaration.objects.filter(pk=declaration.pk)
        .exclude(status__in=[Declaration.Status.VALIDATED, Declaration.Status.ERRORS])
        .update(status=Declaration.Status.ERRORS)
    )
    if changed:
        _journal_status(declaration, acting_user, JournalEntry.Action.UPDATE, Declaration.Status.ERRORS)
    return bool(changed)


@transaction.atomic
def reopen(*, declaration: Declaration, acting_user) -> None:
    """Back to "à faire"; every frozen version is kept."""
    declaration = Declaration.objects.select_for_update().select_related("campaign").get(pk=declaration.pk)
    if declaration.status == Declaration.Status.TO_DO:
        return
    _journal_status(declaration, acting_user, JournalEntry.Action.REOPEN, Declaration.Status.TO_DO)
    declaration.status = Declaration.Status.TO_DO
    declaration.save(update_fields=["status"])


def _journal_status(declaration: Declaration, acting_user, action: str, new_status: str) -> None:
    """One entry for a change of a declaration's status (`declaration` still holds the old one)."""
    labels = dict(Declaration.Status.choices)
    journal.record_action(
        acting_user=acting_user,
        organisation_id=declaration.organisation_id,
        subject=declaration,
        action=action,
        label=f"déclaration {declaration.campaign.year}",
        changes={"status": journal.change("état", labels[declaration.status], labels[new_status])},
    )


class MailUnavailable(Exception):
    """The e-mail server could not be reached: nothing was sent, nothing was counted."""


@dataclass
class Reminders:
    sent: int  # e-mails sent (one per structure with a director in Clef)
    without_director: list[str]  # structures still expected but with no director account to write to


def send_reminders(*, campaign: Campaign, acting_user, organisation, organisations=None) -> Reminders:
    """E-mail the directors of every operator whose declaration is not validated (among `organisations`,
    what the coordinator oversees, when given). One journal entry for the campaign, in `organisation`
    (the coordinator's), naming the structures reminded and those nobody could be written to."""
    declarations = campaign.declarations.exclude(status=Declaration.Status.VALIDATED)
    if organisations is not None:
        declarations = declarations.filter(organisation__in=organisations)
    pending = list(declarations.select_related("organisation"))
    directors = perms.reminder_recipients([d.organisation_id for d in pending]).values_list(
        "organisation_id", "user__email"
    )
    emails: dict[int, list[str]] = {}
    for organisation_id, email in directors:
        emails.setdefault(organisation_id, []).append(email)
    messages = [
        _reminder(campaign, declaration, emails[declaration.organisation_id])
        for declaration in pending
        if emails.get(declaration.organisation_id)
    ]
    try:
        sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    except (OSError, smtplib.SMTPException) as exc:  # server down, refused, timed out…
        logger.error(
            "Relances de la collecte %s : envoi impossible (%s).", campaign.pk, exc.__class__.__name__
        )
        raise MailUnavailable from exc
    reminded = [d for d in pending if emails.get(d.organisation_id)]
    without = sorted(d.organisation.name for d in pending if not emails.get(d.organisation_id))
    with transaction.atomic():
        # One statement for every declaration reminded (was one per declaration).
        Declaration.objects.filter(pk__in=[d.pk for d in reminded]).update(
            last_reminded_at=timezone.now(), reminders=F("reminders") + 1
        )
        journal.record_action(
            acting_user=acting_user,
            organisation_id=organisation.pk,
            subject=campaign,
            action=JournalEntry.Action.REMIND,
            label=str(campaign),
            changes={
                "reminded": journal.change(
                    "structures relancées",
                    new=", ".join(sorted(d.organisation.name for d in reminded)) or None,
                ),
                "without_director": journal.change(
                    "structures sans direction à qui écrire", new=", ".join(without) or None
                ),
            },
        )
    return Reminders(sent=sent, without_director=without)


def _reminder(campaign: Campaign, declaration: Declaration, recipients: list[str]) -> tuple:
    """The e-mail reminding one structure (subject, body, sender, recipients)."""
    url = settings.SITE_URL + reverse("www:declaration_detail", args=[declaration.pk])
    body = (
        f"Bonjour,\n\nLa collecte des données IML {campaign.year} ({campaign.perimeter_label}) se termine le "
        f"{campaign.deadline:%d/%m/%Y}. La déclaration de {declaration.organisation.name} n'est pas encore "
        f"validée.\n\nPour la compléter : {url}\n\nMerci,\nLa coordination régionale IML\n"
    )
    subject = f"Clef — collecte IML {campaign.year} : votre déclaration est attendue"
    return (subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def frozen_figures(campaign: Campaign, organisations=None) -> dict:
    """The campaign's bilan from the latest frozen version of every validated declaration (one query),
    restricted to `organisations` when given (a DDETS looking at a regional campaign)."""
    submissions = Submission.objects.filter(
        declaration__campaign=campaign, declaration__status=Declaration.Status.VALIDATED
    )
    if organisations is not None:
        submissions = submissions.filter(declaration__organisation__in=organisations)
    versions = submissions.order_by("declaration_id", "-version").only("declaration_id", "figures", "parts")
    latest, seen = [], set()
    for submission in versions:
        if submission.declaration_id in seen:
            continue
        seen.add(submission.declaration_id)
        latest.append(
            {
                "values": submission.figures,
                "parts": submission.parts["parts"],
                "wholes": submission.parts["wholes"],
            }
        )
    return combine(latest)


def live_perimeter(campaign: Campaign) -> Perimeter:
    if campaign.department_id:
        return Perimeter("departement", campaign.department_id)
    return Perimeter("region", campaign.region_id)
