import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clef.organisations.models import Membership, Organisation, Role
from tests.factories.organisations import MembershipFactory, OrganisationFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("1234", "14 chiffres"),
        ("7356 8004 8000 1A", "que des chiffres"),
        ("73282932000075", "clé de contrôle"),
    ],
)
def test_invalid_siret_is_refused(siret, message):
    organisation = Organisation(kind="operator", name="X", siret=siret)
    with pytest.raises(ValidationError, match=message):
        organisation.full_clean()


@pytest.mark.django_db
def test_valid_siret_is_normalised():
    organisation = Organisation(kind="operator", name="X", siret="732 829 320 00074")
    organisation.full_clean()
    assert organisation.siret == "73282932000074"


@pytest.mark.django_db
def test_carte_pro_only_for_operators_and_role_must_fit_the_kind():
    with pytest.raises(ValidationError, match="structures agréées"):
        Organisation(kind="siao", name="SIAO", carte_pro_number="CPI 123").full_clean()
    siao = OrganisationFactory(siao=True)
    with pytest.raises(ValidationError, match="Ce rôle n'existe pas"):
        MembershipFactory.build(organisation=siao, role=Role.SOCIAL_WORKER).clean()


@pytest.mark.django_db
def test_a_user_switches_between_organisations(client):
    first = MembershipFactory(organisation=OrganisationFactory(name="A"), role=Role.DIRECTOR)
    second = Membership.objects.create(
        user=first.user, organisation=OrganisationFactory(name="B"), role=Role.READ_ONLY
    )
    client.force_login(first.user)
    assert "<h1>Tableau de bord — A" in client.get("/").content.decode()
    response = client.post(
        reverse("accounts:switch_organisation"), {"organisation": second.organisation_id, "next": "/"}
    )
    assert response.status_code == 302
    assert "<h1>Tableau de bord — B" in client.get("/").content.decode()
    # Not a member: refused, current organisation unchanged.
    stranger = OrganisationFactory(name="C")
    assert (
        client.post(reverse("accounts:switch_organisation"), {"organisation": stranger.pk}).status_code == 404
    )
    assert client.post(reverse("accounts:switch_organisation"), {"organisation": "abc"}).status_code == 404
    assert "<h1>Tableau de bord — B" in client.get("/").content.decode()
