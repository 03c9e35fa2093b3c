"""Toponym detection and resolution on LGL and GeoVirus, through the whole pipeline, as a markdown table.

    PYTHONPATH=src .venv/bin/python benchmarks/geo_eval.py [GOLD_DIR] --workers 2 [--no-prefilter]

The same scoring as `tidings eval --task geo` (tidings.evaluate_places): detection precision/recall of
toponym spans (overlap, one to one; exact-span recall beside it) and accuracy within 161 km of the gold
coordinates, for the development part (4 of every 5 articles), the held-out part (every 5th article)
and both, per corpus and pooled. Also the CPU seconds of the run.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from tidings.evaluate_places import (
    GeoReport,
    load_geo_gold,
    pipeline_place_coder,
    record_article,
    score_places,
    split_part,
    total_report,
)
from tidings.pipeline import Tidings

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = REPO.parent / "shared" / "corpus" / "geoparsing"
PARTS = ("dev", "test")
COLUMNS = (
    "set",
    "articles",
    "toponyms",
    "found",
    "precision",
    "recall",
    "exact-span recall",
    "acc@161km",
    "median km",
)


def _row(report: GeoReport) -> str:
    median = "-" if report.median_km is None else f"{report.median_km:.0f}"
    return (
        f"| {report.name} | {report.articles} | {report.gold} | {report.found} | {report.precision:.3f} | "
        f"{report.recall:.3f} | {report.exact_recall:.3f} | {report.accuracy:.3f} | {median} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-prefilter", action="store_true")
    args = parser.parse_args()
    files = sorted(args.gold.glob("*.xml"))
    if not files:
        sys.exit(f"no .xml gold files in {args.gold}")
    started, cpu_before = time.perf_counter(), _cpu_seconds()
    coder = pipeline_place_coder(
        Tidings.load(prefilter=not args.no_prefilter, lazy=True), workers=args.workers
    )
    by_part: dict[str, list[GeoReport]] = {part: [] for part in PARTS}
    rows = []
    for path in files:
        records = load_geo_gold(path)
        predicted = coder([record_article(r) for r in records])
        found = {id(r): places for r, places in zip(records, predicted, strict=True)}
        for part in PARTS:
            chosen = split_part(records, part)
            report = score_places(f"{path.name} ({part})", chosen, [found[id(r)] for r in chosen])
            by_part[part].append(report)
            rows.append(_row(report))
    for part in PARTS:
        rows.append(_row(total_report(by_part[part], f"**all ({part})**")))
    rows.append(_row(total_report(by_part["dev"] + by_part["test"], "**all**")))
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    print("\n".join(rows))
    print(
        f"\nwall {time.perf_counter() - started:.0f} s, CPU {_cpu_seconds() - cpu_before:.0f} s "
        f"(this process and its workers), prefilter {'off' if args.no_prefilter else 'on'}"
    )


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
