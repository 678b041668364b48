"""UCDP GED-style CSV: one row per event with deaths, with best, low and high.

Rules: events of violence (not denied, not only called for) with at least one linked killed
figure. best/low/high add up the event's killed figures of different groups (fighters and
civilians); each comes from the figure group that holds it when there is one (its reconciled
best, low and high; number_of_sources its independent sources), else from the figure itself
(a range gives low and high). event_clarity is 2
for a summary toll (a figure counted over an open period, "since March 6"), 1 for an incident.
type_of_violence: 3 (one-sided) for violence against civilians, 1 for battles and remote
violence, empty when the report does not say who was hit.
"""

from __future__ import annotations

from typing import Any

from crosswire.analyze.geocode import country_name
from crosswire.export.acled import to_csv
from crosswire.export.schema import Export

COLUMNS = [
    "id",
    "year",
    "type_of_violence",
    "side_a",
    "side_b",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "country",
    "date_start",
    "date_end",
    "date_prec",
    "best",
    "high",
    "low",
    "number_of_sources",
    "event_clarity",
]
_TYPE = {
    "Violence against civilians": 3,
    "Battles": 1,
    "Explosions/Remote violence": 1,
}
_WHERE_PREC = {"site": 1, "town": 1, "region": 4, "country": 6}
_DATE_PREC = {10: 1, 7: 4, 4: 5}


def ucdp_rows(export: Export) -> list[dict[str, Any]]:
    docs = {d.id: d for d in export.documents}
    figures = {f.id: f for f in export.figures}
    group_of = {m: g for g in export.figure_groups for m in g["members"]}
    places = {}
    for e in export.entities:
        if e.type == "place":
            places.setdefault(e.name, e)
    rows = []
    for ev in sorted(export.events, key=lambda e: (e.when or "", docs[e.doc].path, e.start)):
        if (
            ev.kind not in {"violence", "remote violence", "battle"}
            or ev.negated
            or ev.hypothetical
        ):
            continue
        killed = [
            figures[i] for i in ev.figures if i in figures and figures[i].category == "killed"
        ]
        killed = [f for f in killed if f.value is not None]
        if not killed:
            continue
        # Deaths of different groups in one event add up (fighters + civilians); each group's
        # numbers are its reconciled best/low/high where the figure belongs to a group.
        best = low = high = 0.0
        sources = 1
        seen_groups: set[int] = set()
        for f in killed:
            group = group_of.get(f.id)
            if group is not None:
                if group["id"] in seen_groups:
                    continue
                seen_groups.add(group["id"])
                best, low, high = best + group["best"], low + group["low"], high + group["high"]
                sources = max(sources, group["independent_sources"])
            else:
                value = f.value or 0
                best, low = best + value, low + value
                high += f.high if f.high is not None else value
        f = killed[0]
        doc = docs[ev.doc]
        place = places.get(ev.place or "")
        when = ev.when or f.since
        date_start = when or doc.published or ""
        # A toll over an open period ("since March 6") sums many incidents.
        aggregate = any(
            (k.since is not None and k.until is None)
            or str(getattr(k, "time_text", "") or "").startswith("since")
            for k in killed
        )
        rows.append(
            {
                "id": ev.id,
                "year": (date_start or "")[:4],
                "type_of_violence": _TYPE.get(ev.acled_type or "", ""),
                "side_a": ev.actor or "",
                "side_b": ev.target or "",
                "source_article": f"{ev.sentence.strip()} [crosswire figure {f.id}]",
                "source_office": doc.outlet or doc.path,
                "source_date": doc.published or "",
                "source_headline": doc.title or "",
                "source_original": f.source or doc.outlet or "",
                "where_prec": _WHERE_PREC.get(place.precision or "", 7) if place else 7,
                "where_coordinates": ev.place or "",
                "adm_1": (place.admin1 or "") if place else "",
                "adm_2": (place.admin2 or "") if place else "",
                "latitude": place.lat if place and place.lat is not None else "",
                "longitude": place.lon if place and place.lon is not None else "",
                "country": country_name(place.country) if place and place.country else "",
                "date_start": date_start,
                "date_end": doc.published if aggregate and doc.published else date_start,
                "date_prec": _DATE_PREC.get(len(when), "") if when else 5,
                "best": best,
                "high": high,
                "low": low,
                "number_of_sources": sources,
                "event_clarity": 2 if aggregate else 1,
            }
        )
    return rows


def export_ucdp(export: Export) -> str:
    return to_csv(ucdp_rows(export), COLUMNS)
