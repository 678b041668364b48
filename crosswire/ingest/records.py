"""JSON Lines and CSV exports from other tools: one document per line or row.

Fields are found by name, the first present of each list below (case-insensitive), so exports
of common scrapers, GDELT-style tables and newsroom tools read as they are; `--fields
text=body,outlet=domain` names others. A line or row that is not usable is rejected on its own,
named `file.jsonl#LINE` or `file.csv#ROW`, and the rest of the file goes on.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from crosswire.ingest.metadata import Meta
from crosswire.ingest.readers import IngestError, Source, decode

FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "maintext", "html"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "site", "publisher", "source_name", "domain"),
    "published": ("published", "date", "published_at", "publish_date", "date_publish", "seendate"),
    "url": ("url", "link", "source_url"),
    "byline": ("byline", "author", "authors"),
}
MAX_RECORDS = 1_000_000


@dataclass(frozen=True)
class Record:
    label: str
    source: Source | None
    meta: Meta
    error: str | None = None


def parse_field_map(spec: str | None) -> dict[str, str]:
    """'text=body,outlet=domain' -> {'text': 'body', 'outlet': 'domain'}."""
    out: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        key, sep, column = part.partition("=")
        if not sep or key.strip() not in FIELDS or not column.strip():
            known = ", ".join(FIELDS)
            raise ValueError(
                f"bad field mapping {part!r}: use NAME=COLUMN with NAME one of {known}"
            )
        out[key.strip()] = column.strip()
    return out


def _pick(row: dict[str, object], field: str, mapping: dict[str, str]) -> str | None:
    lower = {str(k).lower(): v for k, v in row.items() if k is not None}
    names = (mapping[field],) if field in mapping else FIELDS[field]
    for name in names:
        value = lower.get(name.lower())
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if value not in (None, ""):
            return str(value).strip() or None
    return None


def _record(label: str, row: dict[str, object], mapping: dict[str, str]) -> Record:
    text = _pick(row, "text", mapping)
    meta = Meta(
        outlet=_pick(row, "outlet", mapping),
        published=_pick(row, "published", mapping),
        url=_pick(row, "url", mapping),
        title=_pick(row, "title", mapping),
        byline=_pick(row, "byline", mapping),
    )
    if not text:
        wanted = mapping.get("text") or " / ".join(FIELDS["text"])
        return Record(label, None, meta, f"no text field ({wanted})")
    return Record(label, Source(label, text.encode("utf-8"), kind=None), meta)


def read_records(
    path: Path, data: bytes, encodings: tuple[str, ...], mapping: dict[str, str] | None = None
) -> Iterator[Record]:
    """Every record of a .jsonl / .ndjson / .csv file's bytes."""
    mapping = mapping or {}
    text = decode(data, encodings)
    if path.suffix.lower() == ".csv":
        csv.field_size_limit(10_000_000)
        try:
            reader = csv.DictReader(io.StringIO(text))
            for n, row in enumerate(reader, start=2):
                if n > MAX_RECORDS:
                    raise IngestError(f"more than {MAX_RECORDS:,} rows")
                yield _record(f"{path}#{n}", dict(row), mapping)
        except csv.Error as exc:
            raise IngestError(f"broken CSV: {exc}") from exc
        return
    for n, line in enumerate(text.splitlines(), start=1):
        if n > MAX_RECORDS:
            raise IngestError(f"more than {MAX_RECORDS:,} lines")
        if not line.strip():
            continue
        label = f"{path}#{n}"
        try:
            row = json.loads(line)
        except (ValueError, RecursionError) as exc:
            yield Record(label, None, Meta(), f"not JSON: {exc}"[:200])
            continue
        if not isinstance(row, dict):
            yield Record(label, None, Meta(), "not a JSON object")
            continue
        yield _record(label, row, mapping)
