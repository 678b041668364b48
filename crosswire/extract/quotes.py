"""Quotations, direct and indirect, with their speakers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from crosswire.extract import text_of
from crosswire.extract.quote_marks import Marked, find_marked
from crosswire.extract.speakers import (
    SpeakerNP,
    SpeakerResolver,
    is_anonymous,
    is_cue,
    looks_person,
    noun_phrase,
    subject_of,
)
from crosswire.model import Quote
from crosswire.registry import Context, register

_FRAGMENT_WORDS = 6
_ACCORDING = re.compile(r"\b[Aa]ccording to ([A-Z][^,]{0,60}?),")
# Verbs that report someone's words without quotation marks (indirect speech).
_INDIRECT = {
    "say",
    "tell",
    "claim",
    "accuse",
    "deny",
    "dispute",
    "confirm",
    "warn",
    "insist",
    "announce",
    "state",
    "report",
    "allege",
    "argue",
    "pledge",
    "vow",
    "promise",
    "declare",
    "acknowledge",
    "admit",
}


@dataclass
class _Attribution:
    cue: Token | None
    speaker: SpeakerNP | None
    via: str | None
    headline: bool = False  # "Israeli Alawite: ‘...’"


def _tokens_between(doc: Doc, start: int, end: int, inside: list[Marked]) -> list[Token]:
    """Tokens whose start lies in [start, end) and outside every quoted stretch."""
    span = doc.char_span(start, max(start, end), alignment_mode="expand")
    if span is None:
        return []
    return [
        tok
        for tok in span
        if start <= tok.idx < end and not any(m.start <= tok.idx < m.end for m in inside)
    ]


def _attribute(doc: Doc, m: Marked, marks: list[Marked]) -> _Attribution:
    text = text_of(doc)
    sent_open = doc.char_span(m.start - 1, m.start, alignment_mode="expand")
    sent_close = doc.char_span(max(m.end - 1, 0), m.end, alignment_mode="expand")
    top = [k for k in marks if not k.nested]
    nxt = next((k.start - 1 for k in top if k.start > m.end), len(text))
    prv = max((k.end + 1 for k in top if k.end < m.start - 1), default=0)
    para_start = text.rfind("\n", 0, m.start) + 1
    para_end = text.find("\n", m.end)
    para_end = len(text) if para_end < 0 else para_end
    # After the closing mark: to the end of its sentence, the next quote, or the paragraph.
    after_end = min(sent_close.sent.end_char if sent_close else para_end, nxt, para_end)
    if m.closed:
        # A quote ending a sentence ("... it.” he said") is often split oddly; look a bit on.
        after_end = max(after_end, min(m.end + 80, nxt, para_end))
    before_start = max(sent_open.sent.start_char if sent_open else para_start, prv, para_start)
    opener = text[before_start : m.start - 1]
    # A quote worked into the reporter's sentence belongs to the cue before it; one that
    # opens a sentence or follows "said," or a colon is attributed after it first.
    embedded = bool(opener.strip()) and opener.rstrip()[-1:] not in {",", ":", "."}
    if embedded and sent_open is not None:
        # Several quoted words in one sentence share the cue at its start.
        before_start = max(sent_open.sent.start_char, para_start)
    searches = ("before", "after") if embedded else ("after", "before")
    for where in searches:
        found = (
            _cue_after(doc, m, marks, after_end)
            if where == "after"
            else _cue_before(doc, m, marks, before_start)
        )
        if found is not None:
            return found
    if acc := _ACCORDING.search(opener):
        who = acc.group(1)
        start = before_start + acc.start(1)
        span = doc.char_span(start, start + len(who), alignment_mode="expand")
        person = span is not None and looks_person(span)
        return _Attribution(None, SpeakerNP(who, start, start + len(who), None, person), None)
    lead = text[para_start : m.start - 1].strip()
    if lead.endswith(":") and 0 < len(lead) <= 60:
        who = lead[:-1].strip()
        if who and who[0].isupper():
            span = doc.char_span(para_start, para_start + len(who), alignment_mode="expand")
            person = span is not None and span.root.lemma_.lower() not in {"letter", "statement"}
            return _Attribution(
                None, SpeakerNP(who, para_start, para_start + len(who), None, person), None, True
            )
    return _Attribution(None, None, None)


def _cue_after(doc: Doc, m: Marked, marks: list[Marked], end: int) -> _Attribution | None:
    if not m.closed:
        return None
    seen: list[Token] = []
    for tok in _tokens_between(doc, m.end + 1, end, marks):
        new_sentence = tok.is_sent_start and tok.idx > m.end + 2 and tok.text[:1].isupper()
        if new_sentence and not is_cue(tok) and tok.dep_ not in {"nsubj", "nsubjpass"}:
            return None
        if is_cue(tok):
            subj, via = subject_of(tok)
            if subj is None and not any(t.is_sent_start for t in seen[1:]):
                subj = _orphan_subject(seen, tok)
            if subj is not None:
                return _Attribution(tok, noun_phrase(subj), via.text if via else None)
        seen.append(tok)
    return None


def _orphan_subject(between: list[Token], cue: Token) -> Token | None:
    """'"...," a camp coordinator who ... told Relief Update': the parser gave the cue no
    subject; the first noun phrase between the quote and the cue is who spoke."""
    idx = {t.i for t in between}
    for t in between:
        if t.pos_ in {"NOUN", "PROPN", "PRON"} and (t.head.i not in idx or t.head.i == cue.i):
            return t
    return None


def _cue_before(doc: Doc, m: Marked, marks: list[Marked], start: int) -> _Attribution | None:
    for tok in reversed(_tokens_between(doc, start, m.start - 1, marks)):
        if is_cue(tok):
            subj, via = subject_of(tok)
            if subj is not None:
                return _Attribution(tok, noun_phrase(subj), via.text if via else None)
    return None


def _lead_in(doc: Doc, m: Marked, marks: list[Marked]) -> _Attribution | None:
    """'Alawite leaders noted X in their letter.' followed by a paragraph that is a quote."""
    para_start = text_of(doc).rfind("\n", 0, m.start) + 1
    if text_of(doc)[para_start : m.start - 1].strip():
        return None
    prev = doc.char_span(max(para_start - 2, 0), max(para_start - 1, 1), alignment_mode="expand")
    if prev is None:
        return None
    sent = prev.sent
    if any(k.start < sent.end_char and k.end > sent.start_char for k in marks):
        return None
    return _cue_before(
        doc, Marked(sent.end_char + 1, sent.end_char + 1, False, True), [], sent.start_char
    )


def _cue_text(tok: Token) -> str:
    if tok.lemma_ == "tell":
        obj = next((c for c in tok.children if c.dep_ in {"dobj", "dative"}), None)
        if obj is not None:
            words = tok.doc[obj.left_edge.i : obj.right_edge.i + 1].text.split("\n")[0]
            return f"{tok.text} {words.strip()}"
    return tok.text


def direct_quotes(doc: Doc, resolver: SpeakerResolver) -> list[Quote]:
    text = text_of(doc)
    marks = find_marked(text)
    out: list[Quote] = []
    prev_speaker: tuple[int, str | None, bool] | None = None  # (paragraph start, speaker, anon)
    pending: list[int] = []  # quotes with no attribution, to inherit from the next one
    for m in marks:
        body = text[m.start : m.end]
        words = len(body.split())
        para_start = text.rfind("\n", 0, m.start) + 1
        if m.nested:
            out.append(Quote(m.start, m.end, body, "direct", None, None, False, True))
            continue
        att = _attribute(doc, m, marks)
        if att.speaker is None and (lead := _lead_in(doc, m, marks)) is not None:
            att = lead
        speaker = role = mention = cue = None
        person = False
        if att.speaker is not None:
            mention = att.speaker.text
            speaker, person = resolver.resolve(att.speaker)
            role = att.speaker.role
            cue = _cue_text(att.cue) if att.cue is not None else None
            if att.via:
                cue = f"{cue} (via {att.via})"
            resolver.add(m.start, speaker, person)
        embedded = text[max(0, m.start - 3) : m.start - 1].strip()[-1:] not in {",", ":", ".", ""}
        if speaker is None and words < _FRAGMENT_WORDS and embedded:
            # A short quoted term inside the reporter's own sentence, with no one saying it.
            out.append(Quote(m.start, m.end, body, "direct", None, None, False, True))
            continue
        if speaker is None and prev_speaker is not None:
            # An unattributed quote goes on from the last speaker when it follows closely.
            last_para = prev_speaker[0]
            gap = sum(1 for ln in text[last_para:para_start].split("\n") if ln.strip())
            if gap <= 2 and prev_speaker[1]:
                speaker = prev_speaker[1]
        if speaker is None:
            pending.append(len(out))
        out.append(
            Quote(
                m.start,
                m.end,
                body,
                "direct",
                speaker,
                cue,
                is_anonymous(speaker) if speaker else False,
                False,
                role,
                mention,
            )
        )
        if speaker is not None:
            prev_speaker = (para_start, speaker, person)
            for j in pending:
                q = out[j]
                if text.rfind("\n", 0, q.start) + 1 == para_start:
                    out[j] = Quote(
                        q.start,
                        q.end,
                        q.text,
                        q.kind,
                        speaker,
                        None,
                        is_anonymous(speaker),
                    )
            pending = []
    return out


def indirect_quotes(doc: Doc, resolver: SpeakerResolver, direct: list[Quote]) -> list[Quote]:
    """Reported speech with no quotation marks: 'officials claim they are targeting ...'."""
    out = []
    for sent in doc.sents:
        if any(q.start < sent.end_char and q.end > sent.start_char for q in direct):
            continue
        for tok in sent:
            if tok.lemma_ not in _INDIRECT or tok.pos_ != "VERB":
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            content = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if content is None and tok.lemma_ in {"dispute", "deny", "confirm", "accuse"}:
                content = next((c for c in tok.children if c.dep_ in {"dobj", "prep"}), None)
            if subj is None or content is None:
                continue
            np = noun_phrase(subj)
            speaker, person = resolver.resolve(np)
            left = min(content.left_edge.i, tok.i + 1)
            right = content.right_edge.i
            span = doc[left : right + 1]
            body = span.text.rstrip(" .,")
            if len(body.split()) < 2 and tok.lemma_ not in {"dispute", "deny", "confirm"}:
                continue
            resolver.add(np.start, speaker, person)
            out.append(
                Quote(
                    span.start_char,
                    span.start_char + len(body),
                    body,
                    "indirect",
                    speaker,
                    tok.text,
                    is_anonymous(speaker),
                    False,
                    np.role,
                    np.text,
                )
            )
    return out


class QuoteExtractor:
    name = "quotes.v1"
    requires = ("parse", "mentions")
    provides = ("quotes",)

    def __call__(self, ctx: Context) -> Context:
        resolver = SpeakerResolver.shared(ctx)
        direct = direct_quotes(ctx.parsed, resolver)
        indirect = indirect_quotes(ctx.parsed, resolver, direct)
        ctx.found.quotes.extend(sorted(direct + indirect, key=lambda q: q.start))
        return ctx


@register("quotes.v1")
def make_quotes() -> QuoteExtractor:
    return QuoteExtractor()
