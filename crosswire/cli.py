"""The `crosswire` command: verbs for each stage, and `run` for all of them."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from crosswire import __version__
from crosswire.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from crosswire.ingest.batch import IngestSummary

app = typer.Typer(
    name="crosswire",
    help="Turn a pile of crisis reports into a sourced, cross-checked account.\n\n"
    "Example: crosswire run examples/sample --out out/",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
config_app = typer.Typer(help="Inspect settings.", no_args_is_help=True)
app.add_typer(config_app, name="config")
err = Console(stderr=True, soft_wrap=True)

DbOpt = Annotated[Path, typer.Option("--db", envvar="CROSSWIRE_DB", help="SQLite database file.")]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="TOML settings file (see `crosswire config show`).")
]


def _settings(config: Path | None, **flags: Any) -> Settings:
    try:
        return load_settings(config, overrides=flags)
    except SettingsError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
        disable=not err.is_terminal,
    )


def do_ingest(
    paths: list[Path],
    manifest: Path | None,
    db: Path,
    settings: Settings,
    urls: list[str] | None = None,
    fetch: Any = None,
    fields: dict[str, str] | None = None,
) -> IngestSummary:
    from crosswire.ingest.batch import path_items, store_items, url_items
    from crosswire.ingest.fetch import FetchSettings
    from crosswire.ingest.metadata import ManifestError, Meta, read_manifest
    from crosswire.ingest.readers import discover
    from crosswire.store import Store

    meta: dict[str, Meta] = {}
    if manifest is not None:
        try:
            meta = read_manifest(manifest)
        except ManifestError as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}")
            raise typer.Exit(2) from exc

    urls = urls or []
    fetch = fetch or FetchSettings(max_bytes=settings.ingest.max_bytes)
    files = discover(paths)  # the folders are walked once, for the items and the progress bar
    items = itertools.chain(
        path_items(files, meta, settings.ingest, fields), url_items(urls, fetch)
    )
    with Store(db) as store, _progress() as progress:
        task = progress.add_task("ingest", total=len(files) + len(urls) or None)
        return store_items(
            store, items, settings.ingest, _report_skip, lambda: progress.advance(task)
        )


def do_extract(db: Path, settings: Settings, force: bool = False, strict: bool = False) -> int:
    from crosswire.pipeline import extract_documents, version_key
    from crosswire.store import Store

    version = version_key(settings.extract)
    with Store(db) as store, _progress() as progress:
        total = store.count_pending(version) if not force else store.counts()["documents"]
        task = progress.add_task("extract", total=total)
        done = 0
        for ex in extract_documents(store.pending(version, force), settings.extract, strict):
            store.save_extraction(ex, version)
            for e in ex.errors:
                err.print(f"[yellow]extraction error[/yellow] {ex.doc_id}: {escape(e)}")
            progress.advance(task)
            done += 1
    return done


def do_analyze(db: Path, aliases: Path | None = None) -> int:
    from crosswire.analyze.resolve import AliasFileError, load_overrides
    from crosswire.analyze.run import analyze_store
    from crosswire.store import Store

    try:
        overrides = load_overrides(aliases)
    except AliasFileError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    with Store(db) as store:
        return analyze_store(store, overrides)


def _summary_table(db: Path, failed: list[tuple[str, str]]) -> None:
    from crosswire.store import Store

    with Store(db) as store:
        counts = store.counts()
    table = Table(title="Crosswire", show_header=False)
    for key in ("documents", "figures", "quotes", "events", "mentions", "entities", "rejects"):
        table.add_row(key, str(counts[key]))
    err.print(table)
    for path, reason in failed:
        err.print(f"[red]failed[/red] {escape(path)}: {escape(reason)}")


@app.command()
def run(
    sources: Annotated[
        list[str], typer.Argument(help="Files or folders of reports, and http(s) URLs.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("out"),
    manifest: Annotated[Path | None, typer.Option(help="CSV: file,outlet,published,url.")] = None,
    workers: Annotated[int | None, typer.Option(help="Extraction processes.")] = None,
    aliases: AliasesOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Ingest, extract, analyze, then write out/crosswire.db, out/report/ and out/export.json.

    Example: crosswire run reports/ --manifest reports/manifest.csv --out out/
    """
    from crosswire.ingest.batch import is_url

    settings = _settings(config, **{"extract.workers": workers})
    out.mkdir(parents=True, exist_ok=True)
    db = out / "crosswire.db"
    paths = [Path(a) for a in sources if not is_url(a)]
    summary = do_ingest(paths, manifest, db, settings, [a for a in sources if is_url(a)])
    do_extract(db, settings)
    do_analyze(db, _aliases(aliases))
    _write_report(db, out / "report", settings)
    _write_export(db, out / "export.json")
    _summary_table(db, summary.failed)
    err.print(f"briefing: {out / 'report' / 'index.html'}  export: {out / 'export.json'}")
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def ingest(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (read recursively) and http(s) URLs. Files: .txt, .html, .pdf, "
            ".eml, and .jsonl / .csv exports (one document per line or row)."
        ),
    ] = None,  # type: ignore[assignment]
    db: DbOpt = Path("crosswire.db"),
    manifest: Annotated[Path | None, typer.Option(help="CSV: file,outlet,published,url.")] = None,
    urls: Annotated[
        Path | None, typer.Option("--urls", help="A file of URLs to fetch, one per line.")
    ] = None,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private", help="Fetch from private, loopback and link-local addresses too."
        ),
    ] = False,
    fields: Annotated[
        str | None,
        typer.Option(help="For .jsonl/.csv: NAME=COLUMN pairs, e.g. text=body,outlet=domain."),
    ] = None,
    max_bytes: Annotated[int | None, typer.Option(help="Reject inputs larger than this.")] = None,
    config: ConfigOpt = None,
) -> None:
    """Read reports into the database, one document each: files, folders, URLs, record files.

    Example: crosswire ingest reports/ https://example.org/report.html --db cw.db
    """
    from crosswire.ingest.batch import is_url
    from crosswire.ingest.fetch import FetchSettings
    from crosswire.ingest.records import parse_field_map

    settings = _settings(config, **{"ingest.max_bytes": max_bytes})
    sources = sources or []
    url_list = [a for a in sources if is_url(a)]
    if urls is not None:
        if not urls.exists():
            err.print(f"[red]error:[/red] {escape(str(urls))}: no such file")
            raise typer.Exit(2)
        lines = urls.read_text("utf-8", errors="replace").splitlines()
        url_list += [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
    if not sources and not url_list:
        err.print("[red]error:[/red] nothing to ingest: give files, folders or URLs")
        raise typer.Exit(2)
    try:
        field_map = parse_field_map(fields)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    fetch = FetchSettings(max_bytes=settings.ingest.max_bytes, allow_private=allow_private)
    paths = [Path(a) for a in sources if not is_url(a)]
    s = do_ingest(paths, manifest, db, settings, url_list, fetch, field_map)
    err.print(f"read {s.read} ({s.new} new), failed {len(s.failed)}")
    if s.failed:
        raise typer.Exit(1)


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS or Atom feeds: URLs or files.")],
    db: DbOpt = Path("crosswire.db"),
    every: Annotated[str, typer.Option(help="How often to look: 30s, 15m, 2h, 1d.")] = "15m",
    once: Annotated[bool, typer.Option(help="Look once and stop.")] = False,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Fetch from private and local addresses too.")
    ] = False,
    aliases: AliasesOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Ingest new items from feeds as they appear (extracting and analysing them), remembering
    what was seen; Ctrl+C stops.

    Example: crosswire watch https://example.org/feed.xml --every 15m --db cw.db
    """
    import time
    from datetime import datetime

    from crosswire.ingest.batch import store_items
    from crosswire.ingest.feeds import new_items, parse_interval
    from crosswire.ingest.fetch import FetchSettings
    from crosswire.store import Store

    try:
        interval = parse_interval(every)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    settings = _settings(config)
    fetch = FetchSettings(max_bytes=settings.ingest.max_bytes, allow_private=allow_private)
    aliases_path = _aliases(aliases)
    failed = 0
    try:
        while True:
            new = 0
            for feed in feeds:
                with Store(db) as store:
                    seen = store.seen_entries(feed)
                    for key, item in new_items(feed, seen, fetch):
                        if key and item.transient:
                            tries = store.failed_try(feed, key, item.error or "")
                            if tries < FEED_TRIES:
                                _report_skip(item.label, f"{item.error} (will try again)")
                                continue
                        result = store_items(store, [item], settings.ingest, _report_skip)
                        new += result.new
                        failed += len(result.failed)
                        if key:  # stored, or rejected for good (see rejects): not fetched again
                            store.mark_seen(feed, key)
            if new:
                do_extract(db, settings)
                do_analyze(db, aliases_path)
            stamp = datetime.now().strftime("%H:%M:%S")
            err.print(f"{stamp} {new} new document(s) from {len(feeds)} feed(s)")
            if once:
                break
            time.sleep(interval)
    except KeyboardInterrupt:
        err.print("stopped; what was stored stays stored")
    if failed and once:
        raise typer.Exit(1)


FEED_TRIES = 3  # a feed item whose fetch keeps timing out is rejected after this many rounds


def _report_skip(label: str, reason: str) -> None:
    err.print(f"[yellow]skipped[/yellow] {escape(label)}: {escape(reason)}")


@app.command()
def extract(
    db: DbOpt = Path("crosswire.db"),
    workers: Annotated[int | None, typer.Option(help="Extraction processes.")] = None,
    force: Annotated[bool, typer.Option(help="Re-extract documents already done.")] = False,
    strict: Annotated[bool, typer.Option(help="Stop at the first extractor error.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Find figures, quotes, entities and dates in every document not yet extracted.

    Example: crosswire extract --db cw.db --workers 2
    """
    settings = _settings(config, **{"extract.workers": workers})
    n = do_extract(db, settings, force, strict)
    err.print(f"extracted {n} documents")


