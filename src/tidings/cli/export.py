"""`tidings export`: the database in any registered export format (built-in or a plugin's)."""

from __future__ import annotations

import click

from ..plugins import commands
from ..store import query as queries
from ..store.export import ExportError, export_formats
from ..terminal import printable
from .options import database_errors, db_option, open_read_only


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(export_formats()),
    required=True,
    help="parquet: one file per table in the --out folder; csv, jsonl: one table (--table); "
    "gdelt: GDELT 2.0 event table (61 tab-separated columns, one line per distinct event); "
    "plover: PLOVER JSON, one event per line; plugins add more.",
)
@click.option("--out", type=click.Path(), required=True, help="Output file (a folder for parquet).")
@click.option(
    "--table",
    type=click.Choice(queries.TABLES),
    default="events",
    show_default=True,
    help="The table for csv and jsonl.",
)
@click.option("--force", is_flag=True, help="Replace the --out file (or the table files in an --out folder).")
@db_option
def export_command(fmt, out, table, force, db) -> None:
    """Export the database for other tools. The export is written in full under a temporary name and
    then moved into place: a failure leaves nothing partial behind."""
    with open_read_only(db) as store, database_errors():
        try:
            written = store.export(fmt, out, table=table, overwrite=force)
        except ExportError as exc:
            raise click.ClickException(str(exc)) from exc
    unit = "table files" if fmt == "parquet" else "rows"
    click.echo(printable(f"wrote {written} {unit} to {out}"), err=True)


commands.register("export", export_command)
