"""Extractors on texts written for these tests: other places, names and numbers than the seeds."""

import pytest

from crosswire.extract.figures import figures_in
from crosswire.extract.quotes import direct_quotes, indirect_quotes
from crosswire.extract.speakers import SpeakerResolver

pytestmark = pytest.mark.model

TEXT = (
    "Floodwater and fighting hit Marsa province\n\n"
    "According to the Northern Rights Monitor (NRM), more than 80 militia fighters and 312 "
    "civilians have been killed in the province since April 3rd. Over 40 police officers have "
    "also been killed, the NRM said.\n\n"
    "“We buried them in the school yard,” a teacher who asked not to be named told the Herald. "
    "“There was nowhere else,” she added.\n\n"
    "Governor Omar Benali said the army had “restored order” in the town. Benali said that "
    "some 4,000 residents had taken refuge at the port.\n\n"
    "In March 1994, soldiers killed between 2,000 and 6,000 people in the same valley.\n\n"
    "The town of Marsa has a population of 90,000, and the “martyrs square” was renamed."
)


@pytest.fixture(scope="module")
def parsed(nlp):
    return nlp(TEXT)


@pytest.fixture(scope="module")
def figures(parsed):
    quotes = direct_quotes(parsed, SpeakerResolver(parsed))
    return {f.value: f for f in figures_in(parsed, "2030-04-10", quotes)}


def test_shared_clause_and_source_with_acronym(figures):
    fighters, civilians = figures[80], figures[312]
    assert (fighters.category, fighters.group, fighters.qualifier) == (
        "killed",
        "fighters",
        "more_than",
    )
    assert (civilians.category, civilians.group, civilians.qualifier) == (
        "killed",
        "civilians",
        "exact",
    )
    assert civilians.source == fighters.source == "Northern Rights Monitor"
    assert civilians.since == "2030-04-03"
    police = figures[40]
    assert (police.group, police.source) == ("security forces", "Northern Rights Monitor")


def test_refuge_is_displacement_credited_to_speaker(figures):
    f = figures[4000]
    assert (f.category, f.qualifier, f.source) == ("displaced", "about", "Omar Benali")


def test_historical_range_is_marked(figures):
    f = figures[2000]
    assert (f.high, f.qualifier, f.historical, f.since) == (6000, "range", True, "1994-03")


def test_population_is_not_a_casualty(figures):
    assert figures[90000].category == "population"


def test_every_figure_slices_its_text(parsed, figures):
    for f in figures.values():
        assert parsed.text[f.start : f.end] == f.text


def test_quotes_speakers_pronouns_and_scare_quotes(parsed):
    quotes = direct_quotes(parsed, SpeakerResolver(parsed))
    by_text = {q.text: q for q in quotes}
    first = by_text["We buried them in the school yard,"]
    assert first.speaker == "a teacher" and first.anonymous
    assert by_text["There was nowhere else,"].speaker == "a teacher"
    assert by_text["restored order"].speaker == "Governor Omar Benali"
    scare = by_text["martyrs square"]
    assert scare.scare and scare.speaker is None
    for q in quotes:
        assert parsed.text[q.start : q.end] == q.text


def test_indirect_speech(parsed):
    resolver = SpeakerResolver(parsed)
    direct = direct_quotes(parsed, resolver)
    indirect = indirect_quotes(parsed, resolver, direct)
    assert any(q.speaker == "Omar Benali" and "4,000 residents" in q.text for q in indirect)


def test_shipped_one_word_aliases_are_found_but_given_names_are_left_to_the_tagger(nlp):
    from crosswire.extract.entities import mention_from_span

    doc = nlp("Terrorist Jolani Fails to Unite the Country\n\nPutin met Bashar in Moscow.")
    names = [m.name for s in doc.ents if (m := mention_from_span(s))]
    assert "Jolani" in names and "Putin" in names
    from crosswire.data_files import gazetteer_patterns

    forced = {p["pattern"] for p in gazetteer_patterns()}
    assert "Jolani" in forced and "Bashar" not in forced and "Katz" not in forced
