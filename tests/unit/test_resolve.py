"""Entity resolution on hand-made mentions: spellings, acronyms, aliases, families kept apart."""

from crosswire.analyze.resolve import Overrides, load_overrides, resolve_entities, skeleton


def _mentions(*items):
    out = []
    for i, (doc, text, mtype) in enumerate(items):
        out.append({"id": i, "doc": doc, "text": text, "name": text, "type": mtype})
    return out


def _groups(mentions, texts=None, overrides=None):
    entities, assignment = resolve_entities(mentions, texts or {}, overrides)
    by_key: dict[str, set[str]] = {}
    for m in mentions:
        by_key.setdefault(assignment[m["id"]], set()).add(m["text"])
    return sorted(sorted(v) for v in by_key.values()), {e["key"]: e for e in entities}


def test_transliterations_share_a_skeleton():
    for a, b in [
        ("Tartus", "Tartous"),
        ("Banias", "Baniyas"),
        ("Jableh", "Jablah"),
        ("Ahmed al-Sharaa", "Ahmad el-Sharaa"),
        ("Dar Salim", "Dar Saleem"),
    ]:
        assert skeleton(a) == skeleton(b), (a, b)
    assert skeleton("Homs") != skeleton("Hama")
    assert skeleton("Iran") != skeleton("Iraq")


def test_spellings_and_types_vote_into_one_place():
    groups, entities = _groups(
        _mentions(
            ("a", "Qaryat Nur", "place"),
            ("b", "Qariat Nour", "place"),
            ("c", "Qaryat Nur", "organization"),
        )
    )
    assert groups == [["Qariat Nour", "Qaryat Nur"]]
    assert next(iter(entities.values()))["type"] == "place"


def test_acronym_defined_in_the_text_joins_the_full_name():
    texts = {"a": "The Harbour Relief Network (HRN) said. Later HRN added."}
    groups, entities = _groups(
        _mentions(("a", "Harbour Relief Network", "organization"), ("a", "HRN", "organization")),
        texts,
    )
    assert groups == [["HRN", "Harbour Relief Network"]]
    assert "acronym" in next(iter(entities.values()))["why"]


def test_known_as_in_the_text_joins_a_nom_de_guerre():
    texts = {"a": "The commander, Karim Osman, known as Abu Yasin, spoke."}
    groups, _ = _groups(
        _mentions(("a", "Karim Osman", "person"), ("b", "Abu Yasin", "person")), texts
    )
    assert groups == [["Abu Yasin", "Karim Osman"]]


def test_a_shared_surname_stays_apart_when_it_could_be_either():
    groups, _ = _groups(
        _mentions(
            ("a", "Omar Belkadi", "person"),
            ("b", "Nadia Belkadi", "person"),
            ("c", "Belkadi", "person"),
        )
    )
    assert ["Belkadi"] in groups and len(groups) == 3
    groups, _ = _groups(_mentions(("a", "Omar Belkadi", "person"), ("c", "Belkadi", "person")))
    assert groups == [["Belkadi", "Omar Belkadi"]]


def test_different_people_with_similar_names_do_not_merge():
    groups, _ = _groups(_mentions(("a", "Samir Haddad", "person"), ("b", "Samia Haddad", "person")))
    assert len(groups) == 2


def test_overrides_file_merges_and_keeps_apart(tmp_path):
    path = tmp_path / "crosswire.aliases.toml"
    path.write_text(
        '[[merge]]\nnames = ["The Eagle", "Tarek Mansour"]\n\n[[apart]]\nname = "Mansour"\n'
    )
    overrides = load_overrides(path)
    groups, _ = _groups(
        _mentions(
            ("a", "Tarek Mansour", "person"),
            ("b", "The Eagle", "person"),
            ("c", "Mansour", "person"),
        ),
        overrides=overrides,
    )
    assert ["Tarek Mansour", "The Eagle"] in groups and ["Mansour"] in groups
    assert load_overrides(None) == Overrides()
