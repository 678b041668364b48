"""The web app and its API, in-process (httpx through the ASGI app), over the bundled sample."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)

pytestmark = pytest.mark.model

XSS = (
    "Attack on Qarnet <script>window.__pwned = 1</script>\n\n"
    'At least 12 civilians were killed in Qarnet on Monday, the <img src=x onerror="window.'
    '__pwned=2"> monitor said. "<a href=\\"javascript:window.__pwned=3\\">Click</a> we fled," '
    'a resident said. <svg onload="window.__pwned=4"></svg> "\'><script>alert(1)</script>'
)


@pytest.fixture()
def db(sample_out: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "web.db"
    shutil.copy(sample_out / "crosswire.db", copy)
    return copy


@pytest.fixture()
def client(db: Path):
    from fastapi.testclient import TestClient

    from crosswire.web.app import create_app

    return TestClient(create_app(db))


def test_every_page_renders_and_sends_a_strict_csp(client):
    for url in ("/", "/search?q=killed", "/figures", "/contradictions", "/framing", "/entities"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "Key figures" in client.get("/").text


def test_search_joins_spellings_filters_and_pages(client):
    r = client.get("/api/search", params={"q": "Dar Saleem"})
    assert r.status_code == 200
    body = r.json()
    assert "Dar Salim" in body["also_searched"]
    assert body["total"] == 4  # every report names the village, in either spelling
    one = client.get("/api/search", params={"q": "Dar Saleem", "limit": 1, "offset": 1}).json()
    assert one["total"] == 4 and len(one["items"]) == 1
    assert one["items"][0]["id"] == body["items"][1]["id"]
    outlet = client.get("/api/search", params={"q": "Dar Saleem", "outlet": "Northern Wire"}).json()
    assert outlet["total"] == 1
    places = client.get("/api/entities", params={"type": "place", "limit": 200}).json()["items"]
    village = next(p for p in places if p["name"].startswith("Dar Sal"))
    for place in places:
        found = client.get("/api/search", params={"q": "killed", "place": place["id"]}).json()
        named_in = {m["doc"] for m in client.get(f"/api/entities/{place['id']}").json()["mentions"]}
        assert {d["id"] for d in found["items"]} <= named_in, place["name"]
    by_place = client.get("/api/search", params={"q": "killed", "place": village["id"]}).json()
    assert by_place["total"] >= 2
    assert 'name="place"' in client.get("/search", params={"q": "killed"}).text
    quotes = client.get("/api/search", params={"q": "Dar Salim", "kind": "quotes"}).json()
    assert quotes["total"] >= 1
    html = client.get("/search", params={"q": "Dar Saleem"}).text
    assert "<mark>" in html and "other spellings searched too" in html


@pytest.mark.parametrize("q", ['"unclosed', "AND OR", "nocolumn:word", "(x", "NEAR("])
def test_search_syntax_errors_are_400_with_a_message(client, q):
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 400 and "cannot search" in r.json()["detail"]
    page = client.get("/search", params={"q": q})
    assert page.status_code == 400 and "cannot search" in page.text


def test_document_page_highlights_and_entity_page_collects(client):
    docs = client.get("/api/documents", params={"limit": 200}).json()
    assert docs["total"] == 4
    doc = client.get(f"/api/documents/{docs['items'][0]['id']}").json()
    assert doc["figures"] and doc["mentions"]
    f = doc["figures"][0]
    assert doc["text"][f["start"] : f["end"]] == f["text"]
    page = client.get(f"/documents/{doc['id']}").text
    assert f'id="f{f["id"]}"' in page and "hl-figure" in page and "hl-entity" in page
    assert f"s{f['id']}" in page  # the sentence's pieces, lit when a link lands on the figure
    ents = client.get("/api/entities", params={"name": "Dar"}).json()
    [village] = [e for e in ents["items"] if e["name"].startswith("Dar Sal")]
    e = client.get(f"/api/entities/{village['id']}").json()
    assert {"Dar Salim", "Dar Saleem"} <= set(e["forms"])
    assert all(m["text"] in m["context"] for m in e["mentions"])
    assert client.get(f"/entities/{village['id']}").status_code == 200


def test_lists_paginate_and_validate(client):
    for path in ("/api/figures", "/api/quotes", "/api/entities", "/api/figure-groups"):
        full = client.get(path, params={"limit": 200}).json()
        part = client.get(path, params={"limit": 2, "offset": 1}).json()
        assert part["total"] == full["total"]
        assert part["items"] == full["items"][1:3]
    assert client.get("/api/figures", params={"limit": 0}).status_code == 422
    assert client.get("/api/figures", params={"limit": 10_000}).status_code == 422


def test_missing_things_are_404_and_no_path_reaches_the_filesystem(client):
    assert client.get("/api/documents/nope").status_code == 404
    assert client.get("/documents/nope").status_code == 404
    assert client.get("/api/entities/999999").status_code == 404
    assert client.get("/static/app.css").status_code == 200
    for name in ("..%2Fapp.py", "..%2F..%2Fpyproject.toml", "%2Fetc%2Fpasswd", "app.py"):
        assert client.get(f"/static/{name}").status_code == 404


def test_adding_a_pasted_report_extracts_and_analyzes_it_once(client):
    text = (
        "Floods in Varno\n\nAt least 31 people were killed in Varno on Tuesday, the Varno Red "
        "Crescent said.\n\n“The water came at night,” a farmer told reporters."
    )
    r = client.post("/api/documents", data={"text": text, "outlet": "Test Wire"})
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["new"]
    doc = client.get(first["url"]).json()
    assert [f["value"] for f in doc["figures"]] == [31]
    [direct] = [q for q in doc["quotes"] if q["kind"] == "direct"]
    assert direct["speaker"] == "a farmer"
    again = client.post("/api/documents", data={"text": text, "outlet": "Test Wire"}).json()
    assert again == {**first, "new": False}
    # The HTML form lands on the new document's page.
    r = client.post("/add", data={"text": text + " More."}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/documents/")


def test_bad_additions_are_refused_with_the_reason(client):
    r = client.post("/api/documents", data={"text": "   "})
    assert r.status_code == 422 and "nothing to add" in r.json()["detail"]
    r = client.post("/api/documents", files={"file": ("x.html", b"\x89PNG\r\n\x1a\n" + b"\0" * 50)})
    assert r.status_code == 422 and "binary" in r.json()["detail"]
    r = client.post("/api/documents", data={"url": "http://127.0.0.1:9/secret"})
    assert r.status_code == 422 and "private or local" in r.json()["detail"]
    r = client.post("/api/documents", data={"url": "file:///etc/passwd"})
    assert r.status_code == 422 and "only http and https" in r.json()["detail"]
    page = client.post("/add", data={"url": "http://169.254.169.254/latest/meta-data"})
    assert page.status_code == 422 and "Not added" in page.text


def test_uploads_over_the_limit_are_413(db):
    from fastapi.testclient import TestClient

    from crosswire.settings import load_settings
    from crosswire.web.app import create_app

    settings = load_settings(None, {}, {"ingest.max_bytes": 2_000})
    client = TestClient(create_app(db, settings))
    r = client.post("/api/documents", files={"file": ("big.txt", b"word " * 100_000)})
    assert r.status_code == 413
    assert client.get("/api/documents").json()["total"] == 4  # nothing stored


def test_report_text_is_escaped_everywhere(client):
    r = client.post("/api/documents", data={"text": XSS, "title": '<b onmouseover="x()">t</b>'})
    assert r.status_code == 201, r.text
    doc_id = r.json()["id"]
    pages = [
        f"/documents/{doc_id}",
        "/search?q=Qarnet",
        "/search?q=fled&kind=quotes",
        "/figures",
        "/framing",
        "/entities",
    ]
    for url in pages:
        html = client.get(url).text
        assert "<script>window.__pwned" not in html, url
        assert "<img src=x" not in html and "<svg onload" not in html, url
        assert 'href="javascript:' not in html and "<b onmouseover" not in html, url
    assert "&lt;script&gt;" in client.get(f"/documents/{doc_id}").text


def test_a_token_guards_every_request(db):
    from fastapi.testclient import TestClient

    from crosswire.web.app import create_app

    client = TestClient(create_app(db, token="s3cret"))
    assert client.get("/api/documents").status_code == 401
    assert client.get("/").status_code == 401
    assert client.get("/api/documents", headers={"X-Crosswire-Token": "wrong"}).status_code == 401
    assert client.get("/api/documents", headers={"X-Crosswire-Token": "s3cret"}).status_code == 200
    assert client.get("/", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    # A browser gives it once in the address; a cookie carries it after that.
    assert client.get("/?token=s3cret").status_code == 200
    assert client.get("/figures").status_code == 200


def test_serve_refuses_an_open_host_without_a_token(db, monkeypatch):
    from typer.testing import CliRunner

    from crosswire.cli import app

    monkeypatch.delenv("CROSSWIRE_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "without a token" in result.output
    missing = CliRunner().invoke(app, ["serve", "--db", str(db.parent / "none.db")])
    assert missing.exit_code == 2 and "no database" in missing.output


def test_docs_page_and_openapi_spec(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/documents", "/api/search", "/api/entities/{entity_id}"} <= set(spec["paths"])
    page = client.get("/docs")
    assert page.status_code == 200 and "GET /api/search" in page.text


def test_schemathesis_finds_no_server_errors(db):
    """Requests generated from the OpenAPI spec against every read operation: never a 5xx.
    Bounded, so it stays a fast offline test."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    from crosswire.web.app import create_app

    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(db))
    failures = []
    for op in schema.get_all_operations():
        operation = op.ok()
        if operation.method.upper() != "GET":
            continue  # adding documents runs the whole pipeline; covered above

        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):
            response = case.call()
            if response.status_code >= 500:
                failures.append((case.path, case.query, response.status_code, response.text[:200]))

        check()
    assert not failures, failures[:5]


def test_document_page_shows_pdf_pages_and_reprints(client):
    from ..pdfmaker import make_pdf

    pdf = make_pdf([["Situation report"], ["At least 58 civilians were killed, a monitor said."]])
    r = client.post("/api/documents", files={"file": ("sitrep.pdf", pdf, "application/pdf")})
    assert r.status_code == 201, r.text
    doc = client.get(r.json()["url"]).json()
    assert doc["kind"] == "pdf" and [f["page"] for f in doc["figures"]] == [2]
    assert "<th>Page</th>" in client.get(f"/documents/{doc['id']}").text

    first = client.get("/api/documents", params={"limit": 200}).json()["items"]
    original = client.get(f"/api/documents/{first[0]['id']}").json()  # dated, the newest
    copy = original["text"].replace(" said", " told reporters", 1) + "\n\n(Reprinted.)"
    r = client.post(
        "/api/documents", data={"text": copy, "outlet": "Copy Desk", "published": "2031-06-01"}
    )
    reprint = client.get(r.json()["url"]).json()
    assert [x["id"] for x in reprint["reprint_of"]] == [original["id"]]
    assert "A reprint" in client.get(f"/documents/{reprint['id']}").text
    assert "Reprinted as" in client.get(f"/documents/{original['id']}").text
