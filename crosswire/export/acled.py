"""ACLED-style CSV: one row per reported event, in ACLED's columns.

Rules (docs/export.md repeats them):
- rows: events with an ACLED event type, a place or a toll, that no source denies or only
  calls for;
- event_date: the event's own day (time_precision 1); its month or year, dated to the first day
  (3); else the report's publication day, as the act had happened by then (2); events with
  no date at all are left out;
- fatalities: ACLED's conservative rule: the lowest killed figure the reports link to the event
  ("at least 38" counts 38, a range its low end; vague words by ACLED's convention: several 3,
  dozens 12, scores 20, hundreds 100, thousands 1,000); 0 when none is given;
- geography from the event's place as geocoded by `crosswire analyze`; geo_precision 1 for a
  town or site, 2 for a region, 3 for a country;
- event_id_cnty: the country's ISO alpha-3 code and a running number in a stable order, so the
  same database always gives the same file.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from crosswire.analyze.geocode import country_name
from crosswire.export.schema import Export

COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]

VAGUE_FATALITIES = {
    "several": 3,
    "dozen": 12,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "many hundreds": 100,
    "several hundred": 100,
    "thousands": 1000,
    "several thousand": 1000,
    "many thousands": 1000,
}
_DISORDER = {
    "Battles": "Political violence",
    "Violence against civilians": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Riots": "Political violence; Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_SUB_EVENT = {
    "shell": "Shelling/artillery/missile attack",
    "shelling": "Shelling/artillery/missile attack",
    "bombardment": "Shelling/artillery/missile attack",
    "bomb": "Air/drone strike",
    "bombing": "Air/drone strike",
    "airstrike": "Air/drone strike",
    "strike": "Air/drone strike",
    "abduct": "Abduction/forced disappearance",
    "kidnap": "Abduction/forced disappearance",
    "abduction": "Abduction/forced disappearance",
    "arrest": "Arrests",
    "detain": "Arrests",
    "detention": "Arrests",
    "imprison": "Arrests",
    "fight": "Armed clash",
    "fighting": "Armed clash",
    "clash": "Armed clash",
    "battle": "Armed clash",
    "neutralise": "Armed clash",
    "protest": "Peaceful protest",
    "demonstrate": "Peaceful protest",
    "demonstration": "Peaceful protest",
    "rally": "Peaceful protest",
    "riot": "Violent demonstration",
}
_GEO_PRECISION = {"site": 1, "town": 1, "region": 2, "country": 3}


def fatalities(figures: list[Any]) -> int:
    """The conservative count: the lowest killed figure, vague words by convention."""
    counts = []
    for f in figures:
        if f.category != "killed" or f.unit != "people":
            continue
        if f.value is not None:
            counts.append(int(f.value))
        elif f.vague_word and f.vague_word.lower() in VAGUE_FATALITIES:
            counts.append(VAGUE_FATALITIES[f.vague_word.lower()])
    return min(counts) if counts else 0


def _date(when: str | None, published: str | None) -> tuple[str, int] | None:
    """(event_date, time_precision): the event's own day (1); its month or year, dated to the
    first day (3); else the report's publication day, as the act happened by then (2)."""
    if when and len(when) == 10:
        return when, 1
    if when and len(when) in {4, 7}:
        return (when + "-01-01")[:10] if len(when) == 4 else f"{when}-01", 3
    if published and len(published) == 10:
        return published, 2
    return None


def _iso3_numeric(country: str | None) -> tuple[str, str]:
    if not country:
        return "XXX", ""
    import pycountry

    c = pycountry.countries.get(alpha_2=country)
    return (c.alpha_3, str(int(c.numeric))) if c else ("XXX", "")


def acled_rows(export: Export) -> list[dict[str, Any]]:
    docs = {d.id: d for d in export.documents}
    figures = {f.id: f for f in export.figures}
    places = {}
    for e in export.entities:
        if e.type == "place":
            places.setdefault(e.name, e)
            for form in e.forms:
                places.setdefault(form, e)
    rows: list[dict[str, Any]] = []
    counters: dict[str, int] = {}
    ordered = sorted(export.events, key=lambda e: (e.when or "", docs[e.doc].path, e.start))
    for ev in ordered:
        if ev.acled_type is None or ev.negated or ev.hypothetical:
            continue
        if not ev.place and not ev.figures:
            continue  # "the world is silent about the massacres": no incident to code
        doc = docs[ev.doc]
        dated = _date(ev.when, doc.published)
        if dated is None:
            continue
        event_date, precision = dated
        place = places.get(ev.place or "")
        iso3, iso_num = _iso3_numeric(place.country if place else None)
        counters[iso3] = counters.get(iso3, 0) + 1
        rows.append(
            {
                "event_id_cnty": f"{iso3}{counters[iso3]}",
                "event_date": event_date,
                "year": date.fromisoformat(event_date).year,
                "time_precision": precision,
                "disorder_type": _DISORDER.get(ev.acled_type, ""),
                "event_type": ev.acled_type,
                "sub_event_type": _SUB_EVENT.get(
                    ev.trigger,
                    "Attack" if ev.acled_type == "Violence against civilians" else "",
                ),
                "actor1": ev.actor or "Unidentified",
                "assoc_actor_1": "",
                "inter1": "",
                "actor2": ev.target or "",
                "assoc_actor_2": "",
                "inter2": "",
                "interaction": "",
                "civilian_targeting": "Civilian targeting"
                if ev.acled_type == "Violence against civilians"
                else "",
                "iso": iso_num,
                "region": "",
                "country": country_name(place.country) if place and place.country else "",
                "admin1": (place.admin1 or "") if place else "",
                "admin2": (place.admin2 or "") if place else "",
                "admin3": "",
                "location": ev.place or "",
                "latitude": place.lat if place and place.lat is not None else "",
                "longitude": place.lon if place and place.lon is not None else "",
                "geo_precision": _GEO_PRECISION.get(place.precision or "", 3) if place else "",
                "source": doc.outlet or doc.path,
                "source_scale": "",
                "notes": f"{ev.sentence.strip()} [crosswire event {ev.id}; reported by "
                f"{ev.reported_by or doc.outlet or 'the outlet'}]",
                "fatalities": fatalities([figures[i] for i in ev.figures if i in figures]),
                "tags": "",
                "timestamp": 0,  # ACLED's upload time means nothing here; kept stable
            }
        )
    return rows


def safe_cell(value: Any) -> Any:
    """Text from a report must never run as a spreadsheet formula when the CSV is opened."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def to_csv(rows: list[dict[str, Any]], columns: list[str] | tuple[str, ...]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in rows)
    return buf.getvalue()


def export_acled(export: Export) -> str:
    return to_csv(acled_rows(export), COLUMNS)
