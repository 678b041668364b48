"""Full-text search over documents and quotes (SQLite FTS5), with filters and pagination.

A query of plain words matches documents holding all of them, each word taken as written
("al-Sharaa", "Hmeimim's" work). A query that uses FTS5's own syntax (quotes for phrases,
AND / OR / NOT, NEAR, a trailing * for prefixes, parentheses) is passed to FTS5 as it is, and a
mistake in it is a `SearchSyntaxError` with FTS5's message, never a crash. Results are ranked by
BM25; a query matching COUNT_CAP or more items is too broad to rank quickly, so its results
come most recently added first, and the page says so. Every value reaches
SQL as a bound parameter; the query text never becomes SQL.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

MAX_QUERY = 500
COUNT_CAP = 10_000  # totals are exact up to this, then reported as "at least"
# Markers FTS5 puts around matched words in snippets; they cannot occur in cleaned text, so a
# page can escape the snippet first and then turn the markers into <mark>.
HIT_START, HIT_END = "\x02", "\x03"

_SYNTAX = re.compile(r'["()*^:]|\b(AND|OR|NOT|NEAR)\b')


class SearchSyntaxError(ValueError):
    """A search the index cannot run; the message says why."""


@dataclass(frozen=True)
class Filters:
    outlet: str | None = None
    since: str | None = None  # published on or after (ISO date)
    until: str | None = None  # published on or before
    entity: int | None = None  # documents that mention this entity
    place: int | None = None  # documents that mention this place (an entity id too)


@dataclass
class Page:
    total: int
    items: list[dict[str, Any]] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # other spellings searched for
    ranked: bool = True  # False: too many matches to rank; most recently added first


def other_spellings(conn: sqlite3.Connection, q: str, cap: int = 12) -> list[str]:
    """Other forms of the entity a plain query names: "Hmeimim" -> "Hamiyim", "Khmeimim
    airfield". The query names an entity when it is one of its forms, the first words of one
    ("Hmeimim" of "Hmeimim airbase"), its name, or a name the shipped alias table knows."""
    from crosswire.data_files import known_names, normalise_name

    q = q.strip()
    like = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + " %"
    names = {q}
    known = known_names().get(normalise_name(q))
    if known is not None:
        names.add(known.canonical)
    marks = ",".join("?" for _ in names)
    entities = conn.execute(
        "SELECT DISTINCT entity FROM mentions WHERE (text = ? COLLATE NOCASE"
        " OR text LIKE ? ESCAPE '\\') AND entity IS NOT NULL"
        f" UNION SELECT id FROM entities WHERE name COLLATE NOCASE IN ({marks}) LIMIT 2",
        (q, like, *names),
    ).fetchall()
    if len(entities) != 1:
        return []  # nothing, or several people called "Ahmed ...": no one entity to widen to
    rows = conn.execute(
        "SELECT DISTINCT text FROM mentions WHERE entity = ? LIMIT ?", (entities[0][0], cap)
    ).fetchall()
    return sorted({r[0] for r in rows if r[0].lower() != q.lower()})


def expanded_query(conn: sqlite3.Connection, q: str) -> tuple[str, list[str]]:
    """The FTS5 expression, widened to the other spellings of an entity the query names (a
    query in FTS5 syntax is left as written). Returns the expression and the spellings added."""
    match = fts_query(q)
    if _SYNTAX.search(q):
        return match, []
    forms = other_spellings(conn, q)
    if not forms:
        return match, []
    alts = " OR ".join('"' + f.replace('"', '""') + '"' for f in forms)
    return f"({match}) OR {alts}", forms


def fts_query(q: str) -> str:
    """The FTS5 expression for a user's query."""
    q = q.strip()
    if not q:
        raise SearchSyntaxError("empty search")
    if len(q) > MAX_QUERY:
        raise SearchSyntaxError(f"search too long ({len(q)} characters, limit {MAX_QUERY})")
    if "\x00" in q:
        raise SearchSyntaxError("search contains a NUL character")
    if _SYNTAX.search(q):
        return q
    return " ".join('"' + w.replace('"', '""') + '"' for w in q.split())


