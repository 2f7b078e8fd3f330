"""The optional files of the pathways (issue 8; docs/spec/exchange-format.md): `choix_entrees`, `echeances`,
`bilans_sortie`, `sollicitations`.

They are checked and written once the v1 files are written, in the same transaction (clef.exchange.writer):
their rows name séjours and households that the same import may have just created. Each row goes through
the rules of its application — the services of clef.exits where they exist (exit assessment, solicitation),
else the model's own validation and the rules of clef.occupancy — and is journaled. A row that breaks a
rule is reported with its file, line, column and value; the whole import is then rolled back. A row whose
record is already what the file says changes nothing (an import is idempotent).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

from clef.exchange.codes import REGARD_COLUMNS
from clef.exchange.report import Context
from clef.exchange.validation import Checked
from clef.exits import services as exit_services
from clef.exits.models import ExitAssessment, Solicitation
from clef.households.models import Household
from clef.journal.models import JournalEntry
from clef.journal.services import record, snapshot
from clef.occupancy import rules as occupancy_rules
from clef.occupancy.models import OccupancyTerm
from clef.organisations.practice import practice_for
from clef.orientation.models import EntryChoice
from clef.stays.models import Stay
from clef.utils.bulk import chunks

UNKNOWN_STAY = "séjour inconnu : absent de sejours.csv et de Clef pour cette structure."
UNKNOWN_HOUSEHOLD = "ménage inconnu : absent de menages.csv et de Clef pour cette structure."
NO_USER = (
    "ce fichier s'importe par un utilisateur identifié (« Importer un fichier » dans Clef, ou "
    "import_iml --utilisateur ADRESSE) : il dit qui a enregistré chaque ligne."
)
# Model field → column of the file, to report a rule's message where the value is.
COLUMN_OF = {
    "choix_entrees": {
        "visited_before_signing": "visite_avant_signature",
        "alternative_offered": "alternative_proposee",
    },
    "echeances": {
        "number": "numero",
        "starts_on": "date_debut",
        "ends_on": "date_echeance",
        "decision": "decision",
        "decided_on": "date_decision",
        "reason": "motif",
    },
    "bilans_sortie": {
        "household_choice": "choix_menage",
        "relay_kind": "relais",
        "relay_name": "relais_nom",
        "assessed_on": "date_bilan",
    },
    "sollicitations": {"solicited_on": "date", "subject": "objet", "minutes_spent": "minutes"},
    # The optional files of rental management and funding (clef.exchange.finance).
    "impayes": {"day": "date_arrete", "amount": "montant", "net_monthly_due": "mensualite_nette"},
    "subventions": {
        "year": "annee",
        "captation_amount": "montant_captation",
        "gla_amount": "montant_gla",
        "support_amount": "montant_accompagnement",
        "granted_on": "date_attribution",
    },
}
NEEDS_USER = ("choix_entrees", "bilans_sortie", "sollicitations")


class RolledBack(Exception):
    """A row of an optional file broke a rule (or the import is a dry run): nothing stays written."""


def write(ctx: Context, checked: Checked) -> None:
    """Check and write the rows of the optional files (inside the import's transaction)."""
    writer = PathwayWriter(ctx, checked)
    for name, method in (
        ("choix_entrees", writer.entry_choice),
        ("echeances", writer.term),
        ("bilans_sortie", writer.assessment),
        ("sollicitations", writer.solicitation),
    ):
        rows = checked.optional.get(name) or {}
        if not rows:
            continue
        if name in NEEDS_USER and ctx.acting_user is None:
            ctx.error(name, None, "", None, NO_USER)
            continue
        targets = writer.targets(name, rows)
        for key, row in rows.items():
            target = targets.get(key)
            if target is None:
                column = "menage_id" if name == "sollicitations" else "sejour_id"
                message = UNKNOWN_HOUSEHOLD if name == "sollicitations" else UNKNOWN_STAY
                ctx.error(name, row.line, column, getattr(row, column), message)
                continue
            writer.apply(name, row, lambda row=row, target=target, method=method: method(row, target))


class PathwayWriter:
    def __init__(self, ctx: Context, checked: Checked):
        self.ctx, self.orgs, self.user = ctx, checked.orgs, ctx.acting_user
        self.practices: dict = {}  # organisation id → its practice settings (one query per operator)

    def targets(self, name: str, rows: dict) -> dict:
        """Key of each row → its séjour (its household for a solicitation), read from Clef by chunks."""
        model, column = (Household, "menage_id") if name == "sollicitations" else (Stay, "sejour_id")
        wanted: dict[tuple[int, str], list] = {}
        for key, row in rows.items():
            org = self.orgs.get(row.structure_id)
            if org is not None:
                wanted.setdefault((org.pk, getattr(row, column)), []).append(key)
        found: dict = {}
        for chunk in chunks(sorted(wanted)):
            queryset = model.objects.filter(
                organisation_id__in={org_id for org_id, _ in chunk}, external_id__in={own for _, own in chunk}
            )
            if model is Stay:
                queryset = queryset.select_related("dwelling")
            for target in queryset:
                for key in wanted.get((target.organisation_id, target.external_id), ()):
                    found[key] = target
        return found

    def apply(self, name: str, row, method: Callable[[], str]) -> None:
        """One row in its savepoint: counted (créés, modifiés, inchangés), or its rule's message reported."""
        try:
            with transaction.atomic():
                self.ctx.report.count(name, method())
        except ValidationError as exc:
            self.report(name, row, exc)

    def report(self, name: str, row, exc: ValidationError) -> None:
        columns = COLUMN_OF[name]
        if hasattr(exc, "error_dict"):
            for field_name, errors in exc.message_dict.items():
                column = columns.get(field_name, "")
                value = getattr(row, column, None) if column else None
                self.ctx.error(name, row.line, column, value, " ".join(errors))
        else:
            self.ctx.error(name, row.line, "", None, " ".join(exc.messages))

    def journal(self, instance, before: dict | None, stay_or_household) -> str:
        """Journal a record created (before None) or changed; the outcome for the counts."""
        household_id = getattr(stay_or_household, "household_id", stay_or_household.pk)
        action = JournalEntry.Action.CREATE if before is None else JournalEntry.Action.UPDATE
        record(
            acting_user=self.user,
            instance=instance,
            action=action,
            before=before,
            household_id=household_id,
            dwelling_id=getattr(stay_or_household, "dwelling_id", None),
        )
        return "créés" if before is None else "modifiés"

    # ------------------------------------------------------------------ one method per file
    def entry_choice(self, row, stay: Stay) -> str:
        choice = EntryChoice.objects.filter(stay=stay).first()
        wanted = {
            "visited_before_signing": row.visite_avant_signature,
            "alternative_offered": row.alternative_proposee,
        }
        if choice is not None and all(getattr(choice, f) == v for f, v in wanted.items()):
            return "inchangés"
        before = snapshot(choice) if choice is not None else None
        choice = choice or EntryChoice(stay=stay, organisation_id=stay.organisation_id, recorded_by=self.user)
        for field_name, value in wanted.items():
            setattr(choice, field_name, value)
        choice.full_clean(exclude=["stay", "organisation", "recorded_by"])
        choice.save()
        return self.journal(choice, before, stay)

    def term(self, row, stay: Stay) -> str:
        """An occupancy term: only in a sublet dwelling; a renewal beyond the operator's recommended number
        gives its reason (clef.occupancy.rules)."""
        if not occupancy_rules.has_terms(stay.dwelling.management_mode):
            raise ValidationError(occupancy_rules.NOT_SUBLET)
        if row.decision == "renewed":
            if stay.organisation_id not in self.practices:
                self.practices[stay.organisation_id] = practice_for(stay.organisation_id)
            practice = self.practices[stay.organisation_id]
            occupancy_rules.check_renewal(
                term_number=row.numero,
                max_renewals=practice.occupancy_max_renewals,
                term_months=practice.occupancy_term_months,
                reason=row.motif or "",
            )
        term = OccupancyTerm.objects.filter(stay=stay, number=row.numero).first()
        wanted = {
            "starts_on": row.date_debut,
            "ends_on": row.date_echeance,
            "decision": row.decision,
            "decided_on": row.date_decision,
            "reason": (row.motif or "").strip(),
        }
        if term is not None and all(getattr(term, f) == v for f, v in wanted.items()):
            return "inchangés"
        before = snapshot(term) if term is not None else None
        term = term or OccupancyTerm(stay=stay, organisation_id=stay.organisation_id, number=row.numero)
        for field_name, value in wanted.items():
            setattr(term, field_name, value)
        if before is not None:
            term.version += 1
        term.full_clean(exclude=["stay", "organisation", "decided_by"])
        term.save()
        return self.journal(term, before, stay)

    def assessment(self, row, stay: Stay) -> str:
        """The exit assessment through the exits services (the same rules as the guided exit's form)."""
        outcome = exit_services.Outcome(
            household_choice=row.choix_menage, relay_kind=row.relais, relay_name=row.relais_nom or ""
        )
        stored = ExitAssessment.objects.filter(stay=stay).prefetch_related("perspectives").first()
        current = {p.perspective: p for p in stored.perspectives.all()} if stored else {}
        perspectives = {}
        for column, code in REGARD_COLUMNS.items():
            judgement, kept = getattr(row, column), current.get(code)
            perspectives[code] = (
                exit_services.PerspectiveInput(
                    criteria=list(kept.criteria) if kept else [],
                    judgement=judgement,
                    comment=kept.comment if kept else "",
                )
                if judgement
                else exit_services.PerspectiveInput()
            )
        if stored is None:
            exit_services.assess_exit(
                stay=stay,
                outcome=outcome,
                perspectives=perspectives,
                on=row.date_bilan,
                acting_user=self.user,
            )
            return "créés"
        same_outcome = (stored.household_choice, stored.relay_kind, stored.relay_name) == (
            outcome.household_choice,
            outcome.relay_kind,
            outcome.relay_name.strip(),
        )
        same_views = {c: p.judgement for c, p in current.items()} == {
            c: p.judgement for c, p in perspectives.items() if p.judgement
        }
        if same_outcome and same_views:
            return "inchangés"
        exit_services.update_assessment(
            assessment=stored,
            outcome=None if same_outcome else outcome,
            perspectives=perspectives,
            acting_user=self.user,
            expected_version=None,
        )
        return "modifiés"

    def solicitation(self, row, household: Household) -> str:
        """A solicitation after exit through the exits service (the pathway has ended that day); one per
        household, day and subject: a second import updates its time spent."""
        stored = Solicitation.objects.filter(
            household=household,
            solicited_on=row.date,
            subject=row.objet,
            organisation_id=household.organisation_id,
        ).first()
        if stored is None:
            exit_services.record_solicitation(
                household=household,
                organisation_id=household.organisation_id,
                solicited_on=row.date,
                subject=row.objet,
                answered_by=self.user,
                minutes_spent=row.minutes,
                note="",
                acting_user=self.user,
            )
            return "créés"
        if stored.minutes_spent == row.minutes:
            return "inchangés"
        before = snapshot(stored)
        stored.minutes_spent = row.minutes
        stored.full_clean(exclude=["household", "organisation", "answered_by", "created_by"])
        stored.save()
        return self.journal(stored, before, household)
