"""Score the quotes stage on PolNeAR and print the figures for BENCHMARKS.md.

    PYTHONPATH=src .venv/bin/python benchmarks/eval_quotes.py [--split dev] [--errors FILE] [--no-prefilter]

Runs the same library call as `tidings eval --task quotes ../shared/corpus/polnear` (the whole
pipeline, as `tidings code` runs it), with the person-read referents of benchmarks/gold when they exist
for the split, and then scores annotator against annotator on the articles several people annotated.
Develop on --split train; dev is scored only to report.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tidings.evaluate_quotes import (
    QuoteReport,
    annotator_agreement,
    evaluate_quotes,
    format_quote_report,
)
from tidings.pipeline import Tidings

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "polnear"
REFERENTS = REPO / "benchmarks" / "gold" / "polnear_{split}_referents.tsv"


def table(reports: list[QuoteReport]) -> str:
    rows = [
        "| set | expected | predicted | P lenient | R lenient | P strict | R strict | P tokens | R tokens"
        " | named | pronoun | noun phrase |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        speakers = [
            f"{t.share:.3f} ({t.right}/{t.total})"
            for t in (r.speakers[k] for k in ("named", "pronoun", "noun_phrase"))
        ]
        rows.append(
            f"| {r.name} | {r.expected} | {r.predicted} | {r.precision:.3f} | {r.recall:.3f}"
            f" | {r.strict_precision:.3f} | {r.strict_recall:.3f} | {r.token_precision:.3f}"
            f" | {r.token_recall:.3f} | " + " | ".join(speakers) + " |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--split", default="dev")
    parser.add_argument(
        "--errors", type=Path, help="write the misses, spurious quotes and wrong speakers here"
    )
    parser.add_argument("--no-prefilter", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    tidings = Tidings.load(prefilter=not args.no_prefilter)
    referents = Path(str(REFERENTS).format(split=args.split))
    started = time.perf_counter()
    report = evaluate_quotes(
        args.corpus,
        args.split,
        tidings=tidings,
        workers=args.workers,
        referents=referents if referents.exists() else None,
    )
    print(format_quote_report(report))
    source = referents.name if referents.exists() else "guessed from the gold Sources"
    print(f"({time.perf_counter() - started:.0f} s; pronoun referents: {source})")
    agreement = annotator_agreement(args.corpus, args.split, tidings.language)
    print()
    print(table([report, agreement]))
    if args.errors:
        args.errors.write_text(format_quote_report(report, errors=True), encoding="utf-8")


if __name__ == "__main__":
    main()
