"""Incidents merged across reports on hand-made events."""

from crosswire.analyze.incidents import incidents

DOCS = {
    "a": {"path": "a.txt", "outlet": "Wire A", "published": "2031-05-03"},
    "b": {"path": "b.txt", "outlet": "Paper B", "published": "2031-05-04"},
    "c": {"path": "c.txt", "outlet": "Site C", "published": "2031-06-20"},
}
PLACES = {
    "Dalsk": {"name": "Dalsk", "admin1": "Korvel", "precision": "town"},
    "Korvel province": {"name": "Korvel", "admin1": None, "precision": "region"},
    "Varnia": {"name": "Varnia", "admin1": None, "precision": "country"},
}


def ev(i, doc, kind="violence", place=None, when=None, figures=(), actor=None, **kw):
    base = {
        "id": i,
        "doc": doc,
        "start": i,
        "kind": kind,
        "acled_type": None,
        "text": "killed",
        "actor": actor,
        "target": None,
        "place": place,
        "when": when,
        "figures": list(figures),
        "negated": False,
        "hypothetical": False,
    }
    return {**base, **kw}


def test_a_town_and_its_region_within_days_are_one_incident_with_both_labels():
    events = [
        ev(1, "a", place="Dalsk", when="2031-05-02", actor="militia gunmen"),
        ev(2, "b", place="Korvel province", when="2031-05-03", actor="government forces"),
        ev(3, "c", place="Dalsk", when="2031-06-19"),  # weeks later: another incident
    ]
    result = incidents(events, DOCS, [], [], PLACES)
    merged = next(i for i in result if 1 in i["events"])
    assert merged["events"] == [1, 2] and "same place" in merged["why"][0]
    assert {tuple(label["actors"]) for label in merged["labels"]} == {
        ("militia gunmen",),
        ("government forces",),
    }


def test_a_shared_figure_group_merges_and_denials_never_do():
    figures = [
        {"id": 10, "since": "2031-04-01", "until": None},
        {"id": 11, "since": None, "until": None},
    ]
    groups = [{"id": 1, "members": [10, 11]}]
    events = [
        ev(1, "a", figures=[10]),
        ev(2, "b", figures=[11]),
        ev(3, "c", figures=[11], negated=True),
    ]
    [inc] = incidents(events, DOCS, figures, groups, PLACES)
    assert inc["events"] == [1, 2] and inc["aggregate"] and inc["figure_groups"] == [1]


def test_a_country_is_too_wide_to_merge_on():
    events = [
        ev(1, "a", place="Varnia", when="2031-05-02"),
        ev(2, "b", place="Varnia", when="2031-05-02"),
    ]
    assert all(len(i["events"]) == 1 for i in incidents(events, DOCS, [], [], PLACES))


def test_an_attack_and_the_reprisal_on_its_perpetrators_stay_two_incidents():
    events = [
        ev(1, "a", place="Dalsk", when="2031-05-02", actor="gunmen", target="security forces"),
        ev(2, "b", place="Dalsk", when="2031-05-03", actor="the security forces", target="gunmen"),
    ]
    assert all(len(i["events"]) == 1 for i in incidents(events, DOCS, [], [], PLACES))
    events[1]["actor"] = "armed gunmen"  # same perpetrator, other wording: one incident
    [inc] = incidents(events, DOCS, [], [], PLACES)
    assert inc["events"] == [1, 2]
