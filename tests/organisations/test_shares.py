"""Records shared between organisations: the one sharing rule (perms.share_rights), its services
(journaled, revocable) and the register's access helpers going through it."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clef.households.models import Household
from clef.journal.models import AccessLogEntry, JournalEntry
from clef.organisations import perms
from clef.organisations.models import Role, Share
from clef.organisations.services import revoke_share, share_record
from tests.conftest import member_client
from tests.factories.accounts import UserFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory

TODAY = timezone.localdate()
VIEW, SUPPORT = Share.Access.VIEW, Share.Access.SUPPORT


@pytest.fixture
def owned(operator):
    """A household of the operator, living in one of its dwellings."""
    return StayFactory(household__organisation=operator, entry_date=date(2023, 1, 1))


@pytest.fixture
def partner(db):
    return OrganisationFactory(name="Partenaire (test)")


def share(stay, partner, access=SUPPORT, **dates):
    dates.setdefault("starts_on", TODAY - timedelta(days=30))
    return share_record(
        record=stay.household,
        partner=partner,
        access=access,
        reason="Accompagnement social par le partenaire",
        acting_user=UserFactory(),
        **dates,
    )


# --- The rule -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "role", "access", "expected"),
    [
        ("operator", Role.SOCIAL_WORKER, SUPPORT, (True, True, False)),
        ("operator", Role.DIRECTOR, SUPPORT, (True, True, False)),
        ("operator", Role.RENTAL_MANAGER, SUPPORT, (True, False, False)),
        ("operator", Role.READ_ONLY, SUPPORT, (True, False, False)),
        ("operator", Role.SOCIAL_WORKER, VIEW, (True, False, False)),
        ("siao", Role.SIAO_AGENT, VIEW, (True, False, False)),
        ("siao", Role.SIAO_AGENT, SUPPORT, (True, False, False)),
        ("siao", Role.READ_ONLY, VIEW, (False, False, False)),
        ("state", Role.STATE_COORDINATOR, SUPPORT, (False, False, False)),
        ("state", Role.PLATFORM_ADMIN, VIEW, (False, False, False)),
        ("captation_platform", Role.DIRECTOR, SUPPORT, (False, False, False)),
        ("operator", Role.SOCIAL_WORKER, None, (False, False, False)),
    ],
)
def test_share_rights_by_kind_role_and_access(kind, role, access, expected):
    membership = MembershipFactory.build(organisation=OrganisationFactory.build(kind=kind), role=role)
    rights = perms.share_rights(membership, access)
    assert (rights.view, rights.edit, rights.stays) == expected
    assert rights.share == (access if expected[0] else None)


def test_no_membership_has_no_right():
    assert perms.share_rights(None, SUPPORT) == perms.NO_RIGHTS


@pytest.mark.django_db
def test_shares_in_force_exclude_revoked_expired_and_future_ones(owned, partner):
    in_force = share(owned, partner)
    share(owned, partner, starts_on=TODAY - timedelta(days=10), ends_on=TODAY - timedelta(days=1))
    share(owned, partner, starts_on=TODAY + timedelta(days=1))
    revoke_share(share=share(owned, partner), acting_user=UserFactory())
    membership = MembershipFactory(organisation=partner, role=Role.SOCIAL_WORKER)
    assert list(perms.shares_in_force(membership, Household, on=TODAY)) == [in_force]
    last_day = share(owned, partner, starts_on=TODAY - timedelta(days=3), ends_on=TODAY)
    assert last_day in perms.shares_in_force(membership, Household, on=TODAY)  # the end day is included


# --- Services -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sharing_and_revoking_are_journaled_in_the_owners_journal(owned, partner):
    created = share(owned, partner)
    entry = JournalEntry.objects.get(content_type__model="share")
    assert entry.organisation_id == owned.organisation_id
    assert entry.household_id == owned.household_id
    assert entry.action == JournalEntry.Action.CREATE
    revoker = UserFactory()
    revoke_share(share=created, acting_user=revoker)
    revoked = JournalEntry.objects.filter(content_type__model="share").latest("pk")
    assert revoked.action == JournalEntry.Action.UPDATE and revoked.actor == revoker
    created.refresh_from_db()
    assert created.revoked_at is not None and created.revoked_by == revoker


@pytest.mark.django_db
def test_a_share_is_revoked_once(owned, partner):
    created = share(owned, partner)
    revoke_share(share=created, acting_user=UserFactory())
    with pytest.raises(ValidationError, match="déjà révoqué"):
        revoke_share(share=created, acting_user=UserFactory())


@pytest.mark.django_db
def test_a_record_is_not_shared_with_its_own_organisation_nor_ends_before_it_starts(owned, partner):
    with pytest.raises(ValidationError, match="propre organisation"):
        share(owned, owned.organisation)
    with pytest.raises(ValidationError):
        share(owned, partner, starts_on=TODAY, ends_on=TODAY - timedelta(days=1))
    assert not Share.objects.exists()
    assert not JournalEntry.objects.filter(content_type__model="share").exists()


# --- Through the register's pages -----------------------------------------------------------------------


def _as_sent(form, formset) -> dict:
    """What a browser sends back for an edit form shown and not changed."""
    data = {}
    for each in [form, formset.management_form, *formset.forms]:
        for field in each:
            value = field.value()
            if isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            elif value is not None:
                data[field.html_name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def _partner_client(client, partner, role=Role.SOCIAL_WORKER):
    return member_client(client, partner, role)


@pytest.mark.django_db
def test_a_partner_with_a_support_share_sees_and_edits_the_household_but_nothing_else(client, owned, partner):
    share(owned, partner, access=SUPPORT)
    partner_client = _partner_client(client, partner)
    household = owned.household
    detail = partner_client.get(reverse("www:household_detail", args=[household.pk]))
    assert detail.status_code == 200
    assert detail.context["rights"] == perms.RecordRights(view=True, edit=True, stays=False, share=SUPPORT)
    page = detail.content.decode()
    assert f"Dossier de {owned.organisation.name}, partagé avec votre structure" in page
    assert reverse("www:household_edit", args=[household.pk]) in page
    assert reverse("www:dwelling_detail", args=[owned.dwelling_id]) not in page  # the owner's dwelling
    assert reverse("www:stay_end", args=[owned.pk]) not in page
    assert partner_client.get(reverse("www:household_edit", args=[household.pk])).status_code == 200
    assert partner_client.get(reverse("www:stay_enter", args=[household.pk])).status_code == 403
    assert partner_client.get(reverse("www:stay_end", args=[owned.pk])).status_code == 404
    assert partner_client.get(reverse("www:stay_move", args=[owned.pk])).status_code == 404
    assert partner_client.get(reverse("www:dwelling_detail", args=[owned.dwelling_id])).status_code == 404
    other = HouseholdFactory(organisation=owned.organisation)  # not shared
    assert partner_client.get(reverse("www:household_detail", args=[other.pk])).status_code == 404


@pytest.mark.django_db
def test_a_partners_edit_is_journaled_in_the_owners_journal_with_the_partners_user(client, owned, partner):
    share(owned, partner, access=SUPPORT)
    partner_client = _partner_client(client, partner)
    household = owned.household
    shown = partner_client.get(reverse("www:household_edit", args=[household.pk])).context
    data = _as_sent(shown["form"], shown["formset"])
    data["prior_situation"] = "hotel"
    response = partner_client.post(reverse("www:household_edit", args=[household.pk]), data)
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.prior_situation == "hotel"
    entry = JournalEntry.objects.filter(content_type__model="household", household_id=household.pk).latest(
        "pk"
    )
    assert entry.organisation_id == owned.organisation_id
    assert entry.actor == partner_client.membership.user


@pytest.mark.django_db
def test_a_view_share_shows_the_household_without_modification(client, owned, partner):
    share(owned, partner, access=VIEW)
    partner_client = _partner_client(client, partner, Role.DIRECTOR)
    household = owned.household
    detail = partner_client.get(reverse("www:household_detail", args=[household.pk]))
    assert detail.status_code == 200
    assert reverse("www:household_edit", args=[household.pk]) not in detail.content.decode()
    assert partner_client.get(reverse("www:household_edit", args=[household.pk])).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["revoked", "expired", "future"])
def test_a_share_no_longer_or_not_yet_in_force_answers_404(client, owned, partner, state):
    if state == "revoked":
        revoke_share(share=share(owned, partner), acting_user=UserFactory())
    elif state == "expired":
        share(owned, partner, starts_on=TODAY - timedelta(days=10), ends_on=TODAY - timedelta(days=1))
    else:
        share(owned, partner, starts_on=TODAY + timedelta(days=1))
    partner_client = _partner_client(client, partner)
    for name in ("household_detail", "household_edit", "stay_enter"):
        assert partner_client.get(reverse(f"www:{name}", args=[owned.household_id])).status_code == 404
    assert owned.household.reference_person.last_name.upper() not in (
        partner_client.get(reverse("www:household_list")).content.decode()
    )


@pytest.mark.django_db
def test_a_share_with_one_partner_shows_nothing_to_a_third_organisation(client, owned, partner):
    share(owned, partner)
    third = member_client(client, OrganisationFactory(), Role.DIRECTOR)
    assert third.get(reverse("www:household_detail", args=[owned.household_id])).status_code == 404


@pytest.mark.django_db
def test_a_siao_sees_a_household_shared_with_it_and_a_state_service_never(client, owned):
    siao = OrganisationFactory(siao=True)
    share(owned, siao, access=VIEW)
    siao_client = member_client(client, siao, Role.SIAO_AGENT)
    assert siao_client.get(reverse("www:household_detail", args=[owned.household_id])).status_code == 200
    state = OrganisationFactory(state=True)
    share(owned, state, access=VIEW)
    state_client = member_client(client, state, Role.STATE_COORDINATOR)
    assert state_client.get(reverse("www:household_detail", args=[owned.household_id])).status_code == 404


@pytest.mark.django_db
def test_the_partners_household_list_shows_the_shared_households_and_traces_them(client, owned, partner):
    share(owned, partner)
    partner_client = _partner_client(client, partner)
    response = partner_client.get(reverse("www:household_list"))
    assert response.status_code == 200
    assert [h.pk for h in response.context["shared"]] == [owned.household_id]
    assert owned.household.reference_person.last_name.upper() in response.content.decode()
    logged = AccessLogEntry.objects.filter(
        user=partner_client.membership.user, household_id=owned.household_id
    )
    assert logged.count() == 1
