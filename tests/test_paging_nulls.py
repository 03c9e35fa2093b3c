"""Keyset pages over sort keys that may be NULL (no target, no tone, no date, no publication date):
NULLs come last in both directions, and walking page by page gives the one-pass order, each row once."""

from __future__ import annotations

import datetime as dt

import pytest
from test_store_samples import actor, coded, event

from tidings.records import Quote
from tidings.store import open_store, write_batch
from tidings.store import query as q
from tidings.store.runs import start_run

TEXT = "Iran accused Russia. Russia met Iran."


def nullable_article(index: int) -> object:
    iran, russia = actor("Iran", 0, "IRN"), actor("Russia", 13, "RUS")
    accused = event(
        f"n{index}",
        iran,
        russia if index % 2 else None,
        "112",
        date=None if index % 3 == 0 else f"2017-0{index + 1}-02",
        sentence=TEXT[:20],
        verb="accused",
        tone=None if index % 2 else float(index),
    )
    quote = Quote(
        f"n{index}", "Envoy", None if index % 2 else "RUSGOV", "Russia met Iran", "direct", 21, 36, 1
    )
    published = None if index in (1, 4) else dt.date(2017, 1, 1 + index)
    return coded(f"n{index}", text=TEXT, events=(accused,), quotes=(quote,), published=published)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("nulls") / "nulls.duckdb") as store:
        write_batch(store.con, [nullable_article(i) for i in range(7)], start_run(store.con, "m", []))
        yield store.con


def walk(page_of, **options) -> list:
    seen, cursor = [], None
    while True:
        page = page_of(limit=1, cursor=cursor, **options)
        seen += page.rows.to_pylist()
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor


def nulls_last(values: list) -> bool:
    present = [value is not None for value in values]
    return present == sorted(present, reverse=True)


@pytest.mark.parametrize("sort", [f"{sign}{name}" for name in q.EVENT_SORTS for sign in ("", "-")])
def test_event_pages_with_null_keys_cover_everything_once_in_order(con, sort):
    everything = q.events_page(con, sort=sort).rows.to_pylist()
    assert walk(lambda **o: q.events_page(con, **o), sort=sort) == everything
    assert len({row["id"] for row in everything}) == len(everything) == 7
    column = {"date": "date", "mentions": "mentions"}.get(sort.lstrip("-"), sort.lstrip("-"))
    assert nulls_last([row[column] for row in everything])


@pytest.mark.parametrize("sort", ["date", "-date"])
def test_quote_pages_with_null_dates(con, sort):
    everything = q.quotes_page(con, sort=sort).rows.to_pylist()
    assert walk(lambda **o: q.quotes_page(con, **o), sort=sort) == everything
    assert len(everything) == 7 and nulls_last([row["date"] for row in everything])


@pytest.mark.parametrize("sort", ["published", "-published"])
def test_article_pages_with_null_dates(con, sort):
    everything = q.articles_page(con, sort=sort).rows.to_pylist()
    assert walk(lambda **o: q.articles_page(con, **o), sort=sort) == everything
    assert len(everything) == 7 and nulls_last([row["published"] for row in everything])
    ordered = [row["published"] for row in everything if row["published"] is not None]
    assert ordered == sorted(ordered, reverse=sort.startswith("-"))


def walk_keys(key_page_of, rows_of, **options) -> list:
    """Walk the pages as their keys, reading each page's rows by key (as the server does)."""
    seen, cursor = [], None
    while True:
        page = key_page_of(limit=2, cursor=cursor, **options)
        rows = rows_of(page.keys)
        seen += [rows[key] for key in page.keys]
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor


@pytest.mark.parametrize("sort", [f"{sign}{name}" for name in q.EVENT_SORTS for sign in ("", "-")])
def test_event_key_pages_read_by_id_are_the_wide_pages(con, sort):
    everything = q.events_page(con, sort=sort).rows.to_pylist()
    walked = walk_keys(
        lambda **o: q.event_keys_page(con, **o), lambda ids: q.events_by_id(con, ids), sort=sort
    )
    assert walked == everything
    first = q.event_keys_page(con, sort=sort, limit=3)
    assert first.next_cursor == q.events_page(con, sort=sort, limit=3).next_cursor


@pytest.mark.parametrize("sort", ["date", "-date"])
def test_quote_key_pages_read_by_row_id_are_the_wide_pages(con, sort):
    everything = q.quotes_page(con, sort=sort).rows.to_pylist()
    walked = walk_keys(
        lambda **o: q.quote_keys_page(con, **o), lambda ids: q.quotes_by_rowid(con, ids), sort=sort
    )
    assert walked == everything


def test_actors_cut_from_the_whole_table_are_the_prefix_query(con):
    everything = q.actors(con, top=None)
    for prefix in (None, "RUS", "IRN|RUS", "IRN,ZZZ", "ZZZ", ""):
        for top in (None, 0, 1, 5):
            assert q.actors_among(everything, top=top, prefix=prefix) == q.actors(con, top=top, prefix=prefix)