AliasesOpt = Annotated[
    Path | None,
    typer.Option(
        "--aliases",
        help="Your merges and splits (TOML: [[merge]] names = [...], [[apart]] name = ...). "
        "Default: crosswire.aliases.toml in the current folder, if there is one.",
    ),
]


def _aliases(path: Path | None) -> Path | None:
    if path is not None:
        if not path.exists():
            err.print(f"[red]error:[/red] {escape(str(path))}: no such file")
            raise typer.Exit(2)
        return path
    default = Path("crosswire.aliases.toml")
    return default if default.exists() else None


@app.command()
def analyze(db: DbOpt = Path("crosswire.db"), aliases: AliasesOpt = None) -> None:
    """Cross-document step: resolve mentions into entities and geocode places.

    Example: crosswire analyze --db cw.db --aliases crosswire.aliases.toml
    """
    n = do_analyze(db, _aliases(aliases))
    err.print(f"{n} entities")


def _write_report(db: Path, out: Path, settings: Settings | None = None) -> list[Path]:
    from crosswire.report.briefing import write_briefing
    from crosswire.store import Store

    with Store(db) as store:
        return write_briefing(store, out, (settings or Settings()).report)


def _write_export(db: Path, out: Path | None) -> None:
    from crosswire.export.json_export import export_json
    from crosswire.store import Store

    with Store(db) as store:
        data = export_json(store)
    if out is None:
        sys.stdout.write(data + "\n")
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(data + "\n", "utf-8")


