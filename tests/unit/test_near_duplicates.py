"""Reprints found by MinHash LSH, linked to the earliest version; different stories kept apart."""

from crosswire.analyze.figure_groups import figure_groups
from crosswire.analyze.near_duplicates import near_duplicates

WIRE = (
    "DALSK, May 3 (Wire) - At least 31 civilians were killed when shells hit the market in "
    "Dalsk on Monday, the Dalsk Rights Monitor said, and rescue teams were still searching the "
    "rubble late into the night. The governor called for calm and said schools would stay "
    "closed for the rest of the week while engineers inspected the damaged buildings nearby."
)
REPRINT = WIRE.replace("(Wire)", "(Evening Post)").replace("late into the night", "late at night")
OTHER = (
    "Floodwater rose across the Varno basin on Tuesday, forcing hundreds of families to leave "
    "their homes for the hills, officials said, as forecasters warned of more rain by Thursday "
    "and aid groups asked for boats, blankets and clean water for the camps on the ridge."
)


def _docs():
    return [
        {"id": "b", "text": REPRINT, "published": "2031-05-04", "ingested_at": "x"},
        {"id": "a", "text": WIRE, "published": "2031-05-03", "ingested_at": "x"},
        {"id": "c", "text": OTHER, "published": "2031-05-03", "ingested_at": "x"},
        {"id": "d", "text": REPRINT + " Updated.", "published": "2031-05-05", "ingested_at": "x"},
    ]


def test_a_reprint_links_to_the_earliest_version_and_other_stories_stay_apart():
    pairs, sigs = near_duplicates(_docs())
    found = {d["doc"]: d for d in pairs}
    assert set(found) == {"b", "d"}
    assert found["b"]["original"] == "a" and found["d"]["original"] == "a"
    assert found["b"]["similarity"] >= 0.7
    # Signatures computed once are reused: the same answer without the texts.
    blank = [{**d, "text": ""} for d in _docs()]
    again, made = near_duplicates(blank, known=sigs)
    assert again == pairs and made == {}


def test_reprinted_own_statements_count_as_one_source():
    figures = [
        {
            "id": i,
            "doc": doc,
            "category": "killed",
            "group": "civilians",
            "value": 31.0,
            "high": None,
            "qualifier": "at_least",
            "unit": "people",
            "historical": 0,
            "source": None,
            "since": None,
            "text": "At least 31 civilians",
        }
        for i, doc in ((1, "a"), (2, "b"))
    ]
    docs = {
        "a": {"outlet": "Wire", "title": None, "path": "a", "published": "2031-05-03"},
        "b": {"outlet": "Evening Post", "title": None, "path": "b", "published": "2031-05-04"},
    }
    [alone] = figure_groups(figures, docs, {})
    assert alone["independent_sources"] == 2  # without knowing b reprints a
    docs["b"]["original_outlet"] = "Wire"
    [group] = figure_groups(figures, docs, {})
    assert group["independent_sources"] == 1 and group["status"] != "corroborated"
    assert group["sources"][0]["outlets"] == ["Evening Post", "Wire"]
