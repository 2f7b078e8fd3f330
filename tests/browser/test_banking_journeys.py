"""Browser journey of the bank statements (axe-core on every page, tests/browser/conftest.py): a rental
manager imports a CSV statement, sees three lines matched (reference, CAF amount, name and amount), one
queued and one debit ignored; assigns the queued line to the right household; the household's balance on
its ledger page moves by the amount; then puts the line back in the queue (« Remettre à traiter »): the
payment is counter-passed and the balance is back to zero."""

from decimal import Decimal

import pytest

from clef.banking.enums import LineStatus
from clef.banking.models import BankLine
from clef.organisations.models import Role
from clef.rental.queries import balance
from tests.banking.conftest import make_lease, statement_csv
from tests.browser.test_journeys import login
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]


def test_a_rental_manager_imports_a_statement_and_assigns_a_queued_line(live_server, page, shot, tmp_path):
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    leases = {
        "martin": make_lease(operator, "Martin"),
        "petit": make_lease(operator, "Petit", tiers_payant=True),
        "durand": make_lease(operator, "Durand"),
        "bernard1": make_lease(operator, "Bernard", rent=Decimal("300.00")),
        "bernard2": make_lease(operator, "Bernard", rent=Decimal("300.00")),
    }
    csv_file = tmp_path / "releve-mars-2026.csv"
    csv_file.write_bytes(statement_csv(leases))
    user = MembershipFactory(organisation=operator, role=Role.RENTAL_MANAGER).user
    login(page, live_server, user.email)

    page.goto(f"{live_server.url}/gestion-locative/releves/")
    shot("1-releves")
    page.get_by_label("Relevé bancaire (CSV ou CAMT.053)").set_input_files(str(csv_file))
    page.get_by_role("button", name="Importer et rapprocher").click()
    page.get_by_text(
        "releve-mars-2026.csv : 5 lignes, 3 rapprochées, 1 à traiter, 1 ignorée (débits)."
    ).wait_for()
    lines = page.get_by_test_id("lignes")
    assert lines.locator("tbody tr").filter(has_text="Rapprochée").count() == 3
    assert (
        lines.locator("tbody tr").filter(has_text="M. MARTIN PAUL").filter(has_text="référence").count() == 1
    )
    assert lines.get_by_text("2 ménages de ce nom doivent ce montant chaque mois").count() == 1
    shot("2-releve-importe")

    page.get_by_role("link", name="Lignes à traiter").click()
    page.get_by_text("1 ligne à traiter").wait_for()
    shot("3-a-traiter")
    page.get_by_test_id("lignes").get_by_role("link").first.click()
    bernard = leases["bernard2"]
    page.get_by_label("Titre d'occupation du ménage").select_option(str(bernard.pk))
    shot("4-affectation")
    page.get_by_role("button", name="Inscrire le paiement").click()
    page.get_by_text(f"Paiement inscrit au compte {bernard.payment_reference}").wait_for()
    assert BankLine.objects.get(line_number=5).status == LineStatus.RAPPROCHEE
    assert balance(bernard) == Decimal("-350.00")

    page.get_by_role("link", name="voir le compte").click()
    page.wait_for_url(f"{live_server.url}/gestion-locative/comptes/{bernard.pk}/")
    page.get_by_text("-350,00").first.wait_for()  # the household's balance: 0 before, a credit of 350 € now
    shot("5-compte-du-menage")

    line = BankLine.objects.get(line_number=5)
    page.goto(f"{live_server.url}{line.get_absolute_url()}")
    page.get_by_label("Motif").fill("Affectée au mauvais ménage Bernard")
    shot("6-remettre-a-traiter")
    page.get_by_role("button", name="Remettre à traiter").click()
    page.get_by_text(f"le paiement est contre-passé sur le compte {bernard.payment_reference}").wait_for()
    assert BankLine.objects.get(pk=line.pk).status == LineStatus.A_TRAITER
    assert balance(bernard) == Decimal("0.00")
    page.get_by_role("button", name="Inscrire le paiement").wait_for()  # the line can be assigned again
    shot("7-ligne-remise-a-traiter")
