"""The HTTP API under /api/v1: the library's queries as JSON (or CSV), a few lines per route."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Annotated, Literal

import pyarrow as pa
import pyarrow.parquet as pq
from duckdb import DuckDBPyConnection
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from ..errors import TidingsError
from ..ingest.formats import record_with_warning
from ..records import InputError
from ..serialize import coded_article_dict
from ..store import explore
from ..store import query as queries
from ..store.paging import Page
from ..store.render import format_csv
from ..store.stored import stored_article
from . import schemas
from .answers import json_text
from .database import Database, RowsPage
from .params import (
    DEFAULT_PAGE,
    MAX_TEXT,
    Cursor,
    Limit,
    SortParam,
    article_filters,
    event_filters,
    quote_filters,
)
from .schemas import documented

router = APIRouter(tags=["api"])
EXPORT_MAX_ROWS = 100_000
MAX_ARTICLE_CHARS = 200_000
CODE_PATTERN = r"^[A-Za-z0-9-]{1,40}$"
Format = Annotated[
    Literal["json", "csv"] | None, Query(description="json (default) or csv; or send Accept: text/csv.")
]
ActorCode = Annotated[
    str, Path(pattern=CODE_PATTERN, description="An actor code or code prefix: RUS, IRNGOV.")
]


def database(request: Request) -> Iterator[Database]:
    """The server's database, once it is this request's turn."""
    db = request.app.state.db
    with db.turn():
        yield db


Db = Annotated[Database, Depends(database)]


def json_response(content: object, status_code: int = 200) -> Response:
    return Response(json_text(content), status_code=status_code, media_type="application/json")


def _as_csv(request: Request, fmt: str | None) -> bool:
    return fmt == "csv" or (fmt is None and "text/csv" in request.headers.get("accept", ""))


def page_response(request: Request, page: Page, fmt: str | None) -> Response:
    """A page as JSON {items, next_cursor}, or as CSV with the next cursor in a header."""
    if _as_csv(request, fmt):
        return csv_page_response(page)
    return json_response({"items": page.rows.to_pylist(), "next_cursor": page.next_cursor})


def csv_page_response(page: Page) -> Response:
    headers = {"x-next-cursor": page.next_cursor} if page.next_cursor else {}
    return Response(format_csv(page.rows), media_type="text/csv; charset=utf-8", headers=headers)


def rows_response(page: RowsPage, total: int | None = None) -> Response:
    """A page as JSON {items, next_cursor[, total]}, joined from the rows' own JSON texts."""
    items = ", ".join(row.json() for row in page.rows)
    body = f'{{"items": [{items}], "next_cursor": {json_text(page.next_cursor)}'
    if total is not None:
        body += f', "total": {total}'
    return Response(body + "}", media_type="application/json")


def table_response(request: Request, table: pa.Table, fmt: str | None) -> Response:
    if _as_csv(request, fmt):
        return Response(format_csv(table), media_type="text/csv; charset=utf-8")
    return json_response({"items": table.to_pylist()})


@router.get(
    "/events",
    summary="Events with their evidence, filtered, sorted and paginated",
    responses=documented(schemas.EventPage),
)
def list_events(
    request: Request,
    db: Db,
    filters: Annotated[queries.EventFilters, Depends(event_filters)],
    sort: SortParam = None,
    limit: Limit = DEFAULT_PAGE,
    cursor: Cursor = None,
    format: Format = None,
) -> Response:
    """Sorts: date, goldstein, code, source, target, quad_class, mentions, tone (prefix - for descending)."""
    if _as_csv(request, format):
        page = queries.events_page(db.cursor(), filters, sort=sort, limit=limit, cursor=cursor)
        return csv_page_response(page)
    rows = db.events_page(filters, sort=sort, limit=limit, cursor=cursor)
    return rows_response(rows, db.events_total(filters, rows, first_page=cursor is None, limit=limit))


@router.get("/events/export", summary="Every event matching the filters, as a CSV, JSON or Parquet file")
def export_events(
    db: Db,
    filters: Annotated[queries.EventFilters, Depends(event_filters)],
    sort: SortParam = None,
    format: Annotated[Literal["csv", "json", "parquet"], Query()] = "csv",
) -> Response:
    """At most 100,000 rows (EXPORT_MAX_ROWS), in the order `sort` gives."""
    table = queries.events_page(db.cursor(), filters, sort=sort, limit=EXPORT_MAX_ROWS).rows
    disposition = {"content-disposition": f'attachment; filename="tidings-events.{format}"'}
    if format == "csv":
        return Response(format_csv(table), media_type="text/csv; charset=utf-8", headers=disposition)
    if format == "json":
        body = json_text(table.to_pylist(), allow_nan=True)
        return Response(body, media_type="application/json", headers=disposition)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return Response(buffer.getvalue(), media_type="application/vnd.apache.parquet", headers=disposition)


@router.get("/quotes", summary="Quotes with their speakers", responses=documented(schemas.QuotePage))
def list_quotes(
    request: Request,
    db: Db,
    filters: Annotated[queries.QuoteFilters, Depends(quote_filters)],
    sort: SortParam = None,
    limit: Limit = DEFAULT_PAGE,
    cursor: Cursor = None,
    format: Format = None,
) -> Response:
    """Sorts: date, -date."""
    if _as_csv(request, format):
        page = queries.quotes_page(db.cursor(), filters, sort=sort, limit=limit, cursor=cursor)
        return csv_page_response(page)
    return rows_response(db.quotes_page(filters, sort=sort, limit=limit, cursor=cursor))


