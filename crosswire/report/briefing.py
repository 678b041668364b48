"""Build the briefing from the store: HTML that opens from disk, and Markdown."""

from __future__ import annotations

import base64
import hashlib
from collections import Counter, defaultdict
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from crosswire import __version__
from crosswire.export.json_export import build_export
from crosswire.formatting import figure_label, format_count
from crosswire.model import CASUALTY_CATEGORIES
from crosswire.report.highlight import Mark, highlight
from crosswire.report.visuals import map_data, revision_chart, timeline
from crosswire.settings import ReportSettings
from crosswire.store import Store


def _fmt_value(f: Any) -> str:
    return figure_label(f.value, f.high, f.vague_word, f.unit)


def _static(name: str) -> str:
    return resources.files("crosswire.report").joinpath("static", name).read_text("utf-8")


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


def briefing_context(store: Store, settings: ReportSettings | None = None) -> dict[str, Any]:
    settings = settings or ReportSettings()
    ex = build_export(store)
    docs = {d.id: d for d in ex.documents}
    label = {d.id: d.outlet or d.title or Path(d.path).name for d in ex.documents}
    marks: dict[str, list[Mark]] = defaultdict(list)
    for f in ex.figures:
        marks[f.doc].append(
            Mark(
                f.start,
                f.end,
                "figure",
                f"f{f.id}",
                f"{f.category}: {_fmt_value(f)} {f.group} (source: {f.source or 'outlet'})",
            )
        )
    for q in ex.quotes:
        kind = "scare" if q.scare else "quote"
        marks[q.doc].append(
            Mark(
                q.start,
                q.end,
                kind,
                f"q{q.id}",
                "scare quote" if q.scare else f"{q.kind} quote: {q.speaker or 'unknown'}",
            )
        )
    for e in ex.entities:
        for m in e.mentions:
            marks[m.doc].append(
                Mark(m.start, m.end, "entity", f"e{e.id}-{m.doc}-{m.start}", f"{e.type}: {e.name}")
            )
    by_speaker: dict[str, list[Any]] = defaultdict(list)
    for q in ex.quotes:
        if not q.scare and q.kind == "direct":
            by_speaker[q.speaker or "(unattributed)"].append(q)
    outlets = Counter(d.outlet or "unknown outlet" for d in ex.documents)
    casualty = [f for f in ex.figures if f.category in CASUALTY_CATEGORIES]
    other = [f for f in ex.figures if f.category not in CASUALTY_CATEGORIES]
    scripts = [_static("leaflet.js"), _static("map.js")]
    events = sorted(ex.events, key=lambda e: (e.when or "9999", label[e.doc], e.start))
    return {
        "charts": {g["id"]: c for g in ex.figure_groups if (c := revision_chart(g)) is not None},
        "timeline": timeline(ex.events, label),
        "map_json": map_data(ex.entities, ex.events, ex.figure_groups),
        "leaflet_css": _static("leaflet.css"),
        "map_tiles": settings.map_tiles,
        "scripts": scripts,
        # Only these exact scripts may run: any <script> that slipped into the page would not.
        "script_hashes": Markup(" ".join(_csp_hash(x) for x in scripts)),
        "dates": sorted({d.published[:10] for d in ex.documents if d.published}),
        "version": __version__,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "docs": ex.documents,
        "reprint_of": {d["doc"]: d for d in ex.near_duplicates},
        "label": label,
        "outlets": outlets.most_common(),
        "casualty_figures": casualty,
        "other_figures": other,
        "events": events,
        "figure_by_id": {f.id: f for f in ex.figures},
        "figure_groups": ex.figure_groups,
        "group_by_id": {g["id"]: g for g in ex.figure_groups},
        "incidents": [i for i in ex.incidents if len(i["documents"]) > 1 or i["figure_groups"]],
        "contradictions": ex.contradictions,
        "framing": ex.framing,
        "num": format_count,
        "fmt": _fmt_value,
        "speakers": sorted(by_speaker.items(), key=lambda kv: (-len(kv[1]), kv[0])),
        "entities": [e for e in ex.entities if len(e.mentions) > 0],
        "rejects": ex.rejects,
        "doc_html": {d: highlight(docs[d].text, marks.get(d, [])) for d in docs},
        "counts": {
            "documents": len(ex.documents),
            "figures": len(ex.figures),
            "quotes": len(ex.quotes),
            "entities": len(ex.entities),
        },
        "snippet": lambda f: docs[f.doc].text[f.start : f.end],
    }


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("crosswire.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def write_briefing(
    store: Store, out_dir: Path, settings: ReportSettings | None = None
) -> list[Path]:
    """Write index.html and briefing.md into out_dir; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = briefing_context(store, settings)
    env = _env()
    html = env.get_template("briefing.html.j2").render(**ctx)
    md_env = Environment(
        loader=PackageLoader("crosswire.report", "templates"),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Text from reports must not break a Markdown table: pipes escaped, lines joined.
    md_env.filters["cell"] = lambda v: (
        "" if v is None else str(v).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    )
    md = md_env.get_template("briefing.md.j2").render(**ctx)
    paths = [out_dir / "index.html", out_dir / "briefing.md"]
    paths[0].write_text(html, "utf-8")
    paths[1].write_text(md, "utf-8")
    return paths
