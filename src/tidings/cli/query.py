"""`tidings query ...`: ask the database (events, dyads, actors, quotes, articles, or read-only SQL)."""

from __future__ import annotations

import click

from ..plugins import commands
from ..store import query as queries
from .options import db_option, format_option, open_read_only, show


def _run_query(db: str, fmt: str, kind: str | None, ask) -> None:
    with open_read_only(db) as store:
        try:
            table = ask(store)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
    show(table, fmt, kind)


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

    with open_read_only(db) as store:
        try:
            table = store.sql(statement)
        except duckdb.Error as exc:
            raise click.ClickException(str(exc).splitlines()[0]) from exc
    show(table, fmt)


commands.register("query", query_group)
