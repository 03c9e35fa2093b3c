"""SIGTERM ends an ingest the way Ctrl-C does: workers stopped, the run marked interrupted, exit 143,
no traceback, no BrokenPipeError, no leaked semaphore; the same command then finishes the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_store_ingest import assert_consistent, table_counts, write_articles

from tidings.store import ingest, open_store

REPO = Path(__file__).resolve().parent.parent
TOTAL = 1200  # enough that a quiet machine is still coding when the signal comes (8 s after start)


def children(pid: int) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as handle:
                    if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def start_ingest(folder: Path, db: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "tidings", "ingest", str(folder), "--db", str(db), "--workers", "2",
               "--batch-size", "2"]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
                            start_new_session=True)


def wait_for_workers(process: subprocess.Popen, timeout: float = 240) -> None:
    """Until the worker pool runs (two workers; spawned ones come with a resource tracker, forked ones
    without) and codes for a while."""
    deadline = time.monotonic() + timeout
    while len(children(process.pid)) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.5)
    time.sleep(8)  # let the workers load the pipeline and code a few batches
    assert process.poll() is None, "the run must still be going when it is stopped"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "whole_group", "code"),
    [(signal.SIGTERM, False, 143), (signal.SIGTERM, True, 143), (signal.SIGINT, True, 130)],
    ids=["SIGTERM to the main process", "SIGTERM to the process group", "Ctrl-C"],
)
def test_a_stopped_ingest_is_clean_and_resumes(tmp_path, tidings_pipeline, signum, whole_group, code):
    write_articles(tmp_path / "in", TOTAL)
    db = tmp_path / "s.duckdb"
    process = start_ingest(tmp_path / "in", db)
    wait_for_workers(process)
    if whole_group:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == code, stderr
    for noise in ("Traceback", "BrokenPipe", "leaked semaphore", "resource_tracker"):
        assert noise not in stderr, stderr
    assert "interrupted: every finished batch is stored" in stderr
    assert not children(process.pid)

    stored = table_counts(db)["articles"]
    assert stored < TOTAL
    assert_consistent(db)
    summary = ingest([tmp_path / "in"], db, tidings=tidings_pipeline, batch_size=8)
    assert summary.skipped == stored and summary.articles == TOTAL - stored
    assert_consistent(db)
    with open_store(db, read_only=True) as store:
        assert store.runs().column("status").to_pylist() == ["interrupted", "finished"]


def test_a_signal_during_a_database_write_lands_after_it():
    from tidings.store.interrupts import deferred_interrupts

    done = []
    with pytest.raises(KeyboardInterrupt), deferred_interrupts():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
        done.append("the write finished")
    assert done == ["the write finished"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_held_sigterm_goes_to_the_handler_that_was_there():
    from tidings.store.interrupts import deferred_interrupts

    seen = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: seen.append(signum))
    try:
        with deferred_interrupts():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)
            assert seen == []
        assert seen == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, previous)
