"""`ingest`: read articles, code the new or changed ones, and store them batch by batch.

An article already stored with the same content hash is skipped before coding, so running the same
command again after an interruption only codes what is missing.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Protocol

import duckdb
from duckdb import DuckDBPyConnection

from ..errors import StoreError
from ..ingest import read_articles, source_file
from ..records import Article, CodedArticle, InputError
from .clusters import recount_waiting
from .db import Store, duckdb_reason, open_store
from .interrupts import deferred_interrupts
from .rows import content_hash
from .runs import (
    FAILED,
    FINISHED,
    INTERRUPTED,
    RUNNING,
    finish_run,
    record_errors,
    start_run,
    stored_articles,
)
from .writer import write_batch

DEFAULT_BATCH_SIZE = 32
# The clusters the batches touch are recounted every this many batches and at the end of the run, not
# after every batch: a recount reads all stored events, so per batch its cost grew with the database.
RECOUNT_EVERY = 16
# With worker processes, this many coded chunks are stored in one transaction: a transaction's fixed
# cost (de-duplication's candidate search, the syndication regroup, ~30 statements, DuckDB's own work
# per statement) then weighs on 512 articles. The main process, which shares the cores with the
# workers, spent 6.2-6.6 CPU s storing 2,000 Reuters articles in chunks of 2, 4.4-4.8 in 8, 3.6 in 16.
# A batch is one transaction: an interrupted run re-codes at most this many chunks, and loses nothing.
CHUNKS_PER_WRITE = 16


class ArticleCoder(Protocol):
    """What `ingest` codes with: `tidings.pipeline.Tidings`, or an engine that codes elsewhere (Ray)."""

    @property
    def model(self) -> str:
        """The spaCy pipeline's name, recorded with the run."""
        ...

    def code(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = ...,
        workers: int = ...,
        on_error: Callable[[InputError], None] | None = ...,
    ) -> Iterator[CodedArticle]:
        """Coded articles in input order; each article it fails on is reported to `on_error`."""
        ...


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
    skipped_language: int = 0  # not coded: no language pack for the article's language
    replaced: int = 0  # stored before with other content, from the same source: coded again
    warnings: int = 0  # inputs used despite a problem (an unreadable metadata date)

    @property
    def rate(self) -> float:
        """Articles coded per second."""
        return self.articles / self.seconds if self.seconds > 0 else 0.0


