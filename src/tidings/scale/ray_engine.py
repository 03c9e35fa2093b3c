"""Code a corpus on Ray: `tidings ingest --engine ray [--address ray://host:10001] PATH...`.

Ray Data reads the JSONL and Parquet inputs (local paths, or any filesystem pyarrow knows, such as
s3://), a pool of Ray actors codes them in batches (each actor loads the pipeline once), and the
driver streams the coded articles into the DuckDB store, batch by batch as `tidings ingest` does, or
writes them as Parquet parts, one folder per table, with `parquet_out`.

Needs the optional extra: `pip install 'tidings[ray]'`. On a cluster, tidings must be installed on
every node (or shipped with a runtime_env), and the inputs must be readable from the workers.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import ray

from ..ingest import read_jsonl_records, record_to_article
from ..nlp import pipeline_name
from ..pipeline import Tidings
from ..records import Article, CodedArticle, InputError
from ..store.db import open_store
from ..store.runs import FAILED, FINISHED, finish_run, record_error, start_run
from ..store.writer import ARTICLE_TABLES, write_batch

JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet",)
PARQUET_TABLES = ("articles", *ARTICLE_TABLES, "errors")
BLOCK_BYTES = 1 << 20


@dataclass(frozen=True)
class RayOptions:
    address: str | None = None  # None: start a local Ray with `workers` CPUs
    workers: int | None = None  # coding actors; None: every CPU Ray has
    batch_size: int = 32
    model: str | None = None
    prefilter: bool = True
    default_date: dt.date | None = None


@dataclass(frozen=True)
class RaySummary:
    articles: int
    events: int
    quotes: int
    errors: int
    seconds: float
    target: str

    def describe(self) -> str:
        rate = self.articles / self.seconds if self.seconds > 0 else 0.0
        return (
            f"finished (ray): {self.articles} articles coded, {self.events} events, {self.quotes} quotes, "
            f"{self.errors} errors in {self.seconds:.1f} s ({rate:.1f} articles/s) -> {self.target}"
        )


def input_files(paths: Sequence[str | os.PathLike]) -> tuple[list[str], list[str]]:
    """The JSONL and the Parquet files among `paths` (folders walked); other files are an error."""
    jsonl, parquet = [], []
    for raw in paths:
        path = Path(raw)
        found = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in found:
            suffix = file.suffix.lower()
            if suffix in JSONL_SUFFIXES:
                jsonl.append(str(file))
            elif suffix in PARQUET_SUFFIXES:
                parquet.append(str(file))
            elif not path.is_dir():
                raise ValueError(f"{file}: --engine ray reads .jsonl and .parquet files only")
    if not jsonl and not parquet:
        raise ValueError("no .jsonl or .parquet input found")
    return jsonl, parquet


# ---------------------------------------------------------------- reading: rows of pickled items


def _jsonl_items(row: dict) -> list[dict]:
    """One JSONL file's bytes -> its articles and input errors, as ingest reads them."""
    return [{"item": pickle.dumps(item)} for item in read_jsonl_records(row["path"], row["bytes"])]


def _parquet_item(row: dict) -> dict:
    record = {k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v) for k, v in row.items()}
    source = str(record.pop("path", "parquet"))
    return {"item": pickle.dumps(record_to_article(source, record))}


def read_items(jsonl: list[str], parquet: list[str]) -> ray.data.Dataset:
    """A dataset with one pickled Article or InputError per row, in input order."""
    parts = []
    light = {"num_cpus": 0}  # reading takes no CPU slot: every slot is a coding actor's
    if jsonl:
        files = ray.data.read_binary_files(jsonl, include_paths=True, **light)
        parts.append(files.flat_map(_jsonl_items, **light))
    if parquet:
        table = ray.data.read_parquet(parquet, include_paths=True, **light)
        parts.append(table.map(_parquet_item, **light))
    return parts[0] if len(parts) == 1 else parts[0].union(*parts[1:])


