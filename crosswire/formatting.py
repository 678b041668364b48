"""How counts are written wherever Crosswire shows them: briefing, web pages, summaries."""

from __future__ import annotations


def format_count(value: float | None) -> str:
    """12,000 for a whole number, 2.5 otherwise; "" for no value."""
    if value is None:
        return ""
    v = float(value)
    return f"{v:,.0f}" if v.is_integer() else f"{v:,}"


def figure_label(
    value: float | None, high: float | None, vague_word: str | None, unit: str | None
) -> str:
    """A figure as its report gives it: "58", "2,000–6,000", "12%", or its word ("hundreds")."""
    if value is None:
        return vague_word or "?"
    label = format_count(value)
    if high is not None:
        label += f"–{format_count(high)}"
    return label + ("%" if unit == "percent" else "")