class _Tally:
    """Running counts of one ingest run."""

    def __init__(self, run_id: int, db_path: str) -> None:
        self.run_id, self.db_path = run_id, db_path
        self.articles = self.skipped = self.events = self.quotes = self.errors = 0
        self.skipped_language = 0
        self.replaced = self.warnings = 0
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
            skipped_language=self.skipped_language,
            replaced=self.replaced,
            warnings=self.warnings,
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

    An article stored before from another source file with other content is not replaced (two feeds
    both numbering their records "1" must not overwrite each other): it is an error, unless `force`.
    `lookup` is a connection of its own: with worker processes this runs in the pool's feeder thread.
    """
    for chunk in _chunks(items, batch_size):
        errors.extend(item for item in chunk if isinstance(item, InputError))
        articles = [item for item in chunk if isinstance(item, Article)]
        with deferred_interrupts():
            stored = stored_articles(lookup, [a.id for a in articles])
        fresh = []
        for article in articles:
            before = stored.get(article.id)
            if before is None:
                fresh.append(article)
            elif before.content_hash == content_hash(article):
                if force:
                    fresh.append(article)
                else:
                    tally.skipped += 1
            elif force or source_file(before.source) == source_file(article.source):
                tally.replaced += 1
                fresh.append(article)
            else:
                errors.append(_id_taken(article, before.source))
        yield fresh  # even when empty, so the caller reports errors and progress as it goes


def _id_taken(article: Article, stored_source: str) -> InputError:
    return InputError(
        article.source or article.id,
        f"article id {article.id!r} is already stored from {stored_source or 'another source'} with other "
        "content; not replaced (give records ids unique across sources, or --force to replace it)",
    )


def coded_batches(
    tidings: ArticleCoder,
    batches: Iterable[list[Article]],
    batch_size: int,
    workers: int,
    errors: deque,
    write_size: int | None = None,
) -> Iterator[list[CodedArticle]]:
    """Coded batches to write; an article the pipeline fails on goes to `errors` and the run goes on.
    In one process batch by batch; with worker processes the stream is coded in one pool (started
    once) in chunks of `batch_size`, and written in batches of `write_size` (default `batch_size`)."""
    if workers <= 1:
        for batch in batches:
            yield list(tidings.code(batch, batch_size=len(batch), on_error=errors.append)) if batch else []
        return
    stream = (article for batch in batches for article in batch)
    coded = tidings.code(stream, batch_size=batch_size, workers=workers, on_error=errors.append)
    yield from _chunks(coded, write_size or batch_size)


class StoppedAtError(Exception):
    """`ingest(fail_fast=True)` stopped at this input error (recorded, like every error)."""

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error


def _set_aside_skipped(
    coded: list[CodedArticle], tally: _Tally, on_skip: Callable[[CodedArticle], None] | None
) -> list[CodedArticle]:
    """The coded articles to store; the ones the pipeline skipped (their language) are counted and
    reported, and not stored: an article nobody could read is not an article without events."""
    kept = []
    for article in coded:
        if article.skipped is None:
            kept.append(article)
            continue
        tally.skipped_language += 1
        if on_skip is not None:
            on_skip(article)
    return kept


def _report_errors(
    con: DuckDBPyConnection,
    errors: deque,
    tally: _Tally,
    on_error: Callable[[InputError], None] | None,
    fail_fast: bool = False,
) -> None:
    taken: list[InputError] = []  # up to the first error when failing fast, else all of them
    while errors and not (fail_fast and taken and not taken[-1].warning):
        taken.append(errors.popleft())
    failures = [error for error in taken if not error.warning]
    record_errors(con, tally.run_id, failures)
    tally.errors += len(failures)
    tally.warnings += len(taken) - len(failures)
    for error in taken:
        if on_error is not None:
            on_error(error)
    if fail_fast and failures:
        raise StoppedAtError(failures[0])


def ingest(
    paths: Sequence[str | os.PathLike],
    db_path: str | os.PathLike | None = None,
    *,
    tidings: ArticleCoder,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
    default_date: dt.date | None = None,
    force: bool = False,
    fail_fast: bool = False,
    on_error: Callable[[InputError], None] | None = None,
    progress: Callable[[RunSummary], None] | None = None,
    after_batch: Callable[[DuckDBPyConnection, int], None] | None = None,
    dedup: bool = True,
    on_skip: Callable[[CodedArticle], None] | None = None,
) -> RunSummary:
    """Read, code and store the articles in `paths` (files or folders) into the database at `db_path`.

    Each batch of `batch_size` coded articles is one transaction (with worker processes, each
    `CHUNKS_PER_WRITE` batches). Bad inputs are recorded in the
    errors table and passed to `on_error`; articles the pipeline skips (no language pack for their
    language) are counted, passed to `on_skip` and not stored; `progress` gets a RunSummary after every
    batch. `force`
    codes again articles already stored unchanged. `after_batch(con, n)` runs after the n-th batch is
    stored (the Ray engine's Parquet output moves the rows out there). On Ctrl-C the run is marked
    interrupted and KeyboardInterrupt propagates; every batch written before stays stored. `dedup`
    (the default) groups syndicated copies and reports of one real-world event; without it events are
    clustered by exact key (for measurements).

    An input the readers cannot use, or an article the pipeline fails on, is one error (recorded,
    reported) and the run goes on; with `fail_fast` the run stops there with StoppedAtError. A
    database that fails under the run (a full disk) raises StoreError saying why.
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
            fail_fast=fail_fast,
            on_error=on_error,
            progress=progress,
            after_batch=after_batch,
            dedup=dedup,
            on_skip=on_skip,
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
    fail_fast: bool = False,
    on_error: Callable[[InputError], None] | None = None,
    progress: Callable[[RunSummary], None] | None = None,
    after_batch: Callable[[DuckDBPyConnection, int], None] | None = None,
    dedup: bool = True,
    stop: Callable[[], bool] | None = None,
    on_skip: Callable[[CodedArticle], None] | None = None,
) -> RunSummary:
    """Code and store `items` (articles, and input errors to record) into an open store, as one run
    named by `inputs`. `stop`, asked after every stored batch, ends the run early (status
    "interrupted") when it returns True: a clean stop between transactions. Failures are isolated per
    article as in `ingest`; a signal during a database write lands right after it."""
    con = store.con
    run_id = start_run(con, tidings.model, list(inputs))
    tally, errors = _Tally(run_id, store.path), deque[InputError]()
    lookup = con.cursor()
    status = FAILED
    try:
        batches = articles_to_code(lookup, items, batch_size, tally, errors, force)
        status = FINISHED
        number = 0
        # Ray's Parquet output (`after_batch`) moves rows out per batch of `batch_size`.
        write_size = batch_size * CHUNKS_PER_WRITE if after_batch is None else batch_size
        to_write = coded_batches(tidings, batches, batch_size, workers, errors, write_size)
        for number, batch in enumerate(to_write):
            coded = _set_aside_skipped(batch, tally, on_skip)
            with deferred_interrupts():  # a batch is stored whole or not begun
                if coded:
                    counts = write_batch(con, coded, run_id, dedup=dedup, recount=False)
                    tally.articles += counts.articles
                    tally.events += counts.events
                    tally.quotes += counts.quotes
                _report_errors(con, errors, tally, on_error, fail_fast)
                if after_batch is not None or (number + 1) % RECOUNT_EVERY == 0:
                    recount_waiting(con)
                if after_batch is not None:
                    after_batch(con, number)
            if progress is not None:
                progress(tally.summary(RUNNING))
            if stop is not None and stop():
                status = INTERRUPTED
                break
        with deferred_interrupts():
            _report_errors(con, errors, tally, on_error, fail_fast)
            if after_batch is not None:
                after_batch(con, number + 1)  # errors reported after the last batch
    except KeyboardInterrupt:
        status = INTERRUPTED
        raise
    except duckdb.Error as exc:
        status = FAILED
        raise StoreError(
            f"writing to the database {store.path} failed: {duckdb_reason(exc)} "
            "(every batch before this one is stored)"
        ) from exc
    except BaseException:
        status = FAILED
        raise
    finally:
        lookup.close()
        with deferred_interrupts():
            _finish(con, run_id, status, tally.skipped, tally.skipped_language)
    return tally.summary(status)


def _finish(con: DuckDBPyConnection, run_id: int, status: str, skipped: int, skipped_language: int) -> None:
    """Recount the clusters the run's last batches touched (after an interrupt or a failure too) and
    mark the run finished; when the run is failing because the database is (a full disk), the
    database error that stopped it is the one to report, not these. Clusters not recounted here stay
    noted for the next writing open (`open_store`)."""
    failing = sys.exc_info()[1] is not None
    try:
        recount_waiting(con)
        finish_run(con, run_id, status, skipped, skipped_language)
    except duckdb.Error:
        if not failing:
            raise
