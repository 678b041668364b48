"""Dates: absolute and relative expressions resolved against the publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from crosswire.model import DateMention
from crosswire.registry import Context, register

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I
)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I
)
_MONTH_YEAR = re.compile(rf"\b(early|mid|late|mid-)?\s*-?\s*({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I)
_MONTH_ONLY = re.compile(rf"\b(early|mid|late|mid-)?\s*-?\s*({_MONTH_RE})\b", re.I)
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})(s?)\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = re.compile(
    r"\b(last|this|past)?\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I
)


_DATEISH = re.compile(
    rf"\b(?:{_MONTH_RE}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|"
    r"yesterday|tomorrow|tonight|ago|week|month|year|decade|century|morning|evening|night|"
    r"1[89]\d\d|20\d\d)",
    re.IGNORECASE,
)


def iso_day(value: str | None) -> date | None:
    """The day an ISO value names, or None for a month, a year or nothing."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def looks_like_date(text: str) -> bool:
    """Whether NER's DATE is really a date; spaCy also tags bare counts ("at 58") as DATE."""
    return bool(_DATEISH.search(text))


@dataclass(frozen=True)
class Resolved:
    value: str | None
    precision: str  # day, week, month, year, unknown


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _previous_weekday(base: date, weekday: int, strictly_before: bool) -> date:
    delta = (base.weekday() - weekday) % 7
    if delta == 0 and strictly_before:
        delta = 7
    return base - timedelta(days=delta)


@lru_cache(maxsize=4096)
def resolve(text: str, published: str | None) -> Resolved:
    """Resolve a date expression; relative ones need the publication date, else stay unknown.

    Months and days without a year take the publication year, moved back a year when that
    would put them after publication (news reports look back).
    """
    t = text.strip()
    low = t.lower()
    base: date | None = None
    if published and re.fullmatch(r"\d{4}-\d{2}-\d{2}", published[:10]):
        base = date.fromisoformat(published[:10])
    if m := _ISO.search(t):
        v = _iso(int(m[1]), int(m[2]), int(m[3]))
        return Resolved(v, "day" if v else "unknown")
    if m := _DAY_MONTH_YEAR.search(t):
        v = _iso(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
        return Resolved(v, "day" if v else "unknown")
    if (m := _MONTH_DAY.search(t)) and int(m[2]) <= 31:
        month, day = MONTHS[m[1].lower()], int(m[2])
        if m[3]:
            v = _iso(int(m[3]), month, day)
            return Resolved(v, "day" if v else "unknown")
        if base is None:
            return Resolved(None, "day")
        v = _iso(base.year, month, day)
        if v and date.fromisoformat(v) > base + timedelta(days=1):
            v = _iso(base.year - 1, month, day)
        return Resolved(v, "day")
    if m := _MONTH_YEAR.search(t):
        return Resolved(f"{int(m[3]):04d}-{MONTHS[m[2].lower()]:02d}", "month")
    if m := _WEEKDAY.search(t):
        if base is None:
            return Resolved(None, "day")
        wd = WEEKDAYS[m[2].lower()]
        d = _previous_weekday(base, wd, strictly_before=bool(m[1]) and m[1].lower() == "last")
        return Resolved(d.isoformat(), "day")
    if low in {"today", "this morning", "tonight", "this evening"} and base:
        return Resolved(base.isoformat(), "day")
    if low == "yesterday" and base:
        return Resolved((base - timedelta(days=1)).isoformat(), "day")
    if low in {"last week", "the past week", "this week"} and base:
        start = base - timedelta(days=base.weekday() + (7 if low == "last week" else 0))
        return Resolved(start.isoformat(), "week")
    if (m := _MONTH_ONLY.fullmatch(low)) or (m := _MONTH_ONLY.search(low)):
        if base is None:
            return Resolved(None, "month")
        month = MONTHS[m[2].lower()]
        year = base.year if month <= base.month else base.year - 1
        return Resolved(f"{year:04d}-{month:02d}", "month")
    if m := _YEAR.search(t):
        if m[2]:  # "the 1920s" is a decade, not a year
            return Resolved(f"{m[1][:3]}0", "decade")
        return Resolved(m[1], "year")
    return _dateparser(t, base)


def _dateparser(text: str, base: date | None) -> Resolved:
    """Last resort for forms the fast rules above do not know ("two days ago")."""
    if base is None:
        return Resolved(None, "unknown")
    from datetime import datetime

    import dateparser  # slow to import; most dates never need it

    parsed = dateparser.date.DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(base.year, base.month, base.day),
            "PREFER_DATES_FROM": "past",
        },
    ).get_date_data(text)
    if parsed is None or parsed.date_obj is None:
        return Resolved(None, "unknown")
    period = parsed.period or "day"
    d = parsed.date_obj.date()
    if period == "year":
        return Resolved(f"{d.year:04d}", "year")
    if period == "month":
        return Resolved(f"{d.year:04d}-{d.month:02d}", "month")
    return Resolved(d.isoformat(), period if period in {"day", "week"} else "day")


class DateExtractor:
    name = "dates.v1"
    requires = ("parse",)
    provides = ("dates",)

    def __call__(self, ctx: Context) -> Context:
        published = ctx.document.published
        for ent in ctx.parsed.ents:
            if ent.label_ != "DATE" or not looks_like_date(ent.text):
                continue
            r = resolve(ent.text, published)
            ctx.found.dates.append(
                DateMention(ent.start_char, ent.end_char, ent.text, r.value, r.precision)
            )
        return ctx


@register("dates.v1")
def make_dates() -> DateExtractor:
    return DateExtractor()
