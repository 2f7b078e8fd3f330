"""The exchanges of each demo lead (calls, e-mails, visits, letters, notes, a document per operator) and
the next action of the open ones (some overdue). Nothing reaches a landlord who asked not to be contacted
after the day they asked (`clef.captation.rules.may_contact`, the one rule)."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from clef.captation import rules
from clef.captation.enums import CONTACT_KINDS, ActivityKind, Origin, Stage
from clef.captation.models import Activity
from clef.demo.captation import texts
from clef.demo.captation.context import CaptationContext

OVERDUE_SHARE = 0.35  # open leads whose next action is past
# A one-page PDF (the demo's copy of a signed contract): enough for the document checks and a viewer.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>"
    b"endobj\n4 0 obj<</Length 67>>stream\nBT /F1 18 Tf 72 770 Td (Contrat signe - copie de demonstration) Tj ET\n"
    b"endstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def fill(ctx: CaptationContext, plan) -> None:
    lead = plan.lead
    rng = ctx.rng(
        "activities", lead.origin, lead.created_on, len(plan.changes), lead.stage_since, lead.landlord
    )
    by = ctx.officers[lead.organisation_id]
    for change in plan.changes[1:]:
        for offset, (kind, summary) in enumerate(texts.ACTIVITIES.get(change.to_stage, [])):
            day = change.on - timedelta(days=(len(texts.ACTIVITIES[change.to_stage]) - 1 - offset) * 3)
            plan.activities.append(
                Activity(lead=lead, kind=kind, on=max(day, lead.created_on), summary=summary, by=by)
            )
    if lead.origin == Origin.RECAPTATION:
        summary = texts.RECAPTATION[lead.source_reason]
        plan.activities.append(
            Activity(lead=lead, kind=ActivityKind.NOTE, on=lead.created_on, summary=summary, by=by)
        )
    if lead.closed_reason:
        plan.activities.append(
            Activity(
                lead=lead, kind=ActivityKind.NOTE, on=lead.stage_since, summary=lead.closed_comment, by=by
            )
        )
    elif lead.is_open and rng.random() < 0.3:
        summary = rng.choice(texts.OPEN_NOTES)
        plan.activities.append(
            Activity(lead=lead, kind=ActivityKind.NOTE, on=lead.stage_since, summary=summary, by=by)
        )
    _check_contacts(lead, plan.activities)
    _next_action(ctx, lead, rng)


def _check_contacts(lead, activities: list[Activity]) -> None:
    """The one rule: no exchange reaches a landlord after the day they asked not to be contacted."""
    landlord = lead.landlord
    if landlord is None or not landlord.do_not_contact:
        return
    for activity in activities:
        if activity.kind in CONTACT_KINDS and activity.on >= landlord.do_not_contact_since:
            raise ValueError("demo: an exchange with a landlord who asked not to be contacted")


def _next_action(ctx: CaptationContext, lead, rng) -> None:
    if not lead.is_open or (lead.landlord is not None and not rules.may_contact(lead.landlord)):
        return
    recaptation = lead.origin == Origin.RECAPTATION and lead.stage == Stage.PROSPECT
    lead.next_action = texts.RECAPTATION_ACTION if recaptation else texts.NEXT_ACTIONS[lead.stage]
    if rng.random() < OVERDUE_SHARE:
        lead.next_action_on = max(lead.stage_since, ctx.today - timedelta(days=rng.randint(1, 25)))
    else:
        lead.next_action_on = ctx.today + timedelta(days=rng.randint(0, 30))


def attach_documents(plans) -> list[Activity]:
    """One document per operator: the copy of its first signed contract (a PDF written to the default
    storage under `captation/<organisation>/<year>/`, no owner's name in the path)."""
    documents, seen = [], set()
    for plan in plans:
        lead = plan.lead
        if lead.stage != Stage.ENGAGEMENT_SIGNE or lead.organisation_id in seen:
            continue
        seen.add(lead.organisation_id)
        path = f"captation/{lead.organisation_id}/{lead.signed_on.year}/demo-contrat-{len(seen)}.pdf"
        if not default_storage.exists(path):
            path = default_storage.save(path, ContentFile(DEMO_PDF))
        activity = Activity(
            lead=lead,
            kind=ActivityKind.DOCUMENT,
            on=lead.signed_on,
            summary="Copie du contrat signé.",
            by=plan.changes[-1].by,
        )
        activity.document = path
        plan.activities.append(activity)
        documents.append(activity)
    return documents
