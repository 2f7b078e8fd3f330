"""`make demo` shows Clef's own 404 and 500 pages, never Django's debug pages: the web server is started
exactly as the demo starts it (`make web`), and answers a missing page and a failing one."""

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (local server)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The demo's web server on an empty SQLite database: every page that reads the database fails."""
    port = free_port()
    folder = tmp_path_factory.mktemp("demo")
    database, log = folder / "vide.sqlite3", folder / "serveur.log"
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DEBUG", "HTTPS", "SECRET_KEY"}}
    env.update(DATABASE_URL=f"sqlite:///{database}", PORT=str(port), HOST="127.0.0.1")
    subprocess.run(
        [".venv/bin/python", "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    with log.open("wb") as output:
        server = subprocess.Popen(
            ["make", "--no-print-directory", "web"],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)


def test_demo_shows_clefs_own_404_page(demo_server):
    status, page = fetch(f"{demo_server}/page-qui-n-existe-pas/")
    assert status == 404
    assert "Page introuvable" in page and "Erreur 404" in page
    assert "URLconf" not in page and "DEBUG = True" not in page


def test_demo_shows_clefs_own_500_page(demo_server):
    # A session cookie makes the server read its (missing) session table: an unexpected error.
    status, page = fetch(f"{demo_server}/", headers={"Cookie": "sessionid=inconnue"})
    assert status == 500
    assert "Une erreur inattendue est survenue" in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_demo_serves_its_static_files_without_debug(demo_server):
    status, css = fetch(f"{demo_server}/static/clef/clef.css")
    assert status == 200 and ".clef-title-row" in css
