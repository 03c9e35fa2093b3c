"""`ingest` with the real pipeline: idempotent re-runs, changed articles, and a run killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tidings.store import ingest, open_store

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
COUNTRIES = ("Russia", "Iran", "France", "China", "Turkey", "Egypt", "Japan", "Brazil")


def write_articles(folder: Path, count: int) -> None:
    """Small distinct articles, one text file each: a title line, a blank line, the body."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        a, b = COUNTRIES[n % len(COUNTRIES)], COUNTRIES[(n + 3) % len(COUNTRIES)]
        body = (f"{a} criticized {b} over trade dispute number {n} on Monday. "
                f"The foreign minister of {b} met officials of {a} in Geneva to discuss case {n}.")
        (folder / f"article{n:03}.txt").write_text(f"Dispute {n}\n\n{body}\n", encoding="utf-8")


def table_counts(db: Path) -> dict[str, int]:
    with open_store(db, read_only=True) as store:
        return {table: store.sql(f"SELECT count(*) AS n FROM {table}").column("n")[0].as_py()
                for table in ("articles", "sentences", "events", "actors", "event_clusters")}


def assert_consistent(db: Path) -> None:
    """Whole articles only: every article has its sentences, no row points at a missing article,
    and the clusters count exactly the stored events."""
    with open_store(db, read_only=True) as store:
        def scalar(sql: str):
            return store.sql(sql).column(0)[0].as_py()

        assert scalar("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                      "(SELECT 1 FROM sentences s WHERE s.article_id = a.id)") == 0
        for table in ("sentences", "events", "actors", "quotes", "places"):
            assert scalar(f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "
                          "(SELECT 1 FROM articles a WHERE a.id = t.article_id)") == 0
        assert scalar("SELECT coalesce(sum(mentions), 0) FROM event_clusters") == scalar(
            "SELECT count(*) FROM events")
        assert scalar("SELECT count(*) - count(DISTINCT id) FROM articles") == 0


def test_reingest_adds_nothing_and_skips_before_coding(tmp_path, tidings_pipeline):
    write_articles(tmp_path / "in", 6)
    db = tmp_path / "t.duckdb"
    first = ingest([tmp_path / "in"], db, tidings=tidings_pipeline, batch_size=4)
    assert (first.status, first.articles, first.skipped, first.errors) == ("finished", 6, 0, 0)
    assert first.events > 0
    before = table_counts(db)
    second = ingest([tmp_path / "in"], db, tidings=tidings_pipeline, batch_size=4)
    assert (second.articles, second.skipped, second.events) == (0, 6, 0)
    assert table_counts(db) == before
    assert_consistent(db)


def test_changed_article_replaces_its_records(tmp_path, tidings_pipeline):
    write_articles(tmp_path / "in", 3)
    db = tmp_path / "t.duckdb"
    ingest([tmp_path / "in"], db, tidings=tidings_pipeline)
    jsonl = tmp_path / "in.jsonl"
    record = '{{"id": "fixed", "title": "A", "text": "{}"}}\n'
    jsonl.write_text(record.format("Russia criticized Iran on Monday."), encoding="utf-8")
    ingest([jsonl], db, tidings=tidings_pipeline)
    jsonl.write_text(record.format("Iran praised Russia on Tuesday."), encoding="utf-8")
    summary = ingest([jsonl], db, tidings=tidings_pipeline)
    assert summary.articles == 1
    with open_store(db, read_only=True) as store:
        assert store.articles(text="praised").column("id").to_pylist() == ["fixed"]
        assert store.articles().num_rows == 4
        assert store.events(text="criticized Iran on Monday").num_rows == 0
    assert_consistent(db)


def test_progress_and_errors_reach_the_callbacks(tmp_path, tidings_pipeline):
    write_articles(tmp_path / "in", 3)
    (tmp_path / "in" / "broken.json").write_text("{not json", encoding="utf-8")
    seen, errors = [], []
    summary = ingest([tmp_path / "in"], tmp_path / "t.duckdb", tidings=tidings_pipeline, batch_size=1,
                     progress=seen.append, on_error=errors.append)
    coded = [s.articles for s in seen]
    assert coded == sorted(coded) and sorted(set(coded) - {0}) == [1, 2, 3]
    assert {s.status for s in seen} == {"running"} and summary.errors == 1
    assert len(errors) == 1 and errors[0].source.endswith("broken.json")


KILLABLE_RUN = """
import sys
from tidings.pipeline import Tidings
from tidings.store import ingest

def report(summary):
    print(summary.articles, flush=True)

ingest([sys.argv[1]], sys.argv[2], tidings=Tidings.load(), batch_size=1, progress=report)
"""


def test_run_killed_between_batches_resumes_without_duplicates(tmp_path, tidings_pipeline):
    total = 40
    write_articles(tmp_path / "in", total)
    db = tmp_path / "k.duckdb"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    process = subprocess.Popen([sys.executable, "-c", KILLABLE_RUN, str(tmp_path / "in"), str(db)],
                               stdout=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 180
    stored = 0
    while stored < 5 and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        stored = int(line)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 5 <= stored < total, "the run must be killed part-way through"

    after_kill = table_counts(db)
    assert stored <= after_kill["articles"] < total
    assert_consistent(db)

    summary = ingest([tmp_path / "in"], db, tidings=tidings_pipeline, batch_size=8)
    assert summary.skipped == after_kill["articles"]
    assert summary.articles == total - after_kill["articles"]
    assert table_counts(db)["articles"] == total
    assert_consistent(db)
    with open_store(db, read_only=True) as store:
        assert store.runs().column("status").to_pylist() == ["interrupted", "finished"]