@router.get(
    "/articles",
    summary="Stored articles with their event and quote counts",
    responses=documented(schemas.ArticlePage),
)
def list_articles(
    request: Request,
    db: Db,
    filters: Annotated[queries.ArticleFilters, Depends(article_filters)],
    sort: SortParam = None,
    limit: Limit = DEFAULT_PAGE,
    cursor: Cursor = None,
    format: Format = None,
) -> Response:
    """Sorts: published, -published."""
    page = queries.articles_page(db.cursor(), filters, sort=sort, limit=limit, cursor=cursor)
    return page_response(request, page, format)


@router.get("/articles/{article_id:path}", summary="One stored article with everything found in it")
def get_article(db: Db, article_id: Annotated[str, Path(max_length=MAX_TEXT)]) -> Response:
    """The same JSON as `tidings code --format json`: text, sentences, events, quotes, places, tone."""
    coded = stored_article(db.cursor(), article_id)
    if coded is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return json_response(coded_article_dict(coded))


class ArticleIn(BaseModel):
    """One article to code and store; the fields of a JSONL input record."""

    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(None, max_length=MAX_TEXT, description="Default: derived from the text.")
    title: str | None = Field(None, max_length=1000)
    text: str = Field(min_length=1, max_length=MAX_ARTICLE_CHARS)
    published: str | None = Field(None, max_length=40, description="The publication date, e.g. 2019-04-16.")
    url: str | None = Field(None, max_length=2000)


@router.post("/articles", status_code=201, summary="Code one article and store it")
def post_article(request: Request, db: Db, article: ArticleIn) -> Response:
    """Codes the article with the server's pipeline (loaded on the first call) and stores it like
    `tidings ingest`: 201 when stored, 200 when the same article was already stored unchanged or when
    it is in a language without a language pack (status "skipped": not coded, not stored)."""
    record = article.model_dump(exclude_none=True)
    item, warning = record_with_warning("POST /api/v1/articles", record)
    if isinstance(item, InputError):
        raise HTTPException(422, item.message)
    if warning is not None:  # files keep such an article undated; a client can send a readable date
        raise HTTPException(422, warning.message)
    try:
        tidings = request.app.state.pipeline.get()
    except (TidingsError, RuntimeError) as exc:
        raise HTTPException(503, str(exc).splitlines()[0]) from exc
    result = db.store_article(item, tidings, label="POST /api/v1/articles")
    content = {
        "id": result.article_id,
        "status": result.status,
        "events": result.events,
        "quotes": result.quotes,
        "url": f"/article/{result.article_id}",
    }
    return json_response(content, status_code=201 if result.status == "stored" else 200)


def actors_by_mentions(con: DuckDBPyConnection) -> pa.Table:
    """Every actor code, most mentioned first: counted once per generation of the data, then cut."""
    return queries.actors(con, top=None)


@router.get("/actors", summary="The most mentioned actor codes")
def list_actors(
    request: Request,
    db: Db,
    prefix: Annotated[str | None, Query(max_length=MAX_TEXT)] = None,
    limit: Limit = DEFAULT_PAGE,
    format: Format = None,
) -> Response:
    table = queries.actors_among(db.cached("actors", actors_by_mentions), top=limit, prefix=prefix)
    return table_response(request, table, format)


@router.get("/actors/{code}", summary="One actor: its names, partners and event types")
def get_actor(db: Db, code: ActorCode) -> Response:
    con = db.cursor()
    partners = explore.partners(con, code)
    types = explore.event_types(con, code)
    names = explore.actor_names(con, code)
    if not names and types.num_rows == 0:
        raise HTTPException(404, f"no actor {code!r}")
    content = {
        "code": code,
        "names": names,
        "partners": partners.to_pylist(),
        "event_types": types.to_pylist(),
    }
    return json_response(content)


@router.get("/dyads", summary="The actor pairs with the most events")
def list_dyads(request: Request, db: Db, limit: Limit = 10, format: Format = None) -> Response:
    table = db.cached(f"dyads:{limit}", lambda con: explore.top_dyads(con, limit=limit))
    return table_response(request, table, format)


@router.get("/dyads/{actor1}/{actor2}", summary="Events between two actors per period, both directions")
def get_dyad(
    request: Request,
    db: Db,
    actor1: ActorCode,
    actor2: ActorCode,
    by: Annotated[Literal["day", "week", "month", "year"], Query()] = "month",
    format: Format = None,
) -> Response:
    return table_response(request, queries.dyad(db.cursor(), actor1, actor2, by=by), format)


@router.get("/places", summary="Where events happened, with coordinates")
def list_places(
    request: Request,
    db: Db,
    filters: Annotated[queries.EventFilters, Depends(event_filters)],
    limit: Limit = 200,
    format: Format = None,
) -> Response:
    return table_response(request, explore.places(db.cursor(), filters, limit=limit), format)


@router.get("/stats", summary="Totals and events per month by QuadClass")
def stats(db: Db) -> Response:
    totals = db.cached("totals", explore.totals)
    by_month = db.cached("by_month", explore.events_by_month)
    return json_response({"totals": vars(totals), "events_by_month": by_month.to_pylist()})
