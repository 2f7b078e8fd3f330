"""Browser journeys: Playwright driving Debian's chromium against pytest-django's live server.

Screenshots are kept in test-artifacts/ (one per step that matters). Every page a journey visits is
checked with axe-core (npm package, node_modules/axe-core): a serious or critical violation fails the
test that visited the page (see `page` below)."""

import os
import re
import time
from pathlib import Path

import pytest
from django.conf import settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : `make test` l'installe (paquet Debian chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_WAIT_SECONDS = 60
AXE_HOLD_SECONDS = 10
NOT_STATIC = re.compile(r"^(?!.*/static/)")
# In every HTML document of the main frame: announce it as soon as it exists, run axe-core once it has
# loaded (styles applied: colour contrast), report its serious and critical violations to the test.
# No preload: axe would re-parse stylesheets through <style> elements of its own, which the
# Content-Security-Policy refuses (tests/browser/test_security_headers.py counts every refusal); the one
# rule that needs it, css-orientation-lock, then reports "incomplete" instead of running.
AXE_RUNNER = """
(() => {
  if (window.top !== window || document.contentType !== "text/html" || !location.protocol.startsWith("http")) return;
  const id = Math.random().toString(36).slice(2) + Date.now();
  window.__clefAxeStart(id, location.href);
  window.addEventListener("load", () => {
    window.__clefAxeLoaded(id);
    axe.run(document, {resultTypes: ["violations"], preload: false}).then(
      (results) => window.__clefAxeReport(id, results.violations
        .filter((v) => ["serious", "critical"].includes(v.impact))
        .map((v) => `${v.impact} ${v.id} (${v.help}) : ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | ")}`)),
      (error) => window.__clefAxeReport(id, [`axe-core a échoué : ${error}`]),
    );
  });
})();
"""


class AxeChecks:
    """axe-core on every page of a journey, however it is reached (goto, link, form, redirect, error page).

    Each document announces itself when created and reports once axe has run after its load. When the
    browser is about to leave a page (its next document request is held meanwhile) and when the test ends,
    the reports of the loaded documents are awaited. A document left before its load (the browser then
    aborts it: it never loads) is opened again at the end of the test and checked then: no page escapes."""

    def __init__(self, page):
        self.page, self.started, self.loaded, self.reports = page, {}, set(), {}
        page.expose_binding("__clefAxeStart", lambda source, id, url: self.started.setdefault(id, url))
        page.expose_binding("__clefAxeLoaded", lambda source, id: self.loaded.add(id))
        page.expose_binding("__clefAxeReport", lambda source, id, found: self.reports.setdefault(id, found))
        page.add_init_script(path=str(AXE))
        page.add_init_script(AXE_RUNNER)
        # A pattern the browser side matches (a Python callable would send every request, static files
        # included, through this process).
        page.route(NOT_STATIC, self._before_request)

    def _before_request(self, route, request) -> None:
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self.wait(AXE_HOLD_SECONDS)  # not longer: a page not reported by then is checked again at the end
        route.fallback()

    def running(self) -> set[str]:
        return self.loaded - set(self.reports)

    def wait(self, seconds: float = AXE_WAIT_SECONDS) -> None:
        deadline = time.monotonic() + seconds
        while self.running() and time.monotonic() < deadline:
            self.page.wait_for_timeout(25)

    def finish(self) -> None:
        """At the end of the test: the last page's check, then the pages left before they were checked."""
        self.page.wait_for_load_state("load", timeout=AXE_WAIT_SECONDS * 1000)
        self.wait()
        for id in [id for id in self.started if id not in self.reports]:
            url = self.started.pop(id)
            self.page.goto(url, timeout=AXE_WAIT_SECONDS * 1000)
            self.wait()

    def violations(self) -> list[str]:
        found = [
            f"{self.started.get(id, '?')} : {line}" for id, lines in self.reports.items() for line in lines
        ]
        return found + [
            f"{url} : page non vérifiée" for id, url in self.started.items() if id not in self.reports
        ]


def new_page(browser):
    """A fresh browser context and its page (French, desktop size); the caller closes the context."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.fixture
def page(browser):
    if not AXE.exists():
        pytest.fail(f"axe-core introuvable ({AXE}) : `make test` l'installe (npm ci).")
    context, page = new_page(browser)
    page.axe = AxeChecks(page)
    yield page
    page.axe.finish()
    violations = page.axe.violations()
    context.close()
    assert page.axe.started, "aucune page vérifiée par axe-core"
    assert violations == [], "axe-core, violations graves ou critiques :\n" + "\n".join(violations)


@pytest.fixture
def shot(page, request):
    ARTIFACTS.mkdir(exist_ok=True)

    def take(step: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{step}.png"), full_page=True)

    return take
