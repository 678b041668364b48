"""Metadata from a manifest, or from what the text itself states; never guessed."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

# "date 2025-03-10" glued to the start of a text by some scrapers.
_DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)
_BYLINE = re.compile(r"^By\s+([A-Z][\w.'’\- ]{1,80}?)\s*$")
_TITLE_MAX = 160


@dataclass(frozen=True)
class Meta:
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None
    byline: str | None = None


class ManifestError(ValueError):
    """A manifest that cannot be read."""


def read_manifest(path: Path) -> dict[str, Meta]:
    """Rows of a manifest CSV (file,outlet,published,url; any may be blank), keyed by file name."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "file" not in reader.fieldnames:
                raise ManifestError(f"{path}: manifest needs a 'file' column")
            out: dict[str, Meta] = {}
            for row in reader:
                name = (row.get("file") or "").strip()
                if not name:
                    continue
                published = (row.get("published") or "").strip() or None
                if published and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", published):
                    raise ManifestError(f"{path}: {name}: published {published!r} is not ISO")
                out[name] = Meta(
                    outlet=(row.get("outlet") or "").strip() or None,
                    published=published,
                    url=(row.get("url") or "").strip() or None,
                )
            return out
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ManifestError(f"{path}: cannot read manifest: {exc}") from exc


def strip_date_header(text: str) -> tuple[str, str | None]:
    """Blank out a leading 'date YYYY-MM-DD' header (same length, so offsets hold)."""
    m = _DATE_HEADER.match(text)
    if not m:
        return text, None
    return " " * m.end() + text[m.end() :], m.group(1)


def text_metadata(cleaned: str) -> Meta:
    """Title and byline as the cleaned text states them."""
    lines = [ln.strip() for ln in cleaned.split("\n") if ln.strip()]
    title = None
    if lines:
        first = lines[0]
        # A headline is short and does not read as a finished sentence with a quote in it.
        if len(first) <= _TITLE_MAX:
            title = first
    byline = None
    for line in lines[:8]:
        m = _BYLINE.match(line)
        if m:
            byline = m.group(1).strip()
            break
    return Meta(title=title, byline=byline)


def merge(*layers: Meta) -> Meta:
    """Earlier layers win; later ones only fill what is still unknown."""
    fields = ("outlet", "published", "url", "title", "byline")
    values = {f: None for f in fields}
    for layer in layers:
        for f in fields:
            if values[f] is None:
                values[f] = getattr(layer, f)
    return Meta(**values)
