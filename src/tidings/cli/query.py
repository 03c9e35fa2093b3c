"""`tidings query ...`: ask the database (events, dyads, actors, quotes, articles, or read-only SQL)."""

from __future__ import annotations

import click

from ..plugins import commands
from ..store import UnsafeSQL
from ..store import query as queries
from .options import MAX_ROWS, database_errors, db_option, format_option, open_read_only, show


def _run_query(db: str, fmt: str, kind: str | None, ask) -> None:
    with open_read_only(db) as store, database_errors():
        try:
            table = ask(store)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
    show(table, fmt, kind)


def _run_page(db: str, fmt: str, kind: str, ask) -> None:
    """Print one page; when more follow, say on stderr how to get the next one."""
    with open_read_only(db) as store, database_errors():
        try:
            page = ask(store.con)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
    show(page.rows, fmt, kind)
    if page.next_cursor:
        click.echo(f"more: add --cursor {page.next_cursor}", err=True)


@click.group("query")
def query_group() -> None:
    """Ask the database: events, dyads, actors, quotes, articles, or any read-only SQL."""


@query_group.command("events")
@click.option("--source", help="Source actor code prefix(es): RUS, RUSGOV, 'RUS|IRN'.")
@click.option("--target", help="Target actor code prefix(es).")
@click.option("--actor", help="Actor code prefix(es) on either side.")
@click.option("--partner", help="With --actor: the other side of the dyad (both directions).")
@click.option("--code", help="CAMEO event code prefix(es): 03, '036|0311'.")
@click.option("--root", help="CAMEO root code(s): 11, '11|12'.")
@click.option("--plover", help="PLOVER event type(s): ACCUSE, 'ACCUSE|THREATEN'.")
@click.option("--quad-class", "quad_class", help="QuadClass 1-4 (or '3|4').")
@click.option("--since", help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Up to and including this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--country", help="ISO3 code(s) of the event's location: IRN, 'IRN|SYR'.")
@click.option("--place", help="Part of the event location's name.")
@click.option("--text", help="Words the evidence sentence contains (case-insensitive).")
@click.option("--article", help="Events of this article id.")
@click.option("--distinct", is_flag=True, help="One row per distinct event (its first report).")
@click.option("--sort", help=f"{', '.join(queries.EVENT_SORTS)}; prefix - for descending.")
@click.option(
    "--clustered",
    is_flag=True,
    help="One row per real-world event: its reports merged, with mentions, articles, independent sources "
    "and syndicated copies.",
)
@click.option("--cluster", type=int, help="Only the reports of this cluster (a cluster_id).")
@click.option(
    "--totals",
    is_flag=True,
    help="One row of sums instead: distinct events, reports, people killed, injured, arrested, kidnapped "
    "and in crowds (each real-world event once).",
)
@click.option("--limit", type=click.IntRange(min=0, max=MAX_ROWS), help="At most this many rows.")
@click.option("--cursor", help="Continue after the page that printed this cursor.")
@db_option
@format_option
def events_command(db, fmt, sort, limit, cursor, **filters) -> None:
    """Events with the sentence they were found in, oldest first."""
    if filters.pop("totals"):
        _run_query(db, fmt, None, lambda store: store.event_totals(**_without(filters, "clustered")))
        return
    if filters.pop("clustered"):
        chosen = _clustered(filters)
        _run_query(db, fmt, "clusters", lambda store: store.clustered_events(limit=limit, **chosen))
        return
    _run_page(
        db,
        fmt,
        "events",
        lambda con: queries.events_page(
            con, queries.EventFilters(**filters), sort=sort, limit=limit, cursor=cursor
        ),
    )


CLUSTERED_FILTERS = ("source", "target", "code", "root", "since", "until", "text")


def _without(filters: dict, *names: str) -> dict:
    return {name: value for name, value in filters.items() if name not in names}


def _clustered(filters: dict) -> dict:
    """The filters --clustered takes; a UsageError names any other that was given."""
    given = {name: value for name, value in filters.items() if value not in (None, False)}
    others = sorted(set(given) - set(CLUSTERED_FILTERS))
    if others:
        names = ", ".join("--" + name.replace("_", "-") for name in others)
        raise click.UsageError(f"--clustered does not take {names}")
    return given


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
@click.option("--top", type=click.IntRange(min=0, max=MAX_ROWS), default=20, show_default=True)
@click.option("--prefix", help="Only codes starting with this: RUS, 'RUS|IRN'.")
@db_option
@format_option
def actors_command(top, prefix, db, fmt) -> None:
    """The most mentioned actor codes."""
    _run_query(db, fmt, None, lambda store: store.actors(top=top, prefix=prefix))


@query_group.command("quotes")
@click.option("--speaker", help="Part of the speaker's name.")
@click.option("--code", help="Speaker code prefix: RUSGOV, IRN.")
@click.option("--text", help="Words the quote contains.")
@click.option("--article", help="Quotes of this article id.")
@click.option("--sort", type=click.Choice(["date", "-date"]), help="-date: newest first.")
@click.option("--limit", type=click.IntRange(min=0, max=MAX_ROWS))
@click.option("--cursor", help="Continue after the page that printed this cursor.")
@db_option
@format_option
def quotes_command(db, fmt, sort, limit, cursor, **filters) -> None:
    """Who said what."""
    _run_page(
        db,
        fmt,
        "quotes",
        lambda con: queries.quotes_page(
            con, queries.QuoteFilters(**filters), sort=sort, limit=limit, cursor=cursor
        ),
    )


@query_group.command("articles")
@click.option("--text", help="Words the title or text contains.")
@click.option("--since", help="Published from (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Published up to and including.")
@click.option("--sort", type=click.Choice(["published", "-published"]), help="-published: latest first.")
@click.option("--limit", type=click.IntRange(min=0, max=MAX_ROWS))
@click.option("--cursor", help="Continue after the page that printed this cursor.")
@db_option
@format_option
def articles_command(db, fmt, sort, limit, cursor, **filters) -> None:
    """Stored articles with their event and quote counts."""
    _run_page(
        db,
        fmt,
        "articles",
        lambda con: queries.articles_page(
            con, queries.ArticleFilters(**filters), sort=sort, limit=limit, cursor=cursor
        ),
    )


@query_group.command("stories")
@click.option("--all", "everything", is_flag=True, help="Also articles nobody copied (stories of one).")
@click.option("--limit", type=click.IntRange(min=0, max=MAX_ROWS))
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
        except (duckdb.Error, UnsafeSQL) as exc:
            raise click.ClickException(str(exc).splitlines()[0]) from exc
    show(table, fmt)


commands.register("query", query_group)
