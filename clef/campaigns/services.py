"""Campaign workflows: open, validate (freeze a version), accept a file, reopen, remind, aggregate."""

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
from clef.campaigns.models import Campaign, Declaration, Submission
from clef.exchange.exporter import collect
from clef.organisations.models import Membership, Role

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
    Declaration.objects.bulk_create(
        [Declaration(campaign=campaign, organisation=operator) for operator in campaign.operators()]
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
    declaration.status = Declaration.Status.VALIDATED
    declaration.save(update_fields=["status"])
    return submission


def file_processed(*, job) -> None:
    """An exchange-format file uploaded for a declaration: accepted → frozen version; refused → errors."""
    from clef.exchange.models import ImportJob

    declaration = job.declaration
    if job.status == ImportJob.Status.DONE:
        freeze(declaration=declaration, acting_user=job.uploaded_by, kind=Submission.Kind.FILE)
    elif job.status in {ImportJob.Status.INVALID, ImportJob.Status.FAILED}:
        Declaration.objects.filter(pk=declaration.pk).exclude(status=Declaration.Status.VALIDATED).update(
            status=Declaration.Status.ERRORS
        )


def reopen(*, declaration: Declaration) -> None:
    """Back to "à faire"; every frozen version is kept."""
    declaration.status = Declaration.Status.TO_DO
    declaration.save(update_fields=["status"])


class MailUnavailable(Exception):
    """The e-mail server could not be reached: nothing was sent, nothing was counted."""


@dataclass
class Reminders:
    sent: int  # e-mails sent (one per structure with a director in Clef)
    without_director: list[str]  # structures still expected but with no director account to write to


def send_reminders(*, campaign: Campaign, organisations=None) -> Reminders:
    """E-mail the directors of every operator whose declaration is not validated (among `organisations`,
    what the coordinator oversees, when given)."""
    declarations = campaign.declarations.exclude(status=Declaration.Status.VALIDATED)
    if organisations is not None:
        declarations = declarations.filter(organisation__in=organisations)
    pending = list(declarations.select_related("organisation"))
    directors = Membership.objects.filter(
        organisation__in=[d.organisation_id for d in pending],
        role=Role.DIRECTOR,
        is_active=True,
        user__is_active=True,
    ).values_list("organisation_id", "user__email")
    emails: dict[int, list[str]] = {}
    for organisation_id, email in directors:
        emails.setdefault(organisation_id, []).append(email)
    messages = []
    for declaration in pending:
        recipients = emails.get(declaration.organisation_id)
        if not recipients:
            continue
        url = settings.SITE_URL + reverse("www:declaration_detail", args=[declaration.pk])
        body = (
            f"Bonjour,\n\nLa collecte des données IML {campaign.year} ({campaign.perimeter_label}) se termine le "
            f"{campaign.deadline:%d/%m/%Y}. La déclaration de {declaration.organisation.name} n'est pas encore "
            f"validée.\n\nPour la compléter : {url}\n\nMerci,\nLa coordination régionale IML\n"
        )
        messages.append(
            (
                f"Clef — collecte IML {campaign.year} : votre déclaration est attendue",
                body,
                settings.DEFAULT_FROM_EMAIL,
                recipients,
            )
        )
    try:
        sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    except (OSError, smtplib.SMTPException) as exc:  # server down, refused, timed out…
        logger.error(
            "Relances de la collecte %s : envoi impossible (%s).", campaign.pk, exc.__class__.__name__
        )
        raise MailUnavailable from exc
    # One statement for every declaration reminded (was one per declaration).
    Declaration.objects.filter(pk__in=[d.pk for d in pending if emails.get(d.organisation_id)]).update(
        last_reminded_at=timezone.now(), reminders=F("reminders") + 1
    )
    without = sorted(d.organisation.name for d in pending if not emails.get(d.organisation_id))
    return Reminders(sent=sent, without_director=without)


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
