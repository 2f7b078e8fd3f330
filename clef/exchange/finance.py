"""The optional files of rental management and funding (issue 10; docs/spec/exchange-format.md): `impayes`
(the household's debt of a séjour at a 31 December, `rental.DeclaredArrears`) and `subventions` (the IML
subsidy of an operator for a year, `funding.Subsidy`).

Like the files of the pathways (clef.exchange.pathways), they are checked and written once the v1 files are
written, in the same transaction; a row that breaks a rule is reported with its file, line, column and
value, and the whole import is rolled back; a row whose record is already what the file says changes nothing.
A subsidy goes through `funding.services.save_subsidy` (the form's service: its rules and bounds, journaled);
a declared arrears row is checked by its model's validators (`rental.declared`) and journaled here. The
export writes both files (a header alone when there is nothing to say), withholding from a member what their
role may not read (`withheld_for`)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from clef.exchange.pathways import NO_USER, UNKNOWN_STAY, PathwayWriter
from clef.exchange.report import Context
from clef.exchange.validation import Checked
from clef.funding import services as funding_services
from clef.funding.models import Subsidy
from clef.funding.perms import can_see_funding
from clef.journal.services import snapshot
from clef.organisations.perms import can_see_ledger
from clef.rental.declared import DeclaredArrears
from clef.rental.models import Lease
from clef.stays.models import Stay
from clef.utils.bulk import chunks

FILES = ("impayes", "subventions")
NOT_PRESENT = (
    "le séjour n'est pas en cours à cette date : un impayé au 31/12 se déclare pour un ménage logé ce "
    "jour-là (entré au plus tard ce jour, sorti ce jour ou après)."
)
HAS_LEASE = (
    "ce séjour a un compte locatif dans Clef : ses impayés au 31/12 viennent de ce compte. La ligne est "
    "ignorée (rien n'est compté deux fois)."
)


def write(ctx: Context, checked: Checked) -> None:
    """Check and write the rows of `impayes` and `subventions` (inside the import's transaction)."""
    writer = FinanceWriter(ctx, checked)
    for name, method in (("impayes", writer.arrears), ("subventions", writer.subsidies)):
        rows = checked.optional.get(name) or {}
        if not rows:
            continue
        if ctx.acting_user is None:
            ctx.error(name, None, "", None, NO_USER)
            continue
        method(rows)


class FinanceWriter(PathwayWriter):
    def arrears(self, rows: dict) -> None:
        stays = self.targets("impayes", rows)
        present = _present(stays, rows)
        with_lease: set[int] = set()
        stored: dict[tuple, DeclaredArrears] = {}
        for chunk in chunks(sorted({s.pk for s in stays.values()})):
            with_lease.update(Lease.objects.filter(stay_id__in=chunk).values_list("stay_id", flat=True))
            stored.update({(a.stay_id, a.day): a for a in DeclaredArrears.objects.filter(stay_id__in=chunk)})
        for key, row in rows.items():
            stay = stays.get(key)
            if stay is None:
                self.ctx.error("impayes", row.line, "sejour_id", row.sejour_id, UNKNOWN_STAY)
            elif stay.pk in with_lease:
                self.ctx.warning("impayes", row.line, "sejour_id", HAS_LEASE)
            elif key not in present:
                self.ctx.error("impayes", row.line, "date_arrete", row.date_arrete.isoformat(), NOT_PRESENT)
            else:
                current = stored.get((stay.pk, row.date_arrete))
                self.apply("impayes", row, lambda r=row, s=stay, c=current: self.one_arrears(r, s, c))

    def one_arrears(self, row, stay: Stay, current: DeclaredArrears | None) -> str:
        wanted = {"amount": row.montant, "net_monthly_due": row.mensualite_nette}
        if current is not None and all(getattr(current, f) == v for f, v in wanted.items()):
            return "inchangés"
        before = snapshot(current) if current is not None else None
        declared = current or DeclaredArrears(
            stay=stay, organisation_id=stay.organisation_id, day=row.date_arrete
        )
        for field_name, value in wanted.items():
            setattr(declared, field_name, value)
        declared.entered_by = self.user
        if before is not None:
            declared.version += 1
        declared.full_clean(exclude=["stay", "organisation", "entered_by"], validate_unique=False)
        declared.save()
        return self.journal(declared, before, stay)

    def subsidies(self, rows: dict) -> None:
        org_ids = {self.orgs[sid].pk for sid, _year in rows if sid in self.orgs}
        stored = {(s.organisation_id, s.year): s for s in Subsidy.objects.filter(organisation_id__in=org_ids)}
        for (sid, year), row in rows.items():
            organisation = self.orgs[sid]
            current = stored.get((organisation.pk, year))
            self.apply("subventions", row, lambda r=row, o=organisation, c=current: self.one_subsidy(r, o, c))

    def one_subsidy(self, row, organisation, current: Subsidy | None) -> str:
        wanted = {
            "captation_amount": row.montant_captation,
            "gla_amount": row.montant_gla,
            "support_amount": row.montant_accompagnement,
            "granted_on": row.date_attribution,
        }
        if current is not None and all(getattr(current, f) == v for f, v in wanted.items()):
            return "inchangés"
        funding_services.save_subsidy(
            organisation=organisation,
            year=row.annee,
            **wanted,
            comments=current.comments if current is not None else "",
            acting_user=self.user,
            expected_version=current.version if current is not None else None,
        )
        return "créés" if current is None else "modifiés"


def _present(stays: dict, rows: dict) -> set:
    """The keys of the rows whose séjour is housed on the row's date (the register's one rule:
    `Stay.objects.present_between`, a household is present on its exit day), read per date by chunks."""
    by_day: dict[date, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for key, stay in stays.items():
        by_day[rows[key].date_arrete][stay.pk].append(key)
    found: set = set()
    for day, keys_of in by_day.items():
        for chunk in chunks(sorted(keys_of)):
            for pk in (
                Stay.objects.filter(pk__in=chunk).present_between(day, day).values_list("pk", flat=True)
            ):
                found.update(keys_of[pk])
    return found


# ---------------------------------------------------------------------- export
def withheld_for(membership) -> frozenset[str]:
    """The files whose rows a member downloading their structure's data may not read: the declared arrears
    without the rent accounts' reading right, the subsidies without the funding's."""
    withheld = set()
    if not can_see_ledger(membership):
        withheld.add("impayes")
    if not can_see_funding(membership):
        withheld.add("subventions")
    return frozenset(withheld)


def collect_finance(orgs, sid: dict, withheld: frozenset[str] = frozenset()) -> dict[str, list[list]]:
    """The rows of `impayes` (the declared rows of the stays without a rent account: the others count by
    their ledger) and `subventions`, in the columns of clef.exchange.spec.OPTIONAL_FILES."""
    rows: dict[str, list[list]] = {"impayes": [], "subventions": []}
    if "impayes" not in withheld:
        arrears = DeclaredArrears.objects.filter(organisation__in=orgs, stay__lease__isnull=True).values_list(
            "organisation_id", "stay__external_id", "day", "amount", "net_monthly_due"
        )
        rows["impayes"] = [[sid[r[0]], *r[1:]] for r in arrears]
    if "subventions" not in withheld:
        subsidies = Subsidy.objects.filter(organisation__in=orgs).values_list(
            "organisation_id", "year", "captation_amount", "gla_amount", "support_amount", "granted_on"
        )
        rows["subventions"] = [[sid[r[0]], *r[1:]] for r in subsidies]
    return rows
