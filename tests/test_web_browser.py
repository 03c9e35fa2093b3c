"""The explorer in a real browser (Debian's Chromium driven by Playwright) against the live server:
every page loads and draws, clicks lead from an article to an actor to a dyad, filters and the CSV
download work, hostile text never runs, and no request ever leaves the machine.

A screenshot of each page is saved under test-artifacts/screenshots/.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from web_fixtures import ARTIFACTS, SCRIPT, XSS_ID

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SHOTS = ARTIFACTS / "screenshots"
DEMO_ARTICLE = "e5ced33f8441c13e"
PAGES = {
    "overview": "/",
    "events": "/events?actor=RUS",
    "article": f"/article/{DEMO_ARTICLE}",
    "dyad": "/dyad/RUS/IRN",
    "actor": "/actor/IRN",
    "quotes": "/quotes?code=RUS",
    "map": "/map",
    "docs": "/docs",
    "not-found": "/article/no-such-article",
}
CHARTS = {"overview": 1, "dyad": 3, "actor": 1}


class Guard:
    """Watches a browser context: requests to other hosts (aborted), dialogs, script errors."""

    def __init__(self) -> None:
        self.external: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []

    def route(self, route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def check(self) -> None:
        assert self.external == [], f"requests left the machine: {self.external}"
        assert self.dialogs == [], f"a script opened dialogs: {self.dialogs}"
        assert self.errors == [], f"script errors: {self.errors}"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(
                "CI must run the browser tests, but /usr/bin/chromium is missing (apt-get install chromium)"
            )
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def tab(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1300, "height": 900})
    guard = Guard()
    context.route("**/*", guard.route)
    page = context.new_page()
    page.on("dialog", guard.dialog)
    page.on("pageerror", lambda error: guard.errors.append(str(error)))
    yield page, guard
    context.close()


def test_every_page_loads_draws_and_is_saved(tab):
    page, guard = tab
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in PAGES.items():
        response = page.goto(path)
        assert response.status == (404 if name == "not-found" else 200), path
        page.wait_for_load_state("networkidle")
        if name in CHARTS:  # plotly, served by this server, drew every chart
            page.wait_for_selector(".chart.js-plotly-plot .main-svg")
            assert page.locator(".chart.js-plotly-plot").count() == CHARTS[name]
        assert page.locator("h1").count() == 1
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    guard.check()


def test_click_from_article_to_actor_to_dyad(tab):
    page, guard = tab
    page.goto(f"/article/{DEMO_ARTICLE}")
    page.locator('a.m-actor[href="/actor/RUSGOV"]').first.click()
    page.wait_for_url("**/actor/RUSGOV")
    assert page.locator("h1").inner_text() == "RUSGOV"
    page.locator('svg.network a[href^="/dyad/RUSGOV/"]').first.click()
    page.wait_for_url(re.compile(r"/dyad/RUSGOV/[A-Z]+$"))
    page.wait_for_selector(".chart .main-svg")
    assert page.locator("table.events tbody tr").count() >= 1
    page.locator("table.events a.more").first.click()  # back to the evidence
    page.wait_for_url(re.compile(r"/article/"))
    guard.check()


def test_filter_sort_page_and_download_csv(tab):
    page, guard = tab
    page.goto("/events")
    page.fill('input[name="actor"]', "IRN")
    page.select_option('select[name="quad_class"]', "1")
    page.click('form.filters button[type="submit"]')
    page.wait_for_url(re.compile(r"actor=IRN"))
    total = int(page.locator(".summary b").inner_text().replace(",", ""))
    assert total >= 1
    sources_targets = page.locator("table.events tbody tr").evaluate_all(
        "rows => rows.map(r => r.cells[1].innerText + ' ' + r.cells[3].innerText)"
    )
    assert all("IRN" in row for row in sources_targets)
    page.click('.sorts a:has-text("goldstein")')
    page.wait_for_url(re.compile(r"sort=goldstein"))
    with page.expect_download() as download:
        page.click("#download-csv")
    content = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == total and all(r["quad_class"] == "1" for r in rows)
    guard.check()


def test_paging_through_events(tab):
    page, guard = tab
    page.goto("/events?limit=5")
    first = page.locator("table.events tbody tr").all_inner_texts()
    page.click("#next-page")
    page.wait_for_url(re.compile(r"cursor="))
    second = page.locator("table.events tbody tr").all_inner_texts()
    assert len(first) == 5 and second and not set(first) & set(second)
    guard.check()


def test_hostile_text_never_runs(tab):
    page, guard = tab
    for path in (
        f"/article/{XSS_ID}",
        "/article/xss-title",
        "/article/xss-url-attribute",
        "/quotes",
        "/events",
        "/",
        "/map",
    ):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        page.locator("h1").hover()
        # An injected onmouseover anywhere would fire now (and open a dialog the guard records).
        page.evaluate(
            "document.querySelectorAll('body *').forEach("
            "e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))"
        )
        injected = "main script:not([type='application/json']), main img, main [onmouseover]"
        assert page.locator(injected).count() == 0
    page.goto("/article/xss-title")
    assert page.locator("h1").inner_text().startswith(SCRIPT)  # shown as text
    assert page.locator("a.source-url").count() == 0  # javascript: is no link
    guard.check()


def test_the_guard_sees_what_it_guards_against(tab):
    """The checks above would notice: a request to another host is recorded and aborted, a dialog
    a script opens is recorded."""
    page, guard = tab
    page.goto("/")
    page.evaluate("alert('a script ran')")
    assert guard.dialogs == ["a script ran"]
    with pytest.raises(playwright.Error):
        page.goto("http://example.org/")
    assert guard.external == ["http://example.org/"]
