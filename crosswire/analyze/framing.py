"""How each outlet frames events: its own words kept apart from the words it quotes.

Per outlet: each loaded term from the shipped lexicon (`data/lexicons/framing_terms.txt`) counted
in the outlet's own voice, inside quotations (direct or reported speech: the speaker's word), and
in scare quotes (the outlet distancing itself from the word), with example sentences; the names
and titles it gives the people most reported on; whom it quotes, and how often anonymously; how
many figures it reports. Counting is per document, so it parallelises and never compares pairs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cache
from typing import Any

from crosswire.data_files import read_lines

_EXAMPLES = 2  # example sentences kept per term, voice and outlet


@cache
def framing_terms() -> dict[str, str]:
    """term -> kind; a line may list variants after the term: 'crackdown|cracked down'."""
    out = {}
    for ln in read_lines("lexicons/framing_terms.txt"):
        forms, _, kind = ln.partition("\t")
        out[forms.split("|")[0].strip()] = kind.strip()
    return out


@cache
def _variants() -> dict[str, str]:
    """Every written form (lower case, single spaces) -> its term."""
    out = {}
    for ln in read_lines("lexicons/framing_terms.txt"):
        forms = [f.strip() for f in ln.partition("\t")[0].split("|")]
        for f in forms:
            out[f.lower()] = forms[0]
    return out


@cache
def _term_pattern() -> re.Pattern[str]:
    forms = sorted(_variants(), key=len, reverse=True)
    alts = "|".join(re.escape(t).replace(r"\ ", r"[\s-]+") for t in forms)
    # Inflections count as the term: massacres, massacred, terrorists.
    return re.compile(rf"\b({alts})(?:s|es|d|ed|ing)?\b", re.IGNORECASE)


def _canonical(found: str) -> str:
    low = re.sub(r"[\s-]+", " ", found.lower())
    for suffix in ("", "s", "es", "d", "ed", "ing"):
        if suffix and not low.endswith(suffix):
            continue
        stem = low[: len(low) - len(suffix)] if suffix else low
        if stem in _variants():
            return _variants()[stem]
    return low


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around a span, cut at ., !, ? or a line break (enough for an example)."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    while left < start and text[left].isspace():
        left += 1
    return left, right


def _voice(start: int, quotes: list[dict[str, Any]]) -> tuple[str, str | None]:
    for q in quotes:
        if q["start"] <= start < q["end"]:
            if q["scare"]:
                return "scare", None
            return "quoted", q["speaker"]
    return "own", None


_WORD_BEFORE = re.compile(r"([A-Za-z-]+)\s+$")


def _epithet(text: str, start: int) -> str | None:
    """A loaded label standing right before a name ('Terrorist Jolani', 'jihadist leader' is
    not one): part of how the outlet names the person, so kept with the name."""
    m = _WORD_BEFORE.search(text[max(0, start - 30) : start])
    if not m:
        return None
    word = m.group(1)
    term = _canonical(word) if _term_pattern().fullmatch(word) else None
    if term and framing_terms().get(term) == "actor label":
        return word
    return None


def outlet_label(doc: dict[str, Any]) -> str:
    return doc.get("outlet") or doc.get("title") or doc["path"].rsplit("/", 1)[-1]


def framing(
    docs: list[dict[str, Any]],
    quotes: list[dict[str, Any]],
    mentions: list[dict[str, Any]],
    entities: list[dict[str, Any]],
    figures: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """One record per outlet, in a stable order."""
    quotes_by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in quotes:
        quotes_by_doc[q["doc"]].append(q)
    outlets: dict[str, dict[str, Any]] = {}
    for d in docs:
        label = outlet_label(d)
        o = outlets.setdefault(
            label,
            {
                "outlet": label,
                "documents": [],
                "terms": defaultdict(lambda: {"own": 0, "quoted": 0, "scare": 0, "examples": []}),
                "names": defaultdict(Counter),
                "speakers": Counter(),
                "anonymous_quotes": 0,
                "quotes": 0,
                "figures": 0,
            },
        )
        o["documents"].append(d["id"])
        text = d["text"]
        for m in _term_pattern().finditer(text):
            term = _canonical(m.group(0))
            voice, speaker = _voice(m.start(), quotes_by_doc[d["id"]])
            t = o["terms"][term]
            t[voice] += 1
            if sum(1 for e in t["examples"] if e["voice"] == voice) < _EXAMPLES:
                s, e = _sentence(text, m.start(), m.end())
                t["examples"].append(
                    {
                        "doc": d["id"],
                        "start": m.start(),
                        "end": m.end(),
                        "voice": voice,
                        "speaker": speaker,
                        "sentence": text[s:e],
                    }
                )
        for q in quotes_by_doc[d["id"]]:
            if q["scare"]:
                continue
            o["quotes"] += 1
            o["speakers"][q["speaker"] or "(unattributed)"] += 1
            o["anonymous_quotes"] += int(bool(q["anonymous"]))
    # Names: how each outlet names the people most reported on (in two or more outlets).
    doc_outlet = {d["id"]: outlet_label(d) for d in docs}
    person = {e["id"]: e for e in entities if e["type"] == "person"}
    reach: dict[int, set[str]] = defaultdict(set)
    for m in mentions:
        if m["entity"] in person:
            reach[m["entity"]].add(doc_outlet[m["doc"]])
    text_of = {d["id"]: d["text"] for d in docs}
    for m in mentions:
        if m["entity"] in person and len(reach[m["entity"]]) >= 2:
            form = f"{m['title']} {m['text']}" if m.get("title") else m["text"]
            epithet = _epithet(text_of[m["doc"]], m["start"])
            if epithet and not form.lower().startswith(epithet.lower()):
                form = f"{epithet} {form}"
            outlets[doc_outlet[m["doc"]]]["names"][person[m["entity"]]["name"]][form] += 1
    for f in figures:
        outlets[doc_outlet[f["doc"]]]["figures"] += 1
    out = []
    for label in sorted(outlets):
        o = outlets[label]
        out.append(
            {
                "outlet": label,
                "documents": o["documents"],
                "terms": [
                    {"term": term, "kind": framing_terms().get(term, ""), **counts}
                    for term, counts in sorted(o["terms"].items())
                ],
                "names": [
                    {"entity": name, "forms": [f for f, _ in forms.most_common()]}
                    for name, forms in sorted(o["names"].items())
                ],
                "quotes": o["quotes"],
                "anonymous_quotes": o["anonymous_quotes"],
                "speakers": [{"speaker": s, "quotes": n} for s, n in o["speakers"].most_common()],
                "figures": o["figures"],
            }
        )
    return out
