"""The whole store as one JSON document that follows crosswire.export.schema."""

from __future__ import annotations

import json
from collections import defaultdict

from crosswire.export.schema import (
    DateOut,
    DocumentOut,
    EntityOut,
    EventOut,
    Export,
    FigureOut,
    MentionOut,
    QuoteOut,
)
from crosswire.store import Store


def build_export(store: Store) -> Export:
    """Everything stored, in a stable order: the same database always gives the same export."""
    docs = store.documents()
    text_of = {d.id: d.text for d in docs}
    by_id = {d.id: d for d in docs}

    def source(row: dict) -> dict:
        """Where an item lies in the source text, so a reader can find it in the original file."""
        doc = by_id[row["doc"]]
        return {
            "source_start": doc.source_offset(row["start"]),
            "source_end": doc.source_offset(row["end"] - 1) + 1
            if row["end"] > row["start"]
            else None,
            "page": doc.page_of(row["start"]),
        }

    figures = [
        FigureOut(
            **{
                **f,
                **source(f),
                "historical": bool(f["historical"]),
                "sentence": text_of[f["doc"]][f["sentence_start"] : f["sentence_end"]],
            }
        )
        for f in store.rows("figures")
    ]
    figure_ids = {(f["doc"], f["start"], f["end"]): f["id"] for f in store.rows("figures")}
    events = [
        EventOut(
            **{
                **e,
                **source(e),
                "negated": bool(e["negated"]),
                "hypothetical": bool(e["hypothetical"]),
                "figures": [
                    figure_ids[(e["doc"], s, t)]
                    for s, t in json.loads(e["figure_spans"])
                    if (e["doc"], s, t) in figure_ids
                ],
                "sentence": text_of[e["doc"]][e["sentence_start"] : e["sentence_end"]],
            }
        )
        for e in store.rows("events")
    ]
    quotes = [
        QuoteOut(**{**q, **source(q), "anonymous": bool(q["anonymous"]), "scare": bool(q["scare"])})
        for q in store.rows("quotes")
    ]
    mentions_by_entity: dict[int, list[dict]] = defaultdict(list)
    for m in store.rows("mentions"):
        if m["entity"] is not None:
            mentions_by_entity[m["entity"]].append(m)
    entities = []
    for e in store.rows("entities", order="type, name"):
        ms = mentions_by_entity.get(e["id"], [])
        forms = sorted({m["text"] for m in ms})
        entities.append(
            EntityOut(
                id=e["id"],
                type=e["type"],
                name=e["name"],
                forms=forms,
                mentions=[
                    MentionOut(
                        doc=m["doc"], start=m["start"], end=m["end"], text=m["text"], **source(m)
                    )
                    for m in ms
                ],
                lat=e["lat"],
                lon=e["lon"],
                country=e["country"],
                admin1=e["admin1"],
                admin2=e["admin2"],
                precision=e["precision"],
                geonames_id=e["geonames_id"],
                why=e["why"],
            )
        )
    return Export(
        documents=[
            DocumentOut(
                id=d.id,
                path=d.path,
                outlet=d.outlet,
                published=d.published,
                title=d.title,
                sha256=d.sha256,
                byline=d.byline,
                url=d.url,
                text=d.text,
                kind=d.kind,
                fetched_at=d.fetched_at,
            )
            for d in docs
        ],
        figures=figures,
        quotes=quotes,
        entities=entities,
        dates=[
            DateOut(**{k: r[k] for k in ("doc", "start", "end", "text", "value", "precision")})
            for r in store.rows("dates")
        ],
        events=events,
        figure_groups=store.analysis("figure_groups"),
        contradictions=store.analysis("contradictions"),
        incidents=store.analysis("incidents"),
        near_duplicates=store.analysis("near_duplicates"),
        framing=store.analysis("framing"),
        rejects=store.rejects(),
    )


def export_json(store: Store) -> str:
    return build_export(store).model_dump_json(indent=2)
