"""Score tidings on the gold event sets in ../shared and print a markdown table.

    PYTHONPATH=src .venv/bin/python benchmarks/eval_gold.py [--shared ../shared] [--errors]

Rows: petr2_gsr_validation at root and full level, the PLOVER gold records (event type + source and
target country), and petrarch2_validation for information only (its actors are fictional, so tidings
cannot code them). PETRARCH2's own predictions (eval/petrarch2_baseline_predictions.jsonl, "phoenix"
run) are scored the same way on the GSR records they cover.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from tidings.evaluate import (
    EvalReport,
    evaluate_predictions,
    evaluate_records,
    format_report,
    load_gold,
    pipeline_coder,
)

REPO = Path(__file__).resolve().parent.parent


def baseline_predictions(path: Path, file: str, run: str) -> dict[str, list[tuple[str, str, str]]]:
    """PETRARCH2's predictions for one gold file and run, keyed by record id."""
    predictions: dict[str, list[tuple[str, str, str]]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["file"] == file and row["run"] == run:
                predicted = row.get("predicted") or []
                predictions[row["id"]] = [(p["source"], p["target"] or "---", p["code"]) for p in predicted]
    return predictions


def row(label: str, report: EvalReport, seconds: float | None = None) -> str:
    timing = f"{seconds:.1f}" if seconds is not None else "-"
    return (
        f"| {label} | {report.level} | {report.records} | {report.precision:.3f} | {report.recall:.3f} "
        f"| {report.f1:.3f} | {report.exact_records} | {timing} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--errors", action="store_true", help="also list the records coded wrongly")
    args = parser.parse_args()
    gsr = args.shared / "eval" / "petr2_gsr_validation.jsonl"
    plover = args.shared / "corpus" / "plover_gsr" / "plover_gsr.jsonl"
    unit = args.shared / "eval" / "petrarch2_validation.jsonl"
    baseline = args.shared / "eval" / "petrarch2_baseline_predictions.jsonl"
    if not gsr.exists():
        print(f"gold files not found under {args.shared}", file=sys.stderr)
        return 1
    coder = pipeline_coder()
    lines = [
        "| gold set | level | records | P | R | F1 | exact records | seconds |",
        "|---|---|---|---|---|---|---|---|",
    ]
    reports = []
    for label, path, level in (
        ("petr2_gsr_validation", gsr, "root"),
        ("petr2_gsr_validation", gsr, "full"),
        ("plover_gsr", plover, "plover"),
        ("petrarch2_validation (fictional actors; information only)", unit, "root"),
    ):
        records, level = load_gold(path, level)
        started = time.perf_counter()
        report = evaluate_records(records, level, coder, name=path.name)
        lines.append(row(f"tidings: {label}", report, time.perf_counter() - started))
        reports.append(report)
    if baseline.exists():
        predictions = baseline_predictions(baseline, gsr.name, "phoenix")
        for level in ("root", "full"):
            records, _ = load_gold(gsr, level)
            covered = [record for record in records if record.id in predictions]
            theirs = evaluate_predictions(covered, predictions, level, "petrarch2")
            ours = evaluate_records(covered, level, coder, name="tidings")
            lines.append(row(f"PETRARCH2 (phoenix), {len(covered)} GSR records with PTB parses", theirs))
            lines.append(row(f"tidings, same {len(covered)} GSR records", ours))
    print("\n".join(lines))
    if args.errors:
        print("\n\n".join(format_report(report, errors=True) for report in reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
