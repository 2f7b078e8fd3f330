"""The relay directory seeded by the support's data migration. Browser journeys (transactional tests)
empty every register table when they end, the support's included: tests that rely on the seeded
resources put them back first (the migration's own loader, once; a cheap check otherwise)."""

import pytest
from django.apps import apps

from clef.support.models import RelayResource
from clef.support.seed import seed_relay_resources


@pytest.fixture(autouse=True)
def _relay_directory(db):
    if not RelayResource.objects.filter(organisation=None).exists():
        seed_relay_resources(apps, None)
