"""Typed records that flow between stages. Offsets are into a document's cleaned text."""

from __future__ import annotations

from dataclasses import dataclass, field

CASUALTY_CATEGORIES = ("killed", "injured", "displaced", "detained", "missing")
CATEGORIES = (*CASUALTY_CATEGORIES, "released", "population", "other")
QUALIFIERS = ("exact", "at_least", "more_than", "about", "almost", "up_to", "range", "vague")


@dataclass(frozen=True)
class Segment:
    """A run of cleaned text copied verbatim from the source text at `source_start`."""

    start: int
    source_start: int
    length: int


@dataclass
class Document:
    """One report, cleaned, with what is known about where it came from."""

    id: str
    sha256: str
    path: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    byline: str | None = None
    url: str | None = None
    segments: list[Segment] = field(default_factory=list)
    # Where it came from, kept so extraction can be re-run without fetching again.
    kind: str = "text"  # text, html, pdf, email, jsonl, csv, url, feed
    raw: bytes | None = field(default=None, repr=False, compare=False)
    fetched_at: str | None = None
    ingested_at: str | None = None  # set by the store
    pages: list[int] = field(default_factory=list)  # source offsets where PDF pages start

    def page_of(self, offset: int) -> int | None:
        """The 1-based PDF page an offset in the cleaned text lies on (None if not a PDF)."""
        if not self.pages:
            return None
        import bisect

        return bisect.bisect_right(self.pages, self.source_offset(offset))

    def source_offset(self, offset: int) -> int:
        """Map an offset in the cleaned text back to the text as read from the source."""
        for seg in reversed(self.segments):
            if seg.start <= offset:
                return seg.source_start + min(offset - seg.start, seg.length)
        return offset


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    type: str  # person, organization, group, place
    name: str  # the surface form less titles, articles and possessives
    title: str | None = None
    label: str = ""  # the NER label or "gazetteer"
    extractor: str = "entities.v1"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str | None  # ISO date, month (YYYY-MM) or year; None when it cannot be resolved
    precision: str  # day, week, month, year, unknown
    extractor: str = "dates.v1"


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    text: str
    kind: str  # direct, indirect
    speaker: str | None
    cue: str | None
    anonymous: bool = False
    scare: bool = False
    speaker_role: str | None = None
    speaker_mention: str | None = None
    extractor: str = "quotes.v1"


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    text: str
    category: str
    group: str
    value: float | None
    high: float | None
    qualifier: str
    unit: str = "people"
    vague_word: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None
    time_text: str | None = None
    historical: bool = False
    sentence_start: int = 0
    sentence_end: int = 0
    extractor: str = "figures.v1"


@dataclass(frozen=True)
class Event:
    """One reported act: who did what to whom, where and when, as the sentence tells it."""

    start: int  # the words that name the act ("were killed", "the arrest")
    end: int
    text: str
    kind: str  # violence, remote violence, battle, detention, displacement, protest, policy
    acled_type: str | None  # ACLED's event type where the sentence decides it
    trigger: str  # the lemma
    actor: str | None = None
    target: str | None = None
    place: str | None = None
    when: str | None = None  # resolved date (ISO day, month or year)
    when_text: str | None = None
    figure_spans: str = "[]"  # JSON [[start, end], ...] of the figures that count its toll
    reported_by: str | None = None  # whose words report it; None = the outlet's own voice
    negated: bool = False  # "denied killing"
    hypothetical: bool = False  # "called on Israel to intervene", "could rise"
    sentence_start: int = 0
    sentence_end: int = 0
    extractor: str = "events.v1"


@dataclass
class Extraction:
    """Everything the per-document extractors found in one document."""

    doc_id: str
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
