"""The cross-document step over a whole store: entities, then everything built on them."""

from __future__ import annotations

import json
from typing import Any

from crosswire.analyze.contradictions import contradictions
from crosswire.analyze.figure_groups import figure_groups
from crosswire.analyze.framing import framing
from crosswire.analyze.incidents import incidents
from crosswire.analyze.near_duplicates import near_duplicates, signature_version
from crosswire.analyze.resolve import Overrides, resolve_entities
from crosswire.model import Document
from crosswire.store import Store


def analyze_store(store: Store, overrides: Overrides | None = None) -> int:
    """Rebuild every cross-document table from the stored extractions; returns the number of
    entities. Each table is replaced in its own transaction, so readers never see half of one."""
    all_docs = store.documents()  # read once, for every step below
    texts = {d.id: d.text for d in all_docs}
    entities, assignment = resolve_entities(store.rows("mentions", order="id"), texts, overrides)
    store.replace_entities(entities, assignment)
    reconcile(store, all_docs)
    return len(entities)


def reconcile(store: Store, all_docs: list[Document]) -> None:
    """Near-duplicates, figure groups (with places from the events they count),
    contradictions, framing and incidents (events merged across reports)."""
    version = signature_version()
    dups, made = near_duplicates(
        [
            {"id": d.id, "text": d.text, "published": d.published, "ingested_at": d.ingested_at}
            for d in all_docs
        ],
        known=store.signatures(version),
    )
    store.save_signatures(made, version)
    store.replace_analysis("near_duplicates", dups)
    docs = {
        d.id: {"outlet": d.outlet, "title": d.title, "path": d.path, "published": d.published}
        for d in all_docs
    }
    for dup in dups:
        original = docs[dup["original"]]
        # A reprint's own statements are its original's: one source, however many mastheads.
        docs[dup["doc"]]["original_outlet"] = (
            original["outlet"] or original["title"] or original["path"].rsplit("/", 1)[-1]
        )
    figures = store.rows("figures")
    by_span = {(f["doc"], f["start"], f["end"]): f["id"] for f in figures}
    places = {}
    for e in store.rows("events"):
        for start, end in json.loads(e["figure_spans"]):
            fid = by_span.get((e["doc"], start, end))
            if fid is not None and e["place"]:
                places.setdefault(fid, e["place"])
    groups = figure_groups(figures, docs, places)
    store.replace_analysis("figure_groups", groups)
    full_docs = [
        {"id": d.id, "outlet": d.outlet, "title": d.title, "path": d.path, "text": d.text}
        for d in all_docs
    ]
    mentions = store.rows("mentions", order="id")
    entities = store.rows("entities", order="id")
    quotes = store.rows("quotes")
    store.replace_analysis(
        "contradictions", contradictions(full_docs, mentions, entities, groups, quotes)
    )
    store.replace_analysis("framing", framing(full_docs, quotes, mentions, entities, figures))
    events = []
    for e in store.rows("events"):
        ids = [by_span.get((e["doc"], s, t)) for s, t in json.loads(e["figure_spans"])]
        events.append({**e, "figures": [i for i in ids if i is not None]})
    place_rows: dict[str, dict[str, Any]] = {}
    by_entity = {e["id"]: e for e in entities if e["type"] == "place"}
    for m in mentions:
        if m["entity"] in by_entity:
            place_rows.setdefault(m["name"], by_entity[m["entity"]])
            place_rows.setdefault(by_entity[m["entity"]]["name"], by_entity[m["entity"]])
    store.replace_analysis("incidents", incidents(events, docs, figures, groups, place_rows))
