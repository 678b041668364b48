"""Flat CSV tables of the export, for spreadsheets: figures, quotes, events, figure groups."""

from __future__ import annotations

from typing import Any

from crosswire.export.acled import to_csv
from crosswire.export.schema import Export

TABLES = ("figures", "quotes", "events", "figure_groups")


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return value  # to_csv guards against formulas


def export_csv(export: Export, table: str = "figures") -> str:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; known: {', '.join(TABLES)}")
    outlet = {d.id: d.outlet or d.path for d in export.documents}
    if table == "figure_groups":
        rows = [{k: _cell(v) for k, v in g.items() if k != "sources"} for g in export.figure_groups]
        columns = list(rows[0]) if rows else ["id"]
        return to_csv(rows, columns)
    items = getattr(export, table)
    rows = []
    for item in items:
        row = {k: _cell(v) for k, v in item.model_dump().items()}
        row["outlet"] = _cell(outlet[item.doc])
        rows.append(row)
    columns = list(rows[0]) if rows else ["id"]
    return to_csv(rows, columns)
