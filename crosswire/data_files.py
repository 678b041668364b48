"""Packaged data (gazetteers, alias tables, lexicons), loaded lazily and cached."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from unidecode import unidecode


def read_lines(name: str) -> list[str]:
    """Non-comment, non-blank lines of a packaged text file."""
    text = resources.files("crosswire.data").joinpath(name).read_text("utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a packaged TSV whose first non-comment line is its header."""
    return [
        {k: (v or "").strip() for k, v in row.items()}
        for row in csv.DictReader(read_lines(name), delimiter="\t", quoting=csv.QUOTE_NONE)
    ]


def normalise_name(name: str) -> str:
    """A key for comparing names across spellings: ASCII, lower case, no articles or marks."""
    s = unidecode(name.replace("’", "'")).lower()
    s = re.sub(r"^(the)\s+", "", s)
    s = re.sub(r"('s|')$", "", s)
    s = s.replace("'", "")  # Sa'ar = Saar, Hay'at = Hayat
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return " ".join(s.split())


@dataclass(frozen=True)
class Actor:
    canonical: str
    type: str
    aliases: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Place:
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str
    admin1: str
    lat: float
    lon: float
    geonames_id: str


def _split(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in value.split("|") if a.strip())


@cache
def actors() -> tuple[Actor, ...]:
    return tuple(
        Actor(r["canonical"], r["type"], _split(r["aliases"]), r["note"])
        for r in read_tsv("aliases/actors.tsv")
    )


@cache
def places() -> tuple[Place, ...]:
    return tuple(
        Place(
            r["name"],
            _split(r["aliases"]),
            r["kind"],
            r["country"],
            r["admin1"],
            float(r["lat"]),
            float(r["lon"]),
            r["geonames_id"],
        )
        for r in read_tsv("gazetteers/places.tsv")
    )


@dataclass(frozen=True)
class Known:
    """What the shipped tables say about a name."""

    canonical: str
    type: str  # person, organization, group, place
    place: Place | None = None


@cache
def known_names() -> dict[str, Known]:
    """Normalised name -> canonical entry, for every canonical name and alias."""
    out: dict[str, Known] = {}
    for a in actors():
        for form in (a.canonical, *a.aliases):
            out.setdefault(normalise_name(form), Known(a.canonical, a.type))
    for p in places():
        for form in (p.name, *p.aliases):
            out.setdefault(normalise_name(form), Known(p.name, "place", p))
    return out


_LABEL_FOR_TYPE = {"person": "PERSON", "organization": "ORG", "group": "NORP", "place": "GPE"}


@cache
def gazetteer_patterns() -> list[dict[str, Any]]:
    """spaCy entity-ruler patterns for every shipped name. Bare given names and very short
    surnames are left out: "Bashar" could be any Bashar, and "Katz" any Katz, so the tagger
    decides those; a one-word nom de guerre ("Jolani") or surname ("Putin") is forced."""
    patterns = []
    for a in actors():
        given = a.canonical.split()[0]
        for form in (a.canonical, *a.aliases):
            if a.type == "person" and " " not in form and (form == given or len(form) < 5):
                continue
            patterns.append({"label": _LABEL_FOR_TYPE[a.type], "pattern": form})
    for p in places():
        for form in (p.name, *p.aliases):
            label = "FAC" if p.kind == "airbase" else "GPE"
            patterns.append({"label": label, "pattern": form})
    return patterns


@cache
def titles() -> tuple[str, ...]:
    """Titles longest first, so 'Foreign Minister' wins over 'Minister'."""
    return tuple(sorted(set(read_lines("lexicons/titles.txt")), key=len, reverse=True))


@cache
def cue_lemmas() -> frozenset[str]:
    return frozenset(ln.strip() for ln in read_lines("lexicons/cue_verbs.txt"))


@cache
def casualty_terms() -> dict[str, str]:
    out: dict[str, str] = {}
    for ln in read_lines("lexicons/casualty_terms.txt"):
        term, _, category = ln.partition("\t")
        out.setdefault(term.strip(), category.strip())
    return out


@cache
def people_nouns() -> dict[str, str]:
    out: dict[str, str] = {}
    for ln in read_lines("lexicons/people_nouns.txt"):
        noun, _, group = ln.partition("\t")
        out[noun.strip()] = group.strip()
    return out


@dataclass(frozen=True)
class Trigger:
    kind: str  # violence, remote violence, battle, detention, displacement, protest, policy
    acled_type: str | None
    pos: str  # verb, noun or any


@cache
def event_triggers() -> dict[str, Trigger]:
    out: dict[str, Trigger] = {}
    for ln in read_lines("lexicons/event_triggers.txt"):
        lemma, kind, acled, pos = (c.strip() for c in ln.split("\t"))
        out[lemma] = Trigger(kind, None if acled == "-" else acled, pos)
    return out
