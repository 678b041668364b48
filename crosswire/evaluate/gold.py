"""Gold answers laid out as `../shared/eval/seeds/` is: figures.jsonl, quotes.jsonl, entities.json.

Any of the three files may be missing; the scorer then skips that part. Offsets in gold files are
into the source file as read with `open(path, encoding="utf-8").read()`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class GoldError(ValueError):
    """A gold folder or file that cannot be read, with the file and line that is wrong."""


@dataclass
class Gold:
    figures: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    clusters: list[dict[str, Any]] = field(default_factory=list)
    has_figures: bool = False
    has_quotes: bool = False
    has_entities: bool = False

    @property
    def docs(self) -> set[str]:
        return {r["doc"] for r in (*self.figures, *self.quotes)}


_FIGURE_FIELDS = ("doc", "span", "char_start", "category", "value")
_QUOTE_FIELDS = ("doc", "char_start", "quote")


def _jsonl(path: Path, required: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}:{n}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise GoldError(f"{path}:{n}: expected an object")
        missing = [k for k in required if k not in row]
        if missing:
            raise GoldError(f"{path}:{n}: missing {', '.join(missing)}")
        rows.append(row)
    return rows


def load_gold(folder: Path) -> Gold:
    if not folder.is_dir():
        raise GoldError(f"{folder}: not a folder")
    gold = Gold()
    if (folder / "figures.jsonl").exists():
        gold.figures = _jsonl(folder / "figures.jsonl", _FIGURE_FIELDS)
        gold.has_figures = True
    if (folder / "quotes.jsonl").exists():
        gold.quotes = _jsonl(folder / "quotes.jsonl", _QUOTE_FIELDS)
        gold.has_quotes = True
    if (folder / "entities.json").exists():
        try:
            data = json.loads((folder / "entities.json").read_text("utf-8"))
            gold.clusters = list(data["clusters"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise GoldError(f"{folder / 'entities.json'}: expected {{'clusters': [...]}}") from exc
        gold.has_entities = True
    if not (gold.has_figures or gold.has_quotes or gold.has_entities):
        raise GoldError(f"{folder}: no figures.jsonl, quotes.jsonl or entities.json")
    return gold
