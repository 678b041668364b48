"""ACLED, UCDP, GeoJSON and CSV exports of the bundled sample, through the CLI."""

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.export.acled import COLUMNS as ACLED_COLUMNS
from crosswire.export.acled import fatalities
from crosswire.export.csv_tables import export_csv
from crosswire.export.schema import Export
from crosswire.export.ucdp import COLUMNS as UCDP_COLUMNS

from ..conftest import SAMPLE

pytestmark = pytest.mark.model
runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    result = runner.invoke(
        app, ["run", str(SAMPLE), "--manifest", str(SAMPLE / "manifest.csv"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out / "crosswire.db"


def _export(db, fmt, *extra):
    result = runner.invoke(app, ["export", "--db", str(db), "--format", fmt, *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_acled_has_acleds_columns_and_a_conservative_toll(db):
    text = _export(db, "acled")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(ACLED_COLUMNS)
    assert all(r["event_type"] and r["event_date"] for r in rows)
    assert any(r["country"] and r["latitude"] for r in rows)
    assert any(int(r["fatalities"]) > 0 for r in rows)
    assert _export(db, "acled") == text  # the same database, the same file


def test_fatalities_rule_takes_the_lowest_and_reads_vague_words():
    class F:
        def __init__(self, value, vague=None, category="killed"):
            self.value, self.vague_word, self.category, self.unit = value, vague, category, "people"

    assert fatalities([F(58), F(41)]) == 41
    assert fatalities([F(None, "dozens")]) == 12
    assert fatalities([F(None, "hundreds"), F(150)]) == 100
    assert fatalities([F(20, category="injured")]) == 0


def test_ucdp_has_best_low_high_and_sources(db):
    rows = list(csv.DictReader(io.StringIO(_export(db, "ucdp"))))
    assert list(rows[0]) == list(UCDP_COLUMNS)
    for r in rows:
        assert float(r["low"]) <= float(r["best"]) <= float(r["high"])
        assert r["event_clarity"] in {"1", "2"}


def test_geojson_places_carry_their_events(db):
    data = json.loads(_export(db, "geojson"))
    assert data["type"] == "FeatureCollection" and data["features"]
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert any(f["properties"]["events"] for f in data["features"])


def test_csv_tables_and_bad_arguments(db):
    rows = list(csv.DictReader(io.StringIO(_export(db, "csv", "--table", "quotes"))))
    assert rows and {"speaker", "text", "outlet"} <= set(rows[0])
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "csv", "--table", "x"])
    assert result.exit_code == 2 and "unknown table" in result.output
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "xml"])
    assert result.exit_code == 2 and "unknown format" in result.output


def test_csv_cells_never_start_a_spreadsheet_formula():
    export = Export.model_validate(
        {
            "documents": [
                {
                    "id": "d",
                    "path": "p.txt",
                    "outlet": "=HYPERLINK(1)",
                    "published": None,
                    "title": None,
                    "sha256": "x",
                    "text": "=1+1 people",
                }
            ],
            "figures": [
                {
                    "id": 1,
                    "doc": "d",
                    "start": 0,
                    "end": 4,
                    "text": "=1+1",
                    "category": "killed",
                    "group": "unspecified",
                    "value": 2,
                    "high": None,
                    "qualifier": "exact",
                    "source": "@cmd",
                    "since": None,
                    "until": None,
                }
            ],
            "quotes": [],
            "entities": [],
        }
    )
    text = export_csv(export, "figures")
    assert ",=1+1," not in text and "'=1+1" in text and "'@cmd" in text
    assert "'=HYPERLINK(1)" in text
