"""Campaign workflows: open, validate (freeze a version), accept a file, reopen, remind, aggregate."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from clef.bilan.indicators import Perimeter, combine, compute_parts
from clef.campaigns.models import Campaign, Declaration, Submission
from clef.exchange.exporter import collect
from clef.organisations.models import Membership, Role


@transaction.atomic
def open_campaign(
    *, year: int, deadline: date, acting_user, organisation, region=None, department=None
) -> Campaign:
    campaign = Campaign.objects.create(
        year=year,
        deadline=deadline,
        region=region,
        department=department,
        opened_by=acting_user,
        opened_from=organisation,
    )
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


def send_reminders(*, campaign: Campaign, organisations=None) -> int:
    """E-mail the directors of every operator whose declaration is not validated (among `organisations`,
    what the coordinator oversees, when given). Returns the e-mails sent."""
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
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    Declaration.objects.filter(pk__in=[d.pk for d in pending if emails.get(d.organisation_id)]).update(
        last_reminded_at=timezone.now()
    )
    for declaration in pending:
        if emails.get(declaration.organisation_id):
            Declaration.objects.filter(pk=declaration.pk).update(reminders=declaration.reminders + 1)
    return sent


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
