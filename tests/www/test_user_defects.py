"""Defects found trying Clef as its users would (issue 7 §6), fixed with the security work."""

from datetime import date

import pytest
from django.urls import reverse

from clef.campaigns.models import Declaration
from clef.exchange.models import ImportJob
from clef.organisations.models import Role
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory


@pytest.mark.django_db
def test_the_dwelling_list_shows_the_park_by_default(director_client, operator):
    DwellingFactory(organisation=operator, address="1 rue Dedans")
    DwellingFactory(
        organisation=operator,
        address="2 rue Sortie",
        entry_date=date(2020, 1, 1),
        exit_date=date(2023, 6, 30),
        exit_reason="fin_mandat",
    )
    url = reverse("www:dwelling_list")
    default = director_client.get(url).content.decode()
    assert "1 rue Dedans" in default and "2 rue Sortie" not in default
    everything = director_client.get(url, {"park": "tous"}).content.decode()
    assert "1 rue Dedans" in everything and "2 rue Sortie" in everything
    drilled = director_client.get(url, {"sortie": "2023"}).content.decode()  # a bilan figure's link
    assert "2 rue Sortie" in drilled


@pytest.mark.django_db
def test_switching_organisation_from_a_record_page_goes_to_the_new_home(client):
    first, second = OrganisationFactory(), OrganisationFactory()
    membership = MembershipFactory(organisation=first, role=Role.SOCIAL_WORKER)
    MembershipFactory(organisation=second, role=Role.SOCIAL_WORKER, user=membership.user)
    client.force_login(membership.user)
    response = client.post(
        reverse("accounts:switch_organisation"), {"organisation": second.pk, "next": "/menages/12/modifier/"}
    )
    assert response["Location"] == "/"
    response = client.post(
        reverse("accounts:switch_organisation"), {"organisation": first.pk, "next": "/logements/"}
    )
    assert response["Location"] == "/logements/"  # a list page is kept


@pytest.mark.django_db
def test_a_validated_declaration_does_not_offer_to_validate_again(director_client, operator):
    from datetime import timedelta

    from django.utils import timezone

    from clef.campaigns import services

    state = MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR)
    campaign = services.open_campaign(
        year=2024,
        deadline=timezone.localdate() + timedelta(days=10),
        acting_user=state.user,
        organisation=state.organisation,
        region=state.organisation.region,
    )
    declaration = campaign.declarations.get(organisation=operator)
    url = reverse("www:declaration_detail", args=[declaration.pk])
    assert "Valider mes données" in director_client.get(url).content.decode()
    # Validated as the director does it (not a status faked with .update()).
    assert director_client.post(reverse("www:declaration_validate", args=[declaration.pk])).status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.VALIDATED
    assert "Valider mes données" not in director_client.get(url).content.decode()


def test_a_check_only_import_is_not_labelled_imported():
    assert (
        ImportJob(status=ImportJob.Status.DONE, dry_run=True).status_label
        == "Vérifié : rien n'a été enregistré"
    )
    assert ImportJob(status=ImportJob.Status.DONE, dry_run=False).status_label == "Importé"
