"""`crosswire eval` over the project's own evaluation corpus (invented reports, hand-made gold).

These texts use the seeds' constructions in other words, places and numbers, so passing them
shows the rules generalise beyond the development set.
"""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire.cli import app

from ..conftest import ROOT

pytestmark = pytest.mark.model
runner = CliRunner()
EVAL = ROOT / "examples" / "eval"


def _run(tmp_path_factory, folder: Path) -> Path:
    out = tmp_path_factory.mktemp(folder.name)
    corpus = folder / "corpus"
    result = runner.invoke(
        app, ["run", str(corpus), "--manifest", str(corpus / "manifest.csv"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out / "export.json"


@pytest.fixture(scope="module")
def own_export(tmp_path_factory) -> Path:
    return _run(tmp_path_factory, EVAL)


@pytest.mark.parametrize("folder", [EVAL, ROOT / "examples" / "heldout"], ids=["eval", "heldout"])
def test_eval_json_meets_the_targets_on_our_own_texts(tmp_path_factory, folder):
    export = _run(tmp_path_factory, folder)
    result = runner.invoke(
        app, ["eval", "--export", str(export), "--gold", str(folder / "gold"), "--json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    casualty = scores["figures"]["casualty"]
    assert casualty["f1"] >= 0.90, scores["misses"]
    for attribute in ("qualifier", "source", "group"):
        assert casualty["accuracy"][attribute]["accuracy"] >= 0.90, scores["wrong"]
    direct = scores["quotes"]["direct"]
    assert direct["recall"] >= 0.95, scores["misses"]
    assert direct["accuracy"]["speaker"]["accuracy"] >= 0.90, scores["wrong"]
    assert scores["quotes"]["scare"]["attributed"] == 0
    assert scores["entities"]["passed"] == scores["entities"]["clusters"], scores["misses"]


def test_eval_table_names_misses(own_export, tmp_path):
    # Drop one figure from the export: the table must show it as missed and recall must fall.
    data = json.loads(own_export.read_text("utf-8"))
    gone = next(f for f in data["figures"] if f["value"] == 14)
    data["figures"].remove(gone)
    edited = tmp_path / "export.json"
    edited.write_text(json.dumps(data), "utf-8")
    result = runner.invoke(app, ["eval", "--export", str(edited), "--gold", str(EVAL / "gold")])
    assert result.exit_code == 0, result.output
    assert "Extraction scores" in result.output and "Missed" in result.output
    assert "at least 14 soldiers" in result.output


def test_eval_refuses_what_it_cannot_read(tmp_path):
    (tmp_path / "export.json").write_text("[]")
    result = runner.invoke(
        app, ["eval", "--export", str(tmp_path / "export.json"), "--gold", str(EVAL / "gold")]
    )
    assert result.exit_code == 2 and "not a Crosswire export" in result.output
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "figures.jsonl").write_text('{"doc": "x"}\n')
    (tmp_path / "ok.json").write_text('{"documents": []}')
    result = runner.invoke(
        app, ["eval", "--export", str(tmp_path / "ok.json"), "--gold", str(tmp_path / "gold")]
    )
    assert result.exit_code == 2 and "figures.jsonl:1: missing" in result.output
