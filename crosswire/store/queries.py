"""Read-only queries behind the web pages and the API: one indexed query per page, paginated."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from crosswire.model import Document, Segment
from crosswire.store.search import Filters, filter_sql

# Columns each listing returns (the document text only on a document's own page).
_DOC_COLS = "id, path, title, outlet, published, byline, url, ingested_at, kind, fetched_at"


def connect(path: str) -> sqlite3.Connection:
    """A read-only connection: no request can change the database through it."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def _rows(conn: sqlite3.Connection, sql: str, args: tuple[Any, ...] = ()) -> list[dict]:
    return [dict(r) for r in conn.execute(sql, args)]


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = ("documents", "figures", "quotes", "entities", "events", "figure_groups")
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def outlets(conn: sqlite3.Connection) -> list[dict]:
    return _rows(
        conn,
        "SELECT coalesce(outlet, '') AS outlet, count(*) AS documents, min(published) AS first,"
        " max(published) AS last FROM documents GROUP BY outlet ORDER BY documents DESC, outlet",
    )


def places(conn: sqlite3.Connection, limit: int = 100) -> list[dict]:
    """The places most often named, for the search page's place filter."""
    return _rows(
        conn,
        "SELECT e.id, e.name, count(*) AS n FROM entities e JOIN mentions m ON m.entity = e.id"
        " WHERE e.type = 'place' GROUP BY e.id ORDER BY n DESC, e.name LIMIT ?",
        (limit,),
    )


def documents(
    conn: sqlite3.Connection, filters: Filters, limit: int, offset: int
) -> tuple[int, list[dict]]:
    where, args = filter_sql(filters, "d")
    total = conn.execute(f"SELECT count(*) FROM documents d WHERE 1=1{where}", args).fetchone()[0]
    items = _rows(
        conn,
        f"SELECT {_DOC_COLS} FROM documents d WHERE 1=1{where}"
        " ORDER BY published DESC, id LIMIT ? OFFSET ?",
        (*args, limit, offset),
    )
    return total, items


def document(conn: sqlite3.Connection, doc_id: str) -> dict | None:
    row = conn.execute(f"SELECT {_DOC_COLS}, text FROM documents WHERE id = ?", (doc_id,))
    found = row.fetchone()
    if found is None:
        return None
    doc = dict(found)
    extra = conn.execute("SELECT segments, pages FROM documents WHERE id = ?", (doc_id,)).fetchone()
    pages = Document(
        id=doc_id,
        sha256="",
        path=doc["path"],
        text="",
        segments=[Segment(*x) for x in json.loads(extra["segments"])],
        pages=json.loads(extra["pages"]) if extra["pages"] else [],
    )
    for table in ("figures", "quotes", "events", "dates"):
        doc[table] = _rows(conn, f"SELECT * FROM {table} WHERE doc = ? ORDER BY start", (doc_id,))
        for item in doc[table]:
            item["page"] = pages.page_of(item["start"])
    doc["reprint_of"] = _rows(
        conn,
        "SELECT n.original AS id, n.similarity, d.outlet, d.title FROM near_duplicates n"
        " JOIN documents d ON d.id = n.original WHERE n.doc = ?",
        (doc_id,),
    )
    doc["reprinted_as"] = _rows(
        conn,
        "SELECT n.doc AS id, n.similarity, d.outlet, d.title FROM near_duplicates n"
        " JOIN documents d ON d.id = n.doc WHERE n.original = ? ORDER BY n.doc",
        (doc_id,),
    )
    doc["mentions"] = _rows(
        conn,
        'SELECT m.id, m.start, m."end", m.text, m.type, m.entity, e.name AS entity_name'
        " FROM mentions m LEFT JOIN entities e ON e.id = m.entity WHERE m.doc = ?"
        " ORDER BY m.start",
        (doc_id,),
    )
    return doc


def figures(
    conn: sqlite3.Connection,
    category: str | None,
    group: str | None,
    doc: str | None,
    limit: int,
    offset: int,
) -> tuple[int, list[dict]]:
    where, args = ["1=1"], []
    for col, val in (("category", category), ('"group"', group), ("doc", doc)):
        if val:
            where.append(f"{col} = ?")
            args.append(val)
    cond = " AND ".join(where)
    total = conn.execute(f"SELECT count(*) FROM figures WHERE {cond}", args).fetchone()[0]
    return total, _rows(
        conn,
        f"SELECT * FROM figures WHERE {cond} ORDER BY doc, start LIMIT ? OFFSET ?",
        (*args, limit, offset),
    )


