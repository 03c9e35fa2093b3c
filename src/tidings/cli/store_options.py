"""Options of the database commands: `--db` and `--format`, and opening the store at the CLI edge."""

from __future__ import annotations

import shutil

import click
import pyarrow as pa

from ..store import DB_ENV, DEFAULT_DB, SchemaError, StoreBusy, open_store
from ..store.render import RENDERERS, format_table

OUTPUT_FORMATS = tuple(RENDERERS)
# The columns a person reads in table output; csv and json give every column.
TABLE_COLUMNS = {
    "events": ("date", "source", "target", "code", "plover", "goldstein", "mentions", "sentence"),
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


def open_read_only(db: str):
    try:
        return open_store(db, read_only=True)
    except (FileNotFoundError, SchemaError, StoreBusy) as exc:
        raise click.ClickException(str(exc)) from exc


def show(table: pa.Table, fmt: str, kind: str | None = None) -> None:
    """A query's result as `fmt`; tables show the columns a person reads for `kind`."""
    if fmt != "table":
        click.echo(RENDERERS[fmt](table), nl=False)
        return
    columns = [c for c in TABLE_COLUMNS.get(kind or "", ()) if c in table.column_names]
    shown = table.select(columns) if columns else table
    click.echo(format_table(shown, max_width=shutil.get_terminal_size((160, 24)).columns))
