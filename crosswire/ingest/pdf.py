"""PDF reports (NGO and UN documents): their text, page by page, with where each page starts.

pypdf reads the text layer; pages are joined with a blank line and the offset where each page
starts is kept, so every finding can name its page. A PDF that is encrypted, has no text layer
(a scan) or cannot be parsed is refused with the reason; nothing here runs a PDF's scripts.
"""

from __future__ import annotations

import io
import logging

from crosswire.ingest.readers import IngestError

MAX_PAGES = 2_000


def pdf_to_text(data: bytes) -> tuple[str, list[int]]:
    """The text of every page and the offsets where pages 1, 2, ... start."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are ours to report
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise IngestError("encrypted PDF (no password given)")
        if len(reader.pages) > MAX_PAGES:
            raise IngestError(f"PDF of {len(reader.pages):,} pages (limit {MAX_PAGES:,})")
        parts: list[str] = []
        starts: list[int] = []
        at = 0
        for page in reader.pages:
            text = (page.extract_text() or "").replace("\r\n", "\n").strip()
            starts.append(at)
            parts.append(text)
            at += len(text) + 2
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise IngestError(f"broken PDF: {type(exc).__name__}: {exc}"[:300]) from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on hostile files
        raise IngestError(f"unreadable PDF: {type(exc).__name__}: {exc}"[:300]) from exc
    text = "\n\n".join(parts)
    if not text.strip():
        raise IngestError("PDF has no text layer (a scan?); OCR it first")
    return text, starts
