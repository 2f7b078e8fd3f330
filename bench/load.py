"""Bounded load test of Clef on the demo region (issue 7 §7): bilan pages warm, every register page.

    DATABASE_URL=postgres://clef:clef@127.0.0.1:5432/clef_load .venv/bin/python bench/load.py --prepare

Starts gunicorn (3 workers, `--no-control-socket`) on 127.0.0.1 only, logs 20 users in (the demo
accounts, several sessions per account), fills the bilan cache (one request per bilan page, not
measured), then lets each user browse for `--duration` seconds: one page, a think time drawn between
`--think-min` and `--think-max` seconds, the next page. Prints, per page and per kind (bilan,
register), the count, median, p95 and maximum response time, and the errors (any status but 200, any
failed connection). Exit code 1 when a target is missed (bilan p95 ≤ 150 ms, register p95 ≤ 100 ms,
0 errors).

Bounded: only 127.0.0.1 (the server and, for PostgreSQL, the database), at most 600 s of load and
`--max-requests` requests, gunicorn stopped at the end whatever happens. The second factor is switched
off for this run only (OTP_REQUIRED_ROLES empty in gunicorn's environment): the demo coordinators have
no device yet. `--prepare` migrates, creates the cache table and loads the demo region if missing.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
HOST = "127.0.0.1"
PASSWORD = "demo-clef-2026"  # the demo accounts' shared password (README)
OPERATOR_ACCOUNTS = [
    f"{role}@{org}.test"
    for org in ("toit-partage", "cle-solidaire")
    for role in ("direction", "social", "gestion", "captation", "lecture")
] + ["multi@clef.test"]
COORDINATOR_ACCOUNTS = ["coordination@dreets-ara.test", "coordination@ddets-rhone.test"]
TARGETS_MS = {"bilan": 150.0, "registre": 100.0}
MAX_DURATION = 600


@dataclass
class Result:
    page: str
    kind: str
    ms: float
    status: int  # 0: the request failed


@dataclass
class User:
    email: str
    cookies: dict[str, str] = field(default_factory=dict)
    pages: list[tuple[str, str, str]] = field(default_factory=list)  # (page, kind, path)


class Client:
    """One keep-alive connection to 127.0.0.1 with a cookie jar (the session of one user)."""

    def __init__(self, port: int, user: User):
        self.port, self.user = port, user
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str, dict]:
        headers = {
            "Host": f"{HOST}:{self.port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.user.cookies.items()),
        }
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):  # a keep-alive connection the server closed: reconnect once
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.user.cookies[name] = morsel.value
        return response.status, text, dict(response.headers)

    def get(self, path: str) -> tuple[int, str]:
        status, text, _ = self.request("GET", path)
        return status, text

    def login(self) -> None:
        status, text = self.get("/compte/connexion/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        if status != 200 or token is None:
            raise RuntimeError(f"page de connexion : {status}")
        form = {"csrfmiddlewaretoken": token.group(1), "username": self.user.email, "password": PASSWORD}
        status, _, headers = self.request("POST", "/compte/connexion/", form)
        if status != 302 or "sessionid" not in self.user.cookies:
            raise RuntimeError(f"connexion de {self.user.email} refusée ({status})")


def ids(text: str, pattern: str) -> list[str]:
    return list(dict.fromkeys(re.findall(pattern, text)))


def operator_pages(client: Client, rng: random.Random) -> list[tuple[str, str, str]]:
    """Every register page of the user's structure, on records found by browsing its lists."""
    _, dwellings = client.get("/logements/")
    _, households = client.get("/menages/")
    dwelling = rng.choice(ids(dwellings, r'href="/logements/(\d+)/"'))
    household_ids = ids(households, r'href="/menages/(\d+)/"')
    pages = [
        ("accueil", "registre", "/"),
        ("logements", "registre", "/logements/"),
        ("logements page 2", "registre", "/logements/?page=2"),
        ("logements filtrés", "registre", "/logements/?parc=prive&typology=T2&sort=address"),
        ("logements recherche", "registre", "/logements/?q=lyon"),
        ("logement", "registre", f"/logements/{dwelling}/"),
        ("logement modifier", "registre", f"/logements/{dwelling}/modifier/"),
        ("logement nouveau", "registre", "/logements/nouveau/"),
        ("ménages", "registre", "/menages/"),
        ("ménages page 2", "registre", "/menages/?page=2"),
        ("ménages présents", "registre", "/menages/?present_en=2024"),
        ("ménages recherche", "registre", "/menages/?q=ma"),
        ("ménage nouveau", "registre", "/menages/nouveau/"),
        ("bilan structure", "bilan", "/bilan/?annee=2024"),
        ("bilan structure 2023", "bilan", "/bilan/?annee=2023"),
    ]
    for household in rng.sample(household_ids, min(3, len(household_ids))):
        _, detail = client.get(f"/menages/{household}/")
        pages += [
            ("ménage", "registre", f"/menages/{household}/"),
            ("ménage modifier", "registre", f"/menages/{household}/modifier/"),
        ]
        for stay in ids(detail, r'href="/sejours/(\d+)/sortie/"')[:1]:
            pages += [
                ("séjour sortie", "registre", f"/sejours/{stay}/sortie/"),
                ("séjour changement", "registre", f"/sejours/{stay}/changement-de-logement/"),
            ]
        for _ in ids(detail, rf'href="/menages/{household}/entree/"')[:1]:
            pages.append(("séjour entrée", "registre", f"/menages/{household}/entree/"))
    return pages


