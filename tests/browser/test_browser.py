"""In a real browser: Debian's headless Chromium driven by Playwright, against the briefing
opened from disk and `crosswire serve` started as a separate process. Screenshots go to
test-output/screenshots/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import ROOT
from ..integration.test_web import XSS

CHROMIUM = Path(os.environ.get("CROSSWIRE_CHROMIUM", "/usr/bin/chromium"))
SHOTS = ROOT / "test-output" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.model]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (.ci/run installs Debian's chromium package)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "CROSSWIRE_TOKEN": ""}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "crosswire", "serve", "--db", str(db), "--port", str(self.port)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        import httpx

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                out = self.proc.stdout.read().decode() if self.proc.stdout else ""
                raise RuntimeError(f"crosswire serve exited: {out}")
            try:
                if httpx.get(self.url + "/api/documents", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("crosswire serve did not start in 60 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def sample_server(sample_out: Path, tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("browser") / "web.db"
    shutil.copy(sample_out / "crosswire.db", db)
    server = Server(db)
    server.db = db
    yield server
    server.stop()


@pytest.fixture(scope="module")
def seed_server(seed_run: Path, tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("browser-seeds") / "web.db"
    shutil.copy(seed_run / "crosswire.db", db)
    server = Server(db)
    yield server
    server.stop()


def _page(browser, name: str):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.shot = lambda: (
        SHOTS.mkdir(parents=True, exist_ok=True),
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False),
    )
    return page


def _in_view(page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const el = document.querySelector(sel); if (!el) return false;
        const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }""",
        selector,
    )


def test_briefing_from_disk_links_a_figure_to_its_sentence(browser, sample_out):
    page = _page(browser, "briefing")
    page.goto((sample_out / "report" / "index.html").as_uri())
    link = page.locator("#groups ~ table a[href^='#f']").first
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == target
    assert _in_view(page, target)
    assert (
        page.evaluate(f"getComputedStyle(document.querySelector('{target} + span')).outlineStyle")
        != "none"
    )
    page.shot()
    page.context.close()


def test_briefing_map_shows_markers_without_a_network(browser, sample_out):
    page = _page(browser, "briefing-map")
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((sample_out / "report" / "index.html").as_uri())
    page.locator("#map").scroll_into_view_if_needed()
    markers = page.locator("#map path.leaflet-interactive")
    assert markers.count() >= 1  # circle markers are SVG: no tiles or images needed
    markers.first.click(force=True)
    assert page.locator(".leaflet-popup-content").inner_text().strip()
    assert errors == []  # Leaflet and the map script ran under the page's CSP hashes
    chart = page.locator("svg.chart circle")
    assert chart.count() >= 2  # the sample's 41 -> 58 revision is charted
    page.shot()
    page.context.close()


def test_served_figure_lands_on_its_highlighted_sentence(browser, sample_server):
    page = _page(browser, "figure-sentence")
    page.goto(sample_server.url + "/figures")
    page.locator("details.group summary").first.click()
    link = page.locator("details.group a.fig").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url("**/documents/**")
    fid = href.rsplit("#f", 1)[1]
    lit = page.locator(".lit")
    assert lit.count() > 0
    assert page.evaluate(f"document.getElementsByClassName('s{fid}')[0].classList.contains('lit')")
    assert _in_view(page, f"#f{fid}")
    page.shot()
    page.context.close()


def test_search_in_the_browser_finds_other_spellings(browser, sample_server):
    page = _page(browser, "search")
    page.goto(sample_server.url + "/")
    page.fill("header form.quick input[name=q]", "Dar Saleem")
    page.click("header form.quick button")
    page.wait_for_url("**/search?**")
    assert page.locator("ol.results > li").count() == 4
    assert page.locator("ol.results mark").count() >= 4
    page.shot()
    page.context.close()


def test_search_for_hmeimim_finds_both_seed_reports(browser, seed_server):
    page = _page(browser, "search-hmeimim")
    page.goto(seed_server.url + "/search?q=Hmeimim")
    results = page.locator("ol.results > li")
    assert results.count() == 2
    text = results.all_inner_texts()
    assert any("Hmeimim" in t for t in text) and any("Hamiyim" in t for t in text)
    page.shot()
    page.context.close()


def test_hostile_report_runs_nothing_in_the_app_or_the_briefing(browser, sample_server, tmp_path):
    import httpx

    r = httpx.post(
        sample_server.url + "/api/documents",
        data={"text": XSS, "title": '<img src=x onerror="window.__pwned=9">'},
        timeout=120,
    )
    assert r.status_code == 201, r.text
    doc_id = r.json()["id"]
    page = _page(browser, "hostile")
    for path in (f"/documents/{doc_id}", "/search?q=Qarnet", "/figures", "/entities", "/framing"):
        page.goto(sample_server.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
    page.goto(sample_server.url + f"/documents/{doc_id}")
    assert "<script>" in page.inner_text("article .text")  # shown as text, not run
    page.shot()
    # The briefing of the same database, opened from disk.
    from typer.testing import CliRunner

    from crosswire.cli import app

    out = tmp_path / "report"
    result = CliRunner().invoke(app, ["report", "--db", str(sample_server.db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page.goto((out / "index.html").as_uri())
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []
    page.context.close()


def test_pages_fit_a_phone_screen(browser, sample_out, sample_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    urls = [(sample_out / "report" / "index.html").as_uri()] + [
        sample_server.url + p for p in ("/", "/figures", "/search?q=Dar+Salim", "/framing")
    ]
    for url in urls:
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 1, (url, overflow)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "phone-framing.png"))
    context.close()


def test_no_tiles_briefing_makes_no_request_at_all(browser, sample_out, tmp_path):
    from typer.testing import CliRunner

    from crosswire.cli import app

    out = tmp_path / "quiet"
    db = str(sample_out / "crosswire.db")
    result = CliRunner().invoke(app, ["report", "--db", db, "--out", str(out), "--no-tiles"])
    assert result.exit_code == 0, result.output
    for folder, expect_tiles in ((out, False), (sample_out / "report", True)):
        page = _page(browser, f"tiles-{expect_tiles}")
        requests: list[str] = []
        page.on("request", lambda r, seen=requests: seen.append(r.url))
        page.goto((folder / "index.html").as_uri())
        page.locator("#map").scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        assert page.locator("#map path.leaflet-interactive").count() >= 1
        outside = [u for u in requests if not u.startswith(("file:", "data:"))]
        if expect_tiles:
            assert any("tile.openstreetmap.org" in u for u in outside)
        else:
            assert outside == []
        page.context.close()


def test_api_over_http_against_the_running_server(sample_server):
    import httpx

    with httpx.Client(base_url=sample_server.url, timeout=30) as api:
        docs = api.get("/api/documents", params={"limit": 2}).json()
        assert docs["limit"] == 2 and len(docs["items"]) == 2 and docs["total"] >= 4
        rest = api.get("/api/documents", params={"limit": 2, "offset": 2}).json()
        assert not {d["id"] for d in docs["items"]} & {d["id"] for d in rest["items"]}
        found = api.get("/api/search", params={"q": "Dar Saleem"}).json()
        assert found["total"] >= 4 and "Dar Salim" in found["also_searched"]
        bad = api.get("/api/search", params={"q": '"unclosed'})
        assert bad.status_code == 400 and "cannot search" in bad.json()["detail"]
        assert api.get("/api/entities/0").status_code == 422
        assert api.get("/openapi.json").json()["info"]["title"] == "Crosswire"
        page = api.get("/")
        assert "script-src 'self'" in page.headers["content-security-policy"]
