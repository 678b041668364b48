"""SQLite store: one file, WAL, every write in a transaction so a killed run loses nothing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from crosswire.model import Document, Extraction, Segment

SCHEMA_VERSION = "1"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class StoreError(Exception):
    """A database that cannot be opened or is not Crosswire's."""


class Store:
    """A Crosswire database. Use as a context manager or call close()."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=30000")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            schema = resources.files("crosswire.store").joinpath("schema.sql").read_text("utf-8")
            had_search = self._has_table("documents_fts")
            # Every statement is CREATE ... IF NOT EXISTS, so re-running it is harmless.
            self.conn.executescript(schema)
            self._add_new_columns()
            if not had_search:
                # A database made before full-text search: index what it already holds.
                with self.transaction():
                    self.conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
                    self.conn.execute("INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')")
            with self.transaction():
                self.conn.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                    (SCHEMA_VERSION,),
                )
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable Crosswire database ({exc})") from exc

    # Columns added after a table first shipped: a database made by an older version gets them.
    _ADDED_COLUMNS = {
        "documents": (
            "kind TEXT NOT NULL DEFAULT 'text'",
            "raw BLOB",
            "fetched_at TEXT",
            "pages TEXT",
        ),
        "entities": (
            "country TEXT",
            "admin1 TEXT",
            "admin2 TEXT",
            "precision TEXT",
            "geonames_id TEXT",
        ),
    }

    def _has_table(self, name: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        return row is not None

    def _add_new_columns(self) -> None:
        for table, columns in self._ADDED_COLUMNS.items():
            have = {r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")}
            for col in columns:
                if col.split()[0] not in have:
                    self.conn.execute(f"ALTER TABLE {table} ADD COLUMN {col}")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def transaction(self) -> _Transaction:
        return _Transaction(self.conn)

    # -- documents -------------------------------------------------------------------------

    def add_document(self, doc: Document) -> bool:
        """Store a document unless its content is already here; True when it was new."""
        with self.transaction():
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO documents(id, sha256, path, title, outlet, published,"
                " byline, url, text, segments, ingested_at, kind, raw, fetched_at, pages)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    doc.id,
                    doc.sha256,
                    doc.path,
                    doc.title,
                    doc.outlet,
                    doc.published,
                    doc.byline,
                    doc.url,
                    doc.text,
                    json.dumps([[s.start, s.source_start, s.length] for s in doc.segments]),
                    _now(),
                    doc.kind,
                    doc.raw,
                    doc.fetched_at,
                    json.dumps(doc.pages) if doc.pages else None,
                ),
            )
            self.conn.execute(
                "DELETE FROM rejects WHERE path = ? AND stage = 'ingest'", (doc.path,)
            )
            return cur.rowcount == 1

    def add_reject(self, path: str, reason: str, stage: str = "ingest") -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT OR REPLACE INTO rejects(path, reason, stage, at) VALUES (?,?,?,?)",
                (path, reason, stage, _now()),
            )

    def signatures(self, version: str) -> dict[str, bytes]:
        rows = self.conn.execute("SELECT doc, sig FROM signatures WHERE version = ?", (version,))
        return {r[0]: bytes(r[1]) for r in rows}

    def save_signatures(self, sigs: dict[str, bytes], version: str) -> None:
        if not sigs:
            return
        with self.transaction():
            self.conn.executemany(
                "INSERT OR REPLACE INTO signatures(doc, version, sig) VALUES (?,?,?)",
                [(doc, version, sig) for doc, sig in sigs.items()],
            )

    def seen_entries(self, feed: str) -> set[str]:
        rows = self.conn.execute("SELECT entry FROM feed_seen WHERE feed = ?", (feed,))
        return {r[0] for r in rows}

    def mark_seen(self, feed: str, entry: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT OR IGNORE INTO feed_seen(feed, entry, seen_at) VALUES (?,?,?)",
                (feed, entry, _now()),
            )

    def failed_try(self, feed: str, entry: str, error: str) -> int:
        """Count one more failed try at a feed item; returns the tries so far."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO feed_retries(feed, entry, tries, last_error) VALUES (?,?,1,?)"
                " ON CONFLICT(feed, entry) DO UPDATE SET tries = tries + 1, last_error = ?",
                (feed, entry, error, error),
            )
            row = self.conn.execute(
                "SELECT tries FROM feed_retries WHERE feed = ? AND entry = ?", (feed, entry)
            ).fetchone()
        return int(row[0])

    def rejects(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM rejects ORDER BY path")]

    @staticmethod
    def _document(row: sqlite3.Row) -> Document:
        return Document(
            id=row["id"],
            sha256=row["sha256"],
            path=row["path"],
            text=row["text"],
            title=row["title"],
            outlet=row["outlet"],
            published=row["published"],
            byline=row["byline"],
            url=row["url"],
            segments=[Segment(*s) for s in json.loads(row["segments"])],
            kind=row["kind"],
            fetched_at=row["fetched_at"],
            ingested_at=row["ingested_at"],
            pages=json.loads(row["pages"]) if row["pages"] else [],
        )

    # Every column but the raw bytes, which only `raw()` reads.
    _DOC_COLUMNS = (
        "id, sha256, path, title, outlet, published, byline, url, text, segments, ingested_at,"
        " extracted_with, kind, fetched_at, pages"
    )

    def raw(self, doc_id: str) -> bytes | None:
        row = self.conn.execute("SELECT raw FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return None if row is None else row[0]

    def documents(self) -> list[Document]:
        rows = self.conn.execute(f"SELECT {self._DOC_COLUMNS} FROM documents ORDER BY path, id")
        return [self._document(r) for r in rows]

    def document(self, ref: str) -> Document | None:
        """A document by id, id prefix, or path."""
        row = self.conn.execute(
            f"SELECT {self._DOC_COLUMNS} FROM documents WHERE id = ? OR path = ?"
            " OR id LIKE ? || '%'"
            " ORDER BY id LIMIT 1",
            (ref, ref, ref.replace("%", "").replace("_", "")),
        ).fetchone()
        return self._document(row) if row else None

    def pending(self, version: str, force: bool = False) -> Iterator[Document]:
        """Documents whose stored findings are missing or from another extractor set."""
        sql = "SELECT id FROM documents"
        args: tuple[Any, ...] = ()
        if not force:
            sql += " WHERE extracted_with IS NULL OR extracted_with != ?"
            args = (version,)
        ids = [r["id"] for r in self.conn.execute(sql + " ORDER BY path, id", args)]
        for doc_id in ids:
            row = self.conn.execute(
                f"SELECT {self._DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
            if row:
                yield self._document(row)

    def count_pending(self, version: str) -> int:
        return self.conn.execute(
            "SELECT count(*) FROM documents WHERE extracted_with IS NULL OR extracted_with != ?",
            (version,),
        ).fetchone()[0]

    # -- extractions -----------------------------------------------------------------------

    _TABLES = {
        "mentions": "mentions",
        "dates": "dates",
        "quotes": "quotes",
        "figures": "figures",
        "events": "events",
    }

    def save_extraction(self, ex: Extraction, version: str) -> None:
        """Replace a document's findings in one transaction."""
        with self.transaction():
            for table in (*self._TABLES, "extraction_errors"):
                self.conn.execute(f"DELETE FROM {table} WHERE doc = ?", (ex.doc_id,))
            for attr, table in self._TABLES.items():
                items = getattr(ex, attr)
                if not items:
                    continue
                rows = [{"doc": ex.doc_id, **asdict(item)} for item in items]
                cols = list(rows[0])
                sql = (
                    f"INSERT INTO {table}({', '.join(_q(c) for c in cols)}) "
                    f"VALUES ({', '.join('?' for _ in cols)})"
                )
                self.conn.executemany(sql, [tuple(r[c] for c in cols) for r in rows])
            self.conn.executemany(
                "INSERT INTO extraction_errors(doc, message) VALUES (?, ?)",
                [(ex.doc_id, m) for m in ex.errors],
            )
            self.conn.execute(
                "UPDATE documents SET extracted_with = ? WHERE id = ?", (version, ex.doc_id)
            )

    def rows(self, table: str, order: str = "doc, start") -> list[dict[str, Any]]:
        if table not in {*self._TABLES, "entities", "extraction_errors"}:
            raise ValueError(f"unknown table {table}")
        return [dict(r) for r in self.conn.execute(f"SELECT * FROM {table} ORDER BY {order}")]

    # -- entities --------------------------------------------------------------------------

    def replace_entities(
        self, entities: Iterable[dict[str, Any]], assignment: dict[int, str]
    ) -> None:
        """Rebuild the entity table and point each mention (by id) at its entity key."""
        with self.transaction():
            self.conn.execute("UPDATE mentions SET entity = NULL")
            self.conn.execute("DELETE FROM entities")
            ids: dict[str, int] = {}
            for e in entities:
                cur = self.conn.execute(
                    "INSERT INTO entities(type, name, key, lat, lon, why, country, admin1, admin2,"
                    " precision, geonames_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        e["type"],
                        e["name"],
                        e["key"],
                        e.get("lat"),
                        e.get("lon"),
                        e["why"],
                        e.get("country"),
                        e.get("admin1"),
                        e.get("admin2"),
                        e.get("precision"),
                        e.get("geonames_id"),
                    ),
                )
                ids[e["key"]] = cur.lastrowid or 0
            self.conn.executemany(
                "UPDATE mentions SET entity = ? WHERE id = ?",
                [(ids[key], mid) for mid, key in assignment.items()],
            )

    # -- cross-document results -------------------------------------------------------------

    def replace_analysis(self, table: str, items: Iterable[dict[str, Any]]) -> None:
        """Rebuild a cross-document table (figure_groups, ...) from scratch, in one transaction.

        Each item is stored whole as JSON next to the columns queries filter on.
        """
        if table not in self._ANALYSIS:
            raise ValueError(f"unknown table {table}")
        cols = self._ANALYSIS[table]
        with self.transaction():
            self.conn.execute(f"DELETE FROM {table}")
            self.conn.executemany(
                f"INSERT INTO {table}({', '.join(_q(c) for c in (*cols, 'data'))}) "
                f"VALUES ({', '.join('?' for _ in (*cols, 'data'))})",
                [
                    (*(item.get(c) for c in cols), json.dumps(item, ensure_ascii=False))
                    for item in items
                ],
            )

    def analysis(self, table: str) -> list[dict[str, Any]]:
        if table not in self._ANALYSIS:
            raise ValueError(f"unknown table {table}")
        rows = self.conn.execute(f"SELECT data FROM {table} ORDER BY id")
        return [json.loads(r[0]) for r in rows]

    _ANALYSIS = {
        "figure_groups": (
            "id",
            "category",
            "group",
            "since",
            "place",
            "best",
            "low",
            "high",
            "status",
        ),
        "contradictions": ("id", "kind", "about"),
        "framing": ("outlet",),
        "incidents": ("id", "kind", "date_start"),
        "near_duplicates": ("doc", "original", "similarity"),
    }

    def counts(self) -> dict[str, int]:
        tables = (
            "documents",
            "figures",
            "quotes",
            "mentions",
            "entities",
            "dates",
            "events",
            "figure_groups",
            "contradictions",
            "incidents",
            "rejects",
        )
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def _q(col: str) -> str:
    return f'"{col}"'


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on error; waits for other writers."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
