"""SQLite "database is locked" (issue 6 §3): a request that waited past the busy timeout answers a clear
French 503 with Retry-After, never a bare 500."""

import pytest
from django.db import OperationalError

from clef.organisations import middleware


@pytest.mark.django_db
def test_a_busy_database_answers_503_in_french(client, director_client, monkeypatch):
    def locked(request):
        raise OperationalError("database is locked")

    monkeypatch.setattr(middleware, "current_membership", locked)
    director_client.raise_request_exception = False
    response = director_client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Clef est très sollicité" in response.content.decode()


@pytest.mark.django_db
def test_other_database_errors_stay_500(director_client, monkeypatch):
    def broken(request):
        raise OperationalError("no such table: x")

    monkeypatch.setattr(middleware, "current_membership", broken)
    director_client.raise_request_exception = False
    assert director_client.get("/").status_code == 500


def test_sqlite_transactions_take_the_write_lock_at_begin(settings):
    """What serialises check-then-write on SQLite: BEGIN IMMEDIATE and a busy timeout (not on PostgreSQL,
    which has database constraints for that)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 5
