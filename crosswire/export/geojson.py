"""GeoJSON: one Point per geocoded place, with the events there and the figures they count."""

from __future__ import annotations

import json
from typing import Any

from crosswire.export.schema import Export


def export_geojson(export: Export) -> str:
    figures = {f.id: f for f in export.figures}
    events_at: dict[str, list[Any]] = {}
    for ev in export.events:
        if ev.place:
            events_at.setdefault(ev.place, []).append(ev)
    features = []
    for e in export.entities:
        if e.type != "place" or e.lat is None or e.lon is None:
            continue
        evs = [ev for form in {e.name, *e.forms} for ev in events_at.get(form, [])]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [e.lon, e.lat]},
                "properties": {
                    "entity": e.id,
                    "name": e.name,
                    "forms": e.forms,
                    "country": e.country,
                    "admin1": e.admin1,
                    "precision": e.precision,
                    "geonames_id": e.geonames_id,
                    "mentions": len(e.mentions),
                    "documents": sorted({m.doc for m in e.mentions}),
                    "events": [
                        {
                            "id": ev.id,
                            "kind": ev.kind,
                            "when": ev.when,
                            "text": ev.text,
                            "sentence": ev.sentence,
                            "negated": ev.negated,
                            "hypothetical": ev.hypothetical,
                            "figures": [
                                {
                                    "id": i,
                                    "category": figures[i].category,
                                    "value": figures[i].value,
                                    "qualifier": figures[i].qualifier,
                                    "source": figures[i].source,
                                }
                                for i in ev.figures
                                if i in figures
                            ],
                        }
                        for ev in sorted(evs, key=lambda ev: ev.id)
                    ],
                },
            }
        )
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, indent=2, ensure_ascii=False
    )
