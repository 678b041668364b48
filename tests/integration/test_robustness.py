"""Nothing lost, nothing corrupted: two writers at once, and random bytes and HTML thrown at
the readers and extractors for a bounded time."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosswire.ingest.metadata import Meta
from crosswire.ingest.readers import IngestError, Source, build_document
from crosswire.settings import IngestSettings
from crosswire.store import Store


def _corpus(folder: Path, prefix: str, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"{prefix}{i:04d}.txt").write_text(
            f"Report {prefix}{i}\n\nAt least {i + 2} people were killed in Dalsk, police said."
        )


def test_two_processes_ingesting_into_one_database_both_succeed(tmp_path):
    _corpus(tmp_path / "a", "a", 300)
    _corpus(tmp_path / "b", "b", 300)
    db = tmp_path / "cw.db"
    Store(db).close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "crosswire", "ingest", str(tmp_path / part), "--db", str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for part in ("a", "b")
    ]
    outputs = [p.communicate(timeout=300)[0].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    with Store(db) as store:
        docs = store.documents()
        assert len(docs) == 600 and len({d.id for d in docs}) == 600
        ok = store.conn.execute("PRAGMA integrity_check").fetchone()[0]
        assert ok == "ok"
        hits = store.conn.execute(
            "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'Dalsk'"
        ).fetchone()[0]
        assert hits == 600  # the search index kept up with both writers


_HTML_BITS = st.sampled_from(
    [
        "<html>",
        "<body>",
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<![CDATA[",
        "&amp;",
        "&#0;",
        "&#xFFFFFF;",
        "<table><tr><td>",
        "\u201c",
        "\u201d",
        "'",
        '"',
        "At least 12 people were killed",
        ", police said.",
        "\n\n",
        "<meta charset='utf-16'>",
        "\x00",
        "\ufeff",
        "<a href='javascript:x'>",
    ]
)
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
INGEST = IngestSettings()


def _read(name: str, data: bytes) -> None:
    # A clean rejection (IngestError) is the right answer for junk; anything else fails.
    with contextlib.suppress(IngestError):
        build_document(Source(name, data), Meta(), INGEST)


@FUZZ
@given(st.binary(max_size=4000), st.sampled_from(["x.txt", "x.html", "x.pdf", "x.eml", "x"]))
def test_random_bytes_are_read_or_cleanly_rejected(data, name):
    _read(name, data)


@FUZZ
@given(st.lists(_HTML_BITS | st.text(max_size=40), max_size=60))
def test_random_html_is_read_or_cleanly_rejected(parts):
    _read("page.html", "".join(parts).encode("utf-8", "surrogatepass"))


@pytest.mark.model
def test_extractors_survive_random_text(nlp):
    from crosswire.model import Document
    from crosswire.pipeline import _extractors, run_extractors

    extractors = _extractors(("entities.v1", "dates.v1", "quotes.v1", "figures.v1", "events.v1"))

    @settings(
        max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
    )
    @given(st.lists(_HTML_BITS | st.text(max_size=30), min_size=1, max_size=40))
    def check(parts):
        text = "".join(parts).replace("\x00", " ")
        if not text.strip():
            return
        doc = Document(id="f", sha256="f", path="f.txt", text=text)
        found = run_extractors(doc, nlp(text), extractors, strict=True)
        for f in found.figures:
            assert text[f.start : f.end] == f.text
        for q in found.quotes:
            assert 0 <= q.start <= q.end <= len(text)

    check()
