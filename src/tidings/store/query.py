"""Questions analysts ask of a tidings database, answered as pyarrow Tables.

Every filter value is bound as a query parameter; no user text is ever pasted into SQL.
Actor and event codes match as prefixes: source "RUS" keeps RUSGOV and RUSMIL, code "03" keeps 036.
"""

from __future__ import annotations

import pyarrow as pa
from duckdb import DuckDBPyConnection

from .filters import (
    Where,
    add_contains,
    add_date_range,
    add_prefixes,
    add_roots,
    limit_clause,
    sortable_date,
)

TABLES = (
    "articles",
    "sentences",
    "actors",
    "events",
    "event_clusters",
    "quotes",
    "places",
    "runs",
    "errors",
    "schema_version",
)
PERIODS = ("day", "week", "month", "year")
# The date an event is counted under: its own, else its article's publication date; and that date as
# text that sorts with days, months and years (a week as its Monday, a quarter as its first month).
EVENT_DAY = "coalesce(e.date, CAST(a.published AS VARCHAR))"
EVENT_SORT_DAY = sortable_date(EVENT_DAY)
_SOURCE, _TARGET = "coalesce(e.source_code, '')", "coalesce(e.target_code, '')"
# Periods for the dyad: a date finer than the period falls in it (a week in the month of its Monday); a
# coarser one stays as it is ("2019-Q2" by month, "2019" by week).
_PERIOD_SQL = {
    "day": "d",
    "week": "CASE WHEN length(d) = 10 THEN strftime(CAST(d AS DATE), '%G-W%V') ELSE d END",
    "month": f"CASE WHEN d LIKE '____-W%' THEN left({sortable_date('d')}, 7) "
    "WHEN length(d) >= 7 THEN left(d, 7) ELSE d END",
    "year": "left(d, 4)",
}


def _fetch(con: DuckDBPyConnection, sql: str, params: list) -> pa.Table:
    return con.sql(sql, params=params).to_arrow_table()


def events(
    con: DuckDBPyConnection,
    *,
    source: str | None = None,
    target: str | None = None,
    code: str | None = None,
    root: str | None = None,
    since: str | None = None,
    until: str | None = None,
    text: str | None = None,
    distinct: bool = False,
    limit: int | None = None,
) -> pa.Table:
    """Events, oldest first, with the sentence they were found in and their cluster's report counts.

    `distinct` keeps one row per distinct event (the earliest report of each cluster).
    """
    where = Where()
    add_prefixes(where, "e.source_code", source)
    add_prefixes(where, "e.target_code", target)
    add_prefixes(where, "e.code", code)
    add_roots(where, "e.root_code", root)
    add_date_range(where, EVENT_SORT_DAY, since, until)
    add_contains(where, "e.sentence", text)
    if distinct:
        where.add("e.id = c.event_id")
    sql = f"""
        SELECT {EVENT_DAY} AS date, e.source_code AS source, e.target_code AS target, e.code, e.root_code,
               e.quad_class, e.goldstein, e.plover, e.plover_mode, e.verb, e.sentence,
               c.mentions, c.sources, c.articles, e.source_text, e.target_text, e.location_name,
               e.tone, e.id, e.cluster_id, e.article_id, e.sentence_index, a.title, a.url
        FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN event_clusters c ON c.id = e.cluster_id
        {where.sql()}
        ORDER BY {EVENT_SORT_DAY} NULLS LAST, e.article_id, e.sentence_index, e.id"""
    params = list(where.params)
    return _fetch(con, sql + limit_clause(limit, params), params)


