"""User-trial fixes of the bilan's issue-10 sections, as the viewer reads them: money in euros and cents with
€ on the page, the PDF and the exports (one formatting rule by unit, `clef.bilan.labels.unit`); a running
year's arrears dated « au 27/11/2026 »; what the page tells a coordinator about the secrecy of the PDF (the
same figure reads 0 on the unmasked page and « secret » in the published report: `clef.bilan.secrecy`);
the rental arrears export with numeric cells."""

import subprocess
from datetime import date
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from clef.bilan import jobs, report
from clef.bilan.access import scope_for
from clef.bilan.secrecy import MASKED_NOTICE, UNMASKED_NOTICE, notice
from clef.organisations.models import Role
from clef.rental import services
from clef.rental.enums import EntryKind
from clef.www.templatetags.clef_tags import valeur
from tests.conftest import member_client
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.rental import LeaseFactory, LedgerEntryFactory
from tests.factories.stays import StayFactory

NBSP, THIN = "\u00a0", "\u202f"
TODAY = date(2026, 11, 27)


@pytest.fixture
def running(db, monkeypatch):
    """Today 27/11/2026; one household of a Rhône operator owes November's 600 €, December is called
    ahead for it."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    operator = OrganisationFactory(head_office_department_id="69")
    stay = StayFactory(household=HouseholdFactory(organisation=operator), entry_date=date(2026, 1, 1))
    lease = LeaseFactory(stay=stay, rent=Decimal("550.00"), charges=Decimal("50.00"))
    for day in (date(2026, 11, 1), date(2026, 12, 1)):
        LedgerEntryFactory(lease=lease, amount=Decimal("600.00"), booked_on=day, period=day)
    return operator


def _coordinator(client):
    membership = MembershipFactory(
        organisation=OrganisationFactory(state=True, region_id="84"), role=Role.STATE_COORDINATOR
    )
    client.force_login(membership.user)
    return membership


def test_valeur_shows_euros_with_two_decimals_and_the_sign():
    assert valeur(15410300.0, "€") == f"15{THIN}410{THIN}300,00{NBSP}€"
    assert valeur(8.9, "€") == f"8,90{NBSP}€"
    assert valeur(0, "€") == f"0,00{NBSP}€"
    assert valeur("secret", "€") == "secret" and valeur(None, "€") == "—"
    assert valeur(87.5, "%") == f"87,5{NBSP}%" and valeur(104) == "104"


def test_the_coordinators_page_dates_the_running_years_arrears_in_euros(client, running):
    _coordinator(client)
    response = client.get(reverse("www:bilan"), {"annee": 2026})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Impayés au 27/11/2026 (année en cours)" in page
    assert "Ménages logés au 27/11/2026 ayant un impayé" in page
    assert "Montant des impayés au 27/11/2026" in page and "au 31/12 (€)" not in page
    assert f"600,00{NBSP}€" in page and f"1{THIN}200,00{NBSP}€" not in page  # December not counted
    assert "ceux de 2025 sont au 31/12/2025" in page
    assert UNMASKED_NOTICE in page.replace("&#x27;", "'").replace("&quot;", '"')


def test_the_pdf_dates_the_arrears_and_shows_euros(db, running, tmp_path):
    membership = _coordinator_membership()
    scope = scope_for(SimpleNamespace(membership=membership), "departement:69")
    content = jobs.render_for_scope(2026, scope, diffusion=False)
    path = tmp_path / "bilan.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    lines = [" ".join(line.split()) for line in text.stdout.splitlines()]
    assert any(line.startswith("13. Impayés au 27/11/2026 (année en cours)") for line in lines), lines
    amount = next(line for line in lines if line.startswith("Montant des impayés au 27/11/2026"))
    assert "600,00 €" in amount.replace(NBSP, " ").replace(THIN, " ")


def _coordinator_membership():
    return MembershipFactory(
        organisation=OrganisationFactory(state=True, region_id="84"), role=Role.STATE_COORDINATOR
    )


def test_the_same_zero_reads_secret_in_the_published_pdf_and_the_page_says_why(db):
    """No household in arrears: the coordinator's page shows 0 (its territory, unmasked on screen) and
    warns that the published report masks small counts, zero included; the published PDF reads « secret »
    under the notice that says so. One rule, `clef.bilan.secrecy`, two outputs."""
    OrganisationFactory(head_office_department_id="69")
    assert notice(masked=False, operator=True) == ""
    assert notice(masked=False, operator=False) == UNMASKED_NOTICE
    assert notice(masked=True, operator=False) == notice(masked=True, operator=True) == MASKED_NOTICE
    scope = scope_for(SimpleNamespace(membership=_coordinator_membership()), None)
    page = report.build(2025, scope.perimeter, diffusion=False)["values"]
    published = report.build(2025, scope.perimeter, diffusion=True)["values"]
    assert page["impayes.menages"] == 0 and published["impayes.menages"] == "secret"
    assert page["impayes.montant_euros"] == 0.0 and published["impayes.montant_euros"] == "secret"


def test_the_rental_arrears_export_has_cents_and_numeric_cells(client, db):
    operator = OrganisationFactory()
    lease = LeaseFactory(stay__household__organisation=operator)
    services.post_charge(lease, EntryKind.FRAIS, Decimal("400"), date(2026, 1, 1), "Dette", acting_user=None)
    manager = member_client(client, operator, Role.RENTAL_MANAGER)
    text = manager.get(reverse("www:arrears_export", args=["csv"])).content.decode("utf-8-sig")
    header, line = text.splitlines()[:2]
    cells = dict(zip(header.split(";"), line.split(";"), strict=True))
    assert cells["Solde (€)"] == cells["Dette du ménage (€)"] == "400,00"
    assert cells["Aide attendue (€)"] == "0,00" and cells["Dû par mois, net (€)"] == "650,00"
    assert cells["Mois de dette"] == "0,6"
    xlsx = manager.get(reverse("www:arrears_export", args=["xlsx"])).content
    sheet = load_workbook(BytesIO(xlsx)).active
    headings = [cell.value for cell in sheet[2]]
    row = dict(zip(headings, sheet[3], strict=True))
    debt = row["Dette du ménage (€)"]
    assert (debt.value, debt.number_format) == (400.0, "#,##0.00 €")
    assert row["Mois de dette"].number_format == "0.0" and row["Référence"].number_format == "General"


def test_the_rental_arrears_chart_is_in_euros(client, db):
    operator = OrganisationFactory()
    lease = LeaseFactory(stay__household__organisation=operator)
    services.post_charge(lease, EntryKind.FRAIS, Decimal("400"), date(2026, 1, 1), "Dette", acting_user=None)
    manager = member_client(client, operator, Role.RENTAL_MANAGER)
    page = manager.get(reverse("www:arrears")).content.decode()
    assert 'unit-tooltip="€"' in page
    assert f"400,00{NBSP}€" in page  # the chart's data table, in euros and cents
