"""Exports other tools read."""
