"""The briefing's charts and map data: drawn from the groups, report text always escaped."""

import json
from types import SimpleNamespace

from crosswire.report.visuals import map_data, revision_chart


def _group(source, seq):
    return {
        "group": "civilians",
        "category": "killed",
        "sources": [{"source": source, "sequence": seq}],
    }


def test_a_revision_is_charted_by_date_with_escaped_labels():
    seq = [
        {"figure": 1, "value": 41, "published": "2031-05-12"},
        {"figure": 2, "value": 58, "published": "2031-05-13"},
    ]
    svg = str(revision_chart(_group("<b>Monitor</b>", seq)))
    assert svg.count("<circle") == 2 and 'href="#f2"' in svg
    assert "<b>" not in svg and "&lt;b&gt;Monitor" in svg
    assert "2031-05-12" in svg and ">58<" in svg


def test_undated_sequences_are_charted_in_order_and_single_figures_not_at_all():
    seq = [{"figure": 1, "value": 745}, {"figure": 2, "value": 973}]
    svg = str(revision_chart(_group("Observatory", seq)))
    assert "1. undated" in svg and "2. undated" in svg
    assert revision_chart(_group("Observatory", seq[:1])) is None


def test_map_data_cannot_close_its_script_element():
    place = SimpleNamespace(
        type="place",
        name="</script><script>alert(1)</script>",
        forms=["Dalsk"],
        lat=1.0,
        lon=2.0,
        precision="town",
        country="XX",
        mentions=[1, 2],
    )
    raw = map_data([place], [], [])
    assert "<" not in raw
    [p] = json.loads(raw)
    assert p["name"].startswith("</script>") and p["mentions"] == 2
