"""CPU seconds of the single writer (`store.write_batch`) on articles coded once, without the parse.

    PYTHONPATH=src .venv/bin/python benchmarks/writer_cpu.py [CORPUS.jsonl] --limit 2000 [--cache FILE]
        [--batch 32] [--profile 30]

The first --limit records of the corpus (default: Reuters-21578 in ../shared) are coded once with two
worker processes and kept in --cache (a pickle, reused while it exists: delete it after changing the
coding); then they are written into a fresh DuckDB file batch by batch, as `tidings ingest` writes
them, and the writer's CPU seconds (`time.process_time`, every thread of this process: DuckDB's
included) are printed, with the time the run's last recount of clusters takes. `--profile N` prints
the top N functions.
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import pstats
import tempfile
import time
from itertools import islice
from pathlib import Path

from tidings.ingest import read_articles
from tidings.pipeline import Tidings
from tidings.records import Article
from tidings.store import open_store, write_batch
from tidings.store.runs import start_run

HERE = Path(__file__).resolve().parent

DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "reuters21578" / "reuters21578.jsonl"


def coded_articles(corpus: Path, limit: int, cache: Path) -> list:
    if cache.exists():
        with open(cache, "rb") as f:
            return pickle.load(f)
    articles = [a for a in islice(read_articles([corpus]), limit) if isinstance(a, Article)]
    coded = list(Tidings.load().code(articles, batch_size=32, workers=2, on_error=lambda e: None))
    with open(cache, "wb") as f:
        pickle.dump(coded, f)
    return coded


def write_all(coded: list, db: Path, batch: int) -> tuple[float, float]:
    """CPU seconds of the batches' writes, and of the run's end (the last recount), written as
    `ingest` writes them: with sources that defer the cluster recounts (`recount=False`), recounting
    every `RECOUNT_EVERY` batches; with older sources, recounting in every batch."""
    from tidings.store import loading

    every = getattr(loading, "RECOUNT_EVERY", None)
    with open_store(db) as store:
        run_id = start_run(store.con, "bench", ["bench"])
        started = time.process_time()
        for number, start in enumerate(range(0, len(coded), batch)):
            if every is None:
                write_batch(store.con, coded[start : start + batch], run_id)
                continue
            write_batch(store.con, coded[start : start + batch], run_id, recount=False)
            if (number + 1) % every == 0:
                loading.recount_waiting(store.con)
        middle = time.process_time()
        if every is not None:
            loading.recount_waiting(store.con)
        return middle - started, time.process_time() - middle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--cache", type=Path, help="default: tidings-writer-cpu-LIMIT.pkl in the temp folder")
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions (cumulative)")
    args = parser.parse_args()
    cache = args.cache or Path(tempfile.gettempdir()) / f"tidings-writer-cpu-{args.limit}.pkl"
    coded = coded_articles(args.corpus, args.limit, cache)
    with tempfile.TemporaryDirectory() as folder:
        profile = cProfile.Profile() if args.profile else None
        if profile is not None:
            profile.enable()
        batches, end = write_all(coded, Path(folder) / "bench.duckdb", args.batch)
        if profile is not None:
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)
    words = sum(len(c.article.text.split()) for c in coded)
    print(f"{len(coded)} articles ({words:,} words): writes {batches:.2f} CPU s, run end {end:.2f} CPU s, "
          f"{1000 * (batches + end) / len(coded):.2f} ms an article")


if __name__ == "__main__":
    main()