class ArticleCoder:
    """A Ray actor: loads the pipeline once, then codes batches of pickled articles."""

    def __init__(self, model: str | None, prefilter: bool, default_date: dt.date | None) -> None:
        self.tidings = Tidings.load(model, prefilter=prefilter)
        self.default_date = default_date

    def __call__(self, batch: dict) -> dict:
        items = [pickle.loads(blob) for blob in batch["item"]]
        articles = [self._dated(i) for i in items if isinstance(i, Article)]
        coded = iter(self.tidings.code(articles, batch_size=max(len(articles), 1)))
        out = [item if isinstance(item, InputError) else next(coded) for item in items]
        return {"item": [pickle.dumps(item) for item in out]}

    def _dated(self, article: Article) -> Article:
        if article.published is None and self.default_date is not None:
            return replace(article, published=self.default_date)
        return article


def coded_items(paths: Sequence[str | os.PathLike], options: RayOptions) -> Iterator[list]:
    """Batches of CodedArticle and InputError items, coded on Ray actors."""
    dataset = read_items(*input_files(paths)).map_batches(
        ArticleCoder,
        fn_constructor_kwargs={
            "model": options.model,
            "prefilter": options.prefilter,
            "default_date": options.default_date,
        },
        batch_size=options.batch_size,
        concurrency=options.workers or max(int(ray.cluster_resources().get("CPU", 1)), 1),
    )
    for batch in dataset.iter_batches(batch_size=options.batch_size, batch_format="numpy"):
        yield [pickle.loads(blob) for blob in batch["item"]]


# ---------------------------------------------------------------- writing


class _Tally:
    def __init__(self) -> None:
        self.articles = self.events = self.quotes = self.errors = 0
        self.started = time.monotonic()

    def summary(self, target: str) -> RaySummary:
        elapsed = time.monotonic() - self.started
        return RaySummary(self.articles, self.events, self.quotes, self.errors, elapsed, target)


def _store_batch(con, run_id: int, items: list, tally: _Tally) -> None:
    coded = [item for item in items if isinstance(item, CodedArticle)]
    if coded:
        counts = write_batch(con, coded, run_id)
        tally.articles += counts.articles
        tally.events += counts.events
        tally.quotes += counts.quotes
    for error in (item for item in items if isinstance(item, InputError)):
        record_error(con, run_id, error)
        tally.errors += 1


def _write_parts(con, out: Path, part: int) -> None:
    """Move the staged rows of every table to out/<table>/part-NNNNN.parquet."""
    for table in PARQUET_TABLES:
        if con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]:
            folder = out / table
            folder.mkdir(parents=True, exist_ok=True)
            con.execute(f"COPY {table} TO '{folder / f'part-{part:05d}.parquet'}' (FORMAT parquet)")
            con.execute(f"DELETE FROM {table}")


def ray_ingest(
    paths: Sequence[str | os.PathLike],
    db_path: str | os.PathLike | None,
    options: RayOptions,
    *,
    parquet_out: str | os.PathLike | None = None,
) -> RaySummary:
    """Code `paths` on Ray and store the result in the DuckDB file `db_path`, or, with `parquet_out`,
    as Parquet parts in that folder (one subfolder per table)."""
    # Small blocks, so that one big input file still feeds every coding actor as it is read.
    ray.data.DataContext.get_current().target_max_block_size = BLOCK_BYTES
    started_here = not ray.is_initialized()
    if started_here:
        cpus = options.workers if options.address is None else None
        ray.init(address=options.address, num_cpus=cpus, include_dashboard=False, log_to_driver=False)
    try:
        return _ingest(paths, db_path, options, Path(parquet_out) if parquet_out else None)
    finally:
        if started_here:
            ray.shutdown()


def _ingest(paths, db_path, options: RayOptions, parquet_out: Path | None) -> RaySummary:
    tally = _Tally()
    target = str(parquet_out) if parquet_out else str(db_path)
    with open_store(":memory:" if parquet_out else db_path) as store:
        run_id = start_run(store.con, pipeline_name(options.model), [os.fspath(p) for p in paths])
        status = FAILED
        try:
            for part, items in enumerate(coded_items(paths, options)):
                _store_batch(store.con, run_id, items, tally)
                if parquet_out:
                    _write_parts(store.con, parquet_out, part)
            status = FINISHED
        finally:
            finish_run(store.con, run_id, status, 0)
    return tally.summary(target)
