"""Soak: hundreds of watch polls against a local HTTP server, memory sampled as they go.

    PYTHONPATH=src .venv/bin/python benchmarks/feeds_soak.py [--polls 200] [--db soak.duckdb]

A real HTTP server on 127.0.0.1 (the test suite's feed server) serves five feeds: one that gains two
new entries on every poll (a sliding window of 20, like a news feed), one that answers 304 to the
conditional request, one that fails with HTTP 500 every other poll, one with malformed XML, and one
with a body over the size cap. The watcher polls them `--polls` times with the real pipeline, storing
every new entry. RSS (VmRSS) is read after each poll cycle; the report gives RSS after the warm-up
(poll 10), at the end, the largest value, and the growth per 100 polls over the second half (a
least-squares slope), plus what was stored, to show memory stays flat and nothing is lost or doubled.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent / "src"))

from feed_server import FeedServer, Item, Route, rss  # noqa: E402 - tests/feed_server.py

from tidings.feeds import Backoff, Fetcher, FetchLimits, Watcher  # noqa: E402
from tidings.store import open_store  # noqa: E402

WARM_UP = 10
COUNTRIES = ("Russia", "Iran", "France", "China", "Turkey", "Egypt", "Japan", "Brazil", "India", "Kenya")
VERBS = ("criticized", "praised", "met officials of", "accused", "signed a trade deal with")


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def story(n: int) -> Item:
    a, b = COUNTRIES[n % len(COUNTRIES)], COUNTRIES[(n * 3 + 1) % len(COUNTRIES)]
    if a == b:
        b = COUNTRIES[(n + 5) % len(COUNTRIES)]
    verb = VERBS[n % len(VERBS)]
    text = (
        f"{a} {verb} {b} on Monday over shipment number {n}, officials said. "
        f"The foreign minister of {b} travelled to the capital of {a} to discuss case {n} and the "
        f"price of grain, and both sides promised to meet again next month."
    )
    return Item(f"soak-{n}", f"Story {n}", text, date="Mon, 15 Mar 2021 09:00:00 GMT")


class Feeds:
    """The five feeds; `advance()` moves the changing feed on by two entries."""

    def __init__(self, server: FeedServer) -> None:
        self.server, self.polls, self.newest = server, 0, 0
        server.routes["/changing"] = lambda: Route(
            body=rss([story(n) for n in range(max(0, self.newest - 20), self.newest)]),
            etag=f'"{self.newest}"',
        )
        server.routes["/steady"] = Route(body=rss([story(10_000 + n) for n in range(5)]), etag='"steady"')
        server.routes["/flaky"] = lambda: (
            Route(500, b"down", "text/plain") if self.polls % 2 else Route(body=rss([story(20_000)]))
        )
        server.routes["/malformed"] = Route(body=b"<rss><channel><item><title>never closed")
        server.routes["/huge"] = Route(stream_bytes=8 * 1024 * 1024)

    def advance(self) -> None:
        self.polls += 1
        self.newest += 2


def slope_per_100(values: list[int]) -> float:
    n = len(values)
    if n < 2:
        return 0.0
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    num = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values))
    den = sum((x - mean_x) ** 2 for x in range(n))
    return 100 * num / den


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polls", type=int, default=200)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    from tidings.pipeline import Tidings

    server = FeedServer().start()
    feeds = Feeds(server)
    folder = tempfile.TemporaryDirectory()
    db = args.db or Path(folder.name) / "soak.duckdb"
    sources = Path(folder.name) / "sources.txt"
    sources.write_text(
        "\n".join(server.url(p) for p in ("/changing", "/steady", "/flaky", "/malformed", "/huge")) + "\n"
    )
    limits = FetchLimits(
        connect_timeout=2, read_timeout=2, deadline=10, max_bytes=2 * 1024 * 1024, min_interval=0
    )
    tiny = dt.timedelta(milliseconds=1)
    watcher = Watcher(
        sources,
        db,
        tidings=Tidings.load(),
        every=tiny,
        fetcher=Fetcher(limits),
        backoff=Backoff(tiny, cap=tiny, jitter=0.0),
    )
    samples, failed_polls, started = [], 0, time.monotonic()
    for _ in range(args.polls):
        feeds.advance()
        report = watcher.cycle()
        failed_polls += sum(not poll.ok for poll in report.polls)
        samples.append(rss_kib())
    seconds = time.monotonic() - started
    server.stop()
    with open_store(db, read_only=True) as store:
        stored = store.con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchall()[0]
        polls = store.con.execute("SELECT sum(polls), sum(errors) FROM feeds").fetchall()[0]
    expected = feeds.newest + 5 + 1  # every changing entry, the steady five, the flaky one
    half = samples[len(samples) // 2 :]
    print(
        f"| polls | feed requests | failed polls | articles stored / expected / distinct | "
        f"RSS after poll {WARM_UP} | RSS at end | max RSS | growth per 100 polls (2nd half) | time |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {args.polls} | {polls[0]} | {polls[1]} | {stored[0]} / {expected} / {stored[1]} | "
        f"{samples[min(WARM_UP, len(samples)) - 1] / 1024:.0f} MiB | {samples[-1] / 1024:.0f} MiB | "
        f"{max(samples) / 1024:.0f} MiB | {slope_per_100(half) / 1024:+.1f} MiB | {seconds:.0f} s |"
    )
    print(
        f"\nload average at the end: {os.getloadavg()[0]:.2f}; "
        f"failed polls seen by the watcher: {failed_polls}"
    )
    folder.cleanup()


if __name__ == "__main__":
    main()
