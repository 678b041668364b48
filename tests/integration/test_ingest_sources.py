"""Reports as they arrive: URLs from a local server, PDF, e-mail, JSON Lines and CSV exports,
pages with only OpenGraph / JSON-LD metadata; each bad input rejected by name."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.ingest.fetch import FetchSettings, fetch
from crosswire.ingest.readers import IngestError
from crosswire.store import Store

from ..pdfmaker import make_pdf

runner = CliRunner()

PAGE = (
    "<html><head><title>Floods in Varno</title>"
    '<meta property="og:site_name" content="Varno Herald">'
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Floods in Varno",'
    ' "datePublished": "2031-04-02T08:00:00Z", "author": {"name": "Ana Petrov"},'
    ' "publisher": {"@type": "Organization", "name": "Varno Herald"}}</script></head>'
    "<body><article><h1>Floods in Varno</h1><p>At least 31 people were killed in Varno on"
    " Tuesday, the Varno Red Crescent said, and hundreds of families fled to the hills.</p>"
    "<p>Rescue teams worked through the night to reach the villages along the river, and"
    " officials said more rain was expected on Thursday.</p></article></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/slow":
            time.sleep(3)
        if self.path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(10_000):
                    self.wfile.write(b"<p>" + b"x" * 1000 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        status, headers, body = self.routes.get(self.path, (404, {}, b"not here"))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = httpd.server_address[1]
    base = f"http://127.0.0.1:{port}"
    Handler.routes = {
        "/page": (200, {"Content-Type": "text/html"}, PAGE.encode()),
        "/moved": (302, {"Location": "/page"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/to-other-host": (302, {"Location": f"http://127.0.0.2:{port}/page"}, b""),
        "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
        "/big": (200, {"Content-Type": "text/html"}, b"<p>" + b"y" * 300_000 + b"</p>"),
        "/busy": (503, {"Content-Type": "text/plain"}, b"try later"),
    }
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()


OPEN = FetchSettings(timeout=2, max_bytes=200_000, allow_private=True)


def test_a_page_is_fetched_with_its_final_url_and_metadata(server, tmp_path):
    source, final = fetch(server + "/moved", OPEN)
    assert final == server + "/page" and b"Varno" in source.data
    db = tmp_path / "cw.db"
    result = runner.invoke(app, ["ingest", server + "/moved", "--allow-private", "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        [doc] = store.documents()
        assert doc.url == server + "/page" and doc.kind == "html"
        assert doc.outlet == "Varno Herald" and doc.published.startswith("2031-04-02")
        assert doc.byline == "Ana Petrov"
        assert store.raw(doc.id) == PAGE.encode()  # kept, so extraction can re-run offline


def test_local_addresses_are_refused_unless_allowed(server):
    with pytest.raises(IngestError, match="private or local"):
        fetch(server + "/page", FetchSettings(timeout=2))
    with pytest.raises(IngestError, match="only http and https"):
        fetch(server + "/to-file", OPEN)


def test_every_redirect_hop_is_checked(server, monkeypatch):
    import ipaddress

    from crosswire.ingest import fetch as fetch_module

    # No public address can be reached from a test, so 127.0.0.1 plays the public server and
    # 127.0.0.2 the internal one it redirects to.
    monkeypatch.setattr(fetch_module, "forbidden", lambda a: a == ipaddress.ip_address("127.0.0.2"))
    assert fetch(server + "/page", FetchSettings(timeout=2))[1].endswith("/page")
    with pytest.raises(IngestError, match="127.0.0.2"):
        fetch(server + "/to-other-host", FetchSettings(timeout=2))


def test_a_name_is_resolved_once_and_the_checked_address_is_used(server, monkeypatch):
    import ipaddress
    import socket

    from crosswire.ingest import fetch as fetch_module

    port = int(server.rsplit(":", 1)[1])
    real = socket.getaddrinfo
    answers = iter(["127.0.0.1", "127.0.0.2", "127.0.0.2"])

    def rebinding(host, *args, **kwargs):
        if host == "rebind.test":  # public-looking first, internal afterwards
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(fetch_module, "forbidden", lambda a: a == ipaddress.ip_address("127.0.0.2"))
    source, final = fetch(f"http://rebind.test:{port}/page", FetchSettings(timeout=2))
    assert final == f"http://rebind.test:{port}/page" and b"Varno" in source.data


def test_slow_huge_and_looping_responses_are_refused(server):
    with pytest.raises(IngestError, match="timed out"):
        fetch(server + "/slow", FetchSettings(timeout=1, allow_private=True))
    with pytest.raises(IngestError, match="too large"):
        fetch(server + "/big", OPEN)
    with pytest.raises(IngestError, match="too large"):
        fetch(server + "/endless", OPEN)  # no Content-Length: cut off while reading
    with pytest.raises(IngestError, match="too many redirects"):
        fetch(server + "/loop", OPEN)
    with pytest.raises(IngestError, match="HTTP 404"):
        fetch(server + "/missing", OPEN)


def test_a_batch_of_urls_goes_on_past_the_bad_ones(server, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# reading list\n{server}/page\n{server}/missing\n{server}/big\n")
    db = tmp_path / "cw.db"
    result = runner.invoke(
        app,
        [
            "ingest",
            "--urls",
            str(urls),
            "--allow-private",
            "--max-bytes",
            "200000",
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 1
    assert "/missing: HTTP 404" in result.output and "/big: too large" in result.output
    with Store(db) as store:
        assert len(store.documents()) == 1
        assert {r["path"] for r in store.rejects()} == {f"{server}/missing", f"{server}/big"}


def test_pdf_pages_email_and_record_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(
        make_pdf(
            [
                ["Situation report 4", "Flooding continues across the Varno basin."],
                ["At least 58 civilians were killed, the Varno Red Crescent said."],
            ]
        )
    )
    (folder / "fake.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    (folder / "letter.eml").write_bytes(
        b"From: Kessar Monitor <news@kessar.example>\r\nSubject: Daily brief 12 May\r\n"
        b"Date: Tue, 12 May 2031 08:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"\r\nAt least 41 civilians were killed in Dar Salim, the monitor said.\r\n"
    )
    (folder / "export.jsonl").write_text(
        json.dumps(
            {
                "headline": "Strike on Dalsk",
                "body": "Twelve people were killed in Dalsk on Monday, medics said.",
                "domain": "dalsk-news.example",
                "date": "2031-05-03",
            }
        )
        + "\n{not json\n"
        + json.dumps({"title": "no text here"})
        + "\n"
    )
    (folder / "table.csv").write_text(
        "title,text,source,published\n"
        'Shelling,"Nine people were injured in Marsa, officials said.",Marsa Wire,2031-05-04\n'
    )
    db = tmp_path / "cw.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 1, result.output
    with Store(db) as store:
        docs = {d.kind: d for d in store.documents()}
        rejects = {r["path"].rsplit("/", 1)[-1]: r["reason"] for r in store.rejects()}
    assert set(docs) == {"pdf", "email", "text"}
    pdf = docs["pdf"]
    assert pdf.pages and pdf.page_of(pdf.text.index("58 civilians")) == 2
    assert pdf.page_of(pdf.text.index("Flooding")) == 1
    assert docs["email"].outlet == "Kessar Monitor" and docs["email"].published == "2031-05-12"
    assert docs["email"].title == "Daily brief 12 May"
    assert "broken PDF" in rejects["fake.pdf"] or "unreadable PDF" in rejects["fake.pdf"]
    assert rejects["export.jsonl#2"].startswith("not JSON")
    assert rejects["export.jsonl#3"].startswith("no text field")
    with Store(db) as store:
        outlets = {d.outlet for d in store.documents()}
    assert {"dalsk-news.example", "Marsa Wire"} <= outlets


def test_field_mapping_names_other_columns(tmp_path):
    data = tmp_path / "gdelt.csv"
    data.write_text("SOURCEURL,Story,Site\nhttps://x.example/a,Four people were killed.,X News\n")
    db = tmp_path / "cw.db"
    bad = runner.invoke(app, ["ingest", str(data), "--fields", "story", "--db", str(db)])
    assert bad.exit_code == 2 and "bad field mapping" in bad.output
    ok = runner.invoke(
        app,
        ["ingest", str(data), "--fields", "text=Story,outlet=Site,url=SOURCEURL", "--db", str(db)],
    )
    assert ok.exit_code == 0, ok.output
    with Store(db) as store:
        [doc] = store.documents()
    assert doc.outlet == "X News" and doc.url == "https://x.example/a"


def test_pdf_page_reaches_the_export(tmp_path):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(make_pdf([["Report"], ["At least 58 civilians were killed, a monitor said."]]))
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(pdf), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "export.json").read_text("utf-8"))
    [fig] = [f for f in data["figures"] if f["value"] == 58]
    assert fig["page"] == 2
    assert data["documents"][0]["kind"] == "pdf"


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("empty.html", b"", "empty"),
        ("image.html", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "binary"),
        ("nested.html", b"<div>" * 200_000 + b"x", ""),
        ("truncated.html", b"<html><body><p>At least 5 people were kil", ""),
        ("mixed.txt", "Caf\u00e9 ".encode() + "na\u00efve".encode("cp1252") * 3, ""),
        ("scan.pdf", make_pdf([[]]), "no text layer"),
    ],
)
def test_hostile_files_are_rejected_or_read_never_crash(tmp_path, name, data, reason):
    f = tmp_path / name
    f.write_bytes(data)
    db = tmp_path / "cw.db"
    result = runner.invoke(app, ["ingest", str(f), "--db", str(db)])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    with Store(db) as store:
        rejects = store.rejects()
        stored = store.documents()
    assert len(rejects) + len(stored) == 1
    if reason:
        assert rejects and reason in rejects[0]["reason"]


def test_an_encrypted_pdf_is_refused(tmp_path):
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf([["Secret report"]]))).pages:
        writer.add_page(page)
    writer.encrypt("pw")
    buf = io.BytesIO()
    writer.write(buf)
    f = tmp_path / "locked.pdf"
    f.write_bytes(buf.getvalue())
    result = runner.invoke(app, ["ingest", str(f), "--db", str(tmp_path / "cw.db")])
    assert result.exit_code == 1 and "encrypted PDF" in result.output


def test_paths_named_in_manifest_or_readme_are_not_read_as_reports(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,outlet\n")
    (tmp_path / "a.txt").write_text("At least 3 people were killed in Dalsk, police said.")
    db = tmp_path / "cw.db"
    assert runner.invoke(app, ["ingest", str(tmp_path), "--db", str(db)]).exit_code == 0
    with Store(db) as store:
        assert [Path(d.path).name for d in store.documents()] == ["a.txt"]


def test_a_200_mb_file_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "huge.html"
    with big.open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: takes no disk, reads as 200 MB of zeros
    (tmp_path / "ok.txt").write_text("At least 4 people were killed in Dalsk, police said.")
    db = tmp_path / "cw.db"
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(db)])
    assert result.exit_code == 1
    assert "huge.html: too large: 209,715,200 bytes" in result.output
    with Store(db) as store:
        assert len(store.documents()) == 1


def test_a_feed_item_whose_server_is_busy_is_tried_again_then_rejected(server, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Busy Wire</title>'
        f"<item><guid>b1</guid><title>Later</title><link>{server}/busy</link></item>"
        f"<item><guid>p1</guid><title>Now</title><link>{server}/page</link></item>"
        "</channel></rss>"
    )
    db = tmp_path / "cw.db"
    args = ["watch", str(feed), "--once", "--allow-private", "--db", str(db)]
    first = runner.invoke(app, args)
    assert "HTTP 503" in first.output and "will try again" in first.output
    assert "1 new document" in first.output
    second = runner.invoke(app, args)
    assert "will try again" in second.output and second.exit_code == 0
    third = runner.invoke(app, args)  # third failure: rejected for good, named
    assert third.exit_code == 1 and "will try again" not in third.output
    fourth = runner.invoke(app, args)
    assert "HTTP 503" not in fourth.output and "0 new document" in fourth.output
    with Store(db) as store:
        assert [r["path"] for r in store.rejects()] == [f"{server}/busy"]
