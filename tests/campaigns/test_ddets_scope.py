"""A DDETS oversees its department, not the region (issue 6 §2): bilan, campaigns, declarations, reopen,
upload, reminders. Exit categorisation schemes: DREETS coordinators and the platform administrator."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clef.campaigns import services
from clef.campaigns.models import Campaign, Declaration
from clef.organisations.models import Role
from clef.organisations.perms import Oversight, oversight
from clef.referential.models import ExitScheme
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory


@pytest.fixture
def region(db):
    dreets = MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR)
    ddets = MembershipFactory(organisation=OrganisationFactory(ddets=True), role=Role.STATE_COORDINATOR)
    rhone = OrganisationFactory(name="Structure du Rhône", head_office_department_id="69")
    isere = OrganisationFactory(name="Structure de l'Isère", head_office_department_id="38")
    for operator, email in ((rhone, "direction@rhone.test"), (isere, "direction@isere.test")):
        MembershipFactory(organisation=operator, role=Role.DIRECTOR, user__email=email)
        for _ in range(6):
            StayFactory(household__organisation=operator, entry_date=date(2023, 1, 1))
    campaign = services.open_campaign(
        year=2024,
        deadline=timezone.localdate() + timedelta(days=30),
        acting_user=dreets.user,
        organisation=dreets.organisation,
        region=dreets.organisation.region,
    )
    return {"dreets": dreets, "ddets": ddets, "rhone": rhone, "isere": isere, "campaign": campaign}


def login(client, membership):
    client.force_login(membership.user)
    return client


@pytest.mark.django_db
def test_oversight_is_the_department_for_a_ddets_and_the_region_for_a_dreets(region):
    assert oversight(region["ddets"]) == Oversight("departement", "69")
    assert oversight(region["dreets"]) == Oversight("region", "84")
    assert list(oversight(region["ddets"]).operators()) == [region["rhone"]]


@pytest.mark.django_db
def test_a_state_service_without_competence_oversees_nothing(client, region):
    """Fails closed: a DDETS whose competence was left blank must not get the whole region."""
    from clef.organisations.models import Organisation

    Organisation.objects.filter(pk=region["ddets"].organisation_id).update(competence="")
    region["ddets"].organisation.refresh_from_db()
    assert oversight(region["ddets"]) is None
    login(client, region["ddets"])
    assert client.get(reverse("www:bilan")).status_code == 403


@pytest.mark.django_db
def test_a_ddets_sees_the_bilan_of_its_department_only(client, region):
    login(client, region["ddets"])
    page = client.get(reverse("www:bilan"))
    assert page.status_code == 200 and " — Rhône (69)</h1>" in page.content.decode()  # its department
    for outside in ("region:84", "departement:38", f"structure:{region['isere'].pk}", "departement:75"):
        assert client.get(reverse("www:bilan"), {"perimetre": outside}).status_code == 404, outside
        export = client.get(reverse("www:bilan_export"), {"perimetre": outside, "format": "json"})
        assert export.status_code == 404, outside
    assert (
        client.get(reverse("www:bilan"), {"perimetre": f"structure:{region['rhone'].pk}"}).status_code == 200
    )
    # The perimeter selector offers its department and its operators only.
    content = page.content.decode()
    assert "Structure du Rhône" in content and "Structure de l&#x27;Isère" not in content


@pytest.mark.django_db
def test_a_dreets_still_sees_its_whole_region(client, region):
    login(client, region["dreets"])
    assert client.get(reverse("www:bilan"), {"perimetre": "departement:38"}).status_code == 200
    assert client.get(reverse("www:bilan"), {"perimetre": "departement:75"}).status_code == 404


@pytest.mark.django_db
def test_a_ddets_sees_only_its_department_s_declarations_of_a_regional_campaign(client, region):
    login(client, region["ddets"])
    campaign = region["campaign"]
    page = client.get(reverse("www:campaign_detail", args=[campaign.pk])).content.decode()
    assert "Structure du Rhône" in page and "Isère" not in page
    assert "vous voyez les déclarations et les chiffres des structures de votre département" in page
    isere = Declaration.objects.get(campaign=campaign, organisation=region["isere"])
    isere.status = Declaration.Status.VALIDATED
    isere.save()
    for name in ("declaration_detail", "declaration_upload"):
        assert client.get(reverse(f"www:{name}", args=[isere.pk])).status_code == 404, name
    assert client.post(reverse("www:declaration_reopen", args=[isere.pk])).status_code == 404
    isere.refresh_from_db()
    assert isere.status == Declaration.Status.VALIDATED
    rhone = Declaration.objects.get(campaign=campaign, organisation=region["rhone"])
    assert client.get(reverse("www:declaration_detail", args=[rhone.pk])).status_code == 200


@pytest.mark.django_db
def test_a_ddets_reminds_only_its_department_s_operators(client, region):
    login(client, region["ddets"])
    client.post(reverse("www:campaign_remind", args=[region["campaign"].pk]))
    assert [m.to for m in mail.outbox] == [["direction@rhone.test"]]


@pytest.mark.django_db
def test_a_ddets_opens_campaigns_for_its_department_only(client, region):
    login(client, region["ddets"])
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    refused = client.post(
        reverse("www:campaign_list"), {"year": 2023, "department": "", "deadline": deadline}
    )
    assert refused.status_code == 400
    refused = client.post(
        reverse("www:campaign_list"), {"year": 2023, "department": "38", "deadline": deadline}
    )
    assert refused.status_code == 400
    accepted = client.post(
        reverse("www:campaign_list"), {"year": 2023, "department": "69", "deadline": deadline}
    )
    assert accepted.status_code == 302
    campaign = Campaign.objects.get(department_id="69")
    assert [d.organisation for d in campaign.declarations.all()] == [region["rhone"]]
    # It does not see the campaigns of another department.
    other = Campaign.objects.create(
        year=2024,
        deadline=timezone.localdate(),
        department_id="38",
        opened_by=region["dreets"].user,
        opened_from=region["dreets"].organisation,
    )
    assert client.get(reverse("www:campaign_detail", args=[other.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "allowed"),
    [("dreets", True), ("admin", True), ("ddets", False), ("read_only", False), ("director", False)],
)
def test_only_regional_coordinators_and_the_platform_admin_add_exit_schemes(client, region, who, allowed):
    members = {
        "dreets": region["dreets"],
        "ddets": region["ddets"],
        "admin": MembershipFactory(organisation=region["dreets"].organisation, role=Role.PLATFORM_ADMIN),
        "read_only": MembershipFactory(organisation=region["dreets"].organisation, role=Role.READ_ONLY),
        "director": MembershipFactory(organisation=region["rhone"], role=Role.DIRECTOR),
    }
    login(client, members[who])
    from clef.stays.enums import EXIT_DESTINATIONS

    data = {"name": f"Schéma {who}", **{f"d_{d.value}": "Catégorie" for d in EXIT_DESTINATIONS}}
    response = client.post(reverse("www:scheme_create"), data)
    assert (response.status_code == 302) is allowed
    assert ExitScheme.objects.filter(name=f"Schéma {who}").exists() is allowed
    if not allowed:
        assert response.status_code == 403


@pytest.mark.django_db
def test_a_second_collection_of_the_same_year_over_the_same_operators_is_refused(client, region):
    """Found by the probe: a second 2025 regional collection gave every operator two declarations."""
    login(client, region["dreets"])
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    for department in ("", "69"):  # the region again, or one of its departments
        response = client.post(
            reverse("www:campaign_list"), {"year": 2024, "department": department, "deadline": deadline}
        )
        assert response.status_code == 400
        assert "Une collecte 2024 couvre déjà ces structures" in response.content.decode()
    assert Campaign.objects.count() == 1
    assert Declaration.objects.filter(organisation=region["rhone"]).count() == 1
    far = client.post(
        reverse("www:campaign_list"), {"year": 2023, "department": "", "deadline": "9999-12-31"}
    )
    assert far.status_code == 400 and not Campaign.objects.filter(year=2023).exists()


@pytest.mark.django_db
def test_reminders_with_the_mail_server_down_say_so_and_count_nothing(client, region, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    login(client, region["dreets"])
    client.raise_request_exception = False
    response = client.post(reverse("www:campaign_remind", args=[region["campaign"].pk]), follow=True)
    assert response.status_code == 200
    assert "le serveur de courriel ne répond pas" in response.content.decode()
    assert not Declaration.objects.filter(reminders__gt=0).exists()


@pytest.mark.django_db
def test_reminders_name_the_structures_nobody_could_be_written_to(client, region):
    """Found trying Clef: "2 relance(s) envoyée(s)" while 97 structures were still expected."""
    silent = OrganisationFactory(name="Structure sans direction", head_office_department_id="01")
    Declaration.objects.create(campaign=region["campaign"], organisation=silent)
    login(client, region["dreets"])
    page = client.post(
        reverse("www:campaign_remind", args=[region["campaign"].pk]), follow=True
    ).content.decode()
    assert "2 relance(s) envoyée(s)" in page
    assert (
        "1 structure(s) attendue(s) n&#x27;ont reçu aucune relance" in page
        and "Structure sans direction" in page
    )


@pytest.mark.django_db
def test_reminders_cost_a_constant_number_of_queries(client, region, django_assert_num_queries):
    for index in range(6):
        operator = OrganisationFactory(name=f"Structure {index}", head_office_department_id="38")
        MembershipFactory(organisation=operator, role=Role.DIRECTOR, user__email=f"d{index}@isere.test")
        Declaration.objects.create(campaign=region["campaign"], organisation=operator)
    dreets = region["dreets"]
    # Two reads, then in one savepoint the one UPDATE and the one journal entry.
    with django_assert_num_queries(6):
        reminders = services.send_reminders(
            campaign=region["campaign"], acting_user=dreets.user, organisation=dreets.organisation
        )
    assert reminders.sent == 8
    assert set(Declaration.objects.values_list("reminders", flat=True)) == {1}
