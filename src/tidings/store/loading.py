"""`ingest`: read articles, code the new or changed ones, and store them batch by batch.

An article already stored with the same content hash is skipped before coding, so running the same
command again after an interruption only codes what is missing.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Protocol

from duckdb import DuckDBPyConnection

from ..ingest import read_articles
from ..records import Article, CodedArticle, InputError
from .db import Store, open_store
from .rows import content_hash
from .runs import FAILED, FINISHED, INTERRUPTED, RUNNING, finish_run, record_error, start_run, stored_hashes
from .writer import write_batch

DEFAULT_BATCH_SIZE = 32


class ArticleCoder(Protocol):
    """What `ingest` codes with: `tidings.pipeline.Tidings`, or an engine that codes elsewhere (Ray)."""

    @property
    def model(self) -> str:
        """The spaCy pipeline's name, recorded with the run."""
        ...

    def code(
        self, articles: Iterable[Article], *, batch_size: int = ..., workers: int = ...
    ) -> Iterator[CodedArticle]: ...


@dataclass(frozen=True)
class RunSummary:
    """What an ingest run did so far (`status` "running") or in the end."""

    run_id: int
    status: str
    articles: int  # coded and stored
    skipped: int  # already stored unchanged
    events: int
    quotes: int
    errors: int
    seconds: float
    db_path: str

    @property
    def rate(self) -> float:
        """Articles coded per second."""
        return self.articles / self.seconds if self.seconds > 0 else 0.0


class _Tally:
    """Running counts of one ingest run."""

    def __init__(self, run_id: int, db_path: str) -> None:
        self.run_id, self.db_path = run_id, db_path
        self.articles = self.skipped = self.events = self.quotes = self.errors = 0
        self.started = time.monotonic()

    def summary(self, status: str) -> RunSummary:
        return RunSummary(
            run_id=self.run_id,
            status=status,
            articles=self.articles,
            skipped=self.skipped,
            events=self.events,
            quotes=self.quotes,
            errors=self.errors,
            seconds=time.monotonic() - self.started,
            db_path=self.db_path,
        )


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def articles_to_code(
    lookup: DuckDBPyConnection,
    items: Iterable[Article | InputError],
    batch_size: int,
    tally: _Tally,
    errors: deque,
    force: bool = False,
) -> Iterator[list[Article]]:
    """Per chunk of input, the articles not stored yet or changed since; input errors go to `errors`.

    `lookup` is a connection of its own: with worker processes this runs in the pool's feeder thread.
    """
    for chunk in _chunks(items, batch_size):
        errors.extend(item for item in chunk if isinstance(item, InputError))
        articles = [item for item in chunk if isinstance(item, Article)]
        stored = {} if force else stored_hashes(lookup, [a.id for a in articles])
        fresh = [a for a in articles if stored.get(a.id) != content_hash(a)]
        tally.skipped += len(articles) - len(fresh)
        yield fresh  # even when empty, so the caller reports errors and progress as it goes


def _code_isolating_failures(
    tidings: ArticleCoder, batch: list[Article], errors: deque
) -> list[CodedArticle]:
    """Code a batch; if the pipeline fails on it, code its articles one by one and report the bad ones."""
    if not batch:
        return []
    try:
        return list(tidings.code(batch, batch_size=len(batch)))
    except Exception:
        if len(batch) == 1:
            raise
    coded: list[CodedArticle] = []
    for article in batch:
        try:
            coded.extend(tidings.code([article], batch_size=1))
        except Exception as exc:
            errors.append(InputError(article.source or article.id, f"coding failed: {exc!r}"))
    return coded


def coded_batches(
    tidings: ArticleCoder, batches: Iterable[list[Article]], batch_size: int, workers: int, errors: deque
) -> Iterator[list[CodedArticle]]:
    """Coded batches to write. In one process a failing article is isolated and reported; with worker
    processes the stream is coded in one pool (started once), and a pipeline failure ends the run."""
    if workers <= 1:
        for batch in batches:
            yield _code_isolating_failures(tidings, batch, errors)
        return
    stream = (article for batch in batches for article in batch)
    yield from _chunks(tidings.code(stream, batch_size=batch_size, workers=workers), batch_size)


