"""CPU seconds per stage of `tidings ingest` against the bare spaCy parse, in ONE process.

    PYTHONPATH=src .venv/bin/python benchmarks/stage_cpu.py [CORPUS.jsonl] --limit 400 [--profile N]

CPU time (`time.process_time`) is what a shared, noisy machine cannot distort much, so this is the
figure to compare between commits; wall time is printed beside it. In one process, on the first
`--limit` articles: start-up (spaCy + every stage + the gazetteer + the prefilter, what each worker
pays), reading (JSON + language detection, what the main process pays), the bare parse of the same
texts (`nlp.pipe(texts, batch_size=50)` with the pipeline as spaCy loads it, as
benchmarks/throughput.py times it), then `tidings ingest`
in this process (`store.loading.ingest`, one worker, into a fresh DuckDB file) with the time split by
stage: the prefilter's mask, the parse, each coding stage, and the rest (store, sentences, batching).
`--profile N` also prints the N functions with the most own time under cProfile (which slows Python).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "reuters21578" / "reuters21578.jsonl"

cpu: dict[str, float] = defaultdict(float)
wall: dict[str, float] = defaultdict(float)


@contextmanager
def timed(name: str) -> Iterator[None]:
    c, w = time.process_time(), time.perf_counter()
    try:
        yield
    finally:
        cpu[name] += time.process_time() - c
        wall[name] += time.perf_counter() - w


def timing(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with timed(name):
            return function(*args, **kwargs)

    return wrapper


class TimedStage:
    def __init__(self, stage: Any) -> None:
        self.stage = stage
        self.name = f"stage: {type(stage).__name__}"

    def run(self, found: Any) -> Any:
        with timed(self.name):
            return self.stage.run(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--no-bare", action="store_true", help="skip the bare parse (quicker reruns)")
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions (cProfile)")
    parser.add_argument("--dump", type=Path, help="write the cProfile stats to this file")
    args = parser.parse_args()

    with timed("start-up: imports"):
        from tidings import nlp as nlp_stage
        from tidings.ingest import files
        from tidings.nlp.parse import UNUSED_COMPONENTS
        from tidings.pipeline import Tidings
        from tidings.store.loading import ingest

    with tempfile.TemporaryDirectory() as folder:
        sample = Path(folder) / "sample.jsonl"
        with args.corpus.open(encoding="utf-8") as source:
            lines = list(islice(source, args.limit))
        sample.write_text("".join(lines), encoding="utf-8")
        texts = [json.loads(line).get("text") or "" for line in lines]
        words = sum(len(text.split()) for text in texts)

        with timed("reading (JSON, language detection)"):
            articles = list(files.read_articles(sample))
        with timed("start-up: spaCy pipeline"):  # as spaCy ships it: the bare reference
            import spacy

            nlp = spacy.load(nlp_stage.pipeline_name(), exclude=list(UNUSED_COMPONENTS))
        with timed("bare parse: nlp.pipe(batch_size=50)"):
            for _ in () if args.no_bare else nlp.pipe(texts, batch_size=50):
                pass
        with timed("start-up: stages, gazetteer, prefilter"):
            tidings = Tidings.load()
        stages = tuple(TimedStage(stage) for stage in tidings.stages)
        tidings.__dict__["stages"] = stages
        prefilter = tidings.prefilter
        if prefilter is not None:
            object.__setattr__(prefilter, "mask", timing("prefilter mask", prefilter.mask))  # frozen
        nlp_stage.parse_texts = _timed_generator("parse (spaCy, masked text)", nlp_stage.parse_texts)
        nlp_stage.parse_articles = _timed_generator("parse (spaCy, masked text)", nlp_stage.parse_articles)
        profiler = cProfile.Profile() if args.profile or args.dump else None
        with timed("tidings ingest (1 process)"):
            if profiler:
                profiler.enable()
            summary = ingest([sample], Path(folder) / "bench.duckdb", tidings=tidings, workers=1)
            if profiler:
                profiler.disable()
    coded = "tidings ingest (1 process)"
    # the parse generator's time includes the mask, pulled lazily through it
    cpu["parse (spaCy, masked text)"] -= cpu["prefilter mask"]
    wall["parse (spaCy, masked text)"] -= wall["prefilter mask"]
    parts = ["prefilter mask", "parse (spaCy, masked text)", *(s.name for s in stages)]
    cpu["rest (reading, store, sentences)"] = cpu[coded] - sum(cpu[p] for p in parts)
    wall["rest (reading, store, sentences)"] = wall[coded] - sum(wall[p] for p in parts)
    bare = float("nan") if args.no_bare else cpu["bare parse: nlp.pipe(batch_size=50)"]
    print(f"{args.corpus.name}: {len(articles)} articles, {words:,} words; {summary.events} events\n")
    print("| part | CPU s | wall s | × bare parse CPU |")
    print("|---|---|---|---|")
    order = [
        "start-up: imports", "start-up: spaCy pipeline", "start-up: stages, gazetteer, prefilter",
        "reading (JSON, language detection)", "bare parse: nlp.pipe(batch_size=50)", coded,
        *parts, "rest (reading, store, sentences)",
    ]
    for name in order:
        label = f"— {name}" if name in (*parts, "rest (reading, store, sentences)") else name
        print(f"| {label} | {cpu[name]:.2f} | {wall[name]:.2f} | {cpu[name] / bare:.3f} |")
    print(f"\nwords per CPU second: bare parse {words / bare:,.0f}, tidings ingest {words / cpu[coded]:,.0f}"
          f" ({bare / cpu[coded]:.3f}× bare)")
    if profiler and args.dump:
        profiler.dump_stats(args.dump)
    if profiler and args.profile:
        print()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(args.profile)
    return 0


def _timed_generator(name: str, function: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        iterator = function(*args, **kwargs)
        while True:
            with timed(name):
                try:
                    item = next(iterator)
                except StopIteration:
                    return
            yield item

    return wrapper


if __name__ == "__main__":
    sys.exit(main())