@app.command()
def report(
    db: DbOpt = Path("crosswire.db"),
    out: Annotated[
        Path, typer.Option("--out", help="Folder for index.html and briefing.md.")
    ] = Path("report"),
    tiles: Annotated[
        bool | None,
        typer.Option(
            "--tiles/--no-tiles",
            help="Load the map's background from OpenStreetMap when opened online (default), "
            "or never: the page then makes no network request at all.",
        ),
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Write the briefing (self-contained HTML and Markdown).

    Example: crosswire report --db cw.db --out report/ --no-tiles
    """
    settings = _settings(config, **{"report.map_tiles": tiles})
    for p in _write_report(db, out, settings):
        err.print(f"wrote {p}")


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    db: DbOpt = Path("crosswire.db"),
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="CROSSWIRE_TOKEN",
            help="Secret every request must carry (header X-Crosswire-Token, Authorization: "
            "Bearer, or ?token= once in a browser). Required on any host but this machine.",
        ),
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Serve the web app and the JSON API (docs at /docs) over a database.

    Example: crosswire serve --db out/crosswire.db   then open http://127.0.0.1:8000/
    """
    import uvicorn

    from crosswire.store.db import StoreError
    from crosswire.web.app import create_app

    if host not in LOCAL_HOSTS and not token:
        err.print(
            f"[red]error:[/red] refusing to listen on {escape(host)} without a token: anyone "
            "who can reach this machine could read the collection. Pass --token SECRET or set "
            "CROSSWIRE_TOKEN."
        )
        raise typer.Exit(2)
    if not db.exists():
        err.print(f"[red]error:[/red] no database at {escape(str(db))}; run crosswire run first")
        raise typer.Exit(2)
    try:
        web = create_app(db, _settings(config), token)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    err.print(f"Crosswire at http://{host}:{port}/  (API docs at /docs; Ctrl+C stops)")
    uvicorn.run(web, host=host, port=port, log_level="warning")


EXPORT_FORMATS = ("json", "acled", "ucdp", "geojson", "csv")


@app.command()
def export(
    db: DbOpt = Path("crosswire.db"),
    format: Annotated[
        str, typer.Option("--format", help="json, acled, ucdp, geojson or csv.")
    ] = "json",
    table: Annotated[
        str, typer.Option("--table", help="For csv: figures, quotes, events or figure_groups.")
    ] = "figures",
    out: Annotated[Path | None, typer.Option("--out", help="File; stdout when left out.")] = None,
) -> None:
    """Export what is stored: the full JSON (docs/export.md), ACLED- or UCDP-style event
    tables, GeoJSON of places with their events, or a CSV table.

    Example: crosswire export --db cw.db --format acled --out events.csv
    """
    if format not in EXPORT_FORMATS:
        err.print(
            f"[red]error:[/red] unknown format {escape(repr(format))}; known: "
            + ", ".join(EXPORT_FORMATS)
        )
        raise typer.Exit(2)
    if format == "json":
        _write_export(db, out)
        return
    from crosswire.export.acled import export_acled
    from crosswire.export.csv_tables import TABLES, export_csv
    from crosswire.export.geojson import export_geojson
    from crosswire.export.json_export import build_export
    from crosswire.export.ucdp import export_ucdp
    from crosswire.store import Store

    if format == "csv" and table not in TABLES:
        err.print(
            f"[red]error:[/red] unknown table {escape(repr(table))}; known: {', '.join(TABLES)}"
        )
        raise typer.Exit(2)
    with Store(db) as store:
        data = build_export(store)
    text = {
        "acled": lambda: export_acled(data),
        "ucdp": lambda: export_ucdp(data),
        "geojson": lambda: export_geojson(data),
        "csv": lambda: export_csv(data, table),
    }[format]()
    if out is None:
        sys.stdout.write(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, "utf-8")
        err.print(f"wrote {escape(str(out))}")


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="Document id, id prefix or path.")],
    db: DbOpt = Path("crosswire.db"),
) -> None:
    """Print a document's cleaned text (the text all offsets point into).

    Example: crosswire show 3f2a --db cw.db
    """
    from crosswire.store import Store

    with Store(db) as store:
        d = store.document(doc)
    if d is None:
        err.print(f"[red]error:[/red] no document {doc!r}")
        raise typer.Exit(1)
    sys.stdout.write(d.text + "\n")