def dyad(con: DuckDBPyConnection, actor1: str, actor2: str, *, by: str = "month") -> pa.Table:
    """Events between two actors (code prefixes), both directions, per period: distinct events,
    mentions, mean Goldstein score and the distinct events of each QuadClass."""
    if by not in _PERIOD_SQL:
        raise ValueError(f"by must be one of {', '.join(PERIODS)}, not {by!r}")
    forward, backward = f"{actor1}->{actor2}", f"{actor2}->{actor1}"
    sql = f"""
        WITH mentions AS (
            SELECT CASE WHEN starts_with({_SOURCE}, ?) AND starts_with({_TARGET}, ?) THEN ? ELSE ? END
                       AS direction,
                   {EVENT_DAY} AS d, e.cluster_id, e.goldstein, e.quad_class
            FROM events e JOIN articles a ON a.id = e.article_id
            WHERE (starts_with({_SOURCE}, ?) AND starts_with({_TARGET}, ?))
               OR (starts_with({_SOURCE}, ?) AND starts_with({_TARGET}, ?))
        ), distinct_events AS (
            SELECT coalesce({_PERIOD_SQL[by]}, 'undated') AS period, direction, cluster_id,
                   count(*) AS mentions, any_value(goldstein) AS goldstein,
                   any_value(quad_class) AS quad_class
            FROM mentions GROUP BY ALL
        )
        SELECT period, direction, count(*) AS events, sum(mentions)::BIGINT AS mentions,
               round(avg(goldstein), 2) AS goldstein,
               count(*) FILTER (WHERE quad_class = 1) AS verbal_coop,
               count(*) FILTER (WHERE quad_class = 2) AS material_coop,
               count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
               count(*) FILTER (WHERE quad_class = 4) AS material_conflict
        FROM distinct_events GROUP BY period, direction ORDER BY period, direction"""
    params = [actor1, actor2, forward, backward, actor1, actor2, actor2, actor1]
    return _fetch(con, sql, params)


def actors(con: DuckDBPyConnection, *, top: int | None = 20) -> pa.Table:
    """The most mentioned actor codes, with how often each is an event's source or target."""
    sql = """
        WITH mentioned AS (
            SELECT code, count(*) AS mentions, count(DISTINCT article_id) AS articles,
                   mode(coalesce(name, text)) AS example
            FROM actors GROUP BY code
        ), sources AS (SELECT source_code AS code, count(*) AS n FROM events GROUP BY ALL),
        targets AS (SELECT target_code AS code, count(*) AS n FROM events GROUP BY ALL)
        SELECT m.code, m.mentions, m.articles, coalesce(s.n, 0) AS as_source, coalesce(t.n, 0) AS as_target,
               m.example
        FROM mentioned m LEFT JOIN sources s USING (code) LEFT JOIN targets t USING (code)
        ORDER BY m.mentions DESC, m.code"""
    params: list = []
    return _fetch(con, sql + limit_clause(top, params), params)


def quotes(
    con: DuckDBPyConnection,
    *,
    speaker: str | None = None,
    code: str | None = None,
    text: str | None = None,
    limit: int | None = None,
) -> pa.Table:
    """Quotes, oldest first; `speaker` matches part of the name, `code` a prefix of the speaker's code."""
    where = Where()
    add_contains(where, "coalesce(q.speaker, '')", speaker)
    add_prefixes(where, "q.speaker_code", code)
    add_contains(where, "q.text", text)
    sql = f"""
        SELECT a.published AS date, q.speaker, q.speaker_code, q.kind, q.text, a.title, q.article_id,
               q.sentence_index, a.url
        FROM quotes q JOIN articles a ON a.id = q.article_id
        {where.sql()}
        ORDER BY a.published NULLS LAST, q.article_id, q.start"""
    params = list(where.params)
    return _fetch(con, sql + limit_clause(limit, params), params)


def articles(
    con: DuckDBPyConnection,
    *,
    text: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> pa.Table:
    """Stored articles with their event and quote counts; `text` searches title and body."""
    where = Where()
    add_contains(where, "a.title || ' ' || a.text", text)
    add_date_range(where, "CAST(a.published AS VARCHAR)", since, until)
    sql = f"""
        SELECT a.id, a.published, a.title, a.domain, a.source, a.url, a.tone,
               (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events,
               (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes
        FROM articles a
        {where.sql()}
        ORDER BY a.published NULLS LAST, a.id"""
    params = list(where.params)
    return _fetch(con, sql + limit_clause(limit, params), params)


def runs(con: DuckDBPyConnection) -> pa.Table:
    return _fetch(con, "SELECT * FROM runs ORDER BY id", [])


def whole_table(con: DuckDBPyConnection, name: str) -> pa.Table:
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; tables: {', '.join(TABLES)}")
    return _fetch(con, f"SELECT * FROM {name}", [])


def sql(con: DuckDBPyConnection, text: str, params: list | dict | None = None) -> pa.Table:
    """Run an analyst's SQL; open the store read-only to make sure it changes nothing."""
    relation = con.sql(text, params=params)
    return relation.to_arrow_table() if relation is not None else pa.table({})
