"""Browser journey of the regional security fund (axe-core on every page, tests/browser/conftest.py): an
operator's director declares a claim with a document; the fund's manager (the network's director) accepts it
and pays it, and the balance falls by the amount paid; the DREETS coordinator reads the fund and its
projection, without any form to decide."""

from datetime import date
from decimal import Decimal

import pytest

from clef.guarantees.models import FundClaim
from clef.organisations.models import Role
from tests.browser.test_journeys import login
from tests.factories.guarantees import (
    FundContributionFactory,
    FundContributorFactory,
    NetworkFactory,
    SecurityFundFactory,
)
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]


def test_a_claim_is_declared_decided_and_paid_and_the_dreets_reads_the_fund(
    live_server, page, shot, tmp_path
):
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    network = NetworkFactory(name="Fapil Auvergne-Rhône-Alpes")
    fund = SecurityFundFactory(name="Fonds régional de sécurisation IML", manager=network)
    state = FundContributorFactory(fund=fund, state=True)
    FundContributionFactory(contributor=state, received_on=date(2025, 2, 1), amount=Decimal("50000"))
    dues = FundContributorFactory(fund=fund, organisation=operator)
    FundContributionFactory(contributor=dues, received_on=date(2025, 3, 1), amount=Decimal("1500"))
    director = MembershipFactory(organisation=operator, role=Role.DIRECTOR).user
    manager = MembershipFactory(organisation=network, role=Role.DIRECTOR).user
    coordinator = MembershipFactory(
        organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR
    ).user
    quote = tmp_path / "devis.pdf"
    quote.write_bytes(b"%PDF-1.4 devis de remise en etat")

    # The operator's director declares the claim, with its quote.
    login(page, live_server, director.email)
    page.goto(f"{live_server.url}/fonds-de-securisation/")
    page.get_by_role("link", name="Déposer une demande").click()
    page.select_option("#id_kind", "degradations")
    page.get_by_label("Montant du sinistre (€)").fill("12 000")
    page.get_by_label("Montant demandé au fonds (€)").fill("10 000")
    page.get_by_label("Pièce justificative (PDF, JPEG ou PNG, 5 Mo au plus)").set_input_files(str(quote))
    page.get_by_label("Intitulé de la pièce").fill("Devis de remise en état")
    shot("1-demande")
    page.get_by_role("button", name="Déposer la demande").click()
    page.get_by_text("La demande est déposée auprès du fonds.").wait_for()
    claim = FundClaim.objects.get()
    assert (claim.operator, claim.amount_claimed, claim.documents.count()) == (operator, Decimal("10000"), 1)
    shot("2-demande-deposee")

    # The network's director accepts it, then pays it: the balance falls by 10 000 €.
    page.context.clear_cookies()
    login(page, live_server, manager.email)
    page.get_by_role("link", name="Fonds de sécurisation").click()
    assert page.get_by_test_id("solde").inner_text() == "51\u202f500,00\u00a0€"
    page.get_by_role("link", name="Demandes d'intervention").click()
    page.get_by_role("link", name=f"n° {claim.pk}").click()
    assert "Toit Partagé du Rhône" in page.get_by_test_id("demande").inner_text()
    page.get_by_label("Accepter").check(force=True)
    page.get_by_label("Montant accordé (€)").fill("10 000")
    shot("3-decision")
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_text("La décision est enregistrée.").wait_for()
    page.get_by_role("button", name="Enregistrer le versement").click()
    page.get_by_text("Le versement est enregistré").wait_for()
    assert page.get_by_test_id("statut").inner_text().lower() == "versée"  # a DSFR badge: upper case
    page.get_by_role("link", name="Vue d'ensemble").click()
    assert page.get_by_test_id("solde").inner_text() == "41\u202f500,00\u00a0€"
    shot("4-solde-apres-versement")

    # The DREETS coordinator reads the fund and tries a scenario; nothing to decide.
    page.context.clear_cookies()
    login(page, live_server, coordinator.email)
    page.get_by_role("link", name="Fonds de sécurisation").click()
    page.get_by_text("Consultation seule.").wait_for()
    assert page.get_by_test_id("solde").inner_text() == "41\u202f500,00\u00a0€"
    page.get_by_label("Nouvelles structures par an").fill("2")
    page.get_by_label("Évolution de la sinistralité (% par an)").fill("10")
    page.get_by_role("button", name="Calculer la projection").click()
    page.get_by_test_id("projection").wait_for()
    shot("5-projection-dreets")
    page.get_by_role("link", name="Demandes d'intervention").click()
    page.get_by_role("link", name=f"n° {claim.pk}").click()
    assert page.get_by_role("button", name="Enregistrer la décision").count() == 0
    assert page.get_by_role("button", name="Enregistrer le versement").count() == 0


def test_a_rental_manager_records_a_visale_guarantee_and_declares_the_unpaid(live_server, page, shot):
    from tests.factories.rental import LeaseFactory, LedgerEntryFactory

    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    lease = LeaseFactory(
        stay__household__organisation=operator, mandate=True, tiers_payant=True, benefit_status="en_retard"
    )
    for day in (date(2026, 9, 5), date(2026, 10, 5)):
        LedgerEntryFactory(
            lease=lease,
            booked_on=day,
            period=day.replace(day=1),
            amount=Decimal("650"),
            benefit_expected=Decimal("300"),
        )
    manager = MembershipFactory(organisation=operator, role=Role.RENTAL_MANAGER).user

    login(page, live_server, manager.email)
    page.goto(f"{live_server.url}/gestion-locative/visale/")
    page.get_by_role("link", name="Enregistrer une garantie").click()
    page.select_option("#id_lease", str(lease.pk))
    page.get_by_label("Numéro du contrat de cautionnement Visale").fill("V2026-0042")
    page.select_option("#id_variant", "intermediation_locative")
    page.get_by_label("En vigueur depuis le").fill("2026-01-01")
    shot("visale-1-garantie")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("La garantie Visale est enregistrée.").wait_for()
    due = page.get_by_test_id("a-declarer").inner_text()
    # Balance 1 300, of which 600 still expected from the late CAF: the household's own unpaid is 700.
    assert "versement en retard 600,00\u00a0€ attendus" in due.lower() and "700,00\u00a0€" in due
    shot("visale-2-a-declarer")
    page.get_by_test_id("a-declarer").get_by_role("link", name="Déclarer").click()
    page.get_by_label("Mensualités").fill("2")
    page.get_by_label("Montant déclaré (€)").fill("700")
    page.get_by_role("button", name="Enregistrer la déclaration").click()
    page.get_by_text("Le sinistre est enregistré comme déclaré à Visale.").wait_for()
    assert "Aucun impayé à déclarer" in page.content()
    shot("visale-3-declare")