def filter_sql(filters: Filters, alias: str) -> tuple[str, list[Any]]:
    """' AND ...' conditions on the documents table (as `alias`) for these filters."""
    sql, args = [], []
    if filters.outlet:
        sql.append(f"{alias}.outlet = ?")
        args.append(filters.outlet)
    if filters.since:
        sql.append(f"{alias}.published >= ?")
        args.append(filters.since)
    if filters.until:
        # "2025-03-09" also takes "2025-03-09T10:00": compare with the day's end.
        sql.append(f"{alias}.published <= ?")
        args.append(filters.until + "\uffff")
    for entity in (filters.entity, filters.place):
        if entity is not None:
            sql.append(f"{alias}.id IN (SELECT doc FROM mentions WHERE entity = ?)")
            args.append(entity)
    return "".join(f" AND {s}" for s in sql), args


def _run(conn: sqlite3.Connection, sql: str, args: list[Any]) -> list[sqlite3.Row]:
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError as exc:
        msg = str(exc)
        if any(w in msg for w in ("locked", "busy", "disk", "no such table", "readonly")):
            raise  # the database's trouble, not the query's
        raise SearchSyntaxError(f"cannot search for that: {msg}") from exc


def _count(conn: sqlite3.Connection, base: str, args: list[Any]) -> int:
    """Matches, counted up to COUNT_CAP (a common word in a large collection need not be
    counted to the last document to be shown one page at a time)."""
    return _run(conn, f"SELECT count(*) FROM (SELECT 1{base} LIMIT {COUNT_CAP})", args)[0][0]


def _search(
    conn: sqlite3.Connection,
    fts: str,
    base: str,
    args: list[Any],
    columns: str,
    newest: str,
    limit: int,
    offset: int,
) -> tuple[int, bool, list[dict[str, Any]]]:
    """Count, pick one page of row ids, then build snippets for that page only.

    The index drives every join (CROSS JOIN keeps SQLite from looping over an outlet's
    documents and running the full-text match once per document), and snippets, the costly
    part, are made for the rows shown rather than every match."""
    total = _count(conn, base, args)
    ranked = total < COUNT_CAP
    order = f"bm25({fts}), {fts}.rowid" if ranked else f"{newest} DESC"
    ids = [
        r[0]
        for r in _run(
            conn,
            f"SELECT {fts}.rowid{base} ORDER BY {order} LIMIT ? OFFSET ?",
            [*args, limit, offset],
        )
    ]
    if not ids:
        return total, ranked, []
    marks = ",".join("?" for _ in ids)
    rows = _run(
        conn,
        f"SELECT {fts}.rowid AS _rowid, {columns}{base} AND {fts}.rowid IN ({marks})",
        [*args, *ids],
    )
    place = {rowid: i for i, rowid in enumerate(ids)}
    items = sorted((dict(r) for r in rows), key=lambda r: place[r["_rowid"]])
    for item in items:
        del item["_rowid"]
    return total, ranked, items


def search_documents(
    conn: sqlite3.Connection, q: str, filters: Filters = Filters(), limit: int = 20, offset: int = 0
) -> Page:
    match, also = expanded_query(conn, q)
    where, args = filter_sql(filters, "d")
    base = (
        " FROM documents_fts CROSS JOIN documents d ON d.rowid = documents_fts.rowid"
        f" WHERE documents_fts MATCH ?{where}"
    )
    columns = (
        "d.id, d.title, d.outlet, d.published, d.path,"
        f" snippet(documents_fts, 1, '{HIT_START}', '{HIT_END}', ' … ', 24) AS snippet"
    )
    total, ranked, items = _search(
        conn, "documents_fts", base, [match, *args], columns, "d.rowid", limit, offset
    )
    return Page(total, items, also, ranked)


def search_quotes(
    conn: sqlite3.Connection, q: str, filters: Filters = Filters(), limit: int = 20, offset: int = 0
) -> Page:
    match, also = expanded_query(conn, q)
    where, args = filter_sql(filters, "d")
    base = (
        " FROM quotes_fts CROSS JOIN quotes q ON q.id = quotes_fts.rowid"
        " CROSS JOIN documents d ON d.id = q.doc"
        f" WHERE quotes_fts MATCH ? AND q.scare = 0{where}"
    )
    columns = (
        'q.id, q.doc, q.start, q."end", q.speaker, q.kind, q.anonymous, d.outlet,'
        f" d.published, d.title, highlight(quotes_fts, 0, '{HIT_START}', '{HIT_END}') AS snippet"
    )
    total, ranked, items = _search(
        conn, "quotes_fts", base, [match, *args], columns, "q.id", limit, offset
    )
    return Page(total, items, also, ranked)
