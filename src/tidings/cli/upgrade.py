"""`tidings upgrade`: bring a database written by an older tidings up to the current schema."""

from __future__ import annotations

from pathlib import Path

import click

from ..plugins import commands
from ..terminal import printable
from .options import DatabaseProblem, db_option, open_writable


@click.command("upgrade")
@db_option
def upgrade_command(db) -> None:
    """Upgrade the database in place to this tidings' schema. Queries and exports open a database
    read-only and never change it, so an older database is upgraded here, once."""
    if not Path(db).exists():
        raise DatabaseProblem(f"no tidings database at {db}")
    with open_writable(db) as store:
        version = store.schema_version
    click.echo(printable(f"{db}: schema v{version}"), err=True)


commands.register("upgrade", upgrade_command)
