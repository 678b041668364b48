"""Per-document extraction: a pure function of one document, run in-process or in workers."""

from __future__ import annotations

import dataclasses
import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from functools import cache
from multiprocessing.pool import AsyncResult
from typing import TYPE_CHECKING

from crosswire import __version__
from crosswire.model import Document, Extraction
from crosswire.nlp import load_model
from crosswire.registry import Context, Extractor, build
from crosswire.settings import ExtractSettings, Settings

if TYPE_CHECKING:
    from crosswire.ingest.metadata import Meta
    from crosswire.ingest.readers import Source
    from crosswire.store import Store


def version_key(settings: ExtractSettings) -> str:
    """Names what produced stored findings, so a changed extractor set re-extracts."""
    return f"crosswire {__version__}: {'+'.join(settings.extractors)} ({settings.model})"


def run_extractors(
    doc: Document, parsed: object, extractors: list[Extractor], strict: bool = False
) -> Extraction:
    """Apply each extractor in order; one that fails is recorded and the rest go on."""
    ctx = Context(document=doc, parsed=parsed, found=Extraction(doc_id=doc.id))  # type: ignore[arg-type]
    for ext in extractors:
        try:
            ctx = ext(ctx)
            ctx.provided.update(ext.provides)
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
            if strict:
                raise
            ctx.found.errors.append(f"{ext.name}: {type(exc).__name__}: {exc}")
    return ctx.found


@cache
def _extractors(names: tuple[str, ...]) -> list[Extractor]:
    """Built once per process; extractors hold no per-document state."""
    return build(names)


def _extract_batch(
    docs: list[Document], settings: ExtractSettings, strict: bool
) -> list[Extraction]:
    nlp = load_model(settings.model)
    extractors = _extractors(settings.extractors)
    return [
        run_extractors(doc, parsed, extractors, strict)
        for doc, parsed in zip(
            docs, nlp.pipe([d.text for d in docs], batch_size=settings.batch_size), strict=True
        )
    ]


def _chunks(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    for d in docs:
        chunk.append(d)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_WORKER_SETTINGS: ExtractSettings | None = None


def _init_worker(settings: ExtractSettings) -> None:
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings
    load_model(settings.model)


def _worker_batch(docs: list[Document]) -> list[Extraction]:
    assert _WORKER_SETTINGS is not None
    return _extract_batch(docs, _WORKER_SETTINGS, strict=False)


def extract_documents(
    docs: Iterable[Document], settings: ExtractSettings, strict: bool = False
) -> Iterator[Extraction]:
    """Findings for each document, in order, using `settings.workers` processes."""
    size = max(1, settings.batch_size)
    if settings.workers <= 1:
        for chunk in _chunks(docs, size):
            yield from _extract_batch(chunk, settings, strict)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(settings.workers, initializer=_init_worker, initargs=(settings,)) as pool:
        # Chunks are read here, in the calling thread (the store's connection belongs to it),
        # and a bounded number are in flight, so memory stays flat and order is kept.
        in_flight: deque[AsyncResult[list[Extraction]]] = deque()
        for chunk in _chunks(docs, max(1, size // 4)):
            in_flight.append(pool.apply_async(_worker_batch, (chunk,)))
            if len(in_flight) >= 2 * settings.workers:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()


def add_and_process(
    store: Store, source: Source, given: Meta, settings: Settings
) -> tuple[str, bool]:
    """One report from bytes to analysed findings: ingest, extract, re-analyze the collection.

    Returns the document id and whether it was new (the same bytes again change nothing).
    Raises IngestError, naming the reason, for input that cannot become a document.
    """
    from crosswire.analyze.run import analyze_store
    from crosswire.ingest.readers import build_document

    doc = build_document(source, given, settings.ingest)
    new = store.add_document(doc)
    if new:
        version = version_key(settings.extract)
        one = dataclasses.replace(settings.extract, workers=1)
        for ex in extract_documents([doc], one):
            store.save_extraction(ex, version)
        analyze_store(store)
    return doc.id, new
