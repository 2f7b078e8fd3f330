"""The occupancy workflows leave the v1 register readable as before: the exchange format's v1 files of an
operator that slid a lease and recorded a demand re-import without a problem, with the slide's codes and
the demand's v1 flag; the v1 exit indicator counts the slide as « maintien dans le logement »."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from clef.dwellings.enums import ManagementMode
from clef.exchange.exporter import collect, export
from clef.exchange.importer import import_dataset
from clef.exchange.reader import read_dataset
from clef.occupancy import services
from clef.stays.models import Stay
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.occupancy import LeaseSlideReviewFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


def _slid_and_demanded():
    user = UserFactory()
    today = timezone.localdate()
    dwelling = DwellingFactory(management_mode=ManagementMode.BAIL_GLISSANT)
    stay = StayFactory(
        dwelling=dwelling, household__organisation=dwelling.organisation, entry_date=date(2024, 1, 1)
    )
    services.open_first_term(stay=stay, acting_user=user)
    services.save_demand(
        household=stay.household,
        data=services.DemandData(number="06901210000001", first_demand_on=today - timedelta(days=20)),
        acting_user=user,
    )
    LeaseSlideReviewFactory(
        stay=stay, favourable=True, reviewed_on=today, commission_on=today, next_review_on=None
    )
    services.slide_lease(stay=stay, on=today, acting_user=user)
    return stay


def test_v1_files_carry_the_slide_and_the_demand_and_reimport_cleanly(tmp_path):
    stay = _slid_and_demanded()
    rows = collect([stay.organisation])
    (household_row,) = rows["menages"]
    today = timezone.localdate().isoformat()
    assert household_row[-1] == "oui"  # the v1 « demande de logement social active »
    (stay_row,) = rows["sejours"]
    assert stay_row[4:6] == [today, "maintien_glissement_bail"]
    (dwelling_row,) = rows["logements"]
    assert dwelling_row[-2:] == [today, "glissement_bail"]
    folder = tmp_path / "export"
    export([stay.organisation], folder)
    report = import_dataset(read_dataset(folder), dry_run=True)
    assert report.ok, [str(p) for p in report.problems]


def test_the_slide_is_a_v1_exit_of_the_year():
    stay = _slid_and_demanded()
    assert list(Stay.objects.exits_in(timezone.localdate().year)) == [stay]
