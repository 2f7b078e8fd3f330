from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from clef.bilan.indicators import Perimeter, compute
from clef.campaigns import services
from clef.campaigns.models import Campaign, Declaration, Submission
from clef.organisations.models import Role
from clef.utils.models import AppendOnlyError
from tests.exchange.test_import_export import VALID
from tests.exchange.test_web_import import workbook
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory


@pytest.fixture
def setup(db):
    state = OrganisationFactory(state=True, region_id="84")
    coordinator = MembershipFactory(organisation=state, role=Role.STATE_COORDINATOR)
    inside = OrganisationFactory(name="Dans Clef", head_office_department_id="69")
    outside = OrganisationFactory(name="Hors Clef", head_office_department_id="38", external_id="S1")
    OrganisationFactory(name="Francilienne", head_office_department_id="75")
    director = MembershipFactory(
        organisation=inside, role=Role.DIRECTOR, user__email="direction@dans-clef.test"
    )
    MembershipFactory(organisation=outside, role=Role.DIRECTOR, user__email="direction@hors-clef.test")
    for _ in range(3):
        StayFactory(
            household__organisation=inside,
            entry_date=date(2023, 1, 1),
            exited=True,
            exit_date=date(2024, 4, 1),
        )
    return {"coordinator": coordinator, "director": director, "inside": inside, "outside": outside}


def open_campaign(client, setup, **changes):
    client.force_login(setup["coordinator"].user)
    data = {
        "year": 2024,
        "department": "",
        "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    data.update(changes)
    return client.post(reverse("www:campaign_list"), data)


@pytest.mark.django_db
def test_opening_gives_every_active_operator_of_the_region_its_declaration(client, setup):
    response = open_campaign(client, setup)
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert sorted(d.organisation.name for d in campaign.declarations.all()) == ["Dans Clef", "Hors Clef"]
    assert open_campaign(client, setup, deadline="2020-01-01").status_code == 400
    assert open_campaign(client, setup, year=2999).status_code == 400


@pytest.mark.django_db
def test_operator_validates_a_frozen_version_then_a_reopened_one(client, setup):
    open_campaign(client, setup)
    declaration = Declaration.objects.get(organisation=setup["inside"])
    client.force_login(setup["director"].user)
    page = client.get(declaration.get_absolute_url())
    assert "Valider mes données 2024" in page.content.decode()
    client.post(reverse("www:declaration_validate", args=[declaration.pk]))
    first = Submission.objects.get()
    assert first.version == 1 and first.kind == "validation"
    assert first.figures["menages.sortis"] == 3
    assert [row[0] for row in first.data["sejours"]] and first.data["structures"][0][1] == "Dans Clef"
    with pytest.raises(AppendOnlyError):
        first.delete()
    client.force_login(setup["coordinator"].user)
    client.post(reverse("www:declaration_reopen", args=[declaration.pk]))
    declaration.refresh_from_db()
    assert declaration.status == "a_faire"
    client.force_login(setup["director"].user)
    client.post(reverse("www:declaration_validate", args=[declaration.pk]))
    assert list(declaration.submissions.values_list("version", flat=True)) == [2, 1]


@pytest.mark.django_db
def test_operator_outside_clef_sends_its_file_and_errors_show_on_the_board(client, setup):
    open_campaign(client, setup)
    declaration = Declaration.objects.get(organisation=setup["outside"])
    bad = dict(VALID, logements=VALID["logements"].replace("T2,41.5", "T9,41.5"))
    client.post(
        reverse("www:declaration_upload", args=[declaration.pk]),
        {"file": SimpleUploadedFile("bilan.xlsx", workbook(bad))},
    )
    declaration.refresh_from_db()
    assert declaration.status == "erreurs"
    client.post(
        reverse("www:declaration_upload", args=[declaration.pk]),
        {"file": SimpleUploadedFile("bilan.xlsx", workbook(VALID))},
    )
    declaration.refresh_from_db()
    assert declaration.status == "validee"
    submission = declaration.submissions.get()
    assert submission.kind == "fichier" and submission.figures["parc.logements"] == 1


@pytest.mark.django_db
def test_board_reminders_and_frozen_versus_live_bilan(client, setup):
    open_campaign(client, setup, deadline=(timezone.localdate() + timedelta(days=1)).isoformat())
    campaign = Campaign.objects.get()
    board = client.get(campaign.get_absolute_url())
    assert board.context["board"] == {"a_faire": 2, "en_retard": 0, "erreurs": 0, "validee": 0}
    client.post(reverse("www:campaign_remind", args=[campaign.pk]))
    assert sorted(m.to[0] for m in mail.outbox) == ["direction@dans-clef.test", "direction@hors-clef.test"]
    assert "collecte IML 2024" in mail.outbox[0].subject
    assert Declaration.objects.filter(reminders=1).count() == 2
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    assert client.get(campaign.get_absolute_url()).context["board"]["en_retard"] == 2
    # Validate the operator working in Clef, then change its data: the frozen bilan keeps the version.
    client.force_login(setup["director"].user)
    client.post(
        reverse("www:declaration_validate", args=[Declaration.objects.get(organisation=setup["inside"]).pk])
    )
    StayFactory(household__organisation=setup["inside"], entry_date=date(2024, 6, 1))
    client.force_login(setup["coordinator"].user)
    frozen = client.get(campaign.get_absolute_url()).context
    assert frozen["board"]["validee"] == 1
    values = {text: value for section in frozen["sections"] for text, value, unit in section["rows"]}
    assert values["Sorties du dispositif dans l'année"] == 3
    assert values["Ménages présents dans l'année"] == 3
    live = client.get(campaign.get_absolute_url(), {"bilan": "direct"}).context
    live_values = {text: value for section in live["sections"] for text, value, unit in section["rows"]}
    assert live_values["Ménages présents dans l'année"] == 4
    assert compute(2024, Perimeter("region", "84"))["menages.presents"] == 4


@pytest.mark.django_db
def test_operators_cannot_open_or_see_others(client, setup):
    open_campaign(client, setup)
    client.force_login(setup["director"].user)
    assert client.get(reverse("www:campaign_detail", args=[Campaign.objects.get().pk])).status_code == 403
    other = Declaration.objects.get(organisation=setup["outside"])
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.post(reverse("www:declaration_validate", args=[other.pk])).status_code == 404
    listing = client.get(reverse("www:campaign_list"))
    assert "Déclarer ses données 2024" in listing.content.decode()


@pytest.mark.django_db
def test_campaign_board_runs_a_constant_number_of_queries(client, setup, django_assert_max_num_queries):
    for index in range(6):
        OrganisationFactory(name=f"Structure {index}", head_office_department_id="01")
    open_campaign(client, setup)
    campaign = Campaign.objects.get()
    with django_assert_max_num_queries(40) as few:
        assert client.get(campaign.get_absolute_url()).status_code == 200
    for declaration in campaign.declarations.all():
        services.freeze(declaration=declaration, acting_user=setup["coordinator"].user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(campaign.get_absolute_url()).status_code == 200
