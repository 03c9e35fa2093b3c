"""The pages: server-rendered HTML over the same library calls as the API, linkable by URL."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response

from ..store import explore
from ..store import query as queries
from ..store.stored import stored_article
from . import views
from .params import DEFAULT_PAGE, MAX_TEXT, Cursor, Limit, SortParam, event_filters, quote_filters
from .routes_api import ActorCode, Db, actors_by_mentions

router = APIRouter(include_in_schema=False)
EVENT_COLUMNS = (
    ("date", "date"),
    ("source", "source"),
    ("code", "code"),
    ("target", "target"),
    ("goldstein", "goldstein"),
    ("mentions", "mentions"),
    ("tone", "tone"),
)
DYAD_EVENTS = 100
ACTOR_QUOTES = 20


def _render(request: Request, name: str, **context: object) -> Response:
    return request.app.state.pages.render(request, name, **context)


@router.get("/")
def overview(request: Request, db: Db) -> Response:
    totals = db.cached("totals", explore.totals)
    by_month = db.cached("by_month", explore.events_by_month)
    return _render(
        request,
        "index.html",
        totals=totals,
        by_month=by_month.to_pylist(),
        months_chart=views.monthly_quad_chart(by_month),
        dyads=db.cached("dyads:10", lambda con: explore.top_dyads(con, limit=10)).to_pylist(),
        actors=queries.actors_among(db.cached("actors", actors_by_mentions), top=10).to_pylist(),
        latest=db.cached(
            "latest", lambda con: queries.articles_page(con, sort="-published", limit=10).rows
        ).to_pylist(),
    )


@router.get("/events")
def events(
    request: Request,
    db: Db,
    filters: Annotated[queries.EventFilters, Depends(event_filters)],
    sort: SortParam = None,
    limit: Limit = DEFAULT_PAGE,
    cursor: Cursor = None,
) -> Response:
    page = db.events_page(filters, sort=sort, limit=limit, cursor=cursor)
    return _render(
        request,
        "events.html",
        filters=filters,
        rows=[row.values for row in page.rows],
        next_cursor=page.next_cursor,
        total=db.events_total(filters, page, first_page=cursor is None, limit=limit),
        sort=sort or "date",
        columns=EVENT_COLUMNS,
        roots=[(c.code, c.name) for c in request.app.state.ontology if c.is_root],
        plover_types=sorted({c.plover for c in request.app.state.ontology if c.plover}),
    )


@router.get("/article/{article_id:path}")
def article(request: Request, db: Db, article_id: Annotated[str, Path(max_length=MAX_TEXT)]) -> Response:
    coded = stored_article(db.cursor(), article_id)
    if coded is None:
        raise HTTPException(404, f"No article {article_id!r} is stored.")
    ontology = request.app.state.ontology
    return _render(
        request,
        "article.html",
        coded=coded,
        segments=views.segments(coded.article.text, views.article_marks(coded, ontology)),
        event_names=[views.event_name(ontology, e.code) for e in coded.events],
    )


@router.get("/dyad/{actor1}/{actor2}")
def dyad(
    request: Request,
    db: Db,
    actor1: ActorCode,
    actor2: ActorCode,
    by: Annotated[str, Query(pattern="^(day|week|month|year)$")] = "month",
) -> Response:
    con = db.cursor()
    timeline = queries.dyad(con, actor1, actor2, by=by)
    if timeline.num_rows == 0:
        raise HTTPException(404, f"No events between {actor1} and {actor2}.")
    filters = queries.EventFilters(actor=actor1, partner=actor2)
    page = db.events_page(filters, sort="-date", limit=DYAD_EVENTS, cursor=None)
    return _render(
        request,
        "dyad.html",
        actor1=actor1,
        actor2=actor2,
        by=by,
        timeline=timeline.to_pylist(),
        charts=views.dyad_charts(timeline),
        rows=[row.values for row in page.rows],
        total=db.events_total(filters, page, first_page=True, limit=DYAD_EVENTS),
        shown=DYAD_EVENTS,
    )


@router.get("/actor/{code}")
def actor(request: Request, db: Db, code: ActorCode) -> Response:
    con = db.cursor()
    names = explore.actor_names(con, code)
    types = explore.event_types(con, code)
    if not names and types.num_rows == 0:
        raise HTTPException(404, f"No actor {code!r} is mentioned in this database.")
    partners = explore.partners(con, code)
    quotes = db.quotes_page(queries.QuoteFilters(code=code), sort="-date", limit=ACTOR_QUOTES, cursor=None)
    ontology = request.app.state.ontology
    return _render(
        request,
        "actor.html",
        code=code,
        names=names,
        partners=partners.to_pylist(),
        nodes=views.network(partners),
        network_size=views.NETWORK_SIZE,
        types=[{**row, "name": views.event_name(ontology, row["root"])} for row in types.to_pylist()],
        types_chart=views.event_type_chart(types, ontology) if types.num_rows else None,
        quotes=[row.values for row in quotes.rows],
        speakers=explore.speakers(con, code, limit=10).to_pylist(),
    )


@router.get("/quotes")
def quotes(
    request: Request,
    db: Db,
    filters: Annotated[queries.QuoteFilters, Depends(quote_filters)],
    sort: SortParam = None,
    limit: Limit = DEFAULT_PAGE,
    cursor: Cursor = None,
) -> Response:
    page = db.quotes_page(filters, sort=sort, limit=limit, cursor=cursor)
    rows = [row.values for row in page.rows]
    return _render(request, "quotes.html", filters=filters, rows=rows, next_cursor=page.next_cursor)


@router.get("/map")
def world_map(
    request: Request,
    db: Db,
    filters: Annotated[queries.EventFilters, Depends(event_filters)],
) -> Response:
    places = explore.places(db.cursor(), filters, limit=500)
    return _render(
        request,
        "map.html",
        filters=filters,
        outline=request.app.state.outline,
        points=views.map_points(places),
        places=places.to_pylist()[:50],
    )


def _item_fields(schema: dict, operation: dict) -> list[str]:
    """The fields of the items a list operation answers with, from its documented JSON schema."""
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    reference = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    components = schema.get("components", {}).get("schemas", {})
    page = components.get(reference.rpartition("/")[2], {})
    item_ref = page.get("properties", {}).get("items", {}).get("items", {}).get("$ref", "")
    return list(components.get(item_ref.rpartition("/")[2], {}).get("properties", {}))


@router.get("/docs")
def api_docs(request: Request) -> Response:
    """The API reference, drawn from the OpenAPI schema on this server (no CDN assets)."""
    schema = request.app.openapi()
    operations = [
        {
            "method": method.upper(),
            "path": path,
            "summary": operation.get("summary", ""),
            "description": operation.get("description", ""),
            "parameters": [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "required": p.get("required", False),
                    "description": p.get("description", ""),
                }
                for p in operation.get("parameters", [])
            ],
            "body": "requestBody" in operation,
            "fields": _item_fields(schema, operation),
        }
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    return _render(request, "docs.html", operations=operations, schema_url=request.app.openapi_url)
