"""The README's main job over the bundled sample, through the CLI as a user runs it."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.export.schema import Export

from ..conftest import SAMPLE

pytestmark = pytest.mark.model
runner = CliRunner()


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    result = runner.invoke(
        app, ["run", str(SAMPLE), "--manifest", str(SAMPLE / "manifest.csv"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_run_writes_database_briefing_and_valid_export(sample_run):
    assert (sample_run / "crosswire.db").exists()
    html = (sample_run / "report" / "index.html").read_text("utf-8")
    assert "Casualty figures" in html
    # Only the shipped scripts (Leaflet and the map) and the map's JSON: no script from a report,
    # and the page's CSP lets only those two exact scripts run.
    assert html.count("<script") == 3 and 'type="application/json" id="map-data"' in html
    assert html.count("'sha256-") == 2 and "'unsafe-inline'; img-src" in html
    data = json.loads((sample_run / "export.json").read_text("utf-8"))
    export = Export.model_validate(data)
    assert len(export.documents) == 4
    texts = {d.id: d.text for d in export.documents}
    for item in [*export.figures, *export.quotes, *export.events]:
        assert texts[item.doc][item.start : item.end] == item.text
    assert export.events and all(e.sentence for e in export.events)
    figure_ids = {f.id for f in export.figures}
    assert all(set(e.figures) <= figure_ids for e in export.events)
    assert any(e.figures for e in export.events)
    for e in export.entities:
        for m in e.mentions:
            assert texts[m.doc][m.start : m.end] == m.text
    tolls = {(f.value, f.source) for f in export.figures if f.category == "killed"}
    assert (41, "Kessar Civil Monitor") in tolls
    assert (60, None) in tolls  # the relief network's own estimate credits no one


def test_rerun_changes_nothing(sample_run):
    before = (sample_run / "export.json").read_text("utf-8")
    result = runner.invoke(
        app,
        ["run", str(SAMPLE), "--manifest", str(SAMPLE / "manifest.csv"), "--out", str(sample_run)],
    )
    assert result.exit_code == 0, result.output
    assert (sample_run / "export.json").read_text("utf-8") == before


def test_bad_inputs_are_named_skipped_and_set_the_exit_code(tmp_path):
    (tmp_path / "good.txt").write_text("At least 12 people were killed on Monday, police said.")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\nxxxx")
    (tmp_path / "big.txt").write_bytes(b"a" * 2000)
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 owners said 3 people died.".encode("cp1252"))
    db = tmp_path / "cw.db"
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(db), "--max-bytes", "1000"])
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.output
    assert "image.html: binary file" in result.output
    assert "big.txt: too large" in result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from documents").fetchone()[0] == 2
        assert conn.execute("select count(*) from rejects").fetchone()[0] == 3


def _write_corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"r{i:04d}.txt").write_text(
            f"Report {i}\n\nAt least {i + 3} civilians were killed in Town{i} on Sunday, "
            f"the Town{i} Monitor said. “We need help,” a doctor told reporters.\n"
        )


def _count(db: Path, sql: str) -> int | None:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.Error:  # not created yet, or its schema not yet written
        return None


# Kill -9 in the middle of each phase. The corpus is large enough that a fast machine cannot
# finish the phase between two polls; the kill comes as soon as the phase has written something.
@pytest.mark.parametrize(
    ("command", "n", "progress_sql"),
    [
        ("ingest", 3000, "select count(*) from documents"),
        ("run", 1000, "select count(*) from documents where extracted_with is not null"),
    ],
)
def test_killed_run_leaves_a_database_the_next_run_completes(tmp_path, command, n, progress_sql):
    corpus = tmp_path / "corpus"
    _write_corpus(corpus, n)
    out = tmp_path / "out"
    out.mkdir()
    db = out / "crosswire.db"
    target = ["--db", str(db)] if command == "ingest" else ["--out", str(out)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "crosswire", command, str(corpus), *target],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        done = _count(db, progress_sql)
        if done:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    partial = _count(db, progress_sql)
    assert partial is not None and 0 < partial < n, f"{command} was not interrupted ({partial}/{n})"
    result = runner.invoke(app, [command, str(corpus), *target])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from documents").fetchone()[0] == n
        paths = "select count(distinct path) from documents"
        assert conn.execute(paths).fetchone()[0] == n  # each document exactly once
        if command == "run":
            pending = "select count(*) from documents where extracted_with is null"
            assert conn.execute(pending).fetchone()[0] == 0
            # One figure per report, never duplicated by the second run.
            killed = "select count(*) from figures where category='killed'"
            assert conn.execute(killed).fetchone()[0] == n


@pytest.mark.parametrize(
    "command", ["run", "ingest", "extract", "analyze", "report", "export", "show", "config"]
)
def test_every_command_explains_itself(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and "crosswire" in result.output


def test_export_schema_documented():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "export.md").read_text("utf-8")
    for field in Export.model_fields:
        assert f"`{field}`" in doc, field


def test_aliases_file_merges_on_the_next_analyze_and_a_bad_one_is_refused(sample_run, tmp_path):
    db = sample_run / "crosswire.db"
    aliases = tmp_path / "crosswire.aliases.toml"
    aliases.write_text('[[merge]]\nnames = ["Mira Okonjo", "Amal Ferro"]\n')
    result = runner.invoke(app, ["analyze", "--db", str(db), "--aliases", str(aliases)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select e.why, count(distinct m.text) from entities e join mentions m "
            "on m.entity = e.id where m.text in ('Mira Okonjo', 'Amal Ferro') group by e.id"
        ).fetchall()
    assert len(rows) == 1 and "your aliases file" in rows[0][0]
    aliases.write_text("[[merge]\nnames = 3\n")
    result = runner.invoke(app, ["analyze", "--db", str(db), "--aliases", str(aliases)])
    assert result.exit_code == 2 and "crosswire.aliases.toml" in result.output
    # Put the sample back as it was for the other tests.
    assert runner.invoke(app, ["analyze", "--db", str(db)]).exit_code == 0