@app.command("eval")
def eval_(
    export_file: Annotated[
        Path, typer.Option("--export", help="JSON export (from `crosswire export`).")
    ],
    gold: Annotated[
        Path,
        typer.Option("--gold", help="Gold folder: figures.jsonl, quotes.jsonl, entities.json."),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    show: Annotated[
        int, typer.Option("--show", help="Misses and false hits listed per kind.")
    ] = 20,
) -> None:
    """Score an export against gold answers: precision, recall, F1 and attribute accuracy.

    Example: crosswire eval --export out/export.json --gold ../shared/eval/seeds
    """
    import json

    from crosswire.evaluate import GoldError, evaluate, load_gold

    try:
        data = json.loads(export_file.read_text("utf-8"))
        if not isinstance(data, dict) or "documents" not in data:
            raise ValueError("not a Crosswire export (no 'documents')")
        answers = load_gold(gold)
    except (OSError, ValueError, GoldError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    result = evaluate(data, answers)
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        return
    _print_scores(result, show)


def _print_scores(result: dict[str, Any], show: int) -> None:
    from crosswire.evaluate.scoring import rows_for_table

    out = Console(soft_wrap=True)

    def num(x: Any) -> str:
        return "-" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)

    table = Table(
        "extractor",
        "gold",
        "found",
        "matched",
        "precision",
        "recall",
        "F1",
        title="Extraction scores",
    )
    accuracy = Table(
        "on matched items", "attribute", "correct", "of", "accuracy", title="Attribute accuracy"
    )
    for name, prf in rows_for_table(result):
        table.add_row(
            name, *(num(prf[k]) for k in ("gold", "found", "matched", "precision", "recall", "f1"))
        )
        for attr, t in prf["accuracy"].items():
            accuracy.add_row(name, attr, num(t["correct"]), num(t["total"]), num(t["accuracy"]))
    out.print(table)
    out.print(accuracy)
    if "quotes" in result:
        s = result["quotes"]["scare"]
        out.print(
            f"scare quotes in gold: {s['gold']}, attributed to a speaker: {s['attributed']}; "
            f"indirect quotes found (no gold): {result['quotes']['indirect_found']}"
        )
    if "entities" in result:
        e = result["entities"]
        out.print(f"entity clusters passed: {e['passed']} of {e['clusters']}")
    for key, title in (("misses", "Missed"), ("false_hits", "False hits"), ("wrong", "Wrong")):
        items = result[key]
        if not items:
            continue
        out.print(f"\n[bold]{title}[/bold] ({len(items)})")
        for it in items[:show]:
            extra = (
                f"{it['attribute']}: gold {it['gold']!r}, found {it['found']!r}"
                if key == "wrong"
                else it["why"]
            )
            out.print(
                f"  {it['part']:8} {escape(str(it['doc']))}: {escape(repr(it['item']))}"
                f" - {escape(str(extra))}"
            )
        if len(items) > show:
            out.print(f"  ... {len(items) - show} more (--show N, or --json)")


@config_app.command("show")
def config_show(config: ConfigOpt = None) -> None:
    """Print every setting, its value and where it came from.

    Example: CROSSWIRE_EXTRACT_WORKERS=2 crosswire config show
    """
    settings = _settings(config)
    table = Table("setting", "value", "from")
    for key, value, origin in settings.items():
        table.add_row(key, repr(value), origin)
    Console().print(table)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"crosswire {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Crosswire: sourced, cross-checked accounts of crises from many reports."""


def main() -> None:
    app()
