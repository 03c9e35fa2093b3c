"""Choose the base articles of the dedup test set from ../shared/corpus and write their ids to bases.txt.

Run once; bases.txt is committed (ids only: the corpus text is read from ../shared at run time).

    PYTHONPATH=src .venv/bin/python benchmarks/dedup/select_bases.py

Wikinews: the first 160 articles of 600-6,000 characters (no long interviews) in file order.
Reuters: NORM stories of 120-700 words tagged with two or more places; per day at most four, each with
a different place set (same-day stories about the same places would be the same events), spread
evenly over the collection.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent.parent / "shared" / "corpus"
WIKINEWS = SHARED / "wikinews_2019_2020" / "wikinews.jsonl"
REUTERS = SHARED / "reuters21578" / "reuters21578.jsonl"
PER_CORPUS = 160


def records(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def wikinews_ids() -> list[str]:
    chosen = [r["id"] for r in records(WIKINEWS) if 600 <= len(r["text"]) <= 6000]
    step = max(1, len(chosen) // PER_CORPUS)
    return chosen[::step][:PER_CORPUS]


def reuters_ids() -> list[str]:
    by_day: dict[str, list[dict]] = defaultdict(list)
    for r in records(REUTERS):
        words = len((r.get("text") or "").split())
        if (
            r.get("text_type") == "NORM"
            and r.get("date")
            and r.get("title")
            and 120 <= words <= 700
            and len(set(r["places"])) >= 2
        ):
            by_day[r["date"][:10]].append(r)
    picked = []
    for _, stories in sorted(by_day.items()):
        places: set[tuple[str, ...]] = set()
        for r in stories:
            key = tuple(sorted(r["places"]))
            if key not in places and len(places) < 4:
                places.add(key)
                picked.append(r["id"])
    step = len(picked) / PER_CORPUS
    return [picked[int(n * step)] for n in range(PER_CORPUS)]


def main() -> None:
    if not WIKINEWS.exists() or not REUTERS.exists():
        raise SystemExit(f"the shared corpora are not at {SHARED}")
    ids = wikinews_ids() + reuters_ids()
    (HERE / "bases.txt").write_text("\n".join(ids) + "\n", encoding="utf-8")
    print(f"{len(ids)} base articles -> {HERE / 'bases.txt'}")


if __name__ == "__main__":
    main()
