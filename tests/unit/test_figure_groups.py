"""Figure reconciliation on hand-made figures: revisions, corroboration, disputes, exclusions."""

from crosswire.analyze.figure_groups import figure_groups

DOCS = {
    "a": {"outlet": "Wire A", "title": None, "path": "a.txt", "published": "2031-05-02"},
    "b": {"outlet": "Paper B", "title": None, "path": "b.txt", "published": "2031-05-04"},
    "c": {"outlet": "Site C", "title": None, "path": "c.txt", "published": "2031-05-04"},
}
_ids = iter(range(1, 1000))


def fig(doc, value, source=None, **kw):
    base = {
        "id": next(_ids),
        "doc": doc,
        "category": "killed",
        "group": "civilians",
        "value": value,
        "high": None,
        "qualifier": "exact",
        "unit": "people",
        "source": source,
        "since": None,
        "historical": 0,
        "text": str(value),
    }
    return {**base, **kw}


def test_one_monitor_revising_its_toll_is_a_sequence_not_a_dispute():
    figs = [fig("a", 41, "Dalsk Monitor", qualifier="at_least"), fig("b", 58, "the Dalsk Monitor")]
    [g] = figure_groups(figs, DOCS)
    assert (g["status"], g["best"], g["low"], g["high"]) == ("revised", 58, 41, 58)
    [src] = g["sources"]
    assert [s["value"] for s in src["sequence"]] == [41, 58]
    assert src["order"] == "by publication date" and src["outlets"] == ["Paper B", "Wire A"]
    assert "at least 41, then 58" in g["summary"]


def test_independent_sources_that_agree_corroborate_and_those_that_do_not_dispute():
    agree = [fig("a", 100, "Dalsk Monitor"), fig("c", 105, "Red Crescent")]
    [g] = figure_groups(agree, DOCS)
    assert g["status"] == "corroborated" and g["independent_sources"] == 2
    disagree = [fig("a", 100, "Dalsk Monitor"), fig("c", 300, "Red Crescent")]
    [g] = figure_groups(disagree, DOCS)
    assert g["status"] == "disputed" and (g["low"], g["high"]) == (100, 300)


def test_outlets_relaying_one_source_count_once():
    figs = [fig(d, 70, "Dalsk Monitor") for d in ("a", "b", "c")]
    [g] = figure_groups(figs, DOCS)
    assert g["status"] == "single-source" and g["independent_sources"] == 1
    assert g["sources"][0]["outlets"] == ["Paper B", "Site C", "Wire A"]


def test_history_population_vague_and_other_groups_stay_out():
    figs = [
        fig("a", 50, "Dalsk Monitor"),
        fig("a", 5000, None, historical=1),
        fig("a", 90000, None, category="population"),
        fig("b", None, None, qualifier="vague"),
        fig("b", 12, "Dalsk Monitor", group="fighters"),
    ]
    groups = figure_groups(figs, DOCS)
    assert sorted((g["group"], g["best"]) for g in groups) == [("civilians", 50), ("fighters", 12)]


def test_different_periods_and_places_are_different_counts():
    figs = [
        fig("a", 30, "Dalsk Monitor", since="2031-04-01"),
        fig("b", 80, "Dalsk Monitor", since="2031-05-01"),
    ]
    assert len(figure_groups(figs, DOCS)) == 2
    a, b = fig("a", 30, "Monitor"), fig("b", 80, "Agency")
    assert len(figure_groups([a, b], DOCS, {a["id"]: "Dalsk", b["id"]: "Oskara"})) == 2
