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
PDF_SUFFIXES = {".pdf"}
EMAIL_SUFFIXES = {".eml"}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".csv"}  # many documents per file: ingest/records.py
READABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | EMAIL_SUFFIXES | RECORD_SUFFIXES
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Magic numbers of formats that are sometimes saved under a text or .html name.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b")


class IngestError(Exception):
    """An input that cannot become a document; the message says why."""

    #: True when trying again later may work (a timeout, a server error), not for bad input.
    transient = False


class TransientError(IngestError):
    transient = True


@dataclass(frozen=True)
class Source:
    path: str  # a file path, a URL, or "file.jsonl#12" for one record of a file
    data: bytes
    kind: str | None = None  # decided from the name and the bytes when None
    fetched_at: str | None = None


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
    """The main text and metadata of an HTML page, by trafilatura (with htmldate), falling back
    to the page's OpenGraph tags and JSON-LD NewsArticle for what it leaves unknown."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        text = trafilatura.extract(
            html,
            output_format="txt",
            include_comments=False,
            include_tables=False,
            favor_recall=True,
        )
        meta = trafilatura.extract_metadata(html)
    except (ValueError, RecursionError) as exc:
        raise IngestError(f"HTML page that cannot be parsed: {type(exc).__name__}") from exc
    if not text or not text.strip():
        raise IngestError("HTML page with no article text")
    found = Meta()
    if meta is not None:
        date = meta.date if meta.date and len(meta.date) >= 4 else None
        found = Meta(
            outlet=meta.sitename or None,
            published=date,
            url=meta.url or None,
            title=meta.title or None,
            byline=meta.author or None,
        )
    return text, merge(found, page_metadata(html))


def page_metadata(html: str) -> Meta:
    """OpenGraph and JSON-LD (NewsArticle, Article, ReportageNewsArticle) metadata."""
    import json

    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html[:2_000_000])
    except (ValueError, TypeError, RecursionError) as exc:
        raise IngestError(f"HTML page that cannot be parsed: {type(exc).__name__}") from exc
    except Exception:  # noqa: BLE001 - lxml's parser errors; the text was already read
        return Meta()

    def og(prop: str) -> str | None:
        values = tree.xpath(f"//meta[@property='{prop}' or @name='{prop}']/@content")
        return str(values[0]).strip() or None if values else None

    ld: dict = {}
    for block in tree.xpath("//script[@type='application/ld+json']/text()")[:10]:
        try:
            data = json.loads(block)
        except (ValueError, RecursionError):
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data])
        for item in items if isinstance(items, list) else []:
            kind = item.get("@type") if isinstance(item, dict) else None
            kinds = kind if isinstance(kind, list) else [kind]
            if any(k in {"NewsArticle", "Article", "ReportageNewsArticle"} for k in kinds):
                ld = item
                break
        if ld:
            break

    def ld_name(value: object) -> str | None:
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("name")
        return str(value).strip() or None if value else None

    published = ld.get("datePublished") or og("article:published_time")
    return Meta(
        outlet=ld_name(ld.get("publisher")) or og("og:site_name"),
        published=str(published)[:10] if published else None,
        url=ld.get("url") or og("og:url"),
        title=ld.get("headline") or og("og:title"),
        byline=ld_name(ld.get("author")) or og("article:author"),
    )


def is_html(path: str, text: str) -> bool:
    if Path(path).suffix.lower() in HTML_SUFFIXES:
        return True
    head = text[:512].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


def build_document(source: Source, given: Meta, settings: IngestSettings) -> Document:
    """Turn raw bytes into a cleaned document; `given` (the manifest) wins over the text."""
    suffix = Path(source.path.split("#", 1)[0]).suffix.lower()
    kind = source.kind
    pages: list[int] = []
    page_meta = Meta()
    if kind == "pdf" or (kind is None and source.data.startswith(b"%PDF")):
        from crosswire.ingest.pdf import pdf_to_text

        if suffix not in PDF_SUFFIXES and kind != "pdf":
            raise IngestError("binary file (a PDF under another name)")
        kind = "pdf"
        text, pages = pdf_to_text(source.data)
    elif kind == "email" or (kind is None and suffix in EMAIL_SUFFIXES):
        from crosswire.ingest.email_reader import email_to_text

        kind = "email"
        text, page_meta, body_html = email_to_text(source.data)
        if body_html:
            text, html_meta = html_to_text(text)
            page_meta = merge(page_meta, html_meta)
    else:
        if suffix in PDF_SUFFIXES:
            raise IngestError("not a PDF (no %PDF header)")
        text = decode(source.data, settings.encodings)
        if is_html(source.path, text):
            kind = kind or "html"
            text, page_meta = html_to_text(text)
        kind = kind or "text"
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
        kind=kind,
        raw=source.data,
        fetched_at=source.fetched_at,
        pages=pages,
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
                    # A folder's README and its manifest describe the reports; they are not ones.
                    and f.name.lower() not in {"readme.md", "readme.txt", "readme", "manifest.csv"}
                )
            )
        else:
            found.append(p)
    return found
