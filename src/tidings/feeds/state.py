"""Per-feed polling state and the entries already stored, kept in the tidings database.

`feeds` has one row per feed URL: when it was last polled and last succeeded, the validators for the
next conditional request (ETag, Last-Modified), when it is due again, and its error counts.
`feed_entries` remembers, per feed entry, the hash of what the feed said about it when it was last
stored, so an unchanged entry is skipped before any page is fetched or anything is coded.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from duckdb import DuckDBPyConnection

from .sources import FeedSource

MAX_ERROR_CHARS = 500
# A feed polled 14 min 59 s ago is due in a 15-minute cycle: cycles start a little after their time.
DUE_TOLERANCE = dt.timedelta(seconds=2)


@dataclass(frozen=True, slots=True)
class FeedState:
    url: str
    etag: str | None
    last_modified: str | None
    next_poll: dt.datetime | None
    consecutive_errors: int
    last_poll: dt.datetime | None


@dataclass(frozen=True)
class Backoff:
    """When to poll again: every `interval` while a feed works; after failures the wait doubles per
    consecutive failure up to `cap`, with up to `jitter` of it added at random so feeds that failed
    together (one host down) do not all come back at the same second."""

    interval: dt.timedelta
    cap: dt.timedelta = dt.timedelta(hours=24)
    jitter: float = 0.1

    def after_success(self) -> dt.timedelta:
        return self.interval

    def after_failure(self, consecutive: int, retry_after: float | None = None, rng=random) -> dt.timedelta:
        cap = self.cap.total_seconds()
        # In float seconds with a bounded exponent: a feed failing for weeks must not overflow.
        wait = min(cap, self.interval.total_seconds() * 2.0 ** min(max(0, consecutive - 1), 64))
        if retry_after is not None:
            wait = max(wait, min(cap, retry_after))
        return dt.timedelta(seconds=min(cap, wait * (1.0 + self.jitter * rng.random())))


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def register_feeds(con: DuckDBPyConnection, sources: Sequence[FeedSource]) -> None:
    """Add the feeds not yet known (due at once); a known feed keeps its state."""
    for source in sources:
        con.execute(
            "INSERT INTO feeds (url, title, added) VALUES (?, ?, ?) ON CONFLICT (url) DO UPDATE "
            "SET title = coalesce(excluded.title, feeds.title)",
            [source.url, source.title, now()],
        )


def feed_states(con: DuckDBPyConnection, urls: Sequence[str]) -> dict[str, FeedState]:
    rows = con.execute(
        "SELECT url, etag, last_modified, next_poll, consecutive_errors, last_poll FROM feeds "
        "WHERE url IN (SELECT unnest(?))",
        [list(urls)],
    ).fetchall()
    return {row[0]: FeedState(*row) for row in rows}


def is_due(state: FeedState | None, at: dt.datetime, every: dt.timedelta | None) -> bool:
    """A failing feed is due when its backoff is over. A working one is due `every` after its last
    poll (the interval of this run, whatever an earlier run used), or always when `every` is None (a
    one-off poll from cron, which sets the pace itself)."""
    if state is None or state.last_poll is None:
        return True
    if state.consecutive_errors > 0:
        return state.next_poll is None or state.next_poll <= at
    return every is None or state.last_poll + every <= at + DUE_TOLERANCE


def due(
    states: dict[str, FeedState], urls: Sequence[str], at: dt.datetime, every: dt.timedelta | None
) -> list[str]:
    """The feeds among `urls` that are due at `at`, in the order given."""
    return [url for url in urls if is_due(states.get(url), at, every)]


def next_due(con: DuckDBPyConnection, urls: Sequence[str], every: dt.timedelta) -> dt.datetime | None:
    """When the first of `urls` falls due (see `is_due`)."""
    states = feed_states(con, urls)
    times = [
        (state.next_poll if state.consecutive_errors > 0 else state.last_poll + every)
        if state.last_poll is not None
        else None
        for state in states.values()
    ]
    if any(t is None for t in times) or len(states) < len(set(urls)):
        return now()
    return min((t for t in times if t is not None), default=None)


def record_success(
    con: DuckDBPyConnection,
    url: str,
    *,
    status: int,
    validators: tuple[str | None, str | None] | None,
    entries: int,
    stored: int,
    wait: dt.timedelta,
) -> None:
    """A poll that worked. `validators` (ETag, Last-Modified) for the next conditional request;
    None keeps the ones stored (after a 304)."""
    polled = now()
    con.execute(
        "UPDATE feeds SET last_poll = ?, last_success = ?, next_poll = ?, last_status = ?, "
        "consecutive_errors = 0, polls = polls + 1, entries = CASE WHEN ? THEN entries ELSE ? END, "
        "stored = stored + ?, last_error = NULL WHERE url = ?",
        [polled, polled, polled + wait, status, validators is None, entries, stored, url],
    )
    if validators is not None:
        con.execute("UPDATE feeds SET etag = ?, last_modified = ? WHERE url = ?", [*validators, url])


def record_failure(
    con: DuckDBPyConnection,
    url: str,
    message: str,
    *,
    status: int | None,
    backoff: Backoff,
    retry_after: float | None = None,
) -> dt.timedelta:
    """Count a failed poll and schedule the retry; returns the wait."""
    consecutive = (
        con.execute("SELECT consecutive_errors FROM feeds WHERE url = ?", [url]).fetchall()[0][0] + 1
    )
    wait = backoff.after_failure(consecutive, retry_after)
    polled = now()
    con.execute(
        """UPDATE feeds SET last_poll = ?, next_poll = ?, last_status = ?, consecutive_errors = ?,
               errors = errors + 1, polls = polls + 1, last_error = ?
           WHERE url = ?""",
        [polled, polled + wait, status, consecutive, message[:MAX_ERROR_CHARS], url],
    )
    return wait


def known_entries(con: DuckDBPyConnection, feed_url: str) -> dict[str, str]:
    """entry key -> hash of the entry as it was when last stored."""
    rows = con.execute(
        "SELECT entry_key, entry_hash FROM feed_entries WHERE feed_url = ?", [feed_url]
    ).fetchall()
    return dict(rows)


def remember_entries(con: DuckDBPyConnection, feed_url: str, entries: Sequence[tuple[str, str, str]]) -> None:
    """Record (entry key, article id, entry hash) as stored."""
    seen = now()
    for key, article_id, entry_hash in entries:
        con.execute(
            "INSERT INTO feed_entries (feed_url, entry_key, article_id, entry_hash, first_seen, last_seen) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (feed_url, entry_key) DO UPDATE SET "
            "article_id = excluded.article_id, entry_hash = excluded.entry_hash, "
            "last_seen = excluded.last_seen",
            [feed_url, key, article_id, entry_hash, seen, seen],
        )
