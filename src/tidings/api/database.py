"""The server's hold on its database: one writable store, a cursor per worker thread, one writer.

DuckDB lets one process write a file. The server opens it writable at start and keeps it, so
requests read through cursors of that connection (each thread its own: a DuckDB connection is not
shared between threads) and articles pushed to the API are written through one lock-guarded cursor.
Every write starts a new generation; aggregates cached for a generation are never stale.

List rows (events, quotes) are kept the same way, each by its key: a page is then found by its sort
keys alone and only the rows not yet kept are read wide, which is where DuckDB spends most of a page.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from duckdb import DuckDBPyConnection

from ..records import Article
from ..store import Store, open_store
from ..store.loading import ingest_items
from ..store.query import (
    EventFilters,
    QuoteFilters,
    count_events,
    counts_by_article,
    event_keys_page,
    events_by_id,
    quote_keys_page,
    quotes_by_rowid,
)
from .answers import json_text

if TYPE_CHECKING:
    from ..pipeline import Tidings

T = TypeVar("T")
# Answers kept per generation by `Database.cached` (aggregates, and totals per filter), oldest out first.
MAX_CACHED = 10_000
# List rows kept per generation by `Database.rows`, oldest out first: an event row with its JSON text
# takes about 3 kB, a quote 1.5 kB, so at most about 150 MB.
MAX_ROWS = 50_000


class Row:
    """One list row as the pages show it (`values`) and the API answers it (`json()`, its JSON text,
    written when first asked for: the pages never need it)."""

    __slots__ = ("values", "_json")

    def __init__(self, values: dict) -> None:
        self.values = values
        self._json: str | None = None

    def json(self) -> str:
        if self._json is None:
            self._json = json_text(self.values)
        return self._json


@dataclass(frozen=True)
class RowsPage:
    """A page of list rows and the cursor of the next page (None on the last page)."""

    rows: list[Row]
    next_cursor: str | None


@dataclass(frozen=True)
class StoredArticle:
    """What POST /api/v1/articles did: "stored" (coded now), "unchanged" (already stored as is) or
    "skipped" (in a language without a language pack: not coded, not stored)."""

    article_id: str
    status: str
    events: int
    quotes: int


class Database:
    """An open database shared by the request threads of one server."""

    def __init__(self, store: Store, concurrency: int | None = None) -> None:
        self.store = store
        # Requests take turns at the database, as many at once as there are cores: with more, they
        # only contend for the cores (and the GIL) and the slowest wait longest. A waiting request
        # waits in its worker thread, which the release wakes at once (waiting in the event loop
        # instead measured slower under load: the loop must run before the next request can start).
        self._turns = threading.Semaphore(concurrency or os.cpu_count() or 1)
        self.path = store.path
        self._local = threading.local()
        self._cursors: list[DuckDBPyConnection] = []
        self._cursor_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._cache: dict[str, object] = {}
        self._rows: dict[tuple[str, Any], Row] = {}
        self._rows_generation = 0
        self.generation = 0

    @classmethod
    def open(cls, path: str | os.PathLike) -> Database:
        return cls(open_store(path))

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for a turn at the database (first come, first served)."""
        with self._turns:
            yield

    def cursor(self) -> DuckDBPyConnection:
        """This thread's read cursor."""
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            with self._cursor_lock:
                cursor = self.store.con.cursor()
                self._cursors.append(cursor)
            self._local.cursor = cursor
        return cursor

    def cached(self, key: str, compute: Callable[[DuckDBPyConnection], T]) -> T:
        """`compute`'s answer for this generation of the data, computed once per generation."""
        entry = self._cache.get(key)
        if entry is not None and entry[0] == self.generation:  # type: ignore[index]
            return entry[1]  # type: ignore[index]
        generation = self.generation
        value = compute(self.cursor())
        with self._cursor_lock:
            if len(self._cache) >= MAX_CACHED and key not in self._cache:
                self._cache.pop(next(iter(self._cache)))  # the oldest: filters come and go
            self._cache[key] = (generation, value)
        return value

    def rows(self, kind: str, keys: list, fetch: Callable[[list], dict[Any, dict]]) -> list[Row]:
        """The rows of `kind` ("events", "quotes") with these `keys`, in their order: those kept for this
        generation from memory, the others from `fetch(missing keys)` (a key it does not answer is left
        out) and then kept."""
        generation = self.generation
        with self._cursor_lock:
            if self._rows_generation != generation:
                self._rows.clear()
                self._rows_generation = generation
            found = {key: row for key in keys if (row := self._rows.get((kind, key))) is not None}
        missing = [key for key in keys if key not in found]
        if missing:
            fetched = {key: Row(values) for key, values in fetch(missing).items()}
            found.update(fetched)
            with self._cursor_lock:
                if self._rows_generation == generation:
                    for key, row in fetched.items():
                        self._rows[(kind, key)] = row
                    while len(self._rows) > MAX_ROWS:
                        self._rows.pop(next(iter(self._rows)))
        return [found[key] for key in keys if key in found]

    def events_page(
        self, filters: EventFilters, *, sort: str | None, limit: int | None, cursor: str | None
    ) -> RowsPage:
        """The rows of `query.events_page`, found by their sort keys and read from `rows`."""
        con = self.cursor()
        page = event_keys_page(con, filters, sort=sort, limit=limit, cursor=cursor)
        return RowsPage(self.rows("events", page.keys, lambda ids: events_by_id(con, ids)), page.next_cursor)

    def quotes_page(
        self, filters: QuoteFilters, *, sort: str | None, limit: int | None, cursor: str | None
    ) -> RowsPage:
        """The rows of `query.quotes_page`, found by their sort keys and read from `rows`."""
        con = self.cursor()
        page = quote_keys_page(con, filters, sort=sort, limit=limit, cursor=cursor)
        rows = self.rows("quotes", page.keys, lambda rowids: quotes_by_rowid(con, rowids))
        return RowsPage(rows, page.next_cursor)

    def events_total(
        self, filters: EventFilters, page: RowsPage, *, first_page: bool, limit: int | None
    ) -> int:
        """How many events `filters` keeps. A first page that holds them all has counted them; else
        they are counted once per filter and generation of the data (a next page, another sort)."""
        if first_page and limit and page.next_cursor is None:
            return len(page.rows)
        return self.cached(f"count_events:{filters!r}", lambda con: count_events(con, filters))

    def store_article(self, article: Article, tidings: Tidings, label: str) -> StoredArticle:
        """Code and store `article` the way `tidings ingest` does (one run named `label`, skipped when
        stored unchanged), one writer at a time; readers see it once committed."""
        with self._write_lock:
            writer = self.store.con.cursor()
            try:
                summary = ingest_items(
                    Store(writer, self.path, read_only=False), [article], [label], tidings=tidings,
                    batch_size=1, workers=1,
                )
                events = counts_by_article(writer, "events", [article.id]).get(article.id, 0)
                quotes = counts_by_article(writer, "quotes", [article.id]).get(article.id, 0)
            finally:
                writer.close()
                self.generation += 1
        if summary.errors:
            raise ValueError(f"article {article.id!r} could not be coded")
        status = "stored" if summary.articles else "skipped" if summary.skipped_language else "unchanged"
        return StoredArticle(article.id, status, events, quotes)

    def close(self) -> None:
        with self._cursor_lock:
            for cursor in self._cursors:
                cursor.close()
            self._cursors.clear()
        self.store.close()


class PipelineHolder:
    """The coding pipeline, made on first use (the pages never need it) and then kept."""

    def __init__(self, factory: Callable[[], Tidings] | None) -> None:
        self.factory = factory
        self._tidings: Tidings | None = None
        self._lock = threading.Lock()

    def get(self) -> Tidings:
        if self.factory is None:
            raise RuntimeError("this server was started without a coding pipeline")
        with self._lock:
            if self._tidings is None:
                self._tidings = self.factory()
            return self._tidings
