"""The arrears of a year still running (user trial W8): read at today (Paris), not at 31/12, so that rent
called ahead for a month to come never counts as unpaid; labelled with that day on the page, in the PDF
and the exports; the cached bilan follows the day. Worked example:

- two households housed in the Rhône since 01/01/2026, 600 € due each month;
- household A has not paid November (600 € booked 01/11/2026);
- December's calls are generated ahead on 27/11/2026 (booked 01/12/2026) for A and B.

On 27/11/2026: one household in arrears, 600 € (December's calls are booked after the day: not counted).
On 02/12/2026 (still running, nothing written since): both owe December: two households, 1 800 €.
On 05/01/2027 (the year is over): at 31/12/2026, the same two households, 1 800 €."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from clef.bilan import exports, report
from clef.bilan.cache import get_bilan
from clef.bilan.indicators import compute
from clef.bilan.labels import arrears_title, label, unit
from clef.bilan.perimeter import Perimeter, arrears_day, is_running
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.rental import LeaseFactory, LedgerEntryFactory
from tests.factories.stays import StayFactory

RHONE = Perimeter("departement", "69")


def _today(monkeypatch, day: date) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def _call(lease, day: date) -> None:
    LedgerEntryFactory(lease=lease, amount=Decimal("600.00"), booked_on=day, period=day)


@pytest.fixture
def running(db):
    operator = OrganisationFactory(head_office_department_id="69")
    leases = []
    for _ in range(2):
        stay = StayFactory(household=HouseholdFactory(organisation=operator), entry_date=date(2026, 1, 1))
        leases.append(LeaseFactory(stay=stay, rent=Decimal("550.00"), charges=Decimal("50.00")))
    _call(leases[0], date(2026, 11, 1))  # A: November unpaid
    for lease in leases:  # December, generated ahead on 27/11
        _call(lease, date(2026, 12, 1))
    return leases


def test_the_arrears_day_is_31_december_once_the_year_is_over_today_while_it_runs():
    assert arrears_day(2026, today=date(2026, 11, 27)) == date(2026, 11, 27)
    assert arrears_day(2025, today=date(2026, 11, 27)) == date(2025, 12, 31)
    assert arrears_day(2026, today=date(2026, 12, 31)) == date(2026, 12, 31)
    assert arrears_day(2026, today=date(2027, 1, 5)) == date(2026, 12, 31)
    assert is_running(2026, today=date(2026, 11, 27)) and not is_running(2026, today=date(2026, 12, 31))


def test_a_call_booked_after_the_day_never_counts(running, monkeypatch):
    _today(monkeypatch, date(2026, 11, 27))
    v = compute(2026, RHONE)
    assert (v["impayes.menages"], v["impayes.montant_euros"]) == (1, 600.0)


def test_the_year_over_counts_every_call_of_december(running, monkeypatch):
    _today(monkeypatch, date(2027, 1, 5))
    v = compute(2026, RHONE)
    assert (v["impayes.menages"], v["impayes.montant_euros"]) == (2, 1800.0)


def test_the_cached_bilan_of_a_running_year_follows_the_day(running, monkeypatch):
    _today(monkeypatch, date(2026, 11, 27))
    assert get_bilan(2026, RHONE, diffusion=False)["values"]["impayes.menages"] == 1
    _today(monkeypatch, date(2026, 12, 2))  # nothing written since: a new day all the same
    values = get_bilan(2026, RHONE, diffusion=False)["values"]
    assert (values["impayes.menages"], values["impayes.montant_euros"]) == (2, 1800.0)


def test_labels_say_the_day_of_a_running_year_and_31_12_otherwise():
    day = date(2026, 11, 27)
    assert label("impayes.menages", arrears_on=day) == "Ménages logés au 27/11/2026 ayant un impayé"
    assert label("impayes.montant_euros", arrears_on=day) == "Montant des impayés au 27/11/2026"
    assert label("impayes.montant_euros", arrears_on=date(2025, 12, 31)) == "Montant des impayés au 31/12"
    assert label("fonds.solde_31_12_euros", arrears_on=day) == "Solde du fonds au 31/12"  # not an arrear
    assert arrears_title(day) == "Impayés au 27/11/2026 (année en cours)"
    assert arrears_title(date(2025, 12, 31)) == "Impayés au 31 décembre"


def test_the_report_titles_and_explains_the_running_year(running, monkeypatch):
    _today(monkeypatch, date(2026, 11, 27))
    context = report.build(2026, RHONE, diffusion=False)
    section = next(s for s in context["sections"] if s["code"] == "impayes")
    assert section["title"] == "Impayés au 27/11/2026 (année en cours)"
    assert "ceux de 2025 sont au 31/12/2025" in section["note"]
    amount = next(f for f in section["figures"] if f.key == "impayes.montant_euros")
    assert (amount.label, amount.value, amount.unit) == ("Montant des impayés au 27/11/2026", 600.0, "€")
    past = report.build(2025, RHONE, diffusion=False)
    past_section = next(s for s in past["sections"] if s["code"] == "impayes")
    assert past_section["title"] == "Impayés au 31 décembre" and "note" not in past_section


def test_money_keys_are_in_euros_percentages_in_percent_counts_bare():
    assert unit("impayes.montant_euros") == unit("financement.cout_personne_jour_euros") == "€"
    assert unit("impayes.anciennete.1_2_mois_pct") == "%"
    assert unit("impayes.menages") == unit("fonds.versements") == ""


def test_the_excel_csv_has_the_day_the_unit_and_two_decimals(db):
    values = {
        "impayes.menages": 1,
        "impayes.montant_euros": 400.0,
        "financement.cout_personne_jour_euros": 8.9,
    }
    text = exports.as_excel_csv(values, date(2026, 11, 27)).decode("utf-8-sig")
    assert "Ménages logés au 27/11/2026 ayant un impayé;;1;impayes.menages" in text
    assert "Montant des impayés au 27/11/2026;€;400,00;impayes.montant_euros" in text
    assert "Coût par personne et par jour;€;8,90;" in text


def test_the_xlsx_keeps_numbers_with_a_euro_format(db, monkeypatch):
    from io import BytesIO

    from openpyxl import load_workbook

    _today(monkeypatch, date(2026, 11, 27))
    values = {"impayes.menages": 1, "impayes.montant_euros": 57393.7, "impayes.anciennete.1_2_mois_pct": 87.5}
    sheet = load_workbook(BytesIO(exports.as_xlsx(2026, "departement:69", values))).active
    rows = {row[3].value: row for row in sheet.iter_rows(min_row=3)}
    amount = rows["impayes.montant_euros"]
    assert amount[0].value == "Montant des impayés au 27/11/2026"
    assert (amount[1].value, amount[1].number_format, amount[2].value) == (57393.7, "#,##0.00 €", "€")
    assert rows["impayes.anciennete.1_2_mois_pct"][1].number_format == "0.0"
    assert rows["impayes.menages"][1].number_format == "General"
