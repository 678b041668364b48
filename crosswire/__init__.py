"""Crosswire: a sourced, cross-checked account from a pile of crisis reports."""

__version__ = "0.1.0"