def quotes(
    conn: sqlite3.Connection, speaker: str | None, doc: str | None, limit: int, offset: int
) -> tuple[int, list[dict]]:
    where, args = ["scare = 0"], []
    if speaker:
        where.append("speaker = ?")
        args.append(speaker)
    if doc:
        where.append("doc = ?")
        args.append(doc)
    cond = " AND ".join(where)
    total = conn.execute(f"SELECT count(*) FROM quotes WHERE {cond}", args).fetchone()[0]
    return total, _rows(
        conn,
        f"SELECT * FROM quotes WHERE {cond} ORDER BY doc, start LIMIT ? OFFSET ?",
        (*args, limit, offset),
    )


def entities(
    conn: sqlite3.Connection, etype: str | None, name: str | None, limit: int, offset: int
) -> tuple[int, list[dict]]:
    where, args = ["1=1"], []
    if etype:
        where.append("e.type = ?")
        args.append(etype)
    if name:
        where.append("e.name LIKE ? ESCAPE '\\'")
        args.append("%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    cond = " AND ".join(where)
    total = conn.execute(f"SELECT count(*) FROM entities e WHERE {cond}", args).fetchone()[0]
    items = _rows(
        conn,
        "SELECT e.id, e.type, e.name, e.lat, e.lon, e.country, e.admin1, e.precision,"
        " (SELECT count(*) FROM mentions m WHERE m.entity = e.id) AS mentions"
        f" FROM entities e WHERE {cond} ORDER BY mentions DESC, e.name LIMIT ? OFFSET ?",
        (*args, limit, offset),
    )
    return total, items


def entity(conn: sqlite3.Connection, entity_id: int, limit: int = 200) -> dict | None:
    found = conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if found is None:
        return None
    e = dict(found)
    e["forms"] = [
        r["text"]
        for r in conn.execute(
            "SELECT text, count(*) AS n FROM mentions WHERE entity = ? GROUP BY text"
            " ORDER BY n DESC, text",
            (entity_id,),
        )
    ]
    e["mention_count"] = conn.execute(
        "SELECT count(*) FROM mentions WHERE entity = ?", (entity_id,)
    ).fetchone()[0]
    # The first mentions with sentence-sized context, cut from the text in SQL for those rows
    # only, so an entity named in 50,000 reports costs no more than one named in five.
    e["mentions"] = _rows(
        conn,
        'SELECT m.id, m.doc, m.start, m."end", m.text, d.outlet, d.published, d.title,'
        " max(m.start - 160, 0) AS ctx_start,"
        ' substr(d.text, max(m.start - 160, 0) + 1, min(m.start, 160) + (m."end" - m.start)'
        " + 160) AS context"
        " FROM (SELECT id FROM mentions WHERE entity = ? ORDER BY id LIMIT ?) first"
        " JOIN mentions m ON m.id = first.id JOIN documents d ON d.id = m.doc",
        (entity_id, limit),
    )
    e["mentions"].sort(key=lambda m: (m["published"] or "", m["doc"], m["start"]))
    forms = e["forms"] or [e["name"]]
    marks = ",".join("?" for _ in forms)
    e["quotes_by"] = _rows(
        conn,
        "SELECT q.id, q.doc, q.text, q.speaker, q.kind, d.outlet FROM quotes q"
        f" JOIN documents d ON d.id = q.doc WHERE q.scare = 0 AND q.id IN ("
        f" SELECT id FROM quotes WHERE speaker IN ({marks})"
        f" UNION SELECT id FROM quotes WHERE speaker_mention IN ({marks}))"
        " ORDER BY q.id LIMIT ?",
        (*forms, *forms, limit),
    )
    # Quotes whose words name the entity in any of its forms, through the quote index.
    match = " OR ".join('"' + f.replace('"', '""') + '"' for f in forms[:20])
    e["quotes_about"] = _rows(
        conn,
        "SELECT q.id, q.doc, q.text, q.speaker, q.kind, d.outlet FROM quotes_fts"
        " JOIN quotes q ON q.id = quotes_fts.rowid JOIN documents d ON d.id = q.doc"
        " WHERE quotes_fts MATCH ? AND q.scare = 0 ORDER BY q.id LIMIT ?",
        (f"text : ({match})", limit),
    )
    return e


def analysis(conn: sqlite3.Connection, table: str) -> list[dict]:
    if table not in {"figure_groups", "contradictions", "framing", "incidents"}:
        raise ValueError(f"unknown table {table}")
    return [json.loads(r[0]) for r in conn.execute(f"SELECT data FROM {table} ORDER BY id")]


def figures_by_id(conn: sqlite3.Connection, ids: list[int]) -> dict[int, dict]:
    if not ids:
        return {}
    out: dict[int, dict] = {}
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        marks = ",".join("?" for _ in part)
        for r in conn.execute(
            "SELECT f.*, d.outlet, d.published FROM figures f JOIN documents d ON d.id = f.doc"
            f" WHERE f.id IN ({marks})",
            part,
        ):
            out[r["id"]] = dict(r)
    return out
