"""Query parameters shared by the API and the pages: the same names, limits and library records."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query

from ..store.query import ArticleFilters, EventFilters, QuoteFilters

MAX_PAGE = 500  # rows per page, at most
DEFAULT_PAGE = 50
MAX_TEXT = 200  # characters in a filter value
MAX_CURSOR = 1000

Text = Annotated[str | None, Query(max_length=MAX_TEXT)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Rows per page (at most {MAX_PAGE}).")]
Cursor = Annotated[
    str | None, Query(max_length=MAX_CURSOR, description="The `next_cursor` of the previous page.")
]
SortParam = Annotated[str | None, Query(max_length=40, description="A sort name; prefix - for descending.")]


def _blank_is_none(value: str | None) -> str | None:
    """An empty form field means "no filter"."""
    return value if value is not None and value.strip() else None


# The filters are read in the event loop (async, no I/O): a sync dependency would cost a hop to the
# thread pool and back on every request.
async def event_filters(
    source: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="Source code prefix(es): RUS, 'RUS|IRN'.")
    ] = None,
    target: Annotated[str | None, Query(max_length=MAX_TEXT, description="Target code prefix(es).")] = None,
    actor: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="Actor code prefix(es), either side.")
    ] = None,
    partner: Annotated[
        str | None,
        Query(max_length=MAX_TEXT, description="With actor: the dyad's other side (both directions)."),
    ] = None,
    code: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="CAMEO code prefix(es): 03, '036|0311'.")
    ] = None,
    root: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="CAMEO root code(s): 11, '11|12'.")
    ] = None,
    plover: Annotated[str | None, Query(max_length=MAX_TEXT, description="PLOVER type(s): ACCUSE.")] = None,
    quad_class: Annotated[str | None, Query(max_length=20, description="QuadClass 1-4, or '3|4'.")] = None,
    since: Annotated[str | None, Query(max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    until: Annotated[
        str | None, Query(max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD (inclusive).")
    ] = None,
    country: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="ISO3 of the event location.")
    ] = None,
    place: Text = None,
    text: Text = None,
    article: Text = None,
    distinct: bool = False,
    cluster: Annotated[
        int | None, Query(description="The reports of one real-world event (a cluster_id).")
    ] = None,
) -> EventFilters:
    values = dict(
        source=source,
        target=target,
        actor=actor,
        partner=partner,
        code=code,
        root=root,
        plover=plover,
        quad_class=quad_class,
        since=since,
        until=until,
        country=country,
        place=place,
        text=text,
        article=article,
    )
    texts: dict[str, Any] = {k: _blank_is_none(v) for k, v in values.items()}
    return EventFilters(**texts, distinct=distinct, cluster=cluster)


async def quote_filters(
    speaker: Text = None, code: Text = None, text: Text = None, article: Text = None
) -> QuoteFilters:
    return QuoteFilters(*(_blank_is_none(v) for v in (speaker, code, text, article)))


async def article_filters(
    text: Text = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
) -> ArticleFilters:
    return ArticleFilters(*(_blank_is_none(v) for v in (text, since, until)))
