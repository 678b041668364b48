"""Events on texts written for these tests: roles in both voices, time, place, toll, modality."""

import json

import pytest

from crosswire.model import Document
from crosswire.pipeline import run_extractors
from crosswire.registry import build

pytestmark = pytest.mark.model

TEXT = (
    "Clashes spread to Korvel\n\n"
    "At least 23 villagers were killed by militia gunmen in Dalsk on Friday, according to the "
    "Korvel Health Office. Army helicopters later shelled the hills above Dalsk.\n\n"
    "Police arrested 140 students at a protest in the capital on Saturday, the union said.\n\n"
    "The commander denied that his men had executed prisoners. Aid groups urged both sides "
    "to declare a ceasefire.\n\n"
    "Since the offensive began on May 2, about 9,000 people have fled Dalsk."
)


@pytest.fixture(scope="module")
def events(nlp):
    doc = Document(id="d", sha256="x", path="t.txt", text=TEXT, published="2031-05-12")
    extractors = build(["entities.v1", "dates.v1", "quotes.v1", "figures.v1", "events.v1"])
    found = run_extractors(doc, nlp(TEXT), extractors, strict=True)
    return found


def _event(found, trigger):
    return next(e for e in found.events if e.trigger == trigger)


def test_passive_killing_has_perpetrator_victims_place_date_and_toll(events):
    e = _event(events, "kill")
    assert e.actor == "militia gunmen"
    assert e.target.startswith("At least 23 villagers")
    assert (e.place, e.when) == ("Dalsk", "2031-05-09")
    assert e.acled_type == "Violence against civilians"
    assert e.reported_by == "Korvel Health Office"
    [span] = json.loads(e.figure_spans)
    toll = next(f for f in events.figures if [f.start, f.end] == span)
    assert toll.value == 23 and toll.category == "killed"


def test_active_voice_and_remote_violence(events):
    e = _event(events, "shell")
    assert e.kind == "remote violence" and e.actor == "Army helicopters"
    assert e.acled_type == "Explosions/Remote violence"


def test_detention_credits_the_union_and_keeps_its_count(events):
    e = _event(events, "arrest")
    assert (e.kind, e.actor, e.reported_by) == ("detention", "Police", "union")
    assert json.loads(e.figure_spans)
    assert e.when == "2031-05-10"


def test_denied_and_asked_for_acts_are_flagged_not_asserted(events):
    assert _event(events, "execute").negated
    assert _event(events, "declare").hypothetical
    assert not _event(events, "kill").negated and not _event(events, "kill").hypothetical


def test_people_who_fled_are_those_it_happened_to(events):
    e = _event(events, "flee")
    assert e.target == "about 9,000 people" and e.actor is None
    assert e.when == "2031-05-02"


def test_offsets_slice_the_trigger(events):
    for e in events.events:
        assert TEXT[e.start : e.end] == e.text
