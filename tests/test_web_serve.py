"""`tidings serve` and `tidings ingest` on one database file, as separate processes.

The server owns the file while it runs: an ingest (or a query) against it fails at once with one line
naming the server, its PID and where to send articles instead, and changes nothing. Articles POSTed
to the server are stored like an ingest stores them, and are there after the server stops.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest
from test_store_samples import sample_corpus

from tidings.store import open_store, write_batch
from tidings.store.db import server_note_path
from tidings.store.runs import start_run

POSTED = {
    "id": "pushed-by-newsroom",
    "title": "Iran and Russia agree on trade",
    "text": "Iran's foreign minister met Russia's foreign minister in Moscow on Monday to discuss trade.",
    "published": "2024-02-05",
}


def tidings(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tidings", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    """A database with three articles, served by `tidings serve` in a process of its own."""
    db = tmp_path / "shared.duckdb"
    with open_store(db) as store:
        write_batch(store.con, sample_corpus(), start_run(store.con, "m", []))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tidings", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/api/v1/stats", timeout=5).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"tidings serve did not start: {server.stderr.read()}")
        time.sleep(0.2)
    yield db, url, server
    if server.poll() is None:
        server.kill()
        server.wait()


def stop(server: subprocess.Popen) -> str:
    server.send_signal(signal.SIGINT)  # Ctrl-C
    _, stderr = server.communicate(timeout=60)
    return stderr


def test_ingest_on_a_served_file_names_the_server_and_changes_nothing(served, tmp_path):
    db, url, server = served
    article = tmp_path / "new.jsonl"
    article.write_text(json.dumps(POSTED) + "\n", encoding="utf-8")
    result = tidings("ingest", str(article), "--db", str(db))
    assert result.returncode == 2  # a database problem
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert f"served by `tidings serve` at {url} (PID {server.pid})" in message
    assert f"POST {url}/api/v1/articles" in message
    query = tidings("query", "articles", "--db", str(db))
    assert query.returncode == 2 and f"PID {server.pid}" in query.stderr
    assert httpx.get(f"{url}/api/v1/stats").json()["totals"]["articles"] == 3  # the server never noticed
    stderr = stop(server)
    assert "Traceback" not in stderr and not server_note_path(db).exists()
    after = tidings("query", "articles", "--db", str(db), "--format", "json")
    assert after.returncode == 0 and len(after.stdout.splitlines()) == 3


def test_articles_posted_to_the_server_outlive_it(served, tmp_path):
    db, url, server = served
    response = httpx.post(f"{url}/api/v1/articles", json=POSTED, timeout=300)
    assert response.status_code == 201, response.text
    assert response.json()["events"] >= 1
    stop(server)
    listed = tidings("query", "articles", "--db", str(db), "--format", "json")
    assert "pushed-by-newsroom" in [json.loads(line)["id"] for line in listed.stdout.splitlines()]
    events = tidings(
        "query", "events", "--article", "pushed-by-newsroom", "--db", str(db), "--format", "json"
    )
    assert len(events.stdout.splitlines()) == response.json()["events"]
    # The same article ingested later is recognised as already stored.
    again = tmp_path / "again.jsonl"
    again.write_text(json.dumps(POSTED) + "\n", encoding="utf-8")
    ingest = tidings("ingest", str(again), "--db", str(db), "--workers", "1")
    assert ingest.returncode == 0 and "1 unchanged skipped" in ingest.stderr


def test_a_stale_note_does_not_blame_a_dead_server(tmp_path):
    """A server killed with -9 leaves its note; the next holder of the file is not named after it."""
    db = tmp_path / "stale.duckdb"
    open_store(db).close()
    server_note_path(db).write_text(json.dumps({"pid": 999999999, "url": "http://127.0.0.1:1"}))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); print('held', "
            "flush=True); time.sleep(60)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        result = tidings("query", "articles", "--db", str(db))
        assert result.returncode == 2
        assert f"in use by process {holder.pid}" in result.stderr and "tidings serve" not in result.stderr
    finally:
        holder.kill()
        holder.wait()


def test_serve_on_a_busy_file_fails_with_one_line(tmp_path):
    db = tmp_path / "busy.duckdb"
    open_store(db).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); print('held', "
            "flush=True); time.sleep(60)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        result = tidings("serve", "--db", str(db), "--port", str(free_port()), timeout=60)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert f"in use by process {holder.pid}" in result.stderr
    finally:
        holder.kill()
        holder.wait()
    assert os.path.exists(db)


def test_serve_with_a_bad_actor_folder_fails_with_one_line(tmp_path):
    db = tmp_path / "actors.duckdb"
    missing = tmp_path / "no-such-folder"
    port = str(free_port())
    result = tidings("serve", "--db", str(db), "--port", port, "--preload", "--actors", str(missing))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{missing}: actor dictionary folder not found" in result.stderr
    assert not server_note_path(db).exists()
