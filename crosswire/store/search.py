"""Full-text search over documents and quotes (SQLite FTS5), with filters and pagination.

A query of plain words matches documents holding all of them, each word taken as written
("al-Sharaa", "Hmeimim's" work). A query that uses FTS5's own syntax (quotes for phrases,
AND / OR / NOT, NEAR, a trailing * for prefixes, parentheses) is passed to FTS5 as it is, and a
mistake in it is a `SearchSyntaxError` with FTS5's message, never a crash. Every value reaches
SQL as a bound parameter; the query text never becomes SQL.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

MAX_QUERY = 500
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
    entity: int | None = None  # documents that mention this entity (a place for "place")


@dataclass
class Page:
    total: int
    items: list[dict[str, Any]] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # other spellings searched for


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
    rows = conn.execute(
        "SELECT DISTINCT m2.text FROM mentions m2 WHERE m2.entity IN ("
        " SELECT entity FROM mentions WHERE (text = ? COLLATE NOCASE"
        "  OR text LIKE ? ESCAPE '\\') AND entity IS NOT NULL"
        f" UNION SELECT id FROM entities WHERE name COLLATE NOCASE IN ({marks}))"
        " LIMIT ?",
        (q, like, *names, cap),
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


def _where(filters: Filters, alias: str) -> tuple[str, list[Any]]:
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
    if filters.entity is not None:
        sql.append(f"{alias}.id IN (SELECT doc FROM mentions WHERE entity = ?)")
        args.append(filters.entity)
    return "".join(f" AND {s}" for s in sql), args


def _run(conn: sqlite3.Connection, sql: str, args: list[Any]) -> list[sqlite3.Row]:
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError as exc:
        msg = str(exc)
        if any(w in msg for w in ("locked", "busy", "disk", "no such table", "readonly")):
            raise  # the database's trouble, not the query's
        raise SearchSyntaxError(f"cannot search for that: {msg}") from exc


def search_documents(
    conn: sqlite3.Connection, q: str, filters: Filters = Filters(), limit: int = 20, offset: int = 0
) -> Page:
    match, also = expanded_query(conn, q)
    where, args = _where(filters, "d")
    base = (
        " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
        f" WHERE documents_fts MATCH ?{where}"
    )
    total = _run(conn, "SELECT count(*)" + base, [match, *args])[0][0]
    rows = _run(
        conn,
        "SELECT d.id, d.title, d.outlet, d.published, d.path,"
        f" snippet(documents_fts, 1, '{HIT_START}', '{HIT_END}', ' … ', 24) AS snippet"
        + base
        + " ORDER BY bm25(documents_fts), d.id LIMIT ? OFFSET ?",
        [match, *args, limit, offset],
    )
    return Page(total, [dict(r) for r in rows], also)


def search_quotes(
    conn: sqlite3.Connection, q: str, filters: Filters = Filters(), limit: int = 20, offset: int = 0
) -> Page:
    match, also = expanded_query(conn, q)
    where, args = _where(filters, "d")
    base = (
        " FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid"
        " JOIN documents d ON d.id = q.doc"
        f" WHERE quotes_fts MATCH ? AND q.scare = 0{where}"
    )
    total = _run(conn, "SELECT count(*)" + base, [match, *args])[0][0]
    rows = _run(
        conn,
        'SELECT q.id, q.doc, q.start, q."end", q.speaker, q.kind, q.anonymous, d.outlet,'
        f" d.published, d.title, highlight(quotes_fts, 0, '{HIT_START}', '{HIT_END}') AS snippet"
        + base
        + " ORDER BY bm25(quotes_fts), q.id LIMIT ? OFFSET ?",
        [match, *args, limit, offset],
    )
    return Page(total, [dict(r) for r in rows], also)
