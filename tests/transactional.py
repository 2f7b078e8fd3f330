"""`available_apps` of transactional tests. Django empties the tables of these apps when such a test
ends: the reference data loaded by the migrations (territories, exit schemes) stays out of the list so
that the following tests still have it (tests/conftest.py reloads it if a test emptied everything)."""

from django.conf import settings

REGISTER_APPS = [
    app for app in settings.INSTALLED_APPS if app not in {"clef.territories", "clef.referential"}
]
