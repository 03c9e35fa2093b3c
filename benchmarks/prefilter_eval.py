"""Eval scores with the sentence prefilter on and off, side by side, at the same moment.

    PYTHONPATH=src .venv/bin/python benchmarks/prefilter_eval.py [--shared ../shared]

Codes the gold records through `Tidings.code` (the full pipeline, which is where the prefilter acts)
with `Tidings.load(prefilter=True)` and `prefilter=False`, and prints a markdown table. It also
counts the gold sentences the prefilter would blank entirely.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tidings.evaluate import evaluate_records, load_gold
from tidings.pipeline import Tidings
from tidings.records import Article, Event

REPO = Path(__file__).resolve().parent.parent


def coder(tidings: Tidings):
    def code(articles: Sequence[Article]) -> list[list[Event]]:
        return [list(coded.events) for coded in tidings.code(articles)]

    return code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    gsr = args.shared / "eval" / "petr2_gsr_validation.jsonl"
    plover = args.shared / "corpus" / "plover_gsr" / "plover_gsr.jsonl"
    if not gsr.exists():
        print(f"gold files not found under {args.shared}", file=sys.stderr)
        return 1
    on, off = Tidings.load(prefilter=True), Tidings.load(prefilter=False)
    print("| gold set | level | records | blanked | F1 prefilter off | F1 prefilter on | P on | R on |")
    print("|---|---|---|---|---|---|---|---|")
    for path, level in ((gsr, "root"), (gsr, "full"), (plover, "plover")):
        records, level = load_gold(path, level)
        blanked = sum(not any(s.keep for s in on.prefilter.sentences(r.text)) for r in records)
        without = evaluate_records(records, level, coder(off), name=path.name)
        with_it = evaluate_records(records, level, coder(on), name=path.name)
        print(
            f"| {path.name} | {level} | {len(records)} | {blanked} | {without.f1:.3f} | {with_it.f1:.3f} "
            f"| {with_it.precision:.3f} | {with_it.recall:.3f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
