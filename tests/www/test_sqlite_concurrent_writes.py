"""SQLite under concurrent writers (issue 6 §1 and §3: "database is locked" answered 500 in 4 of 4
trials). Two real processes on one SQLite file, each reading then writing in a transaction: with the
default DEFERRED transactions the second to upgrade its lock fails at once; Clef's settings (BEGIN
IMMEDIATE and a busy timeout) make it wait its turn instead."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

WRITER = """
import os, sys, time
sys.path.insert(0, os.getcwd())
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
django.setup()
from django.db import connection, transaction
if sys.argv[2] == "deferred":  # what Clef had before: let a test show the difference
    connection.settings_dict["OPTIONS"].pop("transaction_mode", None)
if sys.argv[1] == "create":
    with connection.cursor() as c:
        c.execute("CREATE TABLE occupancy (id INTEGER PRIMARY KEY, who TEXT)")
    sys.exit(0)
with transaction.atomic():
    with connection.cursor() as c:
        c.execute("SELECT COUNT(*) FROM occupancy")  # read: check the dwelling is free…
        time.sleep(2.5)  # …while the other writer reads too
        c.execute("INSERT INTO occupancy (who) VALUES (%s)", [sys.argv[1]])  # …then write
"""


def _run_pair(tmp_path: Path, mode: str) -> list[int]:
    database = tmp_path / f"{mode}.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{database}", "SQLITE_BUSY_TIMEOUT": "10", "PATH": "/usr/bin:/bin"}
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    run = [sys.executable, str(script)]
    subprocess.run([*run, "create", mode], cwd=settings.BASE_DIR, env=env, check=True, timeout=60)
    writers = [
        subprocess.Popen([*run, name, mode], cwd=settings.BASE_DIR, env=env, stderr=subprocess.PIPE)
        for name in ("a", "b")
    ]
    codes = []
    for writer in writers:
        _out, err = writer.communicate(timeout=60)
        codes.append(writer.returncode)
        if writer.returncode and mode == "immediate":
            print(err.decode(errors="replace")[-2000:])
    return codes


def test_two_processes_reading_then_writing_both_succeed(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only (PostgreSQL has row locks and constraints)")
    assert _run_pair(tmp_path, "immediate") == [0, 0]


def test_without_begin_immediate_one_of_them_fails(tmp_path):
    """The control experiment: the failure the audit saw, reproduced with DEFERRED transactions."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert sorted(_run_pair(tmp_path, "deferred")) == [0, 1]
