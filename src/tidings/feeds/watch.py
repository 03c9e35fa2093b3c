"""Watch feeds: poll the due ones, fetch what changed, code and store only new or changed entries.

One poll cycle: open the database, register the feeds of SOURCES, and for each feed that is due
fetch it conditionally (a 304 costs nothing), parse it, drop the entries already stored unchanged,
complete summaries from their pages, then code and store the new articles with the idempotent ingest
(one run per cycle, a transaction per batch). A feed that fails (timeout, HTTP error, malformed or
oversized body, robots.txt) gets its error recorded and a backoff; the others go on. The database is
closed between cycles, so `tidings query` (or a server) can open it while the watcher sleeps.

`stop` (a threading.Event) ends the watch cleanly: the feed or batch in hand is finished, nothing
half-written stays behind.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..records import Article, InputError
from ..store import StoreBusy, open_store
from ..store.db import Store
from ..store.loading import ingest_items
from ..store.rows import content_hash
from ..store.runs import stored_hashes
from .entries import FEED_ACCEPT, FeedEntry, FeedUnreadable, complete, parse_feed
from .fetch import Fetcher, FetchError
from .sources import FeedSource, read_sources
from .state import (
    Backoff,
    due,
    feed_states,
    known_entries,
    next_due,
    now,
    record_failure,
    record_success,
    register_feeds,
    remember_entries,
)

if TYPE_CHECKING:
    from ..pipeline import Tidings

DEFAULT_EVERY = dt.timedelta(minutes=15)
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)", re.I)
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> dt.timedelta:
    """'15m', '90s', '1h30m', '2h', '1d' -> a timedelta; ValueError for anything else."""
    compact = text.strip().lower().replace(" ", "")
    parts = _DURATION.findall(compact)
    if not compact or "".join(n + u for n, u in parts) != compact:
        raise ValueError(f"{text!r} is not a duration like 15m, 90s, 1h30m or 1d")
    seconds = sum(float(number) * _UNIT_SECONDS[unit] for number, unit in parts)
    if seconds <= 0:
        raise ValueError(f"{text!r} must be longer than zero")
    return dt.timedelta(seconds=seconds)


@dataclass(frozen=True)
class FeedPoll:
    """What polling one feed gave."""

    url: str
    ok: bool
    status: int | None
    entries: int = 0  # entries in the feed
    new: int = 0  # entries new or changed since they were last stored
    message: str | None = None  # why it failed, or pages that could not be fetched
    retry_in: dt.timedelta | None = None


@dataclass
class CycleReport:
    """One poll cycle: the feeds polled, the ingest run, errors."""

    polls: list[FeedPoll] = field(default_factory=list)
    articles: int = 0
    skipped: int = 0
    events: int = 0
    errors: list[InputError] = field(default_factory=list)
    run_id: int | None = None
    interrupted: bool = False
    next_poll: dt.datetime | None = None  # when the first feed is due again

    @property
    def failed(self) -> bool:
        return bool(self.errors) or any(not poll.ok for poll in self.polls)


@dataclass
class _Pending:
    """Entries of one feed waiting to be coded and stored."""

    url: str
    poll: FeedPoll
    articles: list[tuple[FeedEntry, Article]]
    response_etag: str | None
    response_last_modified: str | None
    complete_ids: set[str]  # articles whose page fetch (if needed) worked: their entry can be remembered


class Watcher:
    """Polls the feeds of a SOURCES file into a tidings database.

    `tidings` codes the articles; `fetcher` does the HTTP (its limits decide timeouts, size cap and
    the per-host interval). `on_poll` and `on_error` receive each feed's result and each bad
    entry or article, as they happen.
    """

    def __init__(
        self,
        sources: str | os.PathLike,
        db_path: str | os.PathLike,
        *,
        tidings: Tidings,
        every: dt.timedelta = DEFAULT_EVERY,
        fetcher: Fetcher | None = None,
        backoff: Backoff | None = None,
        stop: threading.Event | None = None,
        on_poll: Callable[[FeedPoll], None] | None = None,
        on_error: Callable[[InputError], None] | None = None,
        on_cycle: Callable[[CycleReport], None] | None = None,
        batch_size: int = 16,
        dedup: bool = True,
    ) -> None:
        self.sources, self.db_path = sources, db_path
        self.tidings, self.every = tidings, every
        self.fetcher = fetcher or Fetcher()
        self.backoff = backoff or Backoff(every)
        self.stop = stop or threading.Event()
        self.on_poll, self.on_error, self.on_cycle = on_poll, on_error, on_cycle
        self.batch_size, self.dedup = batch_size, dedup

    # ------------------------------------------------------------ running

    def run(self, *, once: bool = False) -> bool:
        """Poll until stopped (or one cycle with `once`); True when anything failed."""
        failed = False
        while not self.stop.is_set():
            try:
                report = self.cycle(once=once)
            except StoreBusy as exc:
                self._error(InputError(str(self.db_path), f"{exc}; trying again later"))
                failed = True
                if once:
                    break
                self.stop.wait(min(60.0, self.every.total_seconds()))
                continue
            failed = failed or report.failed
            if self.on_cycle is not None:
                self.on_cycle(report)
            if once or report.interrupted:
                break
            self.stop.wait(self._seconds_until(report.next_poll))
        return failed

    def _seconds_until(self, upcoming: dt.datetime | None) -> float:
        if upcoming is None:
            return self.every.total_seconds()
        return min(self.every.total_seconds(), max(0.5, (upcoming - now()).total_seconds()))

    def cycle(self, *, once: bool = False) -> CycleReport:
        """Poll every due feed once, then code and store what is new. Reads SOURCES afresh each time,
        so feeds can be added while the watcher runs. With `once` every working feed is due (cron
        keeps the pace); failing ones still wait for their backoff."""
        report = CycleReport()
        sources, errors = read_sources(self.sources)
        for error in errors:
            self._error(error)
        report.errors.extend(errors)
        with open_store(self.db_path) as store:
            register_feeds(store.con, sources)
            pending = self._poll_due(store, sources, report, None if once else self.every)
            if pending:
                self._store(store, pending, report)
            report.next_poll = next_due(store.con, [source.url for source in sources], self.every)
        return report

    # ------------------------------------------------------------ polling

    def _poll_due(
        self, store: Store, sources: Sequence[FeedSource], report: CycleReport, every: dt.timedelta | None
    ) -> list[_Pending]:
        urls = [source.url for source in sources]
        states = feed_states(store.con, urls)
        pending = []
        for url in due(states, urls, now(), every):
            if self.stop.is_set():
                report.interrupted = True
                break
            state = states[url]
            result = self._poll(store, url, state.etag, state.last_modified)
            if isinstance(result, _Pending):
                pending.append(result)
                continue
            report.polls.append(result)
            self._polled(result)
        return pending

    def _poll(
        self, store: Store, url: str, etag: str | None, last_modified: str | None
    ) -> _Pending | FeedPoll:
        try:
            response = self.fetcher.get(url, etag=etag, last_modified=last_modified, accept=FEED_ACCEPT)
            if response.status == 304:
                record_success(
                    store.con,
                    url,
                    status=304,
                    validators=None,
                    entries=0,
                    stored=0,
                    wait=self.backoff.after_success(),
                )
                return FeedPoll(url, True, 304)
            entries, bad = parse_feed(url, response.body)
        except (FetchError, FeedUnreadable) as exc:
            status = exc.status if isinstance(exc, FetchError) else None
            retry_after = exc.retry_after if isinstance(exc, FetchError) else None
            wait = record_failure(
                store.con, url, str(exc), status=status, backoff=self.backoff, retry_after=retry_after
            )
            return FeedPoll(url, False, status, message=str(exc), retry_in=wait)
        for error in bad:
            self._error(error)
        known = known_entries(store.con, url)
        fresh = [entry for entry in entries if known.get(entry.key) != entry.entry_hash]
        articles, complete_ids, page_errors = [], set(), []
        for entry in fresh:
            if self.stop.is_set():
                break  # the rest waits for the next poll: this poll will not count as complete
            article, problem = complete(self.fetcher, entry)
            articles.append((entry, article))
            if problem is None:
                complete_ids.add(article.id)
            else:
                page_errors.append(problem)
        message = f"{len(page_errors)} linked page(s) not read: {page_errors[0]}" if page_errors else None
        poll = FeedPoll(url, True, response.status, entries=len(entries), new=len(fresh), message=message)
        return _Pending(url, poll, articles, response.etag, response.last_modified, complete_ids)

    # ------------------------------------------------------------ storing

    def _store(self, store: Store, pending: list[_Pending], report: CycleReport) -> None:
        """Code and store the new entries of every polled feed as one run, then record each feed."""
        articles = {article.id: article for feed in pending for _, article in feed.articles}
        summary = ingest_items(
            store,
            list(articles.values()),
            [feed.url for feed in pending],
            tidings=self.tidings,
            batch_size=self.batch_size,
            on_error=self._collect(report),
            dedup=self.dedup,
            stop=self.stop.is_set,
        )
        report.run_id, report.articles, report.skipped = summary.run_id, summary.articles, summary.skipped
        report.events = summary.events
        report.interrupted = report.interrupted or summary.status != "finished"
        stored = stored_hashes(store.con, list(articles))
        for feed in pending:
            done = [
                (entry.key, article.id, entry.entry_hash)
                for entry, article in feed.articles
                if stored.get(article.id) == content_hash(article) and article.id in feed.complete_ids
            ]
            remember_entries(store.con, feed.url, done)
            # The validators are kept only when every new entry is stored: otherwise the next poll
            # would get a 304 and never see the entries still missing.
            everything = len(done) == feed.poll.new
            record_success(
                store.con,
                feed.url,
                status=feed.poll.status or 200,
                validators=(feed.response_etag, feed.response_last_modified) if everything else (None, None),
                entries=feed.poll.entries,
                stored=len(done),
                wait=self.backoff.after_success(),
            )
            report.polls.append(feed.poll)
            self._polled(feed.poll)

    def _collect(self, report: CycleReport) -> Callable[[InputError], None]:
        def collect(error: InputError) -> None:
            report.errors.append(error)
            self._error(error)

        return collect

    def _polled(self, poll: FeedPoll) -> None:
        if self.on_poll is not None:
            self.on_poll(poll)

    def _error(self, error: InputError) -> None:
        if self.on_error is not None:
            self.on_error(error)
