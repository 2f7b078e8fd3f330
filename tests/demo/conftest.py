"""Fixtures of the demo's daily-work tests: the demo region loaded once per module (`daily_demo`, then
removed), the two demo operators, today."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from clef.organisations.models import Organisation
from clef.stays.models import Stay
from tests.demo.cleanup import remove_demo


@pytest.fixture(scope="module")
def daily_demo(django_db_setup, django_db_blocker):
    """Load the demo (register and daily work) once for the module; remove it afterwards."""
    out = StringIO()
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=out)
    yield out.getvalue()
    with django_db_blocker.unblock():
        remove_demo()


@pytest.fixture
def op1(daily_demo):
    return Organisation.objects.get(external_id="demo-op-001")


@pytest.fixture
def op2(daily_demo):
    return Organisation.objects.get(external_id="demo-op-002")


@pytest.fixture
def today():
    return timezone.localdate()


def demo_stays():
    return Stay.objects.filter(organisation__external_id__in=["demo-op-001", "demo-op-002"])
