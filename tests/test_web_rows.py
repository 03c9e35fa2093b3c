"""The server keeps list rows by key until the next write: read wide once per generation of the data,
answered in the page's order, a key the database no longer has left out."""

from __future__ import annotations

import pytest
from test_store_samples import sample_corpus

from tidings.api.database import Database
from tidings.store import open_store, write_batch
from tidings.store import query as q
from tidings.store.runs import start_run


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "rows.duckdb"
    with open_store(path) as store:
        write_batch(store.con, sample_corpus(), start_run(store.con, "m", []))
    opened = Database.open(path)
    yield opened
    opened.close()


def test_rows_are_read_once_per_generation_in_the_order_asked(database):
    asked: list[list] = []

    def fetch(keys: list) -> dict:
        asked.append(keys)
        return {key: {"key": key} for key in keys if key != "gone"}

    first = database.rows("t", ["b", "a", "gone"], fetch)
    assert [row.values["key"] for row in first] == ["b", "a"]
    assert first[0].json() == '{"key": "b"}'
    assert [row.values["key"] for row in database.rows("t", ["a", "c"], fetch)] == ["a", "c"]
    assert asked == [["b", "a", "gone"], ["c"]]  # "a" and "b" were kept
    database.generation += 1  # what a write does
    database.rows("t", ["a"], fetch)
    assert asked[-1] == ["a"]


def test_pages_from_kept_rows_are_the_library_pages(database):
    con = database.cursor()
    for sort in ("date", "-goldstein", "source"):
        for _ in range(2):  # read wide, then from memory
            page = database.events_page(q.EventFilters(), sort=sort, limit=2, cursor=None)
            expected = q.events_page(con, sort=sort, limit=2)
            assert [row.values for row in page.rows] == expected.rows.to_pylist()
            assert page.next_cursor == expected.next_cursor
    quotes = database.quotes_page(q.QuoteFilters(speaker="jagarian"), sort="-date", limit=5, cursor=None)
    assert [row.values for row in quotes.rows] == q.quotes_page(
        con, q.QuoteFilters(speaker="jagarian"), sort="-date", limit=5
    ).rows.to_pylist() != []
