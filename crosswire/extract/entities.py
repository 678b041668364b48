"""Entity mentions: spaCy NER, corrected and typed by the shipped gazetteer and alias table."""

from __future__ import annotations

import re

from spacy.tokens import Span

from crosswire.data_files import known_names, normalise_name, titles
from crosswire.extract import text_of
from crosswire.model import Mention
from crosswire.registry import Context, register

_TYPE_FOR_LABEL = {
    "PERSON": "person",
    "ORG": "organization",
    "NORP": "group",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
}
_LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")


def split_title(text: str) -> tuple[str | None, str]:
    """('Foreign Minister', 'Gideon Sa'ar') from 'Foreign Minister Gideon Sa'ar'."""
    for t in titles():
        if text.startswith(t + " ") and len(text) > len(t) + 1:
            return t, text[len(t) + 1 :]
    return None, text


def clean_name(text: str) -> str:
    """The name in a mention, less articles, possessives and stray punctuation."""
    name = _LEADING.sub("", text.strip())
    name = _POSSESSIVE.sub("", name)
    return name.strip(' ,.;:-–—"“”‘’()[]')


def _title_before(span: Span) -> str | None:
    """A title that stands right before the entity ('Senator' in 'Senator Marco Rubio')."""
    before = text_of(span.doc)[max(0, span.start_char - 40) : span.start_char]
    for t in titles():
        if before.endswith(t + " "):
            return t
    return None


def mention_from_span(span: Span) -> Mention | None:
    """A typed mention, or None for spans that name nothing worth resolving."""
    label = span.label_
    if label not in _TYPE_FOR_LABEL:
        return None
    raw_title, name = split_title(clean_name(span.text))
    name = clean_name(name)
    if len(name) < 2:
        return None
    known = known_names().get(normalise_name(name))
    if known is None and not any(ch.isupper() for ch in name):
        return None  # a lower-case word the tagger called a name; "i24" passes as a known one
    if known is not None:
        mtype = known.type
    elif label == "NORP":
        # Nationality adjectives ("Syrian forces") are not groups; plural nouns are.
        if span.root.tag_ not in {"NNPS", "NNS"}:
            return None
        mtype = "group"
    else:
        mtype = _TYPE_FOR_LABEL[label]
    title = raw_title or (_title_before(span) if mtype == "person" else None)
    # Offsets cover the name itself, so a slice of the text gives exactly `text`.
    offset = span.text.find(name)
    start = span.start_char + max(offset, 0)
    end = start + len(name)
    return Mention(
        start=start,
        end=end,
        text=text_of(span.doc)[start:end],
        type=mtype,
        name=name,
        title=title,
        label=label if known is None else f"{label}+gazetteer",
    )


class EntityExtractor:
    name = "entities.v1"
    requires = ("parse",)
    provides = ("mentions",)

    def __call__(self, ctx: Context) -> Context:
        for span in ctx.parsed.ents:
            m = mention_from_span(span)
            if m is not None:
                ctx.found.mentions.append(m)
        return ctx


@register("entities.v1")
def make_entities() -> EntityExtractor:
    return EntityExtractor()
