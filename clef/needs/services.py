"""Writes of the needs and targets: one transaction each, journaled (clef.utils.writes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.needs import rules
from clef.needs.models import CaptationTarget, NeedDeclaration
from clef.organisations.models import Organisation
from clef.utils.writes import lock_and_check_version, register_constraint_errors, register_write

Action = JournalEntry.Action

register_constraint_errors(
    {
        "need_unique_siao_date_epci_typology": "Une déclaration existe déjà pour cette date, ce territoire et "
        "cette typologie.",
        "need_unique_siao_date_typology_no_epci": "Une déclaration existe déjà pour cette date et cette "
        "typologie.",
        "target_unique_organisation_year": "Un objectif existe déjà pour cette structure et cette année : "
        "rechargez la page pour le modifier.",
    }
)


@dataclass(frozen=True)
class Cell:
    """One cell of the grid: households waiting for a typology in an EPCI (None: the whole department)."""

    epci_code: str | None
    typology: str
    households_waiting: int


@register_write
def declare_needs(
    *, siao: Organisation, as_of: date, cells: list[Cell], comments: str = "", acting_user
) -> list[NeedDeclaration]:
    """Record the SIAO's grid of `as_of` (it replaces a grid of the same date; the latest grid in force
    is what the needs page reads). Journaled as one action of the SIAO."""
    rules.check_declaration(
        siao=siao,
        as_of=as_of,
        epci_codes={c.epci_code for c in cells if c.epci_code},
        today=timezone.localdate(),
    )
    department = rules.siao_department(siao)
    previous = NeedDeclaration.objects.filter(siao=siao, as_of=as_of)
    replaced = previous.exists()
    previous.delete()
    rows = [
        NeedDeclaration(
            siao=siao,
            as_of=as_of,
            department_id=department,
            epci_id=cell.epci_code,
            typology=cell.typology,
            households_waiting=cell.households_waiting,
            comments=comments,
            declared_by=acting_user,
        )
        for cell in cells
    ]
    for row in rows:
        row.full_clean(exclude=["siao", "department", "epci", "declared_by"], validate_unique=False)
    created = NeedDeclaration.objects.bulk_create(rows)
    total = sum(c.households_waiting for c in cells)
    journal.record_action(
        acting_user=acting_user,
        organisation_id=siao.pk,
        subject=siao,
        action=Action.UPDATE if replaced else Action.CREATE,
        label=f"besoins déclarés au {as_of:%d/%m/%Y}",
        changes={
            "besoins": journal.change(
                "Ménages en attente déclarés", None, f"{journal.number_fr(total)} ({len(cells)} cases)"
            )
        },
    )
    return created


@register_write
def save_target(
    *,
    organisation: Organisation,
    year: int,
    new_dwellings: int,
    mandate_share_percent: int | None = None,
    private_share_percent: int | None = None,
    comments: str = "",
    acting_user,
    expected_version: int | None = None,
) -> CaptationTarget:
    """Create or update the target of `organisation` for `year` (optimistic lock on `expected_version`
    when updating). Shares left empty take the defaults of `settings.CLEF_CAPTATION_TARGETS`.
    Journaled under the operator (its bilan's cache follows its journal)."""
    rules.check_target_operator(organisation)
    defaults = rules.target_defaults()
    target = CaptationTarget.objects.filter(organisation=organisation, year=year).first()
    before = None
    if target is None:
        target = CaptationTarget(organisation=organisation, year=year)
    else:
        stored = lock_and_check_version(target, expected_version)
        before = journal.snapshot(stored)
        target = stored
        target.version = stored.version + 1
    target.new_dwellings = new_dwellings
    target.mandate_share_percent = (
        defaults["mandate_share_percent"] if mandate_share_percent is None else mandate_share_percent
    )
    target.private_share_percent = (
        defaults["private_share_percent"] if private_share_percent is None else private_share_percent
    )
    target.comments = comments
    target.set_by = acting_user
    target.full_clean(validate_unique=False)
    target.save()
    journal.record(
        acting_user=acting_user,
        instance=target,
        action=Action.CREATE if before is None else Action.UPDATE,
        before=before,
    )
    return target
