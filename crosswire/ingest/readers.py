"""Readers: bytes from a file to source text, rejecting what is not a readable report."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from crosswire.ingest.cleaning import clean_text
from crosswire.ingest.metadata import Meta, merge, strip_date_header, text_metadata
from crosswire.model import Document
from crosswire.settings import IngestSettings

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
READABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Magic numbers of formats that are sometimes saved under a text or .html name.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b")


class IngestError(Exception):
    """An input that cannot become a document; the message says why."""


@dataclass(frozen=True)
class Source:
    path: str
    data: bytes


def read_source(path: Path, settings: IngestSettings) -> Source:
    """Read a file's bytes, refusing ones over the size limit before reading them."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from exc
    if size > settings.max_bytes:
        raise IngestError(f"too large: {size:,} bytes (limit {settings.max_bytes:,})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from exc
    return Source(str(path), data)


def decode(data: bytes, encodings: tuple[str, ...]) -> str:
    """Decode bytes with a BOM's encoding, else the first configured encoding that fits."""
    if not data.strip():
        raise IngestError("empty file")
    if data.startswith(_BINARY_MAGIC):
        raise IngestError("binary file (not text or HTML)")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise IngestError(f"broken {enc} text: {exc.reason} at byte {exc.start}") from exc
    if b"\x00" in data[:8192]:
        raise IngestError("binary file (contains NUL bytes)")
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
        if controls > 0.01 * min(len(text), 8192):
            raise IngestError("binary file (control characters)")
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise IngestError(f"not text in any of {', '.join(encodings)}")


def html_to_text(html: str) -> tuple[str, Meta]:
    """The main text and metadata of an HTML page, by trafilatura."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    text = trafilatura.extract(
        html, output_format="txt", include_comments=False, include_tables=False, favor_recall=True
    )
    if not text or not text.strip():
        raise IngestError("HTML page with no article text")
    meta = trafilatura.extract_metadata(html)
    if meta is None:
        return text, Meta()
    date = meta.date if meta.date and len(meta.date) >= 4 else None
    return text, Meta(
        outlet=meta.sitename or None,
        published=date,
        url=meta.url or None,
        title=meta.title or None,
        byline=meta.author or None,
    )


def is_html(path: str, text: str) -> bool:
    if Path(path).suffix.lower() in HTML_SUFFIXES:
        return True
    head = text[:512].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


def build_document(source: Source, given: Meta, settings: IngestSettings) -> Document:
    """Turn raw bytes into a cleaned document; `given` (the manifest) wins over the text."""
    text = decode(source.data, settings.encodings)
    page_meta = Meta()
    if is_html(source.path, text):
        text, page_meta = html_to_text(text)
    text, header_date = strip_date_header(text)
    cleaned = clean_text(text)
    if not cleaned.text.strip():
        raise IngestError("no text left after cleaning")
    meta = merge(given, page_meta, Meta(published=header_date), text_metadata(cleaned.text))
    sha = hashlib.sha256(source.data).hexdigest()
    return Document(
        id=sha[:16],
        sha256=sha,
        path=source.path,
        text=cleaned.text,
        title=meta.title,
        outlet=meta.outlet,
        published=meta.published,
        byline=meta.byline,
        url=meta.url,
        segments=cleaned.segments,
    )


def discover(paths: list[Path]) -> list[Path]:
    """Every file named, and every readable file under each folder named, in a stable order."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file()
                    and not f.name.startswith(".")
                    and f.suffix.lower() in READABLE_SUFFIXES
                    and f.name.lower() not in {"readme.md", "readme.txt", "readme"}
                )
            )
        else:
            found.append(p)
    return found
