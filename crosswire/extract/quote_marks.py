"""Finding stretches of text inside quotation marks, with no opinion about who said them."""

from __future__ import annotations

from dataclasses import dataclass

_OPENERS_BEFORE_SINGLE = set(' \t\n(“"—–-[:')


@dataclass(frozen=True)
class Marked:
    start: int  # first character inside the marks
    end: int  # the closing mark (or the paragraph end for a quote running over)
    nested: bool  # a single-quoted stretch inside a double-quoted one
    closed: bool  # False when the paragraph ended before a closing mark


def _has_letters(s: str) -> bool:
    return any(ch.isalpha() for ch in s)


def find_marked(text: str) -> list[Marked]:
    """Quoted stretches, paragraph by paragraph, in order of their opening mark.

    Curly doubles pair up, straight doubles toggle, singles (curly or straight) count as marks
    only when they open after a space or bracket and close before a non-letter, so apostrophes
    (Shi’ite, Syria’s, ’90s, don't) never open or close a quote. A double quote still open at the
    end of a paragraph runs to that end, the convention for quotes over several paragraphs.
    """
    out: list[Marked] = []
    pos = 0
    for para in text.split("\n"):
        outer: int | None = None
        single: int | None = None
        for i, ch in enumerate(para):
            at = pos + i
            prev = para[i - 1] if i else " "
            nxt = para[i + 1] if i + 1 < len(para) else " "
            if ch == "“" or (ch == '"' and outer is None):
                if outer is None:
                    outer, single = at + 1, None
            elif ch == "”" or ch == '"':
                if outer is not None:
                    if _has_letters(text[outer:at]):
                        out.append(Marked(outer, at, False, True))
                    outer, single = None, None
            elif ch == "‘" and prev in _OPENERS_BEFORE_SINGLE and not nxt.isspace():
                single = at + 1
            elif ch == "’" and single is not None and not nxt.isalpha():
                if _has_letters(text[single:at]):
                    out.append(Marked(single, at, outer is not None, True))
                single = None
            elif ch == "'" and single is None and prev in _OPENERS_BEFORE_SINGLE and nxt.isalpha():
                single = at + 1  # a straight single opening: after a space, before a letter
            elif ch == "'" and single is not None and not nxt.isalpha() and not prev.isspace():
                if _has_letters(text[single:at]):
                    out.append(Marked(single, at, outer is not None, True))
                single = None
        if outer is not None and _has_letters(text[outer : pos + len(para)]):
            out.append(Marked(outer, pos + len(para.rstrip()), False, False))
        pos += len(para) + 1
    out.sort(key=lambda m: m.start)
    return out
