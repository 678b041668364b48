"""Claims from different reports that cannot both be true, each side with its sentence.

Rules over the structured extractions, no model:
- place claims: one report says people sheltered at a place, another that people were turned
  away from it (the place resolved across spellings, so Hmeimim = Hamiyim), from the phrase
  lexicon `data/lexicons/place_claims.txt`;
- figures: a figure group whose independent sources disagree (status "disputed"): the sources'
  latest figures side by side.
Crosswire reports that the claims conflict; it does not say which is right.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from typing import Any

from crosswire.analyze.framing import _sentence, outlet_label
from crosswire.data_files import read_lines


@cache
def place_claims() -> dict[str, str]:
    out = {}
    for ln in read_lines("lexicons/place_claims.txt"):
        phrase, _, claim = ln.partition("\t")
        out[phrase.strip()] = claim.strip()
    return out


@cache
def _claim_pattern() -> re.Pattern[str]:
    alts = "|".join(re.escape(p) for p in sorted(place_claims(), key=len, reverse=True))
    return re.compile(rf"\b({alts})\b", re.IGNORECASE)


_OPPOSED = ("sheltered", "refused")


def _place_sides(
    docs: dict[str, dict[str, Any]],
    mentions: list[dict[str, Any]],
    entities: dict[int, dict[str, Any]],
) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """For each place entity, the sentences that make each claim about it."""
    sides: dict[int, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for m in mentions:
        e = entities.get(m["entity"])
        if e is None or e["type"] != "place":
            continue
        text = docs[m["doc"]]["text"]
        start, end = _sentence(text, m["start"], m["end"])
        sentence = text[start:end]
        claims = {place_claims()[c.group(1).lower()] for c in _claim_pattern().finditer(sentence)}
        # A sentence that says both ("sought protection there, only to be turned away") makes
        # the stronger, later claim: they were refused.
        claim = "refused" if "refused" in claims else "sheltered" if claims else None
        if claim is None:
            continue
        side = sides[e["id"]][claim]
        if not any(s["doc"] == m["doc"] and s["start"] == start for s in side):
            side.append(
                {
                    "doc": m["doc"],
                    "outlet": outlet_label(docs[m["doc"]]),
                    "start": start,
                    "end": end,
                    "sentence": sentence,
                    "place_form": m["text"],
                }
            )
    return sides


def contradictions(
    docs: list[dict[str, Any]],
    mentions: list[dict[str, Any]],
    entities: list[dict[str, Any]],
    groups: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    by_doc = {d["id"]: d for d in docs}
    by_entity = {e["id"]: e for e in entities}
    out: list[dict[str, Any]] = []
    for eid, sides in sorted(_place_sides(by_doc, mentions, by_entity).items()):
        a, b = (sides.get(c, []) for c in _OPPOSED)
        if not a or not b or {s["doc"] for s in a} == {s["doc"] for s in b}:
            continue
        place = by_entity[eid]["name"]
        out.append(
            {
                "kind": "place",
                "about": place,
                "entity": eid,
                "summary": f"{place}: one report says people sheltered there; another that "
                f"people were turned away ({len(a)} vs {len(b)} sentences).",
                "sides": [
                    {"claim": "people sheltered there", "items": a},
                    {"claim": "people turned away", "items": b},
                ],
            }
        )
    for g in groups:
        if g["status"] != "disputed":
            continue
        what = f"{g['group']} {g['category']}" + (f" ({g['place']})" if g.get("place") else "")
        said = "; ".join(f"{s['source']}: {s['sequence'][-1]['says']}" for s in g["sources"])
        out.append(
            {
                "kind": "figures",
                "about": what,
                "figure_group": g["id"],
                "summary": f"{what}: independent sources disagree ({said}).",
                "sides": [
                    {
                        "claim": f"{s['source']}: {s['sequence'][-1]['says']}",
                        "items": [
                            {"figure": x["figure"], "outlet": x["outlet"], "says": x["says"]}
                            for x in s["sequence"]
                        ],
                    }
                    for s in g["sources"]
                ],
            }
        )
    for i, c in enumerate(out, 1):
        c["id"] = i
    return out
