"""Framing and contradiction rules on texts written for these tests."""

from crosswire.analyze.contradictions import contradictions
from crosswire.analyze.framing import framing

A = (
    "The regime's crackdown on Dalsk continued. \u201cThese terrorists must be crushed,\u201d the "
    "governor said. Some 900 people have taken refuge at the Oskara stadium."
)
B = "Families who reached the Oskara Stadium were turned away, a nurse said. It was a massacre."


def _docs():
    return [
        {"id": "a", "outlet": "Wire A", "title": None, "path": "a.txt", "text": A},
        {"id": "b", "outlet": "Paper B", "title": None, "path": "b.txt", "text": B},
    ]


def _quote(doc, text, phrase, speaker, scare=False):
    start = text.index(phrase)
    return {
        "doc": doc,
        "start": start,
        "end": start + len(phrase),
        "speaker": speaker,
        "anonymous": False,
        "scare": scare,
    }


def test_own_voice_is_kept_apart_from_quoted_words():
    quotes = [_quote("a", A, "These terrorists must be crushed,", "the governor")]
    out = {
        o["outlet"]: {t["term"]: t for t in o["terms"]}
        for o in framing(_docs(), quotes, [], [], [])
    }
    assert out["Wire A"]["regime"]["own"] == 1 and out["Wire A"]["crackdown"]["own"] == 1
    assert out["Wire A"]["terrorist"]["own"] == 0
    assert out["Wire A"]["terrorist"]["quoted"] == 1
    assert out["Wire A"]["terrorist"]["examples"][0]["speaker"] == "the governor"
    assert out["Paper B"]["massacre"]["own"] == 1


def test_sheltered_at_a_place_vs_turned_away_from_it_is_a_contradiction():
    entities = [{"id": 7, "type": "place", "name": "Oskara Stadium"}]
    mentions = []
    for doc, text, form in (("a", A, "Oskara stadium"), ("b", B, "Oskara Stadium")):
        start = text.index(form)
        mentions.append(
            {"doc": doc, "start": start, "end": start + len(form), "text": form, "entity": 7}
        )
    [c] = contradictions(_docs(), mentions, entities, [])
    assert c["kind"] == "place" and c["about"] == "Oskara Stadium"
    sheltered, refused = c["sides"]
    assert sheltered["items"][0]["outlet"] == "Wire A"
    assert refused["items"][0]["outlet"] == "Paper B"
    # The same claim in both reports is agreement, not a contradiction.
    mentions[1]["doc"] = "a"
    assert contradictions(_docs()[:1], mentions[:1], entities, []) == []


def test_names_keep_an_outlets_epithet_and_inflected_terms_count():
    a = "Extremist Varkan spoke. Varkan's men were massacring villagers."
    b = "Governor Varkan visited the site."
    docs = [
        {"id": "a", "outlet": "Wire A", "title": None, "path": "a.txt", "text": a},
        {"id": "b", "outlet": "Paper B", "title": None, "path": "b.txt", "text": b},
    ]
    entities = [{"id": 1, "type": "person", "name": "Varkan"}]
    mentions = []
    for doc, text, title in (("a", a, None), ("b", b, "Governor")):
        for i in (text.index("Varkan"), text.rindex("Varkan")):
            mentions.append(
                {
                    "doc": doc,
                    "start": i,
                    "end": i + 6,
                    "text": "Varkan",
                    "entity": 1,
                    "title": title,
                }
            )
    out = {o["outlet"]: o for o in framing(docs, [], mentions, entities, [])}
    assert out["Wire A"]["names"][0]["forms"] == ["Extremist Varkan", "Varkan"]
    assert out["Paper B"]["names"][0]["forms"] == ["Governor Varkan"]
    terms = {t["term"]: t for t in out["Wire A"]["terms"]}
    assert terms["massacre"]["own"] == 1


def test_different_accounts_of_what_started_the_violence_are_set_side_by_side():
    a = (
        "Troops entered the valley on Friday in response to attacks by Kessar militiamen on "
        "police posts, the ministry said."
    )
    b = (
        "The revolt began in Dalsk in response to the arrest of 300 farmers, residents said. "
        "Governor Omar Benali, in turn, accused foreign agitators of inciting unrest."
    )
    c = "In response to the escalating crisis, the council met on Sunday."
    docs = [
        {"id": "a", "outlet": "Wire A", "title": None, "path": "a.txt", "text": a},
        {"id": "b", "outlet": "Paper B", "title": None, "path": "b.txt", "text": b},
        {"id": "c", "outlet": "Site C", "title": None, "path": "c.txt", "text": c},
    ]
    [found] = [x for x in contradictions(docs, [], [], []) if x["kind"] == "cause"]
    causes = {side["items"][0]["cause"]: side["items"][0] for side in found["sides"]}
    assert set(causes) == {
        "attacks by Kessar militiamen on police posts",
        "the arrest of 300 farmers",
        "foreign agitators",
    }  # "the escalating crisis" names no cause
    assert causes["foreign agitators"]["voice"] == "Governor Omar Benali"
    assert causes["the arrest of 300 farmers"]["voice"] == "the outlet"
    # One outlet alone, however many accounts, is not a disagreement between reports.
    assert not [x for x in contradictions(docs[1:2], [], [], []) if x["kind"] == "cause"]
