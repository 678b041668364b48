"""The JSON export contract, as pydantic models. docs/export.md describes it for people."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EXPORT_VERSION = "1"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="allow")


class DocumentOut(_Strict):
    id: str
    path: str
    outlet: str | None
    published: str | None = Field(description="ISO date (or year/month) or null when unknown")
    title: str | None
    sha256: str
    byline: str | None = None
    url: str | None = None
    text: str = Field(description="The cleaned text all offsets point into")
    kind: str = Field("text", description="text, html, pdf, email (what it was read from)")
    fetched_at: str | None = Field(None, description="When a URL was fetched")


class FigureOut(_Strict):
    id: int
    doc: str
    start: int
    end: int
    text: str
    source_start: int | None = Field(
        None, description="Offset of `start` in the text as read from the source file"
    )
    source_end: int | None = None
    page: int | None = Field(None, description="PDF page (1-based) the item is on")
    category: Literal[
        "killed", "injured", "displaced", "detained", "missing", "released", "population", "other"
    ]
    group: str
    value: float | None
    high: float | None
    qualifier: Literal[
        "exact", "at_least", "more_than", "about", "almost", "up_to", "range", "vague"
    ]
    unit: Literal["people", "percent"] = "people"
    vague_word: str | None = None
    source: str | None
    since: str | None
    until: str | None
    historical: bool = False
    sentence: str = ""


class QuoteOut(_Strict):
    id: int
    doc: str
    start: int
    end: int
    text: str
    source_start: int | None = Field(
        None, description="Offset of `start` in the text as read from the source file"
    )
    source_end: int | None = None
    page: int | None = Field(None, description="PDF page (1-based) the item is on")
    kind: Literal["direct", "indirect"]
    speaker: str | None
    cue: str | None
    anonymous: bool
    scare: bool = False
    speaker_role: str | None = None


class MentionOut(_Strict):
    doc: str
    start: int
    end: int
    text: str
    source_start: int | None = Field(
        None, description="Offset of `start` in the text as read from the source file"
    )
    source_end: int | None = None
    page: int | None = Field(None, description="PDF page (1-based) the item is on")


class EntityOut(_Strict):
    id: int
    type: Literal["person", "organization", "group", "place"]
    name: str
    forms: list[str]
    mentions: list[MentionOut]
    lat: float | None = None
    lon: float | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-2, for places")
    admin1: str | None = None
    admin2: str | None = None
    precision: str | None = Field(None, description="site, town, region or country")
    geonames_id: str | None = None
    why: str = ""


class DateOut(_Strict):
    doc: str
    start: int
    end: int
    text: str
    value: str | None
    precision: str


class EventOut(_Strict):
    id: int
    doc: str
    start: int
    end: int
    text: str
    source_start: int | None = None
    source_end: int | None = None
    page: int | None = Field(None, description="PDF page (1-based) the item is on")
    kind: Literal[
        "violence", "remote violence", "battle", "detention", "displacement", "protest", "policy"
    ]
    acled_type: str | None
    trigger: str
    actor: str | None
    target: str | None
    place: str | None
    when: str | None
    when_text: str | None
    figures: list[int] = Field(description="ids of the figures that count this event's toll")
    reported_by: str | None
    negated: bool
    hypothetical: bool
    sentence: str


class Export(_Strict):
    crosswire_export: str = EXPORT_VERSION
    documents: list[DocumentOut]
    figures: list[FigureOut]
    quotes: list[QuoteOut]
    entities: list[EntityOut]
    dates: list[DateOut] = []
    events: list[EventOut] = []
    figure_groups: list[dict] = []
    incidents: list[dict] = []
    near_duplicates: list[dict] = []
    contradictions: list[dict] = []
    framing: list[dict] = []
    rejects: list[dict] = []