def coordinator_pages(client: Client) -> list[tuple[str, str, str]]:
    _, page = client.get("/bilan/?annee=2024")
    options = re.findall(r'<option value="((?:departement|structure):[^"]+)"', page)
    departments = [o for o in options if o.startswith("departement:")][:2]
    structures = [o for o in options if o.startswith("structure:")][:3]
    pages = [
        ("bilan territoire", "bilan", "/bilan/?annee=2024"),
        ("bilan territoire 2023", "bilan", "/bilan/?annee=2023"),
    ]
    pages += [("bilan département", "bilan", f"/bilan/?annee=2024&perimetre={o}") for o in departments]
    pages += [
        ("bilan structure (coordination)", "bilan", f"/bilan/?annee=2024&perimetre={o}") for o in structures
    ]
    return pages


def start_server(port: int, workers: int) -> subprocess.Popen:
    env = os.environ | {
        "DEBUG": "false",
        "HTTPS": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "OTP_REQUIRED_ROLES": "",  # this run only: see the module docstring
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/compte/connexion/", headers={"Host": f"{HOST}:{port}"})
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn ne répond pas après 60 s")


def browse(
    port: int, user: User, until: float, budget: threading.Semaphore, results: list, args, seed: int
) -> None:
    rng = random.Random(seed)
    client = Client(port, user)
    order = list(user.pages)
    while time.monotonic() < until:
        rng.shuffle(order)
        for page, kind, path in order:
            if time.monotonic() >= until or not budget.acquire(blocking=False):
                return
            start = time.perf_counter()
            try:
                status, _ = client.get(path)
            except OSError:
                status = 0
            results.append(Result(page, kind, (time.perf_counter() - start) * 1000, status))
            time.sleep(rng.uniform(args.think_min, args.think_max))


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def report(results: list[Result], elapsed: float) -> bool:
    print(f"\n{len(results)} requêtes en {elapsed:.0f} s ({len(results) / elapsed:.1f} req/s)\n")
    print(f"{'page':34} {'n':>6} {'médiane':>9} {'p95':>9} {'max':>9} {'erreurs':>8}")
    ok = True
    for kind in ("bilan", "registre"):
        rows = [r for r in results if r.kind == kind]
        for page in sorted({r.page for r in rows}):
            ms = [r.ms for r in rows if r.page == page]
            errors = sum(r.status != 200 for r in rows if r.page == page)
            print(
                f"{page:34} {len(ms):>6} {statistics.median(ms):>7.0f}ms {p95(ms):>7.0f}ms {max(ms):>7.0f}ms {errors:>8}"
            )
        ms = [r.ms for r in rows]
        errors = sum(r.status != 200 for r in rows)
        met = bool(ms) and p95(ms) <= TARGETS_MS[kind] and errors == 0
        ok = ok and met
        print(
            f"{'== ' + kind:34} {len(ms):>6} {statistics.median(ms):>7.0f}ms {p95(ms):>7.0f}ms {max(ms):>7.0f}ms "
            f"{errors:>8}  cible p95 ≤ {TARGETS_MS[kind]:.0f} ms, 0 erreur : {'atteinte' if met else 'NON ATTEINTE'}\n"
        )
    statuses = sorted({r.status for r in results if r.status != 200})
    if statuses:
        print(f"Statuts en erreur : {statuses}")
    return ok


def prepare() -> None:
    for command in (["migrate", "--noinput", "-v", "0"], ["createcachetable"], ["seed_demo"]):
        subprocess.run([str(PYTHON), "manage.py", *command], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def check_bounds(args) -> None:
    url = os.environ.get("DATABASE_URL", "")
    database_host = urlsplit(url).hostname if url and not url.startswith("sqlite") else HOST
    if database_host not in {HOST, "localhost"}:
        sys.exit("bench/load.py ne s'exécute que sur 127.0.0.1 (serveur et base).")
    if not 0 < args.duration <= MAX_DURATION or not 0 < args.users <= 50 or args.max_requests > 100_000:
        sys.exit(f"Bornes : durée 1–{MAX_DURATION} s, 1–50 utilisateurs, au plus 100 000 requêtes.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--duration", type=float, default=60.0, help="secondes de charge mesurée (≤ 600)")
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--think-min", type=float, default=0.5)
    parser.add_argument("--think-max", type=float, default=1.5)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--prepare", action="store_true", help="migrer, table du cache, région de démonstration"
    )
    args = parser.parse_args()
    check_bounds(args)
    if args.prepare:
        prepare()
    server = start_server(args.port, args.workers)
    try:
        rng = random.Random(2026)
        accounts = OPERATOR_ACCOUNTS + COORDINATOR_ACCOUNTS
        users = [User(accounts[i % len(accounts)]) for i in range(args.users)]
        discovery: list[Result] = []  # server errors met while finding the pages (counted as errors)
        for user in users:  # log in, find records, fill the bilan cache: not measured
            client = Client(args.port, user)
            client.login()
            coordinator = user.email in COORDINATOR_ACCOUNTS
            candidates = coordinator_pages(client) if coordinator else operator_pages(client, rng)
            for page, kind, path in candidates:  # bilan pages: this request fills the cache
                start = time.perf_counter()
                status, _ = client.get(path)
                if status == 200:
                    user.pages.append((page, kind, path))
                elif status not in {403, 404}:  # 403: not for this role; 404: not this structure's
                    discovery.append(Result(page, kind, (time.perf_counter() - start) * 1000, status))
        print(f"load average before the measured run: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        results: list[Result] = []
        budget = threading.Semaphore(args.max_requests)
        start = time.monotonic()
        until = start + args.duration
        threads = [
            threading.Thread(target=browse, args=(args.port, user, until, budget, results, args, i))
            for i, user in enumerate(users)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.duration + 60)
        ok = report(results + discovery, time.monotonic() - start)
    finally:
        server.terminate()
        server.wait(timeout=30)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"users={args.users} workers={args.workers} duration={args.duration:.0f}s "
        f"think={args.think_min}–{args.think_max}s load average at the end={load} ({os.cpu_count()} cores)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
