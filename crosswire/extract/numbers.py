"""Number expressions in running text: digits, words, ranges, vague quantities, qualifiers."""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a hundred": 100,
    "one hundred": 100,
    "a dozen": 12,
    "a thousand": 1000,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
VAGUE = (
    "tens of thousands",
    "hundreds of thousands",
    "many thousands",
    "several thousand",
    "thousands",
    "many hundreds",
    "several hundred",
    "hundreds",
    "dozens",
    "scores",
    "millions",
    "several",
)
# Prefixes, longest first, with the qualifier each implies.
QUALIFIER_WORDS = {
    "at least": "at_least",
    "no fewer than": "at_least",
    "a minimum of": "at_least",
    "more than": "more_than",
    "over": "more_than",
    "upwards of": "more_than",
    "in excess of": "more_than",
    "nearly": "almost",
    "almost": "almost",
    "close to": "almost",
    "just under": "almost",
    "around": "about",
    "about": "about",
    "roughly": "about",
    "some": "about",
    "approximately": "about",
    "an estimated": "about",
    "estimated": "about",
    "circa": "about",
    "up to": "up_to",
    "as many as": "up_to",
    "at most": "up_to",
    "fewer than": "up_to",
    "less than": "up_to",
    "between": "range",
    "from": "range",
}
_WORD_NUM = "|".join(sorted((re.escape(w) for w in UNITS), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s+(?:hundred|thousand|million|billion))?"
_ONE = rf"(?:(?:{_DIGITS}){_SCALE}|(?:{_WORD_NUM})(?:[\s-](?:{_WORD_NUM}))?{_SCALE})"
_QUAL = "|".join(sorted((re.escape(w) for w in QUALIFIER_WORDS), key=len, reverse=True))
_VAGUE = "|".join(re.escape(v) for v in VAGUE)
NUMBER = re.compile(
    rf"(?<![\w.,])(?:(?P<qual>{_QUAL})\s+)?"
    rf"(?:(?P<vague>{_VAGUE})|(?P<low>{_ONE})(?:[ \t]*(?:-|–|to|and)[ \t]*(?P<high>{_ONE}))?)"
    rf"(?P<pct>\s*(?:%|percent\b|per cent\b))?(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberExpr:
    start: int
    end: int
    num_start: int  # where the number itself begins, after any qualifier
    text: str
    value: float | None
    high: float | None
    qualifier: str
    vague_word: str | None
    percent: bool


def parse_number(text: str) -> float | None:
    """'1,000' -> 1000, 'five million' -> 5e6, 'twenty-five' -> 25, '3.5 million' -> 3.5e6."""
    t = text.strip().lower().replace(",", "")
    scale = 1
    for word, mult in SCALES.items():
        if t.endswith(" " + word) or (t == word):
            t = t[: -len(word)].strip() or "1"
            scale = mult
            break
    try:
        return float(t) * scale
    except ValueError:
        pass
    if t in UNITS:
        return float(UNITS[t] * scale)
    parts = re.split(r"[\s-]+", t)
    if all(p in UNITS for p in parts):
        return float(sum(UNITS[p] for p in parts) * scale)
    return None


def find_numbers(text: str) -> list[NumberExpr]:
    out = []
    for m in NUMBER.finditer(text):
        qual_word = (m.group("qual") or "").lower()
        qualifier = QUALIFIER_WORDS.get(qual_word, "exact")
        pct = bool(m.group("pct"))
        if m.group("vague"):
            if qualifier in {"range"}:
                continue
            vague = m.group("vague").lower()
            out.append(
                NumberExpr(
                    m.start(),
                    m.end(),
                    m.start("vague"),
                    m.group(0),
                    None,
                    None,
                    "vague",
                    vague,
                    pct,
                )
            )
            continue
        low = parse_number(m.group("low"))
        high = parse_number(m.group("high")) if m.group("high") else None
        if low is None:
            continue
        joiner = text[m.end("low") : m.start("high")].strip().lower() if m.group("high") else ""
        if high is not None and (high <= low or (joiner == "and" and qualifier != "range")):
            # "250 militia men and 973 civilians" is two counts, not a range.
            out.append(
                NumberExpr(
                    m.start(),
                    m.end("low"),
                    m.start("low"),
                    text[m.start() : m.end("low")],
                    low,
                    None,
                    "exact" if qualifier == "range" else qualifier,
                    None,
                    False,
                )
            )
            continue
        if high is not None:
            qualifier = "range"
        elif qualifier == "range":
            qualifier = "exact"
        out.append(
            NumberExpr(
                m.start(), m.end(), m.start("low"), m.group(0), low, high, qualifier, None, pct
            )
        )
    return out
