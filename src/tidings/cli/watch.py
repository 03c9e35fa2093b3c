"""`tidings watch` (poll feeds into the database) and `tidings feeds` (their state)."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

import click
import duckdb

from ..errors import StoreError
from ..feeds import CycleReport, FeedPoll, FetchLimits, Watcher, parse_every
from ..feeds.fetch import Fetcher
from ..plugins import commands
from ..records import InputError
from ..store import open_store
from .options import (
    DatabaseProblem,
    actors_option,
    database_errors,
    db_option,
    format_option,
    load_tidings,
    model_option,
    open_read_only,
    show,
)


def _every(_ctx, _param, value: str) -> object:
    try:
        return parse_every(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _poll_line(poll: FeedPoll) -> str:
    if not poll.ok:
        retry = f" (next try in {_human(poll.retry_in.total_seconds())})" if poll.retry_in else ""
        return f"error: {poll.url}: {poll.message}{retry}"
    if poll.status == 304:
        return f"{poll.url}: unchanged (304)"
    note = f"; {poll.message}" if poll.message else ""
    return f"{poll.url}: {poll.entries} entries, {poll.new} new or changed{note}"


def _human(seconds: float) -> str:
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f}{unit}"
    return f"{seconds:.0f}s"


@contextmanager
def _stop_on_signals(stop: threading.Event):
    """SIGINT / SIGTERM: finish the batch in hand and stop; a second SIGINT stops at once."""

    def finish(signum, _frame) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()
        click.echo("stopping after the current batch (Ctrl-C again to stop at once)", err=True)

    previous = {sig: signal.signal(sig, finish) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@click.command("watch")
@click.argument("sources", type=click.Path(exists=True, dir_okay=False))
@db_option
@click.option(
    "--every", default="15m", show_default=True, callback=_every, help="How often to poll: 90s, 15m, 1h."
)
@click.option("--once", is_flag=True, help="Poll the due feeds once and exit (for cron).")
@model_option
@actors_option
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=20.0,
    show_default=True,
    help="Connect and read timeout in seconds.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1024),
    default=10 * 1024 * 1024,
    show_default=True,
    help="Largest response read; larger ones are an error.",
)
@click.option(
    "--host-interval",
    type=click.FloatRange(min=0.0),
    default=1.0,
    show_default=True,
    help="Seconds between two requests to one host.",
)
@click.option("--quiet", "-q", is_flag=True, help="Only errors and the summary.")
def watch_command(sources, db, every, once, model, actors, timeout, max_bytes, host_interval, quiet) -> None:
    """Poll the RSS/Atom feeds listed in SOURCES (one URL per line, # comments, or an OPML file) and
    store their new or changed articles. Exit code 1 when any feed or article failed."""
    with database_errors():  # one sentence, exit 2
        open_store(db).close()  # fail fast (busy, newer schema, not a database) before the pipeline load
    limits = FetchLimits(
        connect_timeout=timeout, read_timeout=timeout, max_bytes=max_bytes, min_interval=host_interval
    )
    stop = threading.Event()
    fetcher = Fetcher(limits, sleep=stop.wait)

    def polled(poll: FeedPoll) -> None:
        if not poll.ok or not quiet:
            click.echo(_poll_line(poll), err=True)

    def bad(error: InputError) -> None:
        click.echo(str(error), err=True)

    def cycle(report: CycleReport) -> None:
        failed = sum(not poll.ok for poll in report.polls)
        click.echo(
            f"{'stopped' if report.interrupted else 'polled'}: {len(report.polls)} feeds ({failed} failed), "
            f"{report.articles} articles coded and stored, {report.skipped} unchanged, "
            f"{report.skipped_language} skipped for their language, "
            f"{report.events} events, {len(report.errors)} errors -> {db}"
            + (f" [run {report.run_id}]" if report.run_id else ""),
            err=True,
        )

    watcher = Watcher(
        sources,
        db,
        tidings=load_tidings(model, actors=actors),
        every=every,
        fetcher=fetcher,
        stop=stop,
        on_poll=polled,
        on_error=bad,
        on_cycle=cycle,
    )
    try:
        with _stop_on_signals(stop):
            failed = watcher.run(once=once)
    except KeyboardInterrupt:
        click.echo("interrupted: every finished batch is stored", err=True)
        raise click.exceptions.Exit(130) from None
    except StoreError as exc:  # e.g. a full disk: the open batch was rolled back, nothing else lost
        raise DatabaseProblem(str(exc)) from exc
    except duckdb.Error as exc:
        raise DatabaseProblem(f"{db}: {str(exc).splitlines()[0]}") from exc
    finally:
        fetcher.close()
    if failed:
        raise click.exceptions.Exit(1)


@click.command("feeds")
@db_option
@format_option
def feeds_command(db, fmt) -> None:
    """The watched feeds: last poll and success, next poll, HTTP status, error counts, last error."""
    with open_read_only(db) as store:
        table = store.feeds()
    show(table, fmt)


commands.register("watch", watch_command)
commands.register("feeds", feeds_command)
