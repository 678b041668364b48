"""First entity resolution: mentions that share a canonical or normalised name are one entity."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from crosswire.analyze.geocode import geocode
from crosswire.data_files import known_names, normalise_name


@dataclass
class EntityDraft:
    key: str
    type: str
    why: str
    forms: Counter[str] = field(default_factory=Counter)
    mention_ids: list[int] = field(default_factory=list)
    name: str = ""


def _key(mention: dict[str, Any]) -> tuple[str, str, str]:
    """(key, type, why) by the alias table, else by normalised name and type."""
    norm = normalise_name(mention["name"])
    known = known_names().get(norm)
    if known is not None:
        return f"{known.type}:{normalise_name(known.canonical)}", known.type, "alias table"
    return f"{mention['type']}:{norm}", mention["type"], "same normalised name"


def resolve_entities(mentions: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """Entities (as rows for the store) and each mention id's entity key.

    Blocking is by key, so the cost is linear in the number of mentions. A one-word person
    name joins the single longer name that ends with it; when several do ("Assad": Bashar,
    Hafez, Rifaat), it stays an entity of its own rather than join the wrong one.
    """
    drafts: dict[str, EntityDraft] = {}
    for m in mentions:
        key, etype, why = _key(m)
        d = drafts.setdefault(key, EntityDraft(key, etype, why))
        d.forms[m["text"]] += 1
        d.mention_ids.append(m["id"])
    by_last: dict[str, list[str]] = defaultdict(list)
    for key, d in drafts.items():
        if d.type == "person" and d.why != "alias table":
            words = key.split(":", 1)[1].split()
            if len(words) > 1:
                by_last[words[-1]].append(key)
    for key, d in list(drafts.items()):
        words = key.split(":", 1)[1].split()
        if d.type == "person" and d.why != "alias table" and len(words) == 1:
            targets = by_last.get(words[0], [])
            if len(targets) == 1:
                target = drafts[targets[0]]
                target.forms.update(d.forms)
                target.mention_ids.extend(d.mention_ids)
                target.why = f"{target.why}; surname '{words[0]}' unique in corpus"
                del drafts[key]
    entities = []
    assignment: dict[int, str] = {}
    for key, d in sorted(drafts.items()):
        known = known_names().get(key.split(":", 1)[1])
        d.name = known.canonical if known else d.forms.most_common(1)[0][0]
        row: dict[str, Any] = {"key": key, "type": d.type, "name": d.name, "why": d.why}
        if d.type == "place":
            loc = geocode(d.name)
            if loc is not None:
                row["lat"], row["lon"] = loc.lat, loc.lon
        entities.append(row)
        for mid in d.mention_ids:
            assignment[mid] = key
    return entities, assignment
