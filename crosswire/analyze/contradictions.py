"""Claims from different reports that cannot both be true, each side with its sentence.

Rules over the structured extractions, no model:
- place claims: one report says people sheltered at a place, another that people were turned
  away from it (the place resolved across spellings, so Hmeimim = Hamiyim), from the phrase
  lexicon `data/lexicons/place_claims.txt`;
- figures: a figure group whose independent sources disagree (status "disputed"): the sources'
  latest figures side by side;
- causes: reports that give different accounts of what started the violence ("in response to
  alleged attacks by supporters of the deposed regime" vs "in response to the arrest of 2,000
  people"; "X sparked the clashes"; "accused X of inciting unrest"), grouped by the country the
  reports are about; each account keeps whose words it is (the outlet's, or the speaker quoted).
Crosswire reports that the claims conflict; it does not say which is right.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
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


_VIOLENCE = r"(?:violence|clashes|fighting|unrest|uprising|bloodshed|massacres?|killings?|attacks?)"
_CAUSES = (
    re.compile(r"\bin (?:response|retaliation|reaction) to (?P<cause>[^.;:!?]{5,160})", re.I),
    re.compile(
        rf"\b{_VIOLENCE}\s+(?:began|started|erupted|broke out|was sparked)\s+(?:when|after|by)\s+"
        r"(?P<cause>[^.;:!?]{5,160})",
        re.I,
    ),
    re.compile(
        r"(?P<cause>\b[A-Z][^.;:!?]{2,80}?)\s+(?:started|sparked|triggered|provoked|instigated|"
        rf"ignited)\s+(?:the\s+)?{_VIOLENCE}",
    ),
    re.compile(
        r"\baccused\s+(?P<cause>[^.;:!?]{3,100}?)\s+of\s+(?:attempting to\s+|trying to\s+)?"
        r"(?:incit|start|spark|provok|instigat|trigger)\w*",
        re.I,
    ),
)
_STOP = frozenset(
    re.findall(
        r"\S+",
        """the a an of by to and or in on at from with as well that this these those its their
        his her who which were was been being have has had some many more most about after when
        into without specifying names""",
    )
)
# Words that name no cause: "in response to the escalating crisis" says nothing of who began it.
_VAGUE = frozenset(
    re.findall(
        r"\S+",
        """crisi situation escalation escalating event development violence clashe fighting
        unrest tension growing recent latest ongoing""",
    )
)


def _content_words(text: str) -> set[str]:
    words = re.findall(r"[a-z][a-z'-]+", text.lower())
    return {w.rstrip("s") for w in words if w not in _STOP and len(w) > 2}


def _cause_text(raw: str) -> str:
    # An account ends at the first comma that ends a phrase (not the one in "2,000"): what
    # follows is another clause ("In response to X, the regime sent ...") or an aside.
    cut = re.split(r",[\"”’']?\s|\s+—\s+", raw)[0]
    return cut.strip(" ,\"'“”‘’")


_ACCUSER = re.compile(r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}),?(?:\s+in turn,?)?\s+accused\s*$")


def _cause_accounts(
    docs: dict[str, dict[str, Any]],
    quotes: list[dict[str, Any]],
    doc_country: dict[str, str],
) -> dict[str, list[dict[str, Any]]]:
    """Per country, every sentence that says what started the violence, with whose words."""
    quotes_by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in quotes:
        if not q.get("scare"):
            quotes_by_doc[q["doc"]].append(q)
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc_id, d in docs.items():
        text = d["text"]
        seen: set[int] = set()
        for pattern in _CAUSES:
            for m in pattern.finditer(text):
                start, end = _sentence(text, m.start(), m.end())
                if start in seen:
                    continue
                seen.add(start)
                cause = _cause_text(m.group("cause"))
                if not _content_words(cause) - _VAGUE:
                    continue
                accuser = _ACCUSER.search(text[start : m.start("cause")])
                speaker = next(
                    (
                        q["speaker"] or "an unnamed speaker"
                        for q in quotes_by_doc[doc_id]
                        if q["start"] <= m.start() < q["end"]
                    ),
                    None,
                )
                out[doc_country.get(doc_id, "")].append(
                    {
                        "doc": doc_id,
                        "outlet": outlet_label(d),
                        "start": start,
                        "end": end,
                        "sentence": text[start:end],
                        "cause": cause,
                        # Whose account: a quoted speaker's, the accuser's, else the outlet's.
                        "voice": speaker or (accuser.group(1) if accuser else "the outlet"),
                    }
                )
    return out


def _cause_contradictions(accounts: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    out = []
    for country, items in sorted(accounts.items()):
        # Accounts that share a third of their words tell the same cause.
        clusters: list[list[dict[str, Any]]] = []
        cluster_words: list[set[str]] = []  # the words of each cluster's causes, kept as it grows
        for it in items:
            words = _content_words(it["cause"])
            for cl, other in zip(clusters, cluster_words, strict=True):
                if words and len(words & other) / len(words | other) >= 0.3:
                    cl.append(it)
                    other |= words
                    break
            else:
                clusters.append([it])
                cluster_words.append(set(words))
        outlets_per = [{x["outlet"] for x in cl} for cl in clusters]
        if len(clusters) < 2 or len(set().union(*outlets_per)) < 2:
            continue  # one account, or one outlet's own several: nothing between reports
        where = f" ({country})" if country else ""
        out.append(
            {
                "kind": "cause",
                "about": f"what started the violence{where}",
                "summary": f"Reports give {len(clusters)} different accounts of what started the "
                f"violence{where}; Crosswire does not decide which is right.",
                "sides": [
                    {"claim": f"cause given: {cl[0]['cause']}", "items": cl} for cl in clusters
                ],
            }
        )
    return out


def contradictions(
    docs: list[dict[str, Any]],
    mentions: list[dict[str, Any]],
    entities: list[dict[str, Any]],
    groups: list[dict[str, Any]],
    quotes: list[dict[str, Any]] | None = None,
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
    # The country each report is mostly about, from its geocoded places.
    countries: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        e = by_entity.get(m["entity"])
        if e is not None and e["type"] == "place" and e.get("country"):
            countries[m["doc"]][e["country"]] += 1
    doc_country = {doc: c.most_common(1)[0][0] for doc, c in countries.items()}
    out.extend(_cause_contradictions(_cause_accounts(by_doc, quotes or [], doc_country)))
    for i, c in enumerate(out, 1):
        c["id"] = i
    return out
