import pytest

from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access, log_household_access
from tests.factories.accounts import UserFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_log_access_writes_one_row_per_household_in_one_query(django_assert_num_queries):
    organisation = OrganisationFactory()
    user = UserFactory()
    with django_assert_num_queries(1):
        log_access(user=user, organisation_id=organisation.pk, context="recherche", household_ids=[3, 5, 3])
    rows = AccessLogEntry.objects.order_by("household_id")
    assert [(r.household_id, r.context, r.organisation_id) for r in rows] == [
        (3, "recherche", organisation.pk),
        (5, "recherche", organisation.pk),
    ]
    assert rows[0].get_context_display() == "Recherche par nom"


def test_export_of_all_data_is_one_row_without_household():
    organisation = OrganisationFactory()
    log_access(user=UserFactory(), organisation_id=organisation.pk, context="export", household_ids=[])
    entry = AccessLogEntry.objects.get()
    assert entry.household_id is None
    assert entry.context == AccessLogEntry.Context.EXPORT


def test_search_without_result_writes_nothing(django_assert_num_queries):
    user = UserFactory()
    with django_assert_num_queries(0):
        log_access(user=user, organisation_id=1, context="recherche", household_ids=[])
    assert not AccessLogEntry.objects.exists()


def test_unknown_context_is_refused():
    with pytest.raises(ValueError):
        log_access(
            user=UserFactory(), organisation_id=OrganisationFactory().pk, context="x", household_ids=[1]
        )
    assert not AccessLogEntry.objects.exists()


def test_detail_page_wrapper_logs_context_fiche():
    household = HouseholdFactory()
    user = UserFactory()
    log_household_access(user=user, household=household)
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.household_id, entry.context) == (user, household.pk, "fiche")
    assert entry.organisation_id == household.organisation_id


@pytest.mark.parametrize(
    "context", ["fiche", "modification", "entree", "sortie", "changement", "logement", "recherche", "export"]
)
def test_every_documented_context_is_accepted(context):
    log_access(
        user=UserFactory(), organisation_id=OrganisationFactory().pk, context=context, household_ids=[7]
    )
    assert AccessLogEntry.objects.get().context == context
