"""Code a corpus on Ray: `tidings ingest --engine ray [--address ray://host:10001] PATH...`.

The ingest loop is the one of `tidings.store.loading.ingest` (read with the registered readers, skip
articles stored unchanged unless forced, store batch by batch, record errors); only the coding runs
elsewhere: `RayCoder` hands chunks of articles to a pool of Ray actors, each of which loads the pipeline
once, and collects the coded articles in input order, with a bounded number of chunks in flight.
With `parquet_out` the coded rows go to Parquet parts (one folder per table) instead of a database.

Needs the optional extra: `pip install 'tidings[ray]'`. On a cluster, tidings must be installed on
every node (or shipped with a runtime_env).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pyarrow.parquet as pq
import ray
from duckdb import DuckDBPyConnection
from ray.util import ActorPool

from ..nlp import pipeline_name
from ..pipeline import PipelineSettings, Tidings
from ..records import Article, CodedArticle, InputError
from ..store.db import MEMORY
from ..store.loading import RunSummary, ingest
from ..store.writer import ARTICLE_TABLES

PARQUET_TABLES = ("articles", *ARTICLE_TABLES, "errors")
# Chunks handed to Ray actors but not yet collected, per actor (as the local worker pool does).
IN_FLIGHT_PER_ACTOR = 2


@dataclass(frozen=True)
class RayOptions:
    address: str | None = None  # None: start a local Ray with `workers` CPUs
    workers: int | None = None  # coding actors; None: every CPU Ray has
    batch_size: int = 32
    model: str | None = None
    prefilter: bool = True
    default_date: dt.date | None = None
    actors: tuple[str, ...] = ()  # actor dictionary folders over the default one
    ontology: str = "cameo"
    language: str = "en"
    force: bool = False
    fail_fast: bool = False


@ray.remote
class CodingActor:
    """A Ray actor: loads the pipeline once, then codes chunks of articles."""

    def __init__(self, settings: PipelineSettings) -> None:
        self.tidings = Tidings(settings)
        self.tidings.load_stages()

    def code(self, articles: list[Article], isolate: bool = False) -> list[CodedArticle | InputError]:
        """The chunk coded; with `isolate`, an InputError in place of each article it fails on."""
        if isolate:
            return self.tidings.code_isolated(articles)
        return list(self.tidings.code(articles, batch_size=max(len(articles), 1)))


class RayCoder:
    """Codes articles on Ray actors; an `ArticleCoder` for `tidings.store.loading.ingest`."""

    def __init__(self, settings: PipelineSettings, actors: int) -> None:
        self.settings = settings
        self.actors = actors

    @property
    def model(self) -> str:
        return self.settings.model

    def code(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 32,
        workers: int = 1,
        on_error: Callable[[InputError], None] | None = None,
    ) -> Iterator[CodedArticle]:
        """The articles coded in chunks of `batch_size`, in input order; with `on_error`, each article
        an actor fails on is reported to it and left out."""
        pool = ActorPool([CodingActor.remote(self.settings) for _ in range(self.actors)])  # type: ignore[attr-defined]
        isolate = on_error is not None
        in_flight = 0

        def collect() -> Iterator[CodedArticle]:
            for item in pool.get_next():
                if isinstance(item, InputError):
                    if on_error is not None:
                        on_error(item)
                else:
                    yield item

        for chunk in _chunks(articles, batch_size):
            pool.submit(lambda actor, chunk: actor.code.remote(chunk, isolate), chunk)
            in_flight += 1
            if in_flight >= self.actors * IN_FLIGHT_PER_ACTOR:
                yield from collect()
                in_flight -= 1
        while pool.has_next():
            yield from collect()


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while chunk := list(islice(iterator, size)):
        yield chunk


def parquet_parts(out: Path) -> Callable[[DuckDBPyConnection, int], None]:
    """Moves the rows stored so far to out/<table>/part-NNNNN.parquet (written with pyarrow: no path
    ever goes into SQL)."""

    def write(con: DuckDBPyConnection, part: int) -> None:
        for table in PARQUET_TABLES:
            rows = con.sql(f"SELECT * FROM {table}").to_arrow_table()  # table names are our constants
            if rows.num_rows:
                folder = out / table
                folder.mkdir(parents=True, exist_ok=True)
                pq.write_table(rows, folder / f"part-{part:05d}.parquet")
                con.execute(f"DELETE FROM {table}")

    return write


def ray_ingest(
    paths: Iterable[str | os.PathLike],
    db_path: str | os.PathLike | None,
    options: RayOptions,
    *,
    parquet_out: str | os.PathLike | None = None,
    on_error: Callable[[InputError], None] | None = None,
    progress: Callable[[RunSummary], None] | None = None,
    on_skip: Callable[[CodedArticle], None] | None = None,
) -> RunSummary:
    """Code `paths` on Ray and store the result in the DuckDB file `db_path` (skipping articles stored
    unchanged, unless `options.force`), or, with `parquet_out`, as Parquet parts in that folder (one
    subfolder per table)."""
    started_here = not ray.is_initialized()
    if started_here:
        cpus = options.workers if options.address is None else None
        ray.init(address=options.address, num_cpus=cpus, include_dashboard=False, log_to_driver=False)
    try:
        settings = PipelineSettings(
            model=pipeline_name(options.model),
            prefilter=options.prefilter,
            actors=options.actors,
            ontology=options.ontology,
            language=options.language,
        )
        actors = options.workers or max(int(ray.cluster_resources().get("CPU", 1)), 1)
        return ingest(
            list(paths),
            MEMORY if parquet_out else db_path,
            tidings=RayCoder(settings, actors),
            batch_size=options.batch_size,
            workers=max(actors, 2),  # the streaming path: every chunk goes to the pool
            default_date=options.default_date,
            force=options.force,
            fail_fast=options.fail_fast,
            on_error=on_error,
            progress=progress,
            after_batch=parquet_parts(Path(parquet_out)) if parquet_out else None,
            on_skip=on_skip,
        )
    finally:
        if started_here:
            ray.shutdown()
