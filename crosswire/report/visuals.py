"""The briefing's pictures, drawn without a network: revision charts as inline SVG, a timeline
of events by day, and the data behind the Leaflet map. Text from reports is escaped in every
SVG label, and the map's data is JSON that the page reads with textContent, never as HTML."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from markupsafe import Markup, escape

from crosswire.formatting import format_count

_W, _H, _PAD = 420, 170, 36
_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def revision_chart(group: dict[str, Any]) -> Markup | None:
    """How the counts in one figure group changed over time, one line per source.

    Drawn for groups whose members carry at least two publication dates, or (undated) whose
    source gave two or more figures in sequence; each point is a member, labelled with its
    value and linked to its sentence. Returns None when there is nothing to chart."""
    points = [
        (x["published"][:10], x["value"], s["source"], x["figure"])
        for s in group["sources"]
        for x in s["sequence"]
        if x.get("published") and x.get("value") is not None
    ]
    days = sorted({p[0] for p in points})
    if len(days) < 2:
        # Undated reports: one source's figures in the order Crosswire put them (a cumulative
        # toll only grows), each step labelled as undated.
        longest = max(group["sources"], key=lambda s: len(s["sequence"]))
        seq = [x for x in longest["sequence"] if x.get("value") is not None]
        if len(seq) < 2:
            return None
        points = [
            (
                f"{i + 1}. {x.get('published') or 'undated'}",
                x["value"],
                longest["source"],
                x["figure"],
            )
            for i, x in enumerate(seq)
        ]
        days = [p[0] for p in points]
    top = max(p[1] for p in points) or 1
    x_of = {d: _PAD + i * (_W - 2 * _PAD) / (len(days) - 1) for i, d in enumerate(days)}

    def y(v: float) -> float:
        return _H - _PAD - (v / top) * (_H - 2 * _PAD)

    parts = [
        f'<svg class="chart" viewBox="0 0 {_W} {_H}" role="img" aria-label="'
        f'{escape(group["group"])} {escape(group["category"])}: counts over time">',
        f'<line x1="{_PAD}" y1="{_H - _PAD}" x2="{_W - _PAD}" y2="{_H - _PAD}" class="axis"/>',
    ]
    for d in days:
        parts.append(
            f'<text x="{x_of[d]:.1f}" y="{_H - _PAD + 16}" text-anchor="middle" class="tick">'
            f"{escape(d)}</text>"
        )
    by_source: dict[str, list[tuple[str, float, str, int]]] = defaultdict(list)
    for p in points:
        by_source[p[2]].append(p)
    for i, (source, pts) in enumerate(sorted(by_source.items())):
        colour = _COLOURS[i % len(_COLOURS)]
        pts.sort()
        if len(pts) > 1:
            path = " ".join(f"{x_of[d]:.1f},{y(v):.1f}" for d, v, _s, _f in pts)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}"/>')
        for d, v, _s, fid in pts:
            parts.append(
                f'<a href="#f{fid}"><circle cx="{x_of[d]:.1f}" cy="{y(v):.1f}" r="4" '
                f'fill="{colour}"><title>{escape(source)}: {format_count(v)} ({escape(d)})</title>'
                f'</circle><text x="{x_of[d] + 6:.1f}" y="{y(v) - 6:.1f}" class="val">'
                f"{format_count(v)}</text></a>"
            )
        parts.append(
            f'<text x="{_PAD}" y="{14 + 14 * i}" class="key" fill="{colour}">'
            f"{escape(source)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def timeline(events: list[Any], label: dict[str, str]) -> list[dict[str, Any]]:
    """Events by the day they happened (undated ones left out), with a bar length per day."""
    days: dict[str, list[Any]] = defaultdict(list)
    for e in events:
        if e.when and not e.negated and not e.hypothetical:
            days[e.when[:10]].append(e)
    if not days:
        return []
    most = max(len(v) for v in days.values())
    out = []
    for day in sorted(days):
        kinds = Counter(e.acled_type or e.kind for e in days[day])
        out.append(
            {
                "day": day,
                "count": len(days[day]),
                "width": round(100 * len(days[day]) / most),
                "kinds": kinds.most_common(),
                "outlets": sorted({label[e.doc] for e in days[day]}),
                "events": days[day],
            }
        )
    return out


def map_data(entities: list[Any], events: list[Any], groups: list[dict[str, Any]]) -> str:
    """JSON for the map, safe inside a <script type="application/json"> element."""
    events_at: Counter[str] = Counter(e.place for e in events if e.place)
    groups_at: dict[str, list[str]] = defaultdict(list)
    for g in groups:
        if g.get("place"):
            groups_at[g["place"]].append(
                f"{g['group']} {g['category']}: {format_count(g['best'])} ({g['status']})"
            )
    places = []
    for e in entities:
        if e.type != "place" or e.lat is None or e.lon is None:
            continue
        names = {e.name, *e.forms}
        places.append(
            {
                "name": e.name,
                "forms": sorted(e.forms),
                "lat": e.lat,
                "lon": e.lon,
                "precision": e.precision,
                "country": e.country,
                "mentions": len(e.mentions),
                "events": sum(events_at[n] for n in names),
                "figures": [s for n in names for s in groups_at.get(n, [])],
            }
        )
    # "</" and "<!--" must not appear inside a script element: escape every "<".
    return json.dumps(places, ensure_ascii=False).replace("<", "\\u003c")
