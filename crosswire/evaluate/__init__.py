"""Measure extraction against hand-made gold answers (`crosswire eval`)."""

from crosswire.evaluate.gold import Gold, GoldError, load_gold
from crosswire.evaluate.scoring import evaluate, same_name

__all__ = ["Gold", "GoldError", "evaluate", "load_gold", "same_name"]
