"""RSS and Atom feeds: new items become documents; what was seen is remembered in the store.

A feed's XML is first read by defusedxml, which refuses entity expansion (the "billion laughs")
and external entities or DTDs that point at files or hosts; only then does feedparser read it.
An item whose feed carries its full text (content:encoded, Atom content) is stored from that;
otherwise its link is fetched with the same guard as any URL.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from crosswire.ingest.batch import Item
from crosswire.ingest.fetch import FetchSettings, fetch
from crosswire.ingest.metadata import Meta
from crosswire.ingest.readers import IngestError, Source

FULL_TEXT = 400  # characters of feed content enough to stand for the article itself


@dataclass(frozen=True)
class Entry:
    key: str  # the item's id, else its link, else a hash of its title
    link: str | None
    title: str | None
    published: str | None
    author: str | None
    content: str | None


@dataclass(frozen=True)
class Feed:
    title: str | None
    entries: list[Entry]


def parse_feed(data: bytes, label: str) -> Feed:
    import defusedxml.ElementTree as SafeET  # noqa: N812
    import feedparser
    from defusedxml import DefusedXmlException

    if not data.strip():
        raise IngestError("empty feed")
    try:
        SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise IngestError(f"feed refused: {type(exc).__name__} (unsafe XML)") from exc
    except SafeET.ParseError as exc:
        raise IngestError(f"not a feed: broken XML ({exc})") from exc
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        raise IngestError("not an RSS or Atom feed")
    entries = []
    for e in parsed.entries:
        content = None
        if e.get("content"):
            content = e["content"][0].get("value")
        content = content or e.get("summary")
        published = None
        when = e.get("published_parsed") or e.get("updated_parsed")
        if when:
            published = datetime(*when[:6], tzinfo=UTC).date().isoformat()
        key = e.get("id") or e.get("link")
        if not key:
            key = "sha256:" + hashlib.sha256((e.get("title") or "").encode()).hexdigest()[:16]
        entries.append(
            Entry(key, e.get("link"), e.get("title"), published, e.get("author"), content)
        )
    return Feed(parsed.feed.get("title"), entries)


def read_feed_bytes(feed: str, settings: FetchSettings) -> bytes:
    if feed.lower().startswith(("http://", "https://")):
        return fetch(feed, settings)[0].data
    path = Path(feed)
    if not path.is_file():
        raise IngestError("no such feed file")
    if path.stat().st_size > settings.max_bytes:
        raise IngestError(f"feed too large (limit {settings.max_bytes:,} bytes)")
    return path.read_bytes()


def _plain_length(html: str) -> int:
    return len(re.sub(r"<[^>]+>", " ", html).strip())


def new_items(feed: str, seen: set[str], settings: FetchSettings) -> Iterator[tuple[str, Item]]:
    """(entry key, item) for each entry not in `seen`; the feed's own failure as one item."""
    try:
        parsed = parse_feed(read_feed_bytes(feed, settings), feed)
    except IngestError as exc:
        yield "", Item(feed, None, Meta(), str(exc), exc.transient)
        return
    for entry in parsed.entries:
        if entry.key in seen:
            continue
        meta = Meta(
            outlet=parsed.title,
            published=entry.published,
            url=entry.link,
            title=entry.title,
            byline=entry.author,
        )
        label = entry.link or f"{feed}#{entry.key}"
        if entry.content and _plain_length(entry.content) >= FULL_TEXT:
            body = f"<html><body><article>{entry.content}</article></body></html>"
            fetched = datetime.now(UTC).isoformat(timespec="seconds")
            yield entry.key, Item(label, Source(label, body.encode(), "html", fetched), meta)
        elif entry.link:
            try:
                source, final = fetch(entry.link, settings)
            except IngestError as exc:
                yield entry.key, Item(label, None, meta, str(exc), exc.transient)
                continue
            yield entry.key, Item(label, source, dataclasses.replace(meta, url=final))
        else:
            yield entry.key, Item(label, None, meta, "feed item with neither text nor link")


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> int:
    """'15m' -> 900 seconds; '30s', '2h', '1d'; at least 10 seconds."""
    m = re.fullmatch(r"\s*(\d+)\s*([smhd]?)\s*", text or "")
    if not m:
        raise ValueError(f"bad interval {text!r}: use a number with s, m, h or d (e.g. 15m)")
    seconds = int(m.group(1)) * _UNITS[m.group(2) or "s"]
    if seconds < 10:
        raise ValueError("interval too short: at least 10 seconds, to be polite to the feed")
    return seconds
