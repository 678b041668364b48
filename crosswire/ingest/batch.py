"""A batch of inputs into the store: files, folders, record files and URLs, each on its own.

Every input becomes an `Item`: a source to read, or the reason it cannot be. Storing goes one
item at a time, each in its own transaction, so a bad item is rejected by name (and logged in
the `rejects` table) while the rest go on, and a killed batch loses nothing already stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from crosswire.ingest.fetch import FetchSettings, fetch
from crosswire.ingest.metadata import Meta
from crosswire.ingest.readers import (
    RECORD_SUFFIXES,
    IngestError,
    Source,
    build_document,
    read_source,
)
from crosswire.settings import IngestSettings
from crosswire.store import Store


@dataclass(frozen=True)
class Item:
    label: str
    source: Source | None
    meta: Meta = Meta()
    error: str | None = None
    transient: bool = False  # the error may go away: worth trying again later


@dataclass
class IngestSummary:
    read: int = 0
    new: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


def is_url(arg: str) -> bool:
    return arg.lower().startswith(("http://", "https://"))


def path_items(
    files: list[Path],
    manifest: dict[str, Meta],
    settings: IngestSettings,
    fields: dict[str, str] | None = None,
) -> Iterator[Item]:
    """Items for files (as `discover` lists them): one each, or one per record of a record file."""
    from crosswire.ingest.records import read_records

    for path in files:
        label = str(path)
        try:
            if not path.exists():
                raise IngestError("no such file")
            source = read_source(path, settings)
            if path.suffix.lower() in RECORD_SUFFIXES:
                for rec in read_records(path, source.data, settings.encodings, fields):
                    yield Item(rec.label, rec.source, rec.meta, rec.error)
                continue
        except IngestError as exc:
            yield Item(label, None, Meta(), str(exc))
            continue
        yield Item(label, source, manifest.get(path.name, Meta()))


def url_items(urls: list[str], settings: FetchSettings, concurrency: int = 4) -> Iterator[Item]:
    """Fetch URLs a few at a time (polite), yielding items in the order given."""

    def one(url: str) -> Item:
        try:
            source, final = fetch(url, settings)
        except IngestError as exc:
            return Item(url, None, Meta(), str(exc), exc.transient)
        return Item(url, source, Meta(url=final))

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        yield from pool.map(one, urls)


def store_items(
    store: Store,
    items: Iterable[Item],
    settings: IngestSettings,
    on_error: Callable[[str, str], None] = lambda label, reason: None,
    on_item: Callable[[], None] = lambda: None,
) -> IngestSummary:
    summary = IngestSummary()
    for item in items:
        on_item()
        try:
            if item.error is not None or item.source is None:
                raise IngestError(item.error or "nothing to read")
            doc = build_document(item.source, item.meta, settings)
        except (IngestError, RecursionError) as exc:
            reason = str(exc) if isinstance(exc, IngestError) else "too deeply nested to read"
            summary.failed.append((item.label, reason))
            store.add_reject(item.label, reason)
            on_error(item.label, reason)
            continue
        summary.read += 1
        if store.add_document(doc):
            summary.new += 1
    return summary
