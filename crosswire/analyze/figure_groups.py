"""Figures reconciled across reports: one group per thing counted, with best, low and high.

Rules (each stated here and in docs/export.md, so any number can be traced to its sentences):
- A group holds casualty figures (killed, injured, displaced, detained, missing) with the same
  category and group, a compatible period (start dates more than three days apart make
  different counts) and a compatible place (the place of the event the figure counts; a figure
  with no place joins a placed group only when that group has the same source). Historical
  figures, population counts, percentages and vague amounts ("hundreds") never join a group.
- A member's primary source is the party the report credits; a figure stated in the outlet's own
  voice has the outlet as its source. Ten outlets relaying one monitor are one source.
- One source's figures form a sequence: by publication date where known, otherwise by size (a
  cumulative toll only grows), and the sequence says which it used.
- best: the latest figure of the source most outlets relay (ties: the larger); low: the smallest
  lower bound among members; high: the largest upper bound (the top of a range, else the value).
- status: single-source (one source, one value), revised (one source, several values),
  corroborated (several sources whose latest figures are within 15% of each other) or disputed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from crosswire.analyze.resolve import skeleton
from crosswire.data_files import known_names, normalise_name
from crosswire.extract.dates import iso_day
from crosswire.formatting import format_count
from crosswire.model import CASUALTY_CATEGORIES

AGREE = 0.15  # latest figures within this share of each other corroborate one another
_PERIOD_DAYS = 3
_SUMMARY_SOURCES = 5  # sources named in the one-sentence summary; all are in `sources`


@dataclass(frozen=True)
class Member:
    figure: int
    category: str
    group: str
    doc: str
    outlet: str
    published: str | None
    value: float
    high: float | None
    qualifier: str
    source: str  # the credited party, or the outlet
    credited: bool  # False when the outlet states it in its own voice
    since: str | None
    text: str
    place: str | None = None  # from the event the figure counts, where the report names one


def _members(
    figures: list[dict[str, Any]], docs: dict[str, dict[str, Any]], places: dict[int, str]
) -> list[Member]:
    out = []
    for f in figures:
        if (
            f["category"] not in CASUALTY_CATEGORIES
            or f["unit"] != "people"
            or f["historical"]
            or f["value"] is None
        ):
            continue
        d = docs[f["doc"]]
        outlet = d.get("outlet") or d.get("title") or d["path"].rsplit("/", 1)[-1]
        out.append(
            Member(
                figure=f["id"],
                category=f["category"],
                group=f["group"],
                doc=f["doc"],
                outlet=outlet,
                published=d.get("published"),
                value=float(f["value"]),
                high=None if f["high"] is None else float(f["high"]),
                qualifier=f["qualifier"],
                source=f["source"] or d.get("original_outlet") or outlet,
                credited=f["source"] is not None,
                since=f["since"],
                text=f["text"],
                place=places.get(f["id"]),
            )
        )
    return out


def _periods(members: list[Member]) -> list[list[Member]]:
    """Split one (category, group) bucket where start dates disagree; undated ones join the
    only dated period, or stay together when there are several."""
    dated = sorted((m for m in members if iso_day(m.since)), key=lambda m: m.since or "")
    undated = [m for m in members if not iso_day(m.since)]
    periods: list[list[Member]] = []
    for m in dated:
        day = iso_day(m.since)
        last = iso_day(periods[-1][0].since) if periods else None
        if periods and last and day and abs((day - last).days) <= _PERIOD_DAYS:
            periods[-1].append(m)
        else:
            periods.append([m])
    if len(periods) == 1:
        periods[0].extend(undated)
    elif undated:
        periods.append(undated)
    return periods or [undated]


def _by_place(members: list[Member]) -> list[list[Member]]:
    """Counts of different places are different counts. A count whose report names no place
    joins a placed group only when that group has the same source (the same count, reported
    with and without its place); otherwise it stays with the other unplaced ones."""
    placed: dict[str, list[Member]] = defaultdict(list)
    loose = []
    for m in members:
        if m.place:
            placed[skeleton(m.place)].append(m)
        else:
            loose.append(m)
    by_source: dict[str, set[str]] = defaultdict(set)
    for k, ms in placed.items():
        for x in ms:
            by_source[source_key(x.source)].add(k)
    rest = []
    for m in loose:
        same = sorted(by_source.get(source_key(m.source), ()))
        if len(same) == 1:
            placed[same[0]].append(m)
        else:
            rest.append(m)
    groups = [placed[k] for k in sorted(placed)]
    if rest:
        groups.append(rest)
    return groups


@lru_cache(maxsize=65536)
def source_key(source: str) -> str:
    """'UN refugee agency' = 'United Nations refugee agency': known short forms expanded."""
    words = []
    for w in source.replace("’", "'").split():
        known = known_names().get(normalise_name(w))
        words.append(known.canonical if known and known.type == "organization" else w)
    return skeleton(" ".join(words))


def _sequence(ms: list[Member]) -> tuple[list[Member], str]:
    if all(m.published for m in ms) and len({m.published for m in ms}) > 1:
        return sorted(ms, key=lambda m: (m.published or "", m.value)), "by publication date"
    return sorted(ms, key=lambda m: (m.value, m.published or "")), "by size (dates unknown)"


_QUAL_WORDS = {
    "at_least": "at least ",
    "more_than": "more than ",
    "about": "about ",
    "almost": "almost ",
    "up_to": "up to ",
}


def _say(m: Member) -> str:
    if m.high is not None:
        return f"{format_count(m.value)}-{format_count(m.high)}"
    return f"{_QUAL_WORDS.get(m.qualifier, '')}{format_count(m.value)}"


def _group(category: str, group: str, members: list[Member]) -> dict[str, Any]:
    by_source: dict[str, list[Member]] = defaultdict(list)
    names: dict[str, str] = {}
    for m in members:
        key = source_key(m.source)
        by_source[key].append(m)
        names.setdefault(key, m.source)
    sources = []
    for key, ms in by_source.items():
        seq, order = _sequence(ms)
        sources.append(
            {
                "source": names[key],
                "credited": any(m.credited for m in ms),
                "outlets": sorted({m.outlet for m in ms}),
                "sequence": [
                    {
                        "figure": m.figure,
                        "doc": m.doc,
                        "value": m.value,
                        "high": m.high,
                        "says": _say(m),
                        "outlet": m.outlet,
                        "published": m.published,
                    }
                    for m in seq
                ],
                "order": order,
                "latest": seq[-1].value,
            }
        )
    sources.sort(key=lambda s: (-len(s["outlets"]), -s["latest"], s["source"]))
    best = sources[0]["latest"]
    low = min(m.value for m in members)
    high = max(m.high if m.high is not None else m.value for m in members)
    latest = [s["latest"] for s in sources]
    if len(sources) == 1:
        values = {(m.value, m.high) for m in members}
        status = "revised" if len(values) > 1 else "single-source"
    elif max(latest) <= min(latest) * (1 + AGREE):
        status = "corroborated"
    else:
        status = "disputed"
    return {
        "category": category,
        "group": group,
        "since": min((m.since for m in members if m.since), default=None),
        "place": next((m.place for m in members if m.place), None),
        "best": best,
        "low": low,
        "high": high,
        "status": status,
        "summary": _summary(category, group, status, sources, best, low, high),
        "independent_sources": len(sources),
        "sources": sources,
        "members": sorted(m.figure for m in members),
    }


def _summary(
    category: str,
    group: str,
    status: str,
    sources: list[dict[str, Any]],
    best: float,
    low: float,
    high: float,
) -> str:
    what = f"{group} {category}" if group != "unspecified" else f"people {category}"
    parts = []
    for s in sources[:_SUMMARY_SOURCES]:
        steps = [x["says"] for x in s["sequence"]]
        if len(steps) > 4:
            steps = [*steps[:2], "...", *steps[-2:]]
        says = ", then ".join(steps)
        relay = f" (reported by {', '.join(s['outlets'])})" if s["credited"] else " (own statement)"
        parts.append(f"{s['source']}: {says}{relay}")
    plain = {
        "single-source": "single source",
        "revised": "one source, revised over time",
        "corroborated": f"corroborated by {len(sources)} independent sources",
        "disputed": f"disputed: {len(sources)} sources disagree",
    }[status]
    span = f"{format_count(low)}" if low == high else f"{format_count(low)} to {format_count(high)}"
    more = len(sources) - _SUMMARY_SOURCES
    if more > 0:
        parts.append(f"and {more} more source{'s' if more > 1 else ''}")
    return (
        f"{what}: best estimate {format_count(best)}, range {span}; {plain}. "
        + "; ".join(parts)
        + "."
    )


def figure_groups(
    figures: list[dict[str, Any]],
    docs: dict[str, dict[str, Any]],
    places: dict[int, str] | None = None,
) -> list[dict[str, Any]]:
    """Groups in a stable order (category, group, period, place), each with its members' ids.

    `places` maps a figure id to the place of the event it counts.
    """
    buckets: dict[tuple[str, str], list[Member]] = defaultdict(list)
    for m in _members(figures, docs, places or {}):
        buckets[(m.category, normalise_name(m.group))].append(m)
    out = []
    for (category, _g), members in sorted(buckets.items()):
        group = members[0].group
        for period in _periods(members):
            for counted in _by_place(period):
                out.append(_group(category, group, counted))
    for i, g in enumerate(out, 1):
        g["id"] = i
    return out
