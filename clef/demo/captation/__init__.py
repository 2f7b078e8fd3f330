"""Captation in the demo region (issue 9): the platform « ADIL 73 — Louer Solidaire » and its owners'
desk, the local authority « Grand Chambéry », the owners of the demo operators' park with their contracts,
Anah conventions and bank details, the captation pipeline (every stage, every kind of communication
action, re-captation), the sample Loc'Avantages ceilings, a local bonus with its grants, the captation
targets and the SIAO's declared needs.

Like the daily work (`clef/demo/daily/`), the modules here return unsaved rows and this one writes them
with bulk inserts, once. The register is never rewritten (no dwelling is created: the signed leads are
those of the dwellings that entered the park; the published figures and the v1 exchange files stay as
they were). Records depend on the seed and on the day the demo is loaded (`today`).
"""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from clef.captation.models import Activity, Landlord, Lead, StageChange
from clef.contracts.models import AnahConvention, Contract
from clef.demo.captation import activities, figures
from clef.demo.captation.context import build_context
from clef.demo.captation.guichet import Guichet, build_guichet
from clef.demo.captation.organisations import AUTHORITY, OPERATORS, PLATFORM, ensure_organisations
from clef.demo.captation.park import Park, build_park
from clef.demo.captation.pipeline import Pipeline, build_pipeline
from clef.demo.daily import insert
from clef.guichet.models import Desk, OwnerRequest
from clef.needs.models import CaptationTarget, NeedDeclaration
from clef.organisations.models import Organisation
from clef.utils.bulk import analyze_after_bulk_load

__all__ = ["captation_loaded", "ensure_organisations", "load_captation"]


def captation_loaded() -> bool:
    """The demo's captation is there, or records were entered for its organisations (in the pages of a
    demo loaded before issue 9): the generation never mixes with them."""
    operators = {"organisation__external_id__in": list(OPERATORS.values())}
    return (
        Desk.objects.filter(platform__external_id=PLATFORM).exists()
        or any(
            model.objects.filter(**operators).exists() for model in (Landlord, Lead, Contract, AnahConvention)
        )
        or CaptationTarget.objects.filter(**operators).exists()
        or NeedDeclaration.objects.filter(siao__external_id="demo-siao73").exists()
    )


@transaction.atomic
def load_captation(today: date | None = None) -> dict[str, int]:
    """Generate and write the captation of the demo once (nothing if it is already there)."""
    ready = Organisation.objects.filter(external_id__in=[*OPERATORS.values(), PLATFORM, AUTHORITY]).count()
    if ready != len(OPERATORS) + 2 or captation_loaded():
        return {}
    ctx = build_context(today or timezone.localdate())
    park = build_park(ctx)
    pipeline = build_pipeline(ctx, park)
    guichet = build_guichet(ctx, pipeline)
    plans = pipeline.plans + guichet.plans
    counts = {"plafonds Loc'Avantages d'exemple": figures.load_ceilings()}
    counts |= _write_owners(ctx, park, pipeline, guichet)
    counts |= _write_pipeline(ctx, pipeline, plans)
    counts |= _write_contracts(ctx, park)
    counts |= _write_guichet(ctx, guichet)
    counts |= _write_figures(ctx, park)
    analyze_after_bulk_load(Landlord, Lead, StageChange, Activity, Contract, AnahConvention)
    return counts


def _write_owners(ctx, park: Park, pipeline: Pipeline, guichet: Guichet) -> dict[str, int]:
    landlords = park.landlords + pipeline.landlords + guichet.landlords
    _insert_dated(ctx, landlords, "created_at", lambda landlord: _first_day(landlord, ctx.today))
    insert(park.contacts)
    banks = list(park.banks.values())
    insert(banks)
    return {
        "propriétaires": len(landlords),
        "contacts de propriétaires": len(park.contacts),
        "coordonnées bancaires": len(banks),
    }


def _first_day(landlord, today):
    """The day the landlord was first known: the lead that brought them, else their consent."""
    return (
        getattr(landlord, "created_on", None) or landlord.consent_on or landlord.do_not_contact_since or today
    )


def _insert_dated(ctx, objects: list, name: str, day_of) -> None:
    """Bulk insert `objects` (one model) with their timestamp `name` (an `auto_now_add` field) set from
    their own day by `ctx.stamp`: never later than the moment the seed runs."""
    if not objects:
        return
    for obj in objects:
        setattr(obj, name, ctx.stamp(day_of(obj)))
    field = type(objects[0])._meta.get_field(name)
    auto_now_add, field.auto_now_add = field.auto_now_add, False  # only for this insert
    try:
        insert(objects)
    finally:
        field.auto_now_add = auto_now_add


def _write_pipeline(ctx, pipeline: Pipeline, plans) -> dict[str, int]:
    insert(pipeline.campaigns)
    offered = list(
        {
            id(p.lead.offered_dwelling): p.lead.offered_dwelling for p in plans if p.lead.offered_dwelling
        }.values()
    )
    insert(offered)
    _insert_dated(ctx, [p.lead for p in plans], "created_at", lambda lead: lead.created_on)
    changes = [change for p in plans for change in p.changes]
    _insert_dated(ctx, changes, "created_at", lambda change: change.on)
    documents = activities.attach_documents(plans)
    exchanges = [activity for p in plans for activity in p.activities]
    _insert_dated(ctx, exchanges, "created_at", lambda activity: activity.on)
    for plan in plans:
        if plan.contract is not None:
            plan.contract.lead = plan.lead
    return {
        "actions de communication": len(pipeline.campaigns),
        "logements proposés": len(offered),
        "dossiers de captation": len(plans),
        "changements d'étape": len(changes),
        "échanges": len(exchanges),
        "documents": len(documents),
    }


def _write_contracts(ctx, park: Park) -> dict[str, int]:
    contracts = [owned.contract for owned in park.owned if owned.contract is not None]
    _insert_dated(ctx, contracts, "created_at", lambda contract: contract.signed_on)
    generations = max((len(owned.conventions) for owned in park.owned), default=0)
    conventions = 0
    for generation in range(generations):  # each renewal after the convention it renews
        rows = [owned.conventions[generation] for owned in park.owned if len(owned.conventions) > generation]
        _insert_dated(ctx, rows, "created_at", lambda convention: convention.requested_on)
        conventions += len(rows)
    return {"contrats avec les propriétaires": len(contracts), "conventions Anah": conventions}


def _write_guichet(ctx, guichet: Guichet) -> dict[str, int]:
    guichet.desk.save()
    insert(guichet.rules)
    insert(guichet.targets)
    _insert_dated(ctx, guichet.requests, "created_at", lambda request: request.received_on)
    _insert_dated(ctx, guichet.events, "at", lambda event: event.on)
    content_type = ContentType.objects.get_for_model(OwnerRequest)
    for share in guichet.shares:
        share.content_type, share.object_id = content_type, share.request.pk
    _insert_dated(ctx, guichet.shares, "created_at", lambda share: share.starts_on)
    return {"demandes de propriétaires": len(guichet.requests), "étapes des demandes": len(guichet.events)}


def _write_figures(ctx, park: Park) -> dict[str, int]:
    scheme = figures.bonus_scheme(ctx)
    scheme.save()
    grants = figures.bonus_grants(ctx, scheme, park)
    insert(grants)
    targets = figures.targets(ctx)
    insert(targets)
    needs = figures.need_declarations(ctx)
    _insert_dated(ctx, needs, "declared_at", lambda need: need.as_of)
    return {
        "primes locales accordées": len(grants),
        "objectifs de captation": len(targets),
        "besoins déclarés par les SIAO": len(needs),
    }
