"""Score event de-duplication and syndication on the dedup test set (benchmarks/dedup/).

    PYTHONPATH=src .venv/bin/python benchmarks/dedup_eval.py [--db coded.duckdb] [--workers 2]

Builds the set (bases from ../shared/corpus, seeded copies, our retellings and look-alikes), codes and
stores it with `tidings ingest` order (oldest first) into a DuckDB file (kept with --db; an existing
--db is re-clustered instead of coded again), then scores two clusterings of the same event records:
the real-world-event clustering (`dedup`) and the exact-key clustering tidings had before.

Gold: two event records report the same real-world event when their articles are in the same gold
group (gold.tsv: a story, its syndicated copies and its retellings; look-alikes are groups of their
own) and they have the same actor countries in the same direction and the same event type (PLOVER
type, else CAMEO root). Scores: pairwise precision / recall / F1 over event-record pairs, and event
inflation = clusters / true events. Syndication is scored the same way on articles: pairs of articles
in one story.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "dedup"))
sys.path.insert(0, str(HERE.parent / "src"))

import build as dedup_set  # noqa: E402 - benchmarks/dedup/build.py, after the path set-up

from tidings.store import ingest, open_store  # noqa: E402
from tidings.store.dedup import actor_key, exact_key_cluster_id  # noqa: E402
from tidings.store.recluster import recluster  # noqa: E402


def pair_counts(labels: Sequence[Hashable]) -> int:
    return sum(n * (n - 1) // 2 for n in Counter(labels).values())


def pairwise(system: Sequence[Hashable], gold: Sequence[Hashable]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a clustering against the gold, plus the inflation."""
    both = pair_counts(list(zip(system, gold, strict=True)))
    predicted, true = pair_counts(system), pair_counts(gold)
    precision = both / predicted if predicted else 1.0
    recall = both / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "clusters": len(set(system)),
        "true": len(set(gold)),
        "inflation": len(set(system)) / len(set(gold)),
    }


def code_set(records: list, db: Path, workers: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dedup_set.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for r in records:
                handle.write(
                    json.dumps(
                        {"id": r.id, "title": r.title, "text": r.text, "date": r.date or None, "url": r.url},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
        from tidings.pipeline import Tidings

        started = time.monotonic()
        summary = ingest([path], db, tidings=Tidings.load(lazy=True), workers=workers, batch_size=32)
        if summary.errors:
            print(f"warning: {summary.errors} records could not be coded", file=sys.stderr)
        return time.monotonic() - started


EVENTS_SQL = """
    SELECT e.id, e.article_id, e.cluster_id, e.source_country, e.source_igo, e.source_code, e.target_country,
           e.target_igo, e.target_code, e.code, e.root_code, e.plover, e.date, a.published
    FROM events e JOIN articles a ON a.id = e.article_id ORDER BY e.id"""


def score(db: Path, gold: dict[str, tuple[str, str]]) -> dict[str, dict[str, float]]:
    with open_store(db, read_only=True) as store:
        rows = store.con.execute(EVENTS_SQL).fetchall()
        stories = dict(store.con.execute("SELECT article_id, story_id FROM article_stories").fetchall())
        articles = [row[0] for row in store.con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
    truth, dedup, exact = [], [], []
    for (
        _event_id,
        article_id,
        cluster,
        s_country,
        s_igo,
        s_code,
        t_country,
        t_igo,
        t_code,
        code,
        root,
        plover,
        day,
        published,
    ) in rows:
        source = actor_key(s_country, s_igo, None, s_code)
        target = actor_key(t_country, t_igo, None, t_code) if t_code else ""
        truth.append((gold[article_id][0], source, target, plover or root))
        dedup.append(cluster)
        when = day or (published.isoformat() if published else None)
        exact.append(exact_key_cluster_id(s_code, t_code, code, when, article_id))
    return {
        "dedup": pairwise(dedup, truth),
        "exact-key": pairwise(exact, truth),
        "syndication": pairwise([stories.get(a, a) for a in articles], [gold[a][1] for a in articles]),
        "counts": {"articles": len(articles), "events": len(rows)},
    }


def errors_by_kind(db: Path, gold: dict[str, tuple[str, str]], kinds: dict[str, str]) -> dict[str, Counter]:
    """Which kinds of article the missed and the wrong merges come from (for tuning, not a score)."""
    with open_store(db, read_only=True) as store:
        rows = store.con.execute(EVENTS_SQL).fetchall()
    by_truth, by_cluster = defaultdict(set), defaultdict(set)
    for (
        _event_id,
        article_id,
        cluster,
        s_country,
        s_igo,
        s_code,
        t_country,
        t_igo,
        t_code,
        _,
        root,
        plover,
        *_,
    ) in rows:
        key = (
            gold[article_id][0],
            actor_key(s_country, s_igo, None, s_code),
            actor_key(t_country, t_igo, None, t_code) if t_code else "",
            plover or root,
        )
        by_truth[key].add(cluster)
        by_cluster[cluster].add((key, kinds[article_id]))
    split = Counter(len(c) > 1 for c in by_truth.values())
    merged = Counter(
        tuple(sorted({k for _, k in members}))
        for members in by_cluster.values()
        if len({key for key, _ in members}) > 1
    )
    return {"true events split over clusters": split, "clusters merging true events (by kinds)": merged}


def markdown(results: dict, seconds: float | None) -> str:
    lines = [
        "| clustering | pairwise precision | recall | F1 | clusters | true events | inflation |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in ("dedup", "exact-key", "syndication"):
        r = results[name]
        label = {
            "dedup": "real-world events (dedup)",
            "exact-key": "exact key (before)",
            "syndication": "syndicated stories (articles)",
        }[name]
        lines.append(
            f"| {label} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['clusters']} | "
            f"{r['true']} | {r['inflation']:.3f} |"
        )
    counts = results["counts"]
    tail = f"\n\n{counts['articles']} articles, {counts['events']} event records"
    if seconds is not None:
        tail += f"; coded and stored in {seconds:.0f} s"
    return "\n".join(lines) + tail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="keep the coded set here (re-clustered if it exists)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--errors", action="store_true", help="also print where the errors come from")
    args = parser.parse_args()
    try:
        records = dedup_set.build()
    except (FileNotFoundError, ValueError) as exc:
        raise SystemExit(f"dedup set: {exc}") from None
    gold = {r.id: (r.group, r.story) for r in records}
    kinds = {r.id: r.kind for r in records}
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "dedup.duckdb"
        seconds = None
        if db.exists():
            with open_store(db) as store:
                store.con.execute("BEGIN TRANSACTION")
                recluster(store.con)
                store.con.execute("COMMIT")
        else:
            seconds = code_set(records, db, args.workers)
        results = score(db, gold)
        print(markdown(results, seconds))
        if args.errors:
            for name, counter in errors_by_kind(db, gold, kinds).items():
                print(f"\n{name}:")
                for key, n in counter.most_common(12):
                    print(f"  {n:5}  {key}")


if __name__ == "__main__":
    main()
