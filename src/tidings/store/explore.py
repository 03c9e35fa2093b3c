"""Aggregates for exploring a database: totals, events over time, top dyads, an actor's partners and
event types, and where events happened. Each answers with a pyarrow Table; filters are bound values.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
from duckdb import DuckDBPyConnection

from .filters import Where, add_prefixes, limit_clause
from .query import ALL_EVENTS, EVENT_DAY, EventFilters, arrow_of, event_key_tables, event_where


@dataclass(frozen=True)
class Totals:
    articles: int
    events: int
    distinct_events: int
    quotes: int
    places: int
    actors: int  # distinct actor codes mentioned
    first_day: str | None
    last_day: str | None


def totals(con: DuckDBPyConnection) -> Totals:
    row = con.execute(
        """SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events),
                   (SELECT count(*) FROM event_clusters), (SELECT count(*) FROM quotes),
                   (SELECT count(*) FROM places), (SELECT count(DISTINCT code) FROM actors),
                   (SELECT min(day) FROM events), (SELECT max(day) FROM events)"""
    ).fetchall()[0]
    return Totals(*row)


def events_by_month(con: DuckDBPyConnection, filters: EventFilters = ALL_EVENTS) -> pa.Table:
    """Events per month and QuadClass (undated events left out): month, quad_class, events."""
    where = event_where(filters)
    where.add(f"{EVENT_DAY} IS NOT NULL")
    sql = f"""
        SELECT left({EVENT_DAY}, 7) AS month, e.quad_class, count(*) AS events
        FROM {event_key_tables(filters)}{where.sql()}
        GROUP BY ALL ORDER BY month, e.quad_class"""
    return arrow_of(con, sql, where.params)


def top_dyads(con: DuckDBPyConnection, *, limit: int = 10) -> pa.Table:
    """The actor pairs with the most events, either direction: actor1, actor2 (in code order), events,
    mean Goldstein, and the events of each direction."""
    params: list = []
    sql = """
        SELECT least(source_code, target_code) AS actor1, greatest(source_code, target_code) AS actor2,
               count(*) AS events, round(avg(goldstein), 2) AS goldstein,
               count(*) FILTER (WHERE source_code <= target_code) AS forward,
               count(*) FILTER (WHERE source_code > target_code) AS backward
        FROM events WHERE target_code IS NOT NULL AND source_code <> target_code
        GROUP BY ALL ORDER BY events DESC, actor1, actor2"""
    return arrow_of(con, sql + limit_clause(limit, params), params)


def partners(con: DuckDBPyConnection, actor: str, *, limit: int = 20) -> pa.Table:
    """Who `actor` (a code prefix) deals with: partner code, events to and from it, mean Goldstein."""
    sql = """
        WITH sides AS (
            SELECT target_code AS partner, 1 AS outgoing, goldstein FROM events
            WHERE starts_with(coalesce(source_code, ''), ?) AND target_code IS NOT NULL
              AND NOT starts_with(target_code, ?)
            UNION ALL
            SELECT source_code, 0, goldstein FROM events
            WHERE starts_with(coalesce(target_code, ''), ?) AND NOT starts_with(coalesce(source_code, ''), ?)
        )
        SELECT partner, count(*) AS events, sum(outgoing)::BIGINT AS outgoing,
               (count(*) - sum(outgoing))::BIGINT AS incoming, round(avg(goldstein), 2) AS goldstein
        FROM sides GROUP BY partner ORDER BY events DESC, partner"""
    params: list = [actor, actor, actor, actor]
    return arrow_of(con, sql + limit_clause(limit, params), params)


def event_types(con: DuckDBPyConnection, actor: str) -> pa.Table:
    """What `actor` (a code prefix) does and has done to it, by CAMEO root: root, as_source, as_target."""
    sql = """
        SELECT root_code AS root,
               count(*) FILTER (WHERE starts_with(coalesce(source_code, ''), ?)) AS as_source,
               count(*) FILTER (WHERE starts_with(coalesce(target_code, ''), ?)) AS as_target
        FROM events
        WHERE starts_with(coalesce(source_code, ''), ?) OR starts_with(coalesce(target_code, ''), ?)
        GROUP BY root_code ORDER BY root_code"""
    return arrow_of(con, sql, [actor] * 4)


def actor_names(con: DuckDBPyConnection, code: str, *, limit: int = 5) -> list[str]:
    """How the texts name the actor `code` (exact), most frequent first."""
    rows = con.execute(
        """SELECT coalesce(name, text) AS label FROM actors WHERE code = ?
           GROUP BY label ORDER BY count(*) DESC, label LIMIT ?""",
        [code, limit],
    ).fetchall()
    return [label for (label,) in rows]


def places(con: DuckDBPyConnection, filters: EventFilters = ALL_EVENTS, *, limit: int = 500) -> pa.Table:
    """Where events happened: name, country, lat, lon, events, mean Goldstein; busiest first."""
    where = event_where(filters)
    where.add("e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL")
    sql = f"""
        SELECT e.location_name AS name, any_value(e.location_country) AS country,
               e.location_lat AS lat, e.location_lon AS lon, count(*) AS events,
               round(avg(e.goldstein), 2) AS goldstein
        FROM {event_key_tables(filters)}{where.sql()}
        GROUP BY e.location_name, e.location_lat, e.location_lon
        ORDER BY events DESC, name"""
    params = list(where.params)
    return arrow_of(con, sql + limit_clause(limit, params), params)


def speakers(con: DuckDBPyConnection, code: str | None = None, *, limit: int = 20) -> pa.Table:
    """The speakers quoted most (whose code starts with `code`): speaker, speaker_code, quotes."""
    where = Where()
    add_prefixes(where, "speaker_code", code)
    sql = f"""SELECT speaker, speaker_code, count(*) AS quotes FROM quotes{where.sql()}
              GROUP BY ALL ORDER BY quotes DESC, speaker"""
    params = list(where.params)
    return arrow_of(con, sql + limit_clause(limit, params), params)
