"""`crosswire serve`: server-rendered pages and a JSON API over one Crosswire database.

Everything that comes from a document is untrusted: pages are Jinja2 templates with
autoescaping on, and every response carries a Content-Security-Policy that allows no inline
script, so even a rendering mistake cannot run a report's `<script>`. Requests only read the
database through a read-only connection, except adding a report, which goes through the same
ingest, extract and analyze steps as the command line, one at a time. No part of a request is
ever used as a file path.
"""

from __future__ import annotations

import dataclasses
import hmac
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Form, HTTPException, Query, Request, UploadFile
from fastapi import Path as FastPath
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crosswire import __version__
from crosswire.formatting import figure_label, format_count
from crosswire.report.highlight import Mark, highlight
from crosswire.settings import Settings
from crosswire.store import queries
from crosswire.store.search import (
    COUNT_CAP,
    HIT_END,
    HIT_START,
    Filters,
    SearchSyntaxError,
    search_documents,
    search_quotes,
)

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
TOKEN_COOKIE = "crosswire_token"
MAX_PAGE = 200
# Module-level so FastAPI can resolve them (annotations are strings in this module).
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]
PageNo = Annotated[int, Query(alias="page", ge=1, le=10_000)]
_MAX_ID = 2**63 - 1  # SQLite's largest integer
EntityFilter = Annotated[
    int | None, Query(ge=1, le=_MAX_ID, description="only documents that name this entity")
]
PlaceFilter = Annotated[
    int | None, Query(ge=1, le=_MAX_ID, description="only documents that name this place")
]
EntityId = Annotated[int, FastPath(ge=1, le=_MAX_ID)]


class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413, counting as they arrive (a missing
    or false Content-Length does not get around it)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await _too_large(send, self.limit)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await _too_large(send, self.limit)


class _TooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = f'{{"detail": "upload too large (limit {limit:,} bytes)"}}'.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", b"%d" % len(body)),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("crosswire.web", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["hits"] = _hits
    env.filters["num"] = format_count
    env.globals["version"] = __version__
    env.globals["count_cap"] = COUNT_CAP
    return env


def _hits(snippet: str | None) -> Markup:
    """A search snippet escaped first, then its match markers turned into <mark>."""
    safe = str(escape(snippet or ""))
    return Markup(safe.replace(HIT_START, "<mark>").replace(HIT_END, "</mark>"))


def _fig_label(f: dict[str, Any]) -> str:
    return figure_label(f["value"], f.get("high"), f.get("vague_word"), f.get("unit"))


