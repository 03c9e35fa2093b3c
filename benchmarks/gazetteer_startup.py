"""What the gazetteer costs a worker process at start-up: seconds and resident memory, cold and warm.

    PYTHONPATH=src .venv/bin/python benchmarks/gazetteer_startup.py [--src TREE ...] [--repeats 3]

Each measurement is a fresh subprocess that first loads the spaCy pipeline (as a worker does), then
times `load_gazetteer()` and reads the growth of its resident set (VmRSS) across it. "cold" starts from
an empty cache directory (the build, written to the cache file), "warm" reads the cache file the cold
run wrote. A tree without a cache (before the compact index) builds every time: only "cold" is shown.
Also prints the cache file's size and a lookup rate.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = str(REPO / ".venv" / "bin" / "python")
PROBE = """
import json, time
from tidings.nlp import load_pipeline
from tidings.places.gazetteer import load_gazetteer

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

load_pipeline()
before, started = rss(), time.perf_counter()
gazetteer = load_gazetteer()
seconds, grown = time.perf_counter() - started, rss() - before
names = ["Paris", "Springfield", "Gainesville", "Nowhere Town", "Texas", "Kenya"] * 5000
started = time.perf_counter()
lookup = getattr(gazetteer.candidates, "__wrapped__", gazetteer.candidates)  # past any lookup cache
for name in names:
    lookup(name)
lookups = len(names) / (time.perf_counter() - started)
print(json.dumps({"seconds": seconds, "rss_mb": grown, "names": len(gazetteer), "lookups": lookups}))
"""


def probe(src: Path, cache: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src), "TIDINGS_CACHE_DIR": str(cache)}
    done = subprocess.run([PYTHON, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--src", type=Path, action="append", help="source trees to compare (default: src)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print("| tree | run | seconds (median) | RSS growth MB (median) | names | lookups/s | cache file MB |")
    print("|---|---|---|---|---|---|---|")
    for src in args.src or [REPO / "src"]:
        with tempfile.TemporaryDirectory() as folder:
            cache = Path(folder)
            for run in ("cold", "warm"):
                results = []
                for _ in range(args.repeats):
                    if run == "cold":
                        for stale in cache.glob("*"):
                            stale.unlink()
                    results.append(probe(src, cache))
                files = list(cache.glob("gazetteer-*.bin"))
                if run == "warm" and not files:
                    break  # no cache: every start is a build
                size = f"{files[0].stat().st_size / 2**20:.1f}" if files else "-"
                seconds = statistics.median(r["seconds"] for r in results)
                grown = statistics.median(r["rss_mb"] for r in results)
                lookups = statistics.median(r["lookups"] for r in results)
                print(
                    f"| {src} | {run} | {seconds:.2f} | {grown:.0f} | {results[0]['names']:,} | "
                    f"{lookups:,.0f} | {size} |"
                )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
