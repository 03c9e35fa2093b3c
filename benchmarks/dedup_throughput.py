"""What de-duplication costs at ingest: the same articles stored with dedup on and off, interleaved.

    PYTHONPATH=src .venv/bin/python benchmarks/dedup_throughput.py [CORPUS.jsonl] [--limit 1000]
        [--repeats 3] [--workers 2]

Two measurements on the first --limit records of the corpus (default: Reuters-21578 in ../shared):
1. `ingest` end to end (read, code, store) into a fresh DuckDB file, dedup on (syndication and
   real-world event clusters) vs off (exact-key clusters, as before), the pipeline loaded once;
2. the store alone: the articles coded once, then written batch by batch (`write_batch`, 32 a batch)
   into a fresh file, on vs off: the cost of de-duplication without the coding noise around it.
Runs alternate on/off so load changes on a shared machine hit both; medians are reported, with the
load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from tidings.store import ingest, open_store, write_batch  # noqa: E402
from tidings.store.runs import start_run  # noqa: E402

DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "reuters21578" / "reuters21578.jsonl"
BATCH = 32


def sample(corpus: Path, limit: int, out: Path) -> int:
    count = 0
    with open(corpus, encoding="utf-8") as source, open(out, "w", encoding="utf-8") as target:
        for line in source:
            record = json.loads(line)
            if (record.get("text") or "").strip():
                target.write(line)
                count += 1
                if count == limit:
                    break
    return count


def timed_ingest(path: Path, folder: Path, tidings, workers: int, dedup: bool, n: int) -> float:
    db = folder / f"ingest-{dedup}-{n}.duckdb"
    started = time.perf_counter()
    summary = ingest([path], db, tidings=tidings, workers=workers, batch_size=BATCH, dedup=dedup)
    seconds = time.perf_counter() - started
    assert summary.articles > 0
    db.unlink()
    return seconds


def timed_store(coded: list, folder: Path, dedup: bool, n: int) -> float:
    db = folder / f"store-{dedup}-{n}.duckdb"
    with open_store(db) as store:
        run_id = start_run(store.con, "bench", [])
        started = time.perf_counter()
        for start in range(0, len(coded), BATCH):
            write_batch(store.con, coded[start : start + BATCH], run_id, dedup=dedup)
        seconds = time.perf_counter() - started
    db.unlink()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"no corpus at {args.corpus}")
    from tidings.ingest import read_articles
    from tidings.pipeline import Tidings

    load_before = os.getloadavg()[0]
    tidings = Tidings.load()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "sample.jsonl"
        count = sample(args.corpus, args.limit, path)
        articles = [a for a in read_articles([path]) if not hasattr(a, "message")]
        coded = list(tidings.code(articles, batch_size=BATCH, workers=args.workers))
        words = sum(len(c.article.text.split()) for c in coded)
        stores: dict[bool, list[float]] = {True: [], False: []}
        for n in range(max(5, args.repeats)):
            for dedup in (False, True) if n % 2 == 0 else (True, False):
                stores[dedup].append(timed_store(coded, folder, dedup, n))
        ingests: dict[bool, list[float]] = {True: [], False: []}
        for n in range(args.repeats):
            for dedup in (False, True) if n % 2 == 0 else (True, False):
                ingests[dedup].append(timed_ingest(path, folder, tidings, args.workers, dedup, n))
    load_after = os.getloadavg()[0]
    print(
        f"{count} articles ({words:,} words), {sum(len(c.events) for c in coded)} events, "
        f"workers={args.workers}; load average {load_before:.2f} before, {load_after:.2f} after\n"
    )
    print("| measurement | dedup off (median s) | dedup on (median s) | on / off | runs (off; on) |")
    print("|---|---|---|---|---|")
    for label, runs in (("ingest (read, code, store)", ingests), ("store only (write_batch)", stores)):
        off, on = statistics.median(runs[False]), statistics.median(runs[True])
        listing = "; ".join(" ".join(f"{s:.1f}" for s in runs[d]) for d in (False, True))
        print(f"| {label} | {off:.2f} | {on:.2f} | {on / off:.3f} | {listing} |")


if __name__ == "__main__":
    main()
