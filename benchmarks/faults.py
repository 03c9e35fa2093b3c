"""Fault injection on `tidings ingest`: nothing lost, nothing duplicated, no traceback.

    PYTHONPATH=src .venv/bin/python benchmarks/faults.py [--articles 2000] [--kills 10] [--workers 2]
        [--bad 1000] [--only kill,sigterm,concurrent,diskfull,bad]

Each scenario runs the real command line (`python -m tidings ingest ...`) as a subprocess on the first
ARTICLES Reuters stories (../shared), and compares the database it ends with against a clean reference
run of the same input: articles lost (in the reference, not in the database) and duplicated (stored
twice, or events/sentences counts off, or event clusters whose counts disagree with their events) must
both be 0.

- kill: SIGKILL to the whole process group (main process and workers) at a random moment, KILLS times,
  each time running the same command again; then once to completion.
- sigterm: SIGTERM to the main process at a random moment: exit 143, no traceback; then resume.
- concurrent: two ingests of the same input into the same database at once: one refuses in one line
  (exit 2), the other completes; a query during the run is refused the same way.
- diskfull: the database on a small tmpfs (mount -t tmpfs, needs root; skipped otherwise) until the disk
  fills: one line, exit 2, no "cannot rollback"; then the file copied to a big disk and the run resumed.
- bad: BAD generated bad inputs (random bytes under every extension, poison JSON lines, FIFOs, links to
  devices, oversize lines, wrong shapes, bad dates) mixed with good articles, ingested with 2 workers:
  0 tracebacks, every good article stored.

Prints one markdown table row per scenario.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "reuters21578" / "reuters21578.jsonl"
TABLES = ("articles", "sentences", "events", "actors", "quotes", "places")
NOISE = ("Traceback", "BrokenPipe", "leaked semaphore", "cannot rollback")


@dataclass
class Outcome:
    scenario: str
    runs: int
    lost: int
    duplicated: int
    tracebacks: int
    notes: str

    def row(self) -> str:
        ok = "ok" if self.lost == self.duplicated == self.tracebacks == 0 else "FAILED"
        return (f"| {self.scenario} | {self.runs} | {self.lost} | {self.duplicated} | {self.tracebacks} | "
                f"{ok} | {self.notes} |")


# ---------------------------------------------------------------- running the command line


def ingest_command(inputs: Path, db: Path, workers: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "tidings", "ingest", str(inputs), "--db", str(db),
            "--workers", str(workers), "--quiet", *extra]


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO / "src")}


def start(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=environment(), start_new_session=True)


def run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, env=environment())


def noisy(stderr: str) -> int:
    return sum(stderr.count(word) for word in NOISE)


# ---------------------------------------------------------------- comparing databases


def snapshot(db: Path) -> dict:
    """Per-table row counts, stored article ids, and duplicates of ids."""
    with duckdb.connect(str(db), read_only=True) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        ids = {row[0] for row in con.execute("SELECT id FROM articles").fetchall()}
        repeated = con.execute("SELECT count(*) - count(DISTINCT id) FROM articles").fetchone()[0]
        repeated += con.execute("SELECT count(*) - count(DISTINCT id) FROM events").fetchone()[0]
        orphans = sum(
            con.execute(f"SELECT count(*) FROM {t} x WHERE NOT EXISTS "
                        "(SELECT 1 FROM articles a WHERE a.id = x.article_id)").fetchone()[0]
            for t in TABLES[1:]
        )
        stale = stale_clusters(con)
    return {"counts": counts, "ids": ids, "repeated": repeated, "orphans": orphans, "stale": stale}


def stale_clusters(con: duckdb.DuckDBPyConnection) -> int:
    """Clusters whose stored counts disagree with their events (or with the copies the events carry),
    and clusters still waiting for the recount of an interrupted run: 0 once a run has completed."""
    stale = con.execute(
        "SELECT count(*) FROM (SELECT cluster_id, count(*) AS n, count(DISTINCT article_id) AS articles "
        "FROM events WHERE cluster_id IS NOT NULL GROUP BY cluster_id) e "
        "FULL JOIN event_clusters c ON c.id = e.cluster_id "
        "WHERE c.mentions IS DISTINCT FROM e.n OR c.articles IS DISTINCT FROM e.articles"
    ).fetchone()[0]
    stale += con.execute(
        "SELECT count(*) FROM events e JOIN event_clusters c ON c.id = e.cluster_id "
        "WHERE e.cluster_mentions IS DISTINCT FROM c.mentions OR e.cluster_sources IS DISTINCT FROM c.sources"
    ).fetchone()[0]
    waiting = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'clusters_to_recount'"
    ).fetchone()[0]
    if waiting:
        stale += con.execute("SELECT count(DISTINCT id) FROM clusters_to_recount").fetchone()[0]
    return stale


def compare(reference: dict, db: Path) -> tuple[int, int]:
    """(lost, duplicated) of `db` against the reference snapshot."""
    found = snapshot(db)
    lost = len(reference["ids"] - found["ids"])
    extra_rows = sum(max(found["counts"][t] - reference["counts"][t], 0) for t in TABLES)
    # Stale cluster counts are counted with the duplicates: both are rows that disagree with the input.
    return lost, found["repeated"] + found["orphans"] + extra_rows + found["stale"]


# ---------------------------------------------------------------- the scenarios


def reference_run(inputs: Path, folder: Path, workers: int) -> tuple[dict, float]:
    db = folder / "reference.duckdb"
    started = time.monotonic()
    done = run(ingest_command(inputs, db, workers))
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"the reference run failed ({done.returncode}):\n{done.stderr}")
    return snapshot(db), seconds


def kill_scenario(inputs, folder, workers, reference, seconds, kills, rng) -> Outcome:
    db = folder / "killed.duckdb"
    tracebacks, total = 0, len(reference["ids"])
    for _ in range(kills):
        stored = len(snapshot(db)["ids"]) if db.exists() else 0
        remaining = max(1 - stored / total, 0.05)
        process = start(ingest_command(inputs, db, workers))
        time.sleep(rng.uniform(1.0, 10.0 + seconds * remaining))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
        tracebacks += noisy(stderr)
        check = snapshot(db) if db.exists() else {"repeated": 0, "orphans": 0}
        tracebacks += check["repeated"] + check["orphans"]  # a half-written batch would show here
    final = run(ingest_command(inputs, db, workers))
    tracebacks += noisy(final.stderr)
    lost, duplicated = compare(reference, db)
    return Outcome("kill -9 (process group), then resume", kills + 1, lost, duplicated, tracebacks,
                   f"final run exit {final.returncode}")


def sigterm_scenario(inputs, folder, workers, reference, seconds, rng) -> Outcome:
    db = folder / "terminated.duckdb"
    process = start(ingest_command(inputs, db, workers))
    time.sleep(rng.uniform(15.0, 15.0 + seconds * 0.6))
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate()
    final = run(ingest_command(inputs, db, workers))
    lost, duplicated = compare(reference, db)
    note = f"SIGTERM exit {process.returncode} ('interrupted' said: {'interrupted' in stderr})"
    return Outcome("SIGTERM, then resume", 2, lost, duplicated, noisy(stderr) + noisy(final.stderr), note)


def _one_line(stderr: str, words: str) -> bool:
    """Whether the refusal is one line saying `words` (progress lines aside)."""
    lines = [line for line in stderr.splitlines() if line.strip() and not line.startswith("ingest:")]
    return len(lines) == 1 and words in lines[0]


def concurrent_scenario(inputs, folder, workers, reference) -> Outcome:
    db = folder / "concurrent.duckdb"
    first = start(ingest_command(inputs, db, workers))
    time.sleep(8)
    second = run(ingest_command(inputs, db, workers))
    query = run([sys.executable, "-m", "tidings", "query", "events", "--db", str(db), "--limit", "1"])
    _, stderr = first.communicate()
    lost, duplicated = compare(reference, db)
    refused = [r for r in (second, query) if r.returncode == 2 and _one_line(r.stderr, "is in use by")]
    note = (f"second ingest exit {second.returncode}, query exit {query.returncode} "
            f"({len(refused)}/2 refused in one line); first exit {first.returncode}")
    tracebacks = noisy(stderr) + noisy(second.stderr) + noisy(query.stderr)
    return Outcome("two ingests and a query at once", 3, lost, duplicated, tracebacks, note)


def diskfull_scenario(inputs, folder, workers, reference, size: str) -> Outcome | None:
    mount = folder / "small"
    mount.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        print(f"diskfull: skipped (cannot mount a tmpfs: {mounted.stderr.strip()})", file=sys.stderr)
        return None
    try:
        full_db = mount / "full.duckdb"
        filled = run(ingest_command(inputs, full_db, workers))
        line = (filled.stderr.strip().splitlines() or [""])[-1]
        tracebacks = noisy(filled.stderr)
        moved = folder / "moved.duckdb"
        for suffix in ("", ".wal"):
            if Path(str(full_db) + suffix).exists():
                shutil.copy(str(full_db) + suffix, str(moved) + suffix)
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)
    check = snapshot(moved)
    tracebacks += check["repeated"] + check["orphans"]
    final = run(ingest_command(inputs, moved, workers))
    lost, duplicated = compare(reference, moved)
    note = (f"on a {size} tmpfs: exit {filled.returncode}, {len(check['ids'])} articles kept, said: "
            f"{line[:110]!r}; resumed elsewhere: exit {final.returncode}")
    return Outcome("disk full, then resume on a bigger disk", 2, lost, duplicated,
                   tracebacks + noisy(final.stderr), note)


# ---------------------------------------------------------------- generated bad inputs


EXTENSIONS = (".txt", ".jsonl", ".json", ".html", ".xml", ".rss", ".atom", ".parquet", ".ndjson")
POISON_LINES = (
    "[" * 60_000 + "]" * 60_000,
    '{"id": "big", "text": "x", "n": ' + "9" * 5000 + "}",
    r'{"text": "Russia \ud800 criticized Iran."}',
    '{"text": "Talks on January 0.", "date": "2019-01-05"}',
    '{"text": "Talks on February 30.", "date": "2019-03-05"}',
    '{"text": "Talks last month.", "date": "0001-01-01"}',
    '{"text": "Talks next week.", "date": "9999-12-31"}',
    '{"text": "A date nobody reads.", "date": "121108"}',
    '{"text": 12345}', '{"title": "no text"}', "[1, 2, 3]", '"just a string"', "{broken", "null",
    '{"text": "\\u001b]0;retitled\\u0007 escape in text"}',
)


def bad_inputs(folder: Path, count: int, rng: random.Random) -> int:
    """`count` bad inputs under `folder` (files, lines, special files); returns how many were made."""
    made = 0
    poison = folder / "poison.jsonl"
    with poison.open("w", encoding="utf-8") as handle:
        while made < count // 2:
            handle.write(rng.choice(POISON_LINES) + "\n")
            made += 1
        handle.write('{"text": "' + "y" * (40 * 2**20) + '"}\n')  # past the line limit
        made += 1
    for number in range(count - made - 3):
        extension = rng.choice(EXTENSIONS)
        (folder / f"random{number:04d}{extension}").write_bytes(rng.randbytes(rng.randint(0, 3000)))
        made += 1
    os.mkfifo(folder / "pipe.jsonl")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "empty.jsonl").write_bytes(b"")
    return made + 3


def good_inputs(folder: Path, articles: list[dict]) -> set[str]:
    """The good articles, half as JSONL records, half as text files; returns their ids."""
    half = len(articles) // 2
    with (folder / "good.jsonl").open("w", encoding="utf-8") as handle:
        for article in articles[:half]:
            handle.write(json.dumps(article) + "\n")
    for article in articles[half:]:
        (folder / f"good-{article['id']}.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    return {a["id"] for a in articles}


def bad_scenario(folder: Path, articles: list[dict], count: int, workers: int, rng) -> Outcome:
    inputs = folder / "mixed"
    inputs.mkdir()
    good = good_inputs(inputs, articles)
    made = bad_inputs(inputs, count, rng)
    db = folder / "mixed.duckdb"
    first = run(ingest_command(inputs, db, workers))
    again = run(ingest_command(inputs, db, workers))
    coded = run([sys.executable, "-m", "tidings", "code", str(inputs), "--workers", str(workers), "--quiet",
                 "--format", "jsonl"])
    with duckdb.connect(str(db), read_only=True) as con:
        stored = {row[0] for row in con.execute("SELECT id FROM articles").fetchall()}
    lost = len(good - stored)
    coded_ids = {json.loads(line)["id"] for line in coded.stdout.splitlines() if line.startswith("{")}
    lost += len(good - coded_ids)
    errors = sum(1 for line in first.stderr.splitlines() if line.startswith("error: "))
    unexpected = sum(r.stderr.count("unexpected ") for r in (first, again, coded))
    tracebacks = noisy(first.stderr) + noisy(again.stderr) + noisy(coded.stderr) + unexpected
    note = (f"{made} bad inputs + {len(good)} good; ingest exit {first.returncode} with {errors} error "
            f"lines, re-run exit {again.returncode}, code exit {coded.returncode}")
    return Outcome(f"{made} generated bad inputs, {workers} workers (ingest, re-run, code)", 3, lost, 0,
                   tracebacks, note)


# ---------------------------------------------------------------- main


def corpus(limit: int) -> list[dict]:
    out = []
    with CORPUS.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if not (record.get("text") or "").strip():
                continue  # a few Reuters entries are a title alone
            out.append({"id": str(record.get("id") or len(out)), "title": record.get("title") or "",
                        "text": record["text"], "date": record.get("date")})
            if len(out) == limit:
                break
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--bad", type=int, default=1000, help="Generated bad inputs in the mixed run.")
    parser.add_argument("--good", type=int, default=300, help="Good articles mixed with the bad inputs.")
    parser.add_argument("--disk", default="8m", help="Size of the tmpfs that fills up.")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--only", default="kill,sigterm,concurrent,diskfull,bad")
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"needs the Reuters corpus at {CORPUS}")
    rng = random.Random(args.seed)
    wanted = set(args.only.split(","))
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="tidings-faults-") as scratch:
        folder = Path(scratch)
        articles = corpus(args.articles)
        inputs = folder / "corpus.jsonl"
        inputs.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
        if wanted & {"kill", "sigterm", "concurrent", "diskfull"}:
            reference, seconds = reference_run(inputs, folder, args.workers)
            print(f"reference: {len(reference['ids'])} articles, {reference['counts']} in {seconds:.0f} s",
                  file=sys.stderr, flush=True)
            scenarios = {
                "kill": lambda: kill_scenario(
                    inputs, folder, args.workers, reference, seconds, args.kills, rng
                ),
                "sigterm": lambda: sigterm_scenario(inputs, folder, args.workers, reference, seconds, rng),
                "concurrent": lambda: concurrent_scenario(inputs, folder, args.workers, reference),
                "diskfull": lambda: diskfull_scenario(inputs, folder, args.workers, reference, args.disk),
            }
            for name, scenario in scenarios.items():
                if name in wanted:
                    outcome = scenario()
                    if outcome is not None:
                        outcomes.append(outcome)
                        print(outcome.row(), file=sys.stderr, flush=True)
        if "bad" in wanted:
            outcome = bad_scenario(folder, corpus(args.good), args.bad, args.workers, rng)
            outcomes.append(outcome)
    print("| scenario | runs | lost | duplicated | tracebacks or half-written batches | result | notes |")
    print("|---|---:|---:|---:|---:|---|---|")
    for outcome in outcomes:
        print(outcome.row())
    if any("FAILED" in o.row() for o in outcomes):
        sys.exit(1)


if __name__ == "__main__":
    main()
