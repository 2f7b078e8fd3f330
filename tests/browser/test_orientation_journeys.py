"""Browser journeys of the SIAO orientation (axe-core on every page, tests/browser/conftest.py): a dwelling
made available, a SIAO proposal, the commission's acceptance and the entry without retyping; a household
that declines a first proposal, is proposed elsewhere from it (pre-filled form), then accepts the second one
(the refusal changes nothing)."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from clef.households.enums import Composition, Sex
from clef.organisations.models import Role
from clef.orientation import services
from clef.orientation.enums import AvailabilityStatus, Decision
from clef.orientation.models import Availability, EntryChoice, Proposal
from tests.browser.test_journeys import login
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]


def _switch(page, live_server, email):
    page.context.clear_cookies()
    login(page, live_server, email)


def _world():
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    siao = OrganisationFactory(siao=True, name="SIAO du Rhône")
    members = {
        role: MembershipFactory(organisation=operator, role=role).user
        for role in (Role.CAPTATION_OFFICER, Role.SOCIAL_WORKER)
    }
    agent = MembershipFactory(organisation=siao, role=Role.SIAO_AGENT).user
    return operator, siao, members, agent


def _propose_in_the_form(page, first_name: str) -> None:
    page.get_by_role("link", name="Proposer un candidat").click()
    page.fill("#id_first_name", first_name)
    page.fill("#id_last_name", "Diallo")
    page.fill("#id_birth_date", "1990-02-03")
    page.select_option("#id_sex", "F")
    page.select_option("#id_composition", "famille_monoparentale")
    page.fill("#id_monthly_resources", "1100,50")
    page.select_option("#id_main_resource", "rsa")
    page.select_option("#id_prior_situation", "hotel")
    page.select_option("#id_urgency", "elevee")
    page.fill("#id_situation", "Hébergée à l'hôtel avec son fils depuis huit mois.")
    page.select_option("#id_membres-0-role", "enfant")
    page.fill("#id_membres-0-first_name", "Moussa")
    page.select_option("#id_membres-0-sex", "M")
    page.fill("#id_membres-0-birth_date", "2016-09-01")
    page.get_by_role("button", name="Ajouter une personne").click()  # the household form's mechanism
    page.select_option("#id_membres-1-role", "enfant")
    page.fill("#id_membres-1-first_name", "Inès")
    page.select_option("#id_membres-1-sex", "F")
    page.fill("#id_membres-1-birth_date", "2019-04-12")
    page.select_option("#id_souhaits-typology_min", "T2")
    page.select_option("#id_souhaits-environment", "urbain")
    page.locator("#id_souhaits-near_school").check(force=True)
    page.get_by_role("button", name="Proposer ce candidat").click()
    page.get_by_text("Le candidat est proposé à la structure.").wait_for()


def _accept(page) -> None:
    page.get_by_role("link", name="Enregistrer la décision").click()
    page.locator("input[name='decision'][value='accepted']").check(force=True)
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_text("Décision enregistrée : acceptée.").wait_for()


def test_siao_proposal_commission_acceptance_and_entry_without_retyping(live_server, page, shot):
    operator, siao, members, agent = _world()
    DwellingFactory(
        organisation=operator, address="8 rue des Capucins", places=3, entry_date=date(2020, 1, 1)
    )

    login(page, live_server, members[Role.CAPTATION_OFFICER].email)
    page.get_by_role("link", name="Orientations").first.click()
    page.get_by_role("link", name="Mettre un logement à disposition").click()
    page.select_option("#id_dwelling", index=1)
    page.fill("#id_places", "3")
    page.fill("#id_rent_total", "520")
    page.fill("#id_household_share", "180")
    shot("1-mise-a-disposition")
    page.get_by_role("button", name="Mettre à disposition").click()
    page.get_by_text("Le logement est mis à disposition de « SIAO du Rhône ».").wait_for()

    _switch(page, live_server, agent.email)
    page.get_by_role("link", name="Orientations").first.click()
    page.get_by_role("link", name="8 rue des Capucins").first.click()
    _propose_in_the_form(page, "Awa")
    shot("2-proposition")

    _switch(page, live_server, members[Role.SOCIAL_WORKER].email)
    page.get_by_role("link", name="Orientations").first.click()
    proposal = Proposal.objects.get()
    page.get_by_role("link", name=f"Proposition n° {proposal.pk}").click()
    assert "Awa DIALLO" in page.get_by_role("heading", level=1).inner_text()
    _accept(page)
    page.get_by_role("link", name="Enregistrer l'entrée").click()
    page.fill("#id_entry_date", timezone.localdate().isoformat())
    page.locator("input[name='visited_before_signing'][value='oui']").check(force=True)
    page.locator("input[name='alternative_offered'][value='non']").check(force=True)
    shot("3-entree")
    page.get_by_role("button", name="Enregistrer l'entrée").click()
    page.get_by_text("L'entrée du ménage est enregistrée.").wait_for()

    # The household file shows the summary's names: nobody typed them again.
    assert "Awa DIALLO" in page.get_by_role("heading", level=1).inner_text()
    assert "Moussa" in page.get_by_role("table", name="Membres du ménage").inner_text()
    assert "Inès" in page.get_by_role("table", name="Membres du ménage").inner_text()
    panel = page.get_by_test_id("panneau-orientation")
    panel.scroll_into_view_if_needed()
    shot("4-dossier-du-menage")
    assert "visite avant de signer — oui" in panel.inner_text()
    assert "autre proposition faite — non" in panel.inner_text()
    assert Availability.objects.get().status == AvailabilityStatus.FILLED
    choice = EntryChoice.objects.get()
    assert (choice.visited_before_signing, choice.alternative_offered) == (True, False)

    _switch(page, live_server, agent.email)
    page.get_by_role("link", name="Orientations").first.click()
    row = page.get_by_test_id("propositions").get_by_role("row").nth(1)
    assert "Acceptée" in row.inner_text() and timezone.localdate().strftime("%d/%m/%Y") in row.inner_text()


def test_a_household_declines_then_accepts_a_second_proposal(live_server, page, shot):
    operator, siao, members, agent = _world()
    first_dwelling = DwellingFactory(organisation=operator, address="3 place Bellecour", places=3)
    DwellingFactory(organisation=operator, address="12 rue Garibaldi", places=3)
    user = members[Role.CAPTATION_OFFICER]
    today = timezone.localdate()
    first = services.make_available(
        dwelling=first_dwelling,
        available_from=today,
        places=3,
        rent_total=Decimal("500"),
        household_share=Decimal("150"),
        acting_user=user,
    )
    services.propose(
        availability=first,
        candidate=services.Candidate(
            first_name="Awa",
            last_name="Diallo",
            birth_date=date(1990, 2, 3),
            sex=Sex.F,
            composition=Composition.PERSONNE_ISOLEE,
            monthly_resources=Decimal("900"),
        ),
        wishes=None,
        on=today,
        acting_user=agent,
    )

    login(page, live_server, members[Role.SOCIAL_WORKER].email)
    page.get_by_role("link", name="Orientations").first.click()
    page.get_by_role("link", name=f"Proposition n° {Proposal.objects.get().pk}").click()
    page.get_by_role("link", name="Enregistrer la décision").click()
    page.locator("input[name='decision'][value='declined']").check(force=True)
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_text("Indiquez la raison donnée par le ménage").first.wait_for()  # French error, no 500
    page.locator("input[name='decision'][value='declined']").check(force=True)
    page.fill("#id_household_reason", "Trop loin de l'école du fils")
    shot("1-refus-du-menage")
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_text("Décision enregistrée : déclinée par le ménage.").wait_for()
    assert "Le ménage refuse" in page.get_by_test_id("suite").inner_text()

    page.context.clear_cookies()
    login(page, live_server, members[Role.CAPTATION_OFFICER].email)
    page.get_by_role("link", name="Orientations").first.click()
    page.get_by_role("link", name="Mettre un logement à disposition").click()
    page.select_option(
        "#id_dwelling",
        label=next(o for o in page.locator("#id_dwelling option").all_inner_texts() if "Garibaldi" in o),
    )
    page.fill("#id_places", "3")
    page.fill("#id_rent_total", "480")
    page.fill("#id_household_share", "140")
    page.get_by_role("button", name="Mettre à disposition").click()
    page.get_by_text("Le logement est mis à disposition").wait_for()

    # The SIAO proposes the same household elsewhere from the declined proposal: nothing typed again.
    _switch(page, live_server, agent.email)
    page.get_by_role("link", name="Orientations").first.click()
    page.get_by_role("link", name=f"Proposition n° {Proposal.objects.get().pk}").click()
    assert "3 place Bellecour" in page.get_by_test_id("logement").inner_text()
    page.get_by_role("link", name="Proposer ce ménage sur 12 rue Garibaldi").click()
    assert page.locator("#id_first_name").input_value() == "Awa"
    assert page.locator("#id_composition").input_value() == "personne_isolee"
    shot("2-seconde-proposition")
    page.get_by_role("button", name="Proposer ce candidat").click()
    page.get_by_text("Le candidat est proposé à la structure.").wait_for()

    _switch(page, live_server, members[Role.SOCIAL_WORKER].email)
    page.get_by_role("link", name="Orientations").first.click()
    second = Proposal.objects.get(availability__dwelling__address="12 rue Garibaldi")
    page.get_by_role("link", name=f"Proposition n° {second.pk}").click()
    _accept(page)
    shot("3-seconde-acceptee")
    second.refresh_from_db()
    assert second.decision == Decision.ACCEPTED and second.household is not None
    first_proposal = Proposal.objects.get(availability=first)
    assert (first_proposal.decision, first_proposal.household_reason) == (
        Decision.DECLINED,
        "Trop loin de l'école du fils",
    )
