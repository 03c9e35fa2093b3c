"""`watch` end to end against a local HTTP server: feeds that change, 304s, faults side by side with a
good feed, summaries completed from their pages, clean stops; nothing stored is lost, no duplicates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from feed_server import FeedServer, Item, Route, html_page, rss

from tidings.feeds import Backoff, Fetcher, FetchLimits, Watcher, parse_every
from tidings.store import open_store

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
LIMITS = FetchLimits(connect_timeout=2, read_timeout=0.5, deadline=5, max_bytes=2 * 1024 * 1024,
                     min_interval=0)


def story(n: int, extra: str = "") -> Item:
    pairs = (("Russia", "Iran"), ("France", "China"), ("Turkey", "Egypt"), ("Japan", "Brazil"))
    a, b = pairs[n % len(pairs)]
    text = (f"{a} criticized {b} over the trade dispute number {n} on Monday. "
            f"The foreign minister of {b} met officials of {a} in Geneva to discuss case {n}. {extra}")
    return Item(f"id-{n}", f"Dispute {n}", text.strip())


@pytest.fixture
def server():
    running = FeedServer().start()
    yield running
    running.stop()


def write_sources(folder: Path, urls: list[str]) -> Path:
    path = folder / "sources.txt"
    path.write_text("# test feeds\n" + "\n".join(urls) + "\n", encoding="utf-8")
    return path


def make_watcher(sources: Path, db: Path, pipeline, **options) -> Watcher:
    return Watcher(sources, db, tidings=pipeline, every=parse_every("15m"), fetcher=Fetcher(LIMITS),
                   backoff=Backoff(parse_every("15m")), **options)


def scalar(db: Path, sql: str):
    with open_store(db, read_only=True) as store:
        return store.con.execute(sql).fetchall()[0][0]


def assert_no_duplicates(db: Path) -> None:
    assert scalar(db, "SELECT count(*) - count(DISTINCT id) FROM articles") == 0
    assert scalar(db, "SELECT count(*) - count(DISTINCT id) FROM events") == 0
    assert scalar(db, "SELECT count(*) FROM events e WHERE NOT EXISTS "
                      "(SELECT 1 FROM articles a WHERE a.id = e.article_id)") == 0
    assert scalar(db, "SELECT coalesce(sum(mentions), 0) FROM event_clusters") == scalar(
        db, "SELECT count(*) FROM events")


def test_feed_changing_between_polls_stores_only_new_and_changed(tmp_path, server, tidings_pipeline):
    db = tmp_path / "t.duckdb"
    server.routes["/feed"] = Route(body=rss([story(0), story(1), story(2)]), etag='"v1"')
    watcher = make_watcher(write_sources(tmp_path, [server.url("/feed")]), db, tidings_pipeline)
    first = watcher.cycle()
    assert (first.articles, [p.new for p in first.polls], first.failed) == (3, [3], False)
    with open_store(db) as store:  # make the feed due again without waiting 15 minutes
        store.con.execute("UPDATE feeds SET last_poll = NULL")
    server.routes["/feed"] = Route(body=rss([story(0), story(1, "A correction was added."), story(3)]),
                                   etag='"v2"')
    second = watcher.cycle()
    assert (second.articles, second.polls[0].new) == (2, 2)  # the changed one and the new one
    assert server.requests_to("/feed")[-1]["If-None-Match"] == '"v1"'
    with open_store(db) as store:
        store.con.execute("UPDATE feeds SET last_poll = NULL")
    third = watcher.cycle()
    assert third.polls[0].status == 304 and third.articles == 0
    assert scalar(db, "SELECT count(*) FROM articles") == 4
    assert scalar(db, "SELECT count(*) FROM articles WHERE text LIKE '%correction%'") == 1
    assert scalar(db, "SELECT polls || '/' || errors || '/' || stored FROM feeds") == "3/0/5"
    assert_no_duplicates(db)


def test_faulty_feeds_are_recorded_and_the_good_one_goes_on(tmp_path, server, tidings_pipeline):
    rules = b"User-agent: *\nDisallow: /private/\n"
    server.routes["/robots.txt"] = Route(body=rules, content_type="text/plain")
    server.routes["/good"] = Route(body=rss([story(0), story(1)]))
    server.routes["/error"] = Route(500, b"boom", "text/plain")
    server.routes["/slow"] = Route(body=rss([story(5)]), delay=2.0)
    server.routes["/malformed"] = Route(body=b"<rss><channel><item><title>cut off")
    server.routes["/huge"] = Route(stream_bytes=50 * 1024 * 1024)
    server.routes["/loop"] = Route(302, headers={"Location": "/loop2"})
    server.routes["/loop2"] = Route(302, headers={"Location": "/loop"})
    server.routes["/private/feed"] = Route(body=rss([story(6)]))
    server.routes["/to-file"] = Route(302, headers={"Location": "file:///etc/passwd"})
    bad = ["/error", "/slow", "/malformed", "/huge", "/loop", "/private/feed", "/to-file"]
    urls = [server.url(path) for path in ["/good", *bad]]
    sources = write_sources(tmp_path, [*urls, "ftp://127.0.0.1/feed"])
    db = tmp_path / "t.duckdb"
    errors = []
    report = make_watcher(sources, db, tidings_pipeline, on_error=errors.append).cycle()
    assert report.failed and report.articles == 2
    assert {p.url: p.ok for p in report.polls} == {url: url.endswith("/good") for url in urls}
    assert len(errors) == 1 and errors[0].source.endswith("sources.txt:10")  # the ftp: line
    with open_store(db, read_only=True) as store:
        rows = store.con.execute("SELECT url, consecutive_errors, errors, last_error, next_poll > last_poll "
                                 "FROM feeds ORDER BY url").fetchall()
    state = {url.rsplit("/", 1)[-1]: rest for url, *rest in rows}
    assert state["good"][:2] == [0, 0]
    assert all(state[path.rsplit("/", 1)[-1]][:2] == [1, 1] and state[path.rsplit("/", 1)[-1]][3]
               for path in bad)
    assert "HTTP 500" in state["error"][2] and "timed out" in state["slow"][2]
    assert "limit" in state["huge"][2] and "redirect loop" in state["loop"][2]
    assert "robots.txt" in state["feed"][2] and "only http and https" in state["to-file"][2]
    # Failed feeds wait for their backoff; the next cycle does not hammer them.
    again = make_watcher(sources, db, tidings_pipeline).cycle()
    assert again.polls == [] and len(server.requests_to("/error")) == 1
    assert scalar(db, "SELECT count(*) FROM articles") == 2
    assert_no_duplicates(db)


def test_summary_entries_are_completed_from_the_linked_page(tmp_path, server, tidings_pipeline):
    paragraphs = [f"Paragraph {n}: Russia criticized Iran over the pipeline dispute, and the foreign "
                  "minister of Iran met Russian officials in Geneva to discuss the payments again."
                  for n in range(10)]
    server.routes["/story"] = Route(body=html_page("Pipeline dispute", paragraphs), content_type="text/html")
    teaser = Item("p1", "Pipeline dispute", "Russia and Iran argue.", link=server.url("/story"))
    server.routes["/feed"] = Route(body=rss([teaser]))
    db = tmp_path / "t.duckdb"
    report = make_watcher(write_sources(tmp_path, [server.url("/feed")]), db, tidings_pipeline).cycle()
    assert report.articles == 1 and not report.failed
    assert scalar(db, "SELECT url FROM articles") == server.url("/story")
    assert "Paragraph 9" in scalar(db, "SELECT text FROM articles")


def test_stop_between_batches_loses_nothing_and_the_next_cycle_finishes(tmp_path, server, tidings_pipeline):
    server.routes["/feed"] = Route(body=rss([story(n) for n in range(6)]), etag='"v1"')
    db = tmp_path / "t.duckdb"
    stop = threading.Event()
    sources = write_sources(tmp_path, [server.url("/feed")])
    first = make_watcher(sources, db, tidings_pipeline, stop=stop, batch_size=2,
                         on_poll=lambda poll: None)
    original = first._store

    def store_then_stop(store, pending, report):
        stop.set()  # as if SIGTERM came while the first batch was being coded
        original(store, pending, report)

    first._store = store_then_stop
    report = first.cycle()
    assert report.interrupted and report.articles == 2
    assert scalar(db, "SELECT etag FROM feeds") is None  # not every entry stored: no validator kept
    with open_store(db) as store:
        store.con.execute("UPDATE feeds SET last_poll = NULL")
    rest = make_watcher(sources, db, tidings_pipeline).cycle()
    assert rest.articles == 4 and rest.skipped == 0
    assert scalar(db, "SELECT count(*) FROM articles") == 6
    assert scalar(db, "SELECT etag FROM feeds") == '"v1"'
    assert_no_duplicates(db)


def test_watch_command_once_and_sigterm(tmp_path, server):
    server.routes["/good"] = Route(body=rss([story(0)]))
    server.routes["/error"] = Route(500, b"boom", "text/plain")
    sources = write_sources(tmp_path, [server.url("/good"), server.url("/error")])
    db = tmp_path / "t.duckdb"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    command = [sys.executable, "-m", "tidings", "watch", str(sources), "--db", str(db), "--timeout", "1",
               "--host-interval", "0"]
    once = subprocess.run([*command, "--once"], capture_output=True, text=True, env=env, timeout=300)
    assert once.returncode == 1, once.stderr
    assert "error: " + server.url("/error") + ": HTTP 500" in once.stderr and "Traceback" not in once.stderr
    listing = subprocess.run([sys.executable, "-m", "tidings", "feeds", "--db", str(db), "--format", "csv"],
                             capture_output=True, text=True, env=env, timeout=120)
    assert listing.returncode == 0 and server.url("/error") in listing.stdout
    server.routes["/good"] = Route(body=rss([story(0), story(1)]))
    running = subprocess.Popen([*command, "--every", "1s"], stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and len(server.requests_to("/good")) < 3:
        time.sleep(0.2)
    running.send_signal(signal.SIGTERM)
    _, stderr = running.communicate(timeout=120)
    assert running.returncode in (0, 1) and "Traceback" not in stderr
    assert scalar(db, "SELECT count(*) FROM articles") == 2
    assert scalar(db, "SELECT count(*) FROM runs WHERE status = 'running'") == 0
