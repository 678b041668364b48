"""One incident per real event: the events that reports tell, merged across reports.

Two reported events are one incident when they are the same kind of act and either
- their tolls were reconciled into the same figure group (the 973 and the "at least 745"
  civilians killed are one count, so their events are one incident), or
- they happened at the same place, or at a town and the region it lies in (geocoded areas),
  with dates no more than three days apart (or, where a report gives no date, reports published
  no more than three days apart).
Blocking is by kind and place; within a block events are compared with their neighbours in
date order only, so the cost stays close to linear. Actors never merge two events (outlets name
perpetrators differently, and those labels are kept side by side so disagreements stay visible),
but they keep apart two acts at one place whose roles are reversed: gunmen attacking security
forces and security forces killing gunmen days later are an attack and a reprisal, not one act.
A toll counted over an open period ("since Thursday") marks its incident as an aggregate.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Any

from crosswire.analyze.resolve import skeleton
from crosswire.extract.dates import iso_day

_FAMILY = {
    "violence": "violence",
    "remote violence": "violence",
    "battle": "violence",
    "detention": "detention",
    "displacement": "displacement",
    "protest": "protest",
    "policy": "policy",
}
_DAYS = 3
_NEIGHBOURS = 6


class _Union:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.why: dict[int, set[str]] = defaultdict(set)

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int, why: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra
            self.why[ra] |= self.why.pop(rb, set())
        self.why[ra].add(why)


_ARTICLE = re.compile(r"^(the|a|an|some|several|many)\s+", re.IGNORECASE)


def _party(label: str | None) -> str:
    return _ARTICLE.sub("", (label or "").strip().lower())


def _same_party(x: str, y: str) -> bool:
    return bool(x and y) and (x == y or x in y or y in x)


def _reversed_roles(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """One event's perpetrator is the other's victim, and they share no perpetrator."""
    aa, at, ba, bt = (
        _party(a["actor"]),
        _party(a["target"]),
        _party(b["actor"]),
        _party(b["target"]),
    )
    crossed = _same_party(aa, bt) or _same_party(at, ba)
    return crossed and not _same_party(aa, ba)


def incidents(
    events: list[dict[str, Any]],
    docs: dict[str, dict[str, Any]],
    figures: list[dict[str, Any]],
    groups: list[dict[str, Any]],
    places: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    """`places` maps a place name (any form) to its geocoded entity row."""
    group_of = {m: g["id"] for g in groups for m in g["members"]}
    figure_by_id = {f["id"]: f for f in figures}
    usable = [
        e
        for e in events
        if not e["negated"] and not e["hypothetical"] and (e["figures"] or e["place"] or e["when"])
    ]
    uf = _Union()
    for e in usable:
        uf.find(e["id"])
    # (a) tolls reconciled into one figure group
    first_in_group: dict[tuple[str, int], int] = {}
    for e in usable:
        for fid in e["figures"]:
            g = group_of.get(fid)
            if g is None:
                continue
            key = (_FAMILY[e["kind"]], g)
            if key in first_in_group:
                uf.union(first_in_group[key], e["id"], "same reconciled toll")
            else:
                first_in_group[key] = e["id"]

    # (b) same place (or a town inside the region named), close in time
    def area_keys(place: str | None) -> list[str]:
        if not place:
            return []
        row = places.get(place)
        if row is not None and row.get("precision") == "country":
            return []  # "in Syria" is too wide to say two acts are one incident
        keys = [skeleton(row["name"] if row else place)]
        if row and row.get("admin1"):
            keys.append(skeleton(row["admin1"]))
        return keys

    def when(e: dict[str, Any]) -> date | None:
        return iso_day(e["when"]) or iso_day(docs[e["doc"]].get("published"))

    blocks: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for e in usable:
        for k in area_keys(e["place"]):
            blocks[(_FAMILY[e["kind"]], k)].append(e)
    for (_family, area), members in blocks.items():
        dated = sorted((m for m in members if when(m)), key=lambda m: when(m) or date.min)
        for i, a in enumerate(dated):
            for b in dated[i + 1 : i + 1 + _NEIGHBOURS]:
                da, db = when(a), when(b)
                if (
                    da
                    and db
                    and abs((db - da).days) <= _DAYS
                    and a["doc"] != b["doc"]
                    and not _reversed_roles(a, b)
                ):
                    uf.union(a["id"], b["id"], f"same place ({area}) within {_DAYS} days")

    clusters: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for e in usable:
        clusters[uf.find(e["id"])].append(e)
    out = []
    for root, members in clusters.items():
        if len({m["doc"] for m in members}) < 2 and not any(m["figures"] for m in members):
            continue  # one report's passing mention without a toll is not yet an incident
        members.sort(key=lambda m: (docs[m["doc"]]["path"], m["start"]))
        outlets = {}
        for m in members:
            d = docs[m["doc"]]
            outlets.setdefault(d.get("outlet") or d["path"].rsplit("/", 1)[-1], []).append(m)
        fig_ids = sorted({f for m in members for f in m["figures"]})
        dates = sorted(d for m in members if (d := iso_day(m["when"])))
        aggregate = any(
            (figure_by_id[f]["since"] and not figure_by_id[f]["until"])
            or str(figure_by_id[f].get("time_text") or "").startswith("since")
            for f in fig_ids
        )
        out.append(
            {
                "kind": _FAMILY[members[0]["kind"]],
                "acled_types": sorted({m["acled_type"] for m in members if m["acled_type"]}),
                "places": sorted({m["place"] for m in members if m["place"]}),
                "date_start": dates[0].isoformat() if dates else None,
                "date_end": dates[-1].isoformat() if dates else None,
                "aggregate": aggregate,
                "events": [m["id"] for m in members],
                "documents": sorted({m["doc"] for m in members}),
                "figures": fig_ids,
                "figure_groups": sorted({group_of[f] for f in fig_ids if f in group_of}),
                "labels": [
                    {
                        "outlet": outlet,
                        "actors": sorted({m["actor"] for m in ms if m["actor"]}),
                        "targets": sorted({m["target"] for m in ms if m["target"]}),
                        "words": sorted({m["text"].lower() for m in ms}),
                    }
                    for outlet, ms in sorted(outlets.items())
                ],
                "why": sorted(uf.why.get(root, set())) or ["one report"],
            }
        )
    out.sort(key=lambda i: (i["date_start"] or "9999", -len(i["documents"]), i["events"][0]))
    for n, inc in enumerate(out, 1):
        inc["id"] = n
    return out
