"""Small walks over a dependency parse that several extractors share."""

from __future__ import annotations

from spacy.tokens import Token


def clause_verb(tok: Token) -> Token | None:
    """The verb whose clause holds a token: the first verb on the way to the root."""
    for _ in range(12):
        if tok.pos_ in {"VERB", "AUX"} and tok.dep_ not in {"aux", "auxpass"}:
            return tok
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def within(tok: Token, start: int, end: int) -> bool:
    """Whether a token lies inside a character span."""
    return start <= tok.idx and tok.idx + len(tok.text) <= end
