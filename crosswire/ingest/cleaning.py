"""Remove the noise real pages carry while keeping a map back to the source text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from crosswire.model import Segment

# A credit in brackets at the end of a caption line: "(photo credit: NAME / AFP)".
_TRAILING_CREDIT = re.compile(r"\s*\((?:photo\s+)?credit:[^)]*\)\s*$", re.IGNORECASE)
_CREDIT_INSIDE = re.compile(r"\((?:photo\s+)?credit:", re.IGNORECASE)
# Captions that are repeated below the photo are only dropped when long enough to be
# unmistakably the same sentence; short lines ("Details") may legitimately repeat.
_MIN_REPEAT_LEN = 40


@cache
def noise_patterns() -> tuple[re.Pattern[str], ...]:
    """The packaged noise-line lexicon, compiled."""
    text = resources.files("crosswire.data").joinpath("lexicons/noise_lines.txt").read_text("utf-8")
    return tuple(
        re.compile(line, re.IGNORECASE)
        for line in (raw.strip() for raw in text.splitlines())
        if line and not line.startswith("#")
    )


@dataclass(frozen=True)
class Cleaned:
    text: str
    segments: list[Segment]
    dropped: int  # lines removed as noise


def _normalise_caption(line: str) -> str:
    return re.sub(r"\s+", " ", _TRAILING_CREDIT.sub("", line)).strip().lower()


def is_noise(line: str) -> bool:
    """Whether a stripped line is page furniture rather than report text."""
    return any(p.fullmatch(line) for p in noise_patterns())


def clean_text(source: str) -> Cleaned:
    """Drop noise lines and repeated captions; keep every other line verbatim.

    Lines are copied as they are, so every cleaned offset maps to a source offset through
    the returned segments. Paragraph breaks collapse to one blank line.
    """
    segments: list[Segment] = []
    parts: list[str] = []
    lines = source.split("\n")
    # First pass: every captioned line, so that its uncredited twin goes too, whichever
    # of the two comes first.
    seen_captions = {
        norm
        for line in lines
        if _CREDIT_INSIDE.search(line) and len(norm := _normalise_caption(line)) >= _MIN_REPEAT_LEN
    }
    pos = 0  # offset of the current line in source
    out_len = 0
    dropped = 0
    pending_break = False
    for raw_line in lines:
        line_start = pos
        pos += len(raw_line) + 1
        stripped = raw_line.strip()
        if not stripped:
            pending_break = bool(parts)
            continue
        norm = _normalise_caption(stripped)
        if _CREDIT_INSIDE.search(stripped) or is_noise(stripped):
            dropped += 1
            continue
        if norm in seen_captions:
            dropped += 1
            continue
        lead = len(raw_line) - len(raw_line.lstrip())
        if parts:
            sep = "\n\n" if pending_break else "\n"
            parts.append(sep)
            out_len += len(sep)
        segments.append(Segment(out_len, line_start + lead, len(stripped)))
        parts.append(stripped)
        out_len += len(stripped)
        pending_break = False
    return Cleaned("".join(parts), segments, dropped)
