"""Extractors registered by name, with what each requires and provides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Protocol

from spacy.tokens import Doc as SpacyDoc

from crosswire.model import Document, Extraction

ENTRY_POINT_GROUP = "crosswire.extractors"


@dataclass
class Context:
    """What an extractor sees: the document, its parse, and the findings so far."""

    document: Document
    parsed: SpacyDoc
    found: Extraction
    provided: set[str] = field(default_factory=set)
    # Per-document work that several extractors share (a speaker resolver), built once.
    scratch: dict[str, Any] = field(default_factory=dict)


class Extractor(Protocol):
    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, ctx: Context) -> Context: ...


class RegistryError(ValueError):
    """An unknown extractor, or a pipeline whose requirements are not met."""


_REGISTRY: dict[str, Callable[[], Extractor]] = {}

# The built-in extractors, imported when a pipeline is built rather than at import time.
BUILTINS = (
    "crosswire.extract.entities",
    "crosswire.extract.dates",
    "crosswire.extract.quotes",
    "crosswire.extract.figures",
    "crosswire.extract.events",
)


def register(name: str) -> Callable[[Callable[[], Extractor]], Callable[[], Extractor]]:
    """Decorator: register an extractor factory under `name` (e.g. "quotes.v1")."""

    def deco(factory: Callable[[], Extractor]) -> Callable[[], Extractor]:
        _REGISTRY[name] = factory
        return factory

    return deco


def _load_all() -> None:
    import importlib

    for module in BUILTINS:
        importlib.import_module(module)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name not in _REGISTRY:
            _REGISTRY[ep.name] = ep.load()


def available() -> list[str]:
    _load_all()
    return sorted(_REGISTRY)


def build(names: tuple[str, ...]) -> list[Extractor]:
    """Instantiate extractors in order, checking that each one's requirements come first."""
    _load_all()
    out: list[Extractor] = []
    provided: set[str] = {"text", "parse"}
    for name in names:
        if name not in _REGISTRY:
            raise RegistryError(
                f"unknown extractor {name!r}; known: {', '.join(sorted(_REGISTRY))}"
            )
        ext = _REGISTRY[name]()
        missing = [r for r in ext.requires if r not in provided]
        if missing:
            raise RegistryError(
                f"extractor {name} requires {', '.join(missing)}, "
                "which no earlier extractor provides"
            )
        provided.update(ext.provides)
        out.append(ext)
    return out