def _report_errors(
    con: DuckDBPyConnection, errors: deque, tally: _Tally, on_error: Callable[[InputError], None] | None
) -> None:
    while errors:
        error = errors.popleft()
        record_error(con, tally.run_id, error)
        tally.errors += 1
        if on_error is not None:
            on_error(error)


def ingest(
    paths: Sequence[str | os.PathLike],
    db_path: str | os.PathLike | None = None,
    *,
    tidings: ArticleCoder,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
    default_date: dt.date | None = None,
    force: bool = False,
    on_error: Callable[[InputError], None] | None = None,
    progress: Callable[[RunSummary], None] | None = None,
    after_batch: Callable[[DuckDBPyConnection, int], None] | None = None,
    dedup: bool = True,
) -> RunSummary:
    """Read, code and store the articles in `paths` (files or folders) into the database at `db_path`.

    Each batch of `batch_size` coded articles is one transaction. Bad inputs are recorded in the
    errors table and passed to `on_error`; `progress` gets a RunSummary after every batch. `force`
    codes again articles already stored unchanged. `after_batch(con, n)` runs after the n-th batch is
    stored (the Ray engine's Parquet output moves the rows out there). On Ctrl-C the run is marked
    interrupted and KeyboardInterrupt propagates; every batch written before stays stored. `dedup`
    (the default) groups syndicated copies and reports of one real-world event; without it events are
    clustered by exact key (for measurements).
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    with open_store(db_path) as store:
        return ingest_items(
            store,
            read_articles(paths, default_date=default_date),
            [os.fspath(p) for p in paths],
            tidings=tidings,
            batch_size=batch_size,
            workers=workers,
            force=force,
            on_error=on_error,
            progress=progress,
            after_batch=after_batch,
            dedup=dedup,
        )


def ingest_items(
    store: Store,
    items: Iterable[Article | InputError],
    inputs: Sequence[str],
    *,
    tidings: ArticleCoder,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
    force: bool = False,
    on_error: Callable[[InputError], None] | None = None,
    progress: Callable[[RunSummary], None] | None = None,
    after_batch: Callable[[DuckDBPyConnection, int], None] | None = None,
    dedup: bool = True,
    stop: Callable[[], bool] | None = None,
) -> RunSummary:
    """Code and store `items` (articles, and input errors to record) into an open store, as one run
    named by `inputs`. `stop`, asked after every stored batch, ends the run early (status
    "interrupted") when it returns True: a clean stop between transactions."""
    con = store.con
    run_id = start_run(con, tidings.model, list(inputs))
    tally, errors = _Tally(run_id, store.path), deque[InputError]()
    lookup = con.cursor()
    status = FAILED
    try:
        batches = articles_to_code(lookup, items, batch_size, tally, errors, force)
        status = FINISHED
        number = 0
        for number, coded in enumerate(coded_batches(tidings, batches, batch_size, workers, errors)):
            if coded:
                counts = write_batch(con, coded, run_id, dedup=dedup)
                tally.articles += counts.articles
                tally.events += counts.events
                tally.quotes += counts.quotes
            _report_errors(con, errors, tally, on_error)
            if after_batch is not None:
                after_batch(con, number)
            if progress is not None:
                progress(tally.summary(RUNNING))
            if stop is not None and stop():
                status = INTERRUPTED
                break
        _report_errors(con, errors, tally, on_error)
        if after_batch is not None:
            after_batch(con, number + 1)  # errors reported after the last batch
    except KeyboardInterrupt:
        status = INTERRUPTED
        raise
    except BaseException:
        status = FAILED
        raise
    finally:
        lookup.close()
        finish_run(con, run_id, status, tally.skipped)
    return tally.summary(status)
