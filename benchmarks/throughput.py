"""Throughput of tidings against the bare spaCy parser, side by side, on the same articles.

    PYTHONPATH=src .venv/bin/python benchmarks/throughput.py [CORPUS.jsonl] --limit 2000 --repeats 3

Per repeat, interleaved: (a) bare spaCy `nlp.pipe(texts, batch_size=50)` with n_process=2 and 1 over the
same texts and pipeline, (b) `tidings code` and (c) `tidings ingest` into a fresh DuckDB file, both as
subprocesses of the CLI. Each run is a subprocess whose whole process tree is sampled for peak RSS
(VmRSS from /proc). Prints a markdown table of medians: wall seconds, words/s, articles/s, events/s,
peak RSS and the rate relative to bare spaCy with two processes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = os.environ.get("TIDINGS_BENCH_PYTHON") or str(REPO / ".venv" / "bin" / "python")
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "reuters21578" / "reuters21578.jsonl"
# Run by this script in a subprocess for the bare-spaCy rows; prints the parse seconds on stdout. The
# pipeline as spaCy loads it (same components as tidings), without tidings' table-driven attribute rules
# and lemmas (tidings.nlp.annotations, same annotations): the reference is spaCy as shipped.
BARE_SPACY = """
import json, sys, time
import spacy
from tidings.nlp.parse import UNUSED_COMPONENTS, pipeline_name
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = spacy.load(pipeline_name(), exclude=list(UNUSED_COMPONENTS))
nlp.max_length = max(nlp.max_length, 5_000_000)
started = time.perf_counter()
for _ in nlp.pipe(texts, n_process=int(sys.argv[2]), batch_size=50):
    pass
print(time.perf_counter() - started)
"""


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time of the whole subprocess, start-up included
    cpu: float  # CPU seconds (user + system) of the whole process tree: steadier than wall time
    peak_rss: int  # bytes, whole process tree
    events: int
    parse_seconds: float | None = None  # bare spaCy: nlp.pipe alone, without loading the pipeline


def tree_rss(root: int) -> int:
    """Resident memory of `root` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as handle:
                    parents[int(entry.name)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(_rss(pid) for pid in tree)


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measured(command: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Run `command`, sampling its process tree's memory; wall seconds, CPU seconds, peak RSS, stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=env, cwd=REPO)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        if process.returncode not in (0, 1):  # 1: some inputs were bad, the rest is coded
            raise RuntimeError(f"{command} exited with {process.returncode}")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        out.seek(0)
        return seconds, cpu, peak, out.read()


def bare(corpus: Path, processes: int, env: dict[str, str]) -> Run:
    seconds, cpu, peak, out = measured([PYTHON, "-c", BARE_SPACY, str(corpus), str(processes)], env)
    return Run(seconds, cpu, peak, 0, float(out.split()[-1]))


def code(corpus: Path, workers: int, env: dict[str, str], extra: list[str]) -> Run:
    command = [PYTHON, "-m", "tidings", "code", str(corpus), "--workers", str(workers), *extra]
    seconds, cpu, peak, out = measured(command, env)
    rows = [line.split() for line in out.splitlines()[1:]]
    return Run(seconds, cpu, peak, sum(int(row[3]) for row in rows if len(row) > 4 and row[3].isdigit()))


def ingest(corpus: Path, workers: int, env: dict[str, str], extra: list[str]) -> Run:
    import duckdb

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        command = [PYTHON, "-m", "tidings", "ingest", str(corpus), "--db", str(db), "-q"]
        seconds, cpu, peak, _ = measured([*command, "--workers", str(workers), *extra], env)
        with duckdb.connect(str(db), read_only=True) as con:
            events = con.execute("select count(*) from events").fetchone()[0]
    return Run(seconds, cpu, peak, events)


def subset(corpus: Path, limit: int | None, folder: str) -> tuple[Path, int, int]:
    """The first `limit` articles as a JSONL file of their own; its path, articles and words."""
    path = Path(folder) / f"{corpus.stem}-{limit or 'all'}.jsonl"
    articles = words = 0
    with corpus.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as target:
        for line in islice(source, limit):
            text = json.loads(line).get("text") or ""
            articles += 1
            words += len(text.split())
            target.write(line)
    return path, articles, words


def report(name: str, runs: list[Run], articles: int, words: int, reference: float | None) -> str:
    seconds = statistics.median(r.seconds for r in runs)
    parse = [r.parse_seconds for r in runs if r.parse_seconds is not None]
    events = statistics.median(r.events for r in runs)
    rate = words / seconds
    cpu = statistics.median(r.cpu for r in runs)
    ratio = f"{rate / reference:.2f}" if reference else "-"
    parse_rate = f"{words / statistics.median(parse):,.0f}" if parse else "-"
    return (
        f"| {name} | {seconds:.1f} | {rate:,.0f} | {parse_rate} | {cpu:.0f} | {words / cpu:,.0f} | "
        f"{articles / seconds:.1f} | "
        f"{events / seconds:.1f} | {max(r.peak_rss for r in runs) / 2**20:,.0f} | {ratio} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=2000, help="use the first N articles (0: all)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--src", type=Path, default=REPO / "src", help="the tidings sources to time")
    parser.add_argument("--no-prefilter", action="store_true", help="also time code/ingest without it")
    parser.add_argument(
        "--before", action="store_true", help="also time the old defaults: one process, no prefilter"
    )
    parser.add_argument(
        "--ingest-only",
        action="store_true",
        help="time only bare spaCy n_process=2 and tidings ingest (the full file in half the time)",
    )
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    env = {**os.environ, "PYTHONPATH": str(args.src)}
    # (label, extra CLI options, also time `tidings code`)
    variants = [("", [], True)]
    if args.no_prefilter:
        variants.append((" (no prefilter)", ["--no-prefilter"], True))
    if args.before:
        variants.append((" (before: 1 worker, no prefilter)", ["--workers", "1", "--no-prefilter"], False))
    with tempfile.TemporaryDirectory() as folder:
        corpus, articles, words = subset(args.corpus, args.limit or None, folder)
        runs: dict[str, list[Run]] = {}
        for _ in range(args.repeats):  # interleaved, so machine noise spreads over every row
            runs.setdefault("bare spaCy, n_process=2", []).append(bare(corpus, 2, env))
            if not args.ingest_only:
                runs.setdefault("bare spaCy, n_process=1", []).append(bare(corpus, 1, env))
            for label, extra, with_code in variants:
                if with_code and not args.ingest_only:
                    runs.setdefault(f"tidings code{label}", []).append(code(corpus, args.workers, env, extra))
                runs.setdefault(f"tidings ingest{label}", []).append(ingest(corpus, args.workers, env, extra))
    reference = words / statistics.median(r.seconds for r in runs["bare spaCy, n_process=2"])
    print(
        f"{args.corpus.name}: {articles} articles, {words:,} words, {args.repeats} repeats, "
        f"workers={args.workers}; medians\n"
    )
    print(
        "| run | wall s | words/s | parse-only w/s | CPU s | words/CPU s | articles/s | events/s "
        "| peak RSS MB | × bare n=2 |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, name_runs in runs.items():
        print(report(name, name_runs, articles, words, reference))
    return 0


if __name__ == "__main__":
    sys.exit(main())