def create_app(db: Path, settings: Settings | None = None, token: str | None = None) -> FastAPI:
    """The web app over `db` (which must exist: `crosswire run` or `ingest` makes one)."""
    from crosswire.store import Store

    settings = settings or Settings()
    with Store(db):  # creates missing indexes and search tables once, before serving
        pass
    db_path = str(Path(db).resolve())
    env = _env()
    adding = threading.Lock()
    app = FastAPI(
        title="Crosswire",
        version=__version__,
        description="Read what Crosswire found in a collection of reports: documents, figures, "
        "figure groups, quotes, entities, contradictions, framing, full-text search.",
        # The stock Swagger page loads its script from a CDN: no use offline, and barred by
        # the CSP. /docs is rendered here from the same OpenAPI spec (/openapi.json).
        docs_url=None,
        redoc_url=None,
    )
    app.state.token = token
    upload_limit = settings.ingest.max_bytes

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if token is not None:
            given = (
                request.headers.get("x-crosswire-token")
                or _bearer(request.headers.get("authorization"))
                or request.cookies.get(TOKEN_COOKIE)
                or request.query_params.get("token")
            )
            if not given or not hmac.compare_digest(given.encode(), token.encode()):
                return JSONResponse({"detail": "a valid token is required"}, status_code=401)
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if token is not None and request.query_params.get("token"):
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        return response

    app.add_middleware(BodyLimit, limit=upload_limit + 64_000)

    @contextmanager
    def read() -> Iterator[sqlite3.Connection]:
        conn = queries.connect(db_path)
        try:
            yield conn
        finally:
            conn.close()

    def page(template: str, request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
        html = env.get_template(template).render(request=request, nav=_NAV, **ctx)
        return HTMLResponse(html, status_code=status)

    def filters(
        outlet: str | None,
        since: str | None,
        until: str | None,
        entity: int | None,
        place: int | None = None,
    ) -> Filters:
        return Filters(outlet or None, since or None, until or None, entity, place)

    # -- pages -------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        with read() as conn:
            return page(
                "home.html.j2",
                request,
                counts=queries.counts(conn),
                outlets=queries.outlets(conn),
                groups=queries.analysis(conn, "figure_groups")[:10],
            )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request,
        q: str = "",
        kind: str = "documents",
        outlet: str = "",
        since: str = "",
        until: str = "",
        entity: EntityFilter = None,
        place: PlaceFilter = None,
        page_no: PageNo = 1,
    ) -> HTMLResponse:
        size = 20
        result, error = None, None
        with read() as conn:
            if q.strip():
                f = filters(outlet, since, until, entity, place)
                fn = search_quotes if kind == "quotes" else search_documents
                try:
                    result = fn(conn, q, f, size, (page_no - 1) * size)
                except SearchSyntaxError as exc:
                    error = str(exc)
            args = {"q": q, "kind": kind, "outlet": outlet, "since": since, "until": until}
            if entity is not None:
                args["entity"] = str(entity)
            if place is not None:
                args["place"] = str(place)
            more = result is not None and result.total > page_no * size
            return page(
                "search.html.j2",
                request,
                status=400 if error else 200,
                q=q,
                kind=kind,
                outlet=outlet,
                since=since,
                until=until,
                entity=entity,
                result=result,
                error=error,
                outlets=queries.outlets(conn),
                places=queries.places(conn),
                place=place,
                page_no=page_no,
                prev_url=f"/search?{urlencode({**args, 'page': page_no - 1})}"
                if page_no > 1
                else None,
                next_url=f"/search?{urlencode({**args, 'page': page_no + 1})}" if more else None,
            )

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str) -> HTMLResponse:
        with read() as conn:
            doc = queries.document(conn, doc_id)
        if doc is None:
            return page("error.html.j2", request, 404, message=f"No document {doc_id!r}.")
        marks = []
        for f in doc["figures"]:
            marks.append(
                Mark(
                    f["start"],
                    f["end"],
                    "figure",
                    f"f{f['id']}",
                    f"{f['category']}: {_fig_label(f)} {f['group']}"
                    f" (source: {f['source'] or 'the outlet'})",
                )
            )
            marks.append(
                Mark(f["sentence_start"], f["sentence_end"], "sentence", f"s{f['id']}", "")
            )
        for q in doc["quotes"]:
            kind = "scare" if q["scare"] else "quote"
            title = (
                "scare quote" if q["scare"] else f"{q['kind']} quote: {q['speaker'] or 'unknown'}"
            )
            marks.append(Mark(q["start"], q["end"], kind, f"q{q['id']}", title))
        for m in doc["mentions"]:
            label = f"{m['type']}: {m['entity_name'] or m['text']}"
            marks.append(Mark(m["start"], m["end"], "entity", f"m{m['id']}", label))
        return page(
            "document.html.j2",
            request,
            doc=doc,
            body=highlight(doc["text"], marks),
            fig_label=_fig_label,
        )

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(
        request: Request,
        type: str = "",
        name: str = "",
        page_no: PageNo = 1,
    ) -> HTMLResponse:
        with read() as conn:
            total, items = queries.entities(
                conn, type or None, name or None, 50, (page_no - 1) * 50
            )
        return page("entities.html.j2", request, total=total, items=items, type=type, name=name)

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, entity_id: EntityId) -> HTMLResponse:
        with read() as conn:
            e = queries.entity(conn, entity_id)
        if e is None:
            return page("error.html.j2", request, 404, message=f"No entity {entity_id}.")
        for m in e["mentions"]:
            a, b = m["start"] - m["ctx_start"], m["end"] - m["ctx_start"]
            c = m["context"] or ""
            m["html"] = Markup(f"…{escape(c[:a])}<mark>{escape(c[a:b])}</mark>{escape(c[b:])}…")
        return page("entity.html.j2", request, e=e)

    @app.get("/figures", response_class=HTMLResponse, include_in_schema=False)
    def figures_page(request: Request) -> HTMLResponse:
        with read() as conn:
            groups = queries.analysis(conn, "figure_groups")
            ids = sorted({m for g in groups for m in g["members"]})
            figs = queries.figures_by_id(conn, ids)
        return page("figures.html.j2", request, groups=groups, figs=figs, fig_label=_fig_label)

    @app.get("/contradictions", response_class=HTMLResponse, include_in_schema=False)
    def contradictions_page(request: Request) -> HTMLResponse:
        with read() as conn:
            items = queries.analysis(conn, "contradictions")
        return page("contradictions.html.j2", request, items=items)

    @app.get("/framing", response_class=HTMLResponse, include_in_schema=False)
    def framing_page(request: Request) -> HTMLResponse:
        with read() as conn:
            items = queries.analysis(conn, "framing")
        return page("framing.html.j2", request, items=items)

    @app.get("/add", response_class=HTMLResponse, include_in_schema=False)
    def add_page(request: Request) -> HTMLResponse:
        return page("add.html.j2", request, limit=upload_limit)

    def _add(
        text: str | None,
        upload: tuple[str, bytes] | None,
        url: str | None,
        outlet: str | None,
        published: str | None,
        title: str | None,
    ) -> tuple[str, bool]:
        from crosswire.ingest.fetch import FetchSettings, fetch
        from crosswire.ingest.metadata import Meta
        from crosswire.ingest.readers import IngestError, Source
        from crosswire.pipeline import add_and_process
        from crosswire.store import Store

        given = Meta(outlet=outlet or None, published=published or None, title=title or None)
        if upload is not None:
            # The file's name is kept as a label only; it never becomes a path.
            name = Path(upload[0] or "upload.txt").name[:200] or "upload.txt"
            source = Source(f"upload:{name}", upload[1])
        elif url:
            source, final = fetch(url.strip(), FetchSettings(max_bytes=upload_limit))
            given = dataclasses.replace(given, url=final)
        elif text and text.strip():
            source = Source("pasted", text.encode("utf-8"))
        else:
            raise IngestError("nothing to add: paste a text, choose a file or give a URL")
        if len(source.data) > upload_limit:
            raise IngestError(f"too large: {len(source.data):,} bytes (limit {upload_limit:,})")
        with adding, Store(db_path) as store:
            return add_and_process(store, source, given, settings)

    async def _form_upload(file: UploadFile | None) -> tuple[str, bytes] | None:
        if file is None or not file.filename:
            return None
        data = await file.read(upload_limit + 1)
        return file.filename, data

    async def add_form(
        text: Annotated[str | None, Form()] = None,
        url: Annotated[str | None, Form()] = None,
        outlet: Annotated[str | None, Form()] = None,
        published: Annotated[str | None, Form()] = None,
        title: Annotated[str | None, Form()] = None,
        file: UploadFile | None = None,
    ) -> tuple[str, bool]:
        """Run one addition (in a worker thread: it parses, extracts and analyzes)."""
        from starlette.concurrency import run_in_threadpool

        upload = await _form_upload(file)
        return await run_in_threadpool(_add, text, upload, url, outlet, published, title)

    @app.post("/add", include_in_schema=False)
    async def add_submit(request: Request) -> Response:
        from crosswire.ingest.readers import IngestError

        try:
            doc_id, _new = await _call_form(add_form, request)
        except IngestError as exc:
            return page("add.html.j2", request, 422, limit=upload_limit, error=str(exc))
        return RedirectResponse(f"/documents/{doc_id}", status_code=303)

    # -- API ---------------------------------------------------------------------------------

    def paged(total: int, items: list[dict], limit: int, offset: int) -> dict[str, Any]:
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/documents", tags=["documents"])
    def api_documents(
        limit: Limit = 20,
        offset: Offset = 0,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        entity: EntityFilter = None,
    ) -> dict[str, Any]:
        """Documents, newest first, without their text; filter by outlet, dates, entity."""
        with read() as conn:
            total, items = queries.documents(
                conn, filters(outlet, since, until, entity), limit, offset
            )
        return paged(total, items, limit, offset)

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    def api_document(doc_id: str) -> dict[str, Any]:
        """One document: its cleaned text and everything extracted from it, with offsets."""
        with read() as conn:
            doc = queries.document(conn, doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return doc

    @app.post("/api/documents", tags=["documents"], status_code=201)
    # A default, not Annotated: this module's annotations are strings, and add_form is local.
    async def api_add(added: tuple[str, bool] = Depends(add_form)) -> dict[str, Any]:  # noqa: B008
        """Add a report (pasted text, a file, or a URL to fetch): ingest, extract, analyze.
        Input that cannot become a document answers 422 with the reason."""
        doc_id, new = added
        return {"id": doc_id, "new": new, "url": f"/api/documents/{doc_id}"}

    @app.get("/api/figures", tags=["figures"])
    def api_figures(
        limit: Limit = 50,
        offset: Offset = 0,
        category: str | None = None,
        group: str | None = None,
        doc: str | None = None,
    ) -> dict[str, Any]:
        """Every count of people, with qualifier, group, credited source and offsets."""
        with read() as conn:
            total, items = queries.figures(conn, category, group, doc, limit, offset)
        return paged(total, items, limit, offset)

    @app.get("/api/quotes", tags=["quotes"])
    def api_quotes(
        limit: Limit = 50, offset: Offset = 0, speaker: str | None = None, doc: str | None = None
    ) -> dict[str, Any]:
        """Direct and indirect quotes with their speakers (scare quotes left out)."""
        with read() as conn:
            total, items = queries.quotes(conn, speaker, doc, limit, offset)
        return paged(total, items, limit, offset)

    @app.get("/api/entities", tags=["entities"])
    def api_entities(
        limit: Limit = 50, offset: Offset = 0, type: str | None = None, name: str | None = None
    ) -> dict[str, Any]:
        """People, organisations, groups and places, most mentioned first."""
        with read() as conn:
            total, items = queries.entities(conn, type, name, limit, offset)
        return paged(total, items, limit, offset)

    @app.get("/api/entities/{entity_id}", tags=["entities"])
    def api_entity(entity_id: EntityId) -> dict[str, Any]:
        """One entity: its forms, mentions in context, quotes by and about it, location."""
        with read() as conn:
            e = queries.entity(conn, entity_id)
        if e is None:
            raise HTTPException(404, f"no entity {entity_id}")
        return e

    def analysis_endpoint(table: str, doc: str) -> None:
        def endpoint(limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
            with read() as conn:
                items = queries.analysis(conn, table)
            return paged(len(items), items[offset : offset + limit], limit, offset)

        endpoint.__doc__ = doc
        path = "/api/" + table.replace("_", "-")
        tag = "figures" if table == "figure_groups" else "analysis"
        app.get(path, tags=[tag], name=table)(endpoint)

    for table, doc in _ANALYSIS_ENDPOINTS.items():
        analysis_endpoint(table, doc)

    @app.get("/api/search", tags=["search"])
    def api_search(
        q: Annotated[str, Query(min_length=1, max_length=500)],
        kind: Annotated[str, Query(pattern="^(documents|quotes)$")] = "documents",
        limit: Limit = 20,
        offset: Offset = 0,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        entity: EntityFilter = None,
        place: PlaceFilter = None,
    ) -> dict[str, Any]:
        """Full-text search (plain words, or FTS5 syntax: "phrases", OR, NOT, prefix*).
        Snippets mark matches with \\u0002 and \\u0003."""
        fn = search_quotes if kind == "quotes" else search_documents
        with read() as conn:
            try:
                f = filters(outlet, since, until, entity, place)
                result = fn(conn, q, f, limit, offset)
            except SearchSyntaxError as exc:
                raise HTTPException(400, str(exc)) from exc
        return {
            **paged(result.total, result.items, limit, offset),
            "also_searched": result.also,
            "ranked": result.ranked,
            "total_is_lower_bound": result.total >= COUNT_CAP,
        }

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        spec = app.openapi()
        ops = []
        for path, methods in spec["paths"].items():
            for method, op in methods.items():
                params = [
                    {
                        "name": p["name"],
                        "in": p["in"],
                        "required": p.get("required", False),
                        "schema": p.get("schema", {}),
                        "description": p.get("description", ""),
                    }
                    for p in op.get("parameters", [])
                ]
                ops.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": op.get("summary", ""),
                        "description": op.get("description", ""),
                        "params": params,
                        "body": "requestBody" in op,
                        "tag": (op.get("tags") or [""])[0],
                    }
                )
        return page("docs.html.j2", request, spec=spec, ops=ops)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        # Only names the package ships: the request picks from a fixed list, never a path.
        files = _static_files()
        if name not in files:
            raise HTTPException(404, "not found")
        data, ctype = files[name]
        return Response(data, media_type=ctype, headers={"Cache-Control": "max-age=3600"})

    from crosswire.ingest.readers import IngestError

    @app.exception_handler(IngestError)
    async def not_added(_request: Request, exc: IngestError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(sqlite3.OperationalError)
    async def db_busy(_request: Request, exc: sqlite3.OperationalError) -> JSONResponse:
        return JSONResponse({"detail": f"database unavailable: {exc}"}, status_code=503)

    return app


def _bearer(header: str | None) -> str | None:
    if header and header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


_TYPES = {".css": "text/css", ".js": "text/javascript", ".png": "image/png"}


@cache
def _static_files() -> dict[str, tuple[bytes, str]]:
    """The shipped static files, read once per process."""
    folder = resources.files("crosswire.web").joinpath("static")
    out = {}
    for entry in folder.iterdir():
        suffix = Path(entry.name).suffix
        if suffix in _TYPES:
            out[entry.name] = (entry.read_bytes(), _TYPES[suffix])
    return out


_ANALYSIS_ENDPOINTS = {
    "figure_groups": "Figures that count the same thing, reconciled: best, low, high, status, "
    "sources.",
    "contradictions": "Claims from different reports that cannot both be true, both sides with "
    "sentences.",
    "framing": "Per outlet: loaded terms in its own voice vs quoted, names used, whom it quotes.",
    "incidents": "Events merged across reports into one per incident, with why they were merged.",
}


async def _call_form(dependency: Callable[..., Awaitable[Any]], request: Request) -> Any:
    """Call a form-reading function with the fields of this request's form."""
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    file = form.get("file")
    return await dependency(
        fields.get("text"),
        fields.get("url"),
        fields.get("outlet"),
        fields.get("published"),
        fields.get("title"),
        file if not isinstance(file, str) else None,
    )


_NAV = [
    ("/", "Overview"),
    ("/search", "Search"),
    ("/figures", "Figures"),
    ("/contradictions", "Contradictions"),
    ("/framing", "Framing"),
    ("/entities", "Entities"),
    ("/add", "Add a report"),
]
