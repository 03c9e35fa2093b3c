"""What the list endpoints answer, for the OpenAPI schema and /docs. The fields are the columns of the
library's results (a test keeps them equal); answers are written straight from those results."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, create_model

Text = str | None
Int = int | None
Number = float | None
Day = dt.date | None

EVENT_FIELDS: dict[str, Any] = {
    "date": Text, "source": Text, "target": Text, "code": Text, "root_code": Text, "quad_class": Int,
    "goldstein": Number, "plover": Text, "plover_mode": Text, "verb": Text, "sentence": Text,
    "mentions": Int, "sources": Int, "articles": Int, "independent_sources": Int, "syndicated_copies": Int,
    "source_text": Text, "target_text": Text,
    "location_name": Text, "location_country": Text, "location_lat": Number, "location_lon": Number,
    "date_precision": Text, "date_source": Text, "rule": Text, "tone": Number, "id": Int,
    "cluster_id": Int, "article_id": Text, "sentence_index": Int, "title": Text, "url": Text,
}  # fmt: skip
QUOTE_FIELDS: dict[str, Any] = {
    "date": Day, "speaker": Text, "speaker_code": Text, "kind": Text, "text": Text, "title": Text,
    "article_id": Text, "sentence_index": Int, "start": Int, "end": Int, "url": Text,
}  # fmt: skip
ARTICLE_FIELDS: dict[str, Any] = {
    "id": Text, "published": Day, "title": Text, "domain": Text, "source": Text, "url": Text,
    "tone": Number, "events": Int, "quotes": Int,
}  # fmt: skip


def _item(name: str, fields: dict[str, Any]) -> type[BaseModel]:
    definitions: dict[str, Any] = {field: (kind, None) for field, kind in fields.items()}
    return create_model(name, **definitions)


def _page(name: str, item: type[BaseModel], with_total: bool) -> type[BaseModel]:
    fields: dict[str, Any] = {"items": (list[item], ...), "next_cursor": (str | None, None)}  # type: ignore[valid-type]
    if with_total:
        fields["total"] = (int, ...)
    return create_model(name, **fields)


Event = _item("Event", EVENT_FIELDS)
Quote = _item("Quote", QUOTE_FIELDS)
ArticleRow = _item("ArticleRow", ARTICLE_FIELDS)
EventPage = _page("EventPage", Event, with_total=True)
QuotePage = _page("QuotePage", Quote, with_total=False)
ArticlePage = _page("ArticlePage", ArticleRow, with_total=False)


def documented(model: type[BaseModel]) -> dict:
    """`responses=` for a route: the JSON shape, and that CSV is offered too."""
    return {200: {"model": model, "content": {"text/csv": {}}}}
