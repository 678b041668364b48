"""The scorer's matching rules, on small hand-built exports."""

from crosswire.evaluate import Gold, evaluate, same_name


def _export(figures=(), quotes=()):
    return {
        "documents": [{"id": "d1", "path": "corpus/report_a.txt", "text": "x" * 200}],
        "figures": list(figures),
        "quotes": list(quotes),
        "entities": [],
    }


def _fig(start, end, value, **kw):
    base = {
        "doc": "d1",
        "start": start,
        "end": end,
        "source_start": start,
        "source_end": end,
        "text": "t",
        "category": "killed",
        "group": "civilians",
        "value": value,
        "high": None,
        "qualifier": "exact",
        "source": None,
        "since": None,
    }
    return {**base, **kw}


def test_names_agree_without_titles_and_articles_but_not_on_a_bare_surname():
    assert same_name("Syrian President Ahmed Sharaa", "Ahmed Sharaa")
    assert same_name("a Syrian journalist", "Syrian journalist")
    assert same_name("Senator Marco Rubio", "Marco Rubio")
    assert not same_name("Senator Marco Rubio", "Rubio")
    assert not same_name("Bashar al-Assad", "Hafez al-Assad")
    assert same_name(None, None) and not same_name(None, "SOHR")


def test_figures_match_on_value_category_and_overlap():
    gold = Gold(
        has_figures=True,
        figures=[
            {
                "doc": "report_a",
                "span": "at least 12 civilians",
                "char_start": 10,
                "category": "killed",
                "group": "civilians",
                "value": 12,
                "qualifier": "at_least",
                "source": "The Monitor",
                "since": None,
            },
            {
                "doc": "report_a",
                "span": "hundreds",
                "char_start": 100,
                "category": "displaced",
                "group": "unspecified",
                "value": None,
                "qualifier": "vague:hundreds",
                "source": None,
            },
        ],
    )
    export = _export(
        [
            _fig(19, 31, 12, qualifier="at_least", source="the Monitor"),
            _fig(
                100,
                108,
                None,
                category="displaced",
                group="unspecified",
                qualifier="vague",
                vague_word="hundreds",
            ),
            _fig(150, 160, 7),  # not in the gold: a false hit
        ]
    )
    r = evaluate(export, gold)["figures"]["casualty"]
    assert (r["gold"], r["found"], r["matched"]) == (2, 3, 2)
    assert r["accuracy"]["qualifier"]["accuracy"] == 1.0
    assert r["accuracy"]["source"]["accuracy"] == 1.0


def test_a_figure_with_the_wrong_value_or_no_overlap_is_a_miss():
    gold = Gold(
        has_figures=True,
        figures=[
            {
                "doc": "report_a",
                "span": "12 civilians",
                "char_start": 10,
                "category": "killed",
                "group": "civilians",
                "value": 12,
                "qualifier": "exact",
            },
        ],
    )
    for found in (_fig(10, 22, 13), _fig(50, 60, 12)):
        result = evaluate(_export([found]), gold)
        assert result["figures"]["casualty"]["matched"] == 0
        assert result["misses"] and result["false_hits"]


def test_quotes_need_half_the_gold_and_scare_quotes_must_stay_unattributed():
    gold = Gold(
        has_quotes=True,
        quotes=[
            {
                "doc": "report_a",
                "char_start": 0,
                "quote": "a" * 40,
                "speaker": "Dr Lena Ott",
                "anonymous": False,
                "scare": False,
            },
            {
                "doc": "report_a",
                "char_start": 100,
                "quote": "liberated",
                "speaker": None,
                "anonymous": False,
                "scare": True,
            },
        ],
    )
    quote = {"doc": "d1", "kind": "direct", "text": "q", "anonymous": False, "scare": False}
    export = _export(
        quotes=[
            {
                **quote,
                "start": 0,
                "end": 25,
                "source_start": 0,
                "source_end": 25,
                "speaker": "Lena Ott",
            },
            {
                **quote,
                "start": 100,
                "end": 109,
                "source_start": 100,
                "source_end": 109,
                "speaker": "Lena Ott",
            },
        ]
    )
    q = evaluate(export, gold)["quotes"]
    assert q["direct"]["recall"] == 1.0
    assert q["direct"]["accuracy"]["speaker"]["accuracy"] == 1.0
    assert q["scare"] == {"gold": 1, "attributed": 1}
    export["quotes"][0].update(end=15, source_end=15)  # under half of the gold quote
    assert evaluate(export, gold)["quotes"]["direct"]["matched"] == 0
