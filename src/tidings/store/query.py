"""Questions analysts ask of a tidings database, answered as pyarrow Tables.

Every filter value is bound as a query parameter; no user text is ever pasted into SQL.
Actor and event codes match as prefixes: source "RUS" keeps RUSGOV and RUSMIL, code "03" keeps 036.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
from duckdb import DuckDBPyConnection

from .filters import (
    MAX_LIMIT,
    Where,
    add_any_prefixes,
    add_contains,
    add_date_range,
    add_exact,
    add_pair,
    add_prefixes,
    add_quad_classes,
    add_roots,
    alternatives,
    limit_clause,
    sortable_date,
)
from .paging import (
    KeyPage,
    Order,
    Page,
    Sort,
    SortKey,
    add_cursor,
    check_limit,
    key_page_of,
    page_of,
    parse_order,
)
from .sandbox import run_select

TABLES = (
    "articles",
    "sentences",
    "actors",
    "events",
    "event_clusters",
    "cluster_members",
    "article_stories",
    "syndication_links",
    "feeds",
    "feed_entries",
    "quotes",
    "places",
    "runs",
    "errors",
    "schema_version",
)
PERIODS = ("day", "week", "month", "year")
# The date an event is counted under: its own, else its article's publication date, stored as `day` in a
# form that sorts and compares with ISO days (a week as its Monday, a quarter as its first month).
EVENT_DAY = "e.day"
_SOURCE, _TARGET = "coalesce(e.source_code, '')", "coalesce(e.target_code, '')"
# Periods for the dyad, from a date as written ("2019-04-22", "2019-W16", "2019-04", "2019-Q2", "2019"):
# a date finer than the period falls in it (a week in the month of its Monday); a coarser one stays as
# it is ("2019-Q2" by month, "2019" by week).
_PERIOD_SQL = {
    "day": "d",
    "week": "CASE WHEN length(d) = 10 THEN strftime(CAST(d AS DATE), '%G-W%V') ELSE d END",
    "month": f"CASE WHEN d LIKE '____-W%' THEN left({sortable_date('d')}, 7) "
    "WHEN length(d) >= 7 THEN left(d, 7) ELSE d END",
    "year": "left(d, 4)",
}


# DuckDB warns that Arrow read from an executed statement is copied once more. For answers of a few
# hundred rows the copy costs less than `con.sql(...)`, which binds the statement once more before
# running it (3 ms of the 10 a dyad took): the warning is silenced for this module's reads only.
warnings.filterwarnings(
    "ignore", message="Arrow output on a DB-API result", category=UserWarning, module=__name__
)


def arrow_of(con: DuckDBPyConnection, sql: str, params: list) -> pa.Table:
    """The rows of one statement, its parameters bound, as an Arrow table."""
    return con.execute(sql, params).to_arrow_table()



@dataclass(frozen=True)
class EventFilters:
    """What `events` keeps. Codes match as prefixes ("RUS" keeps RUSGOV); "|" or "," separates
    alternatives ("RUS|IRN"). `actor` is either side; `actor` + `partner` is a dyad, both directions."""

    source: str | None = None
    target: str | None = None
    actor: str | None = None
    partner: str | None = None
    code: str | None = None  # CAMEO code prefix
    root: str | None = None  # CAMEO root code, "11" or "4"
    plover: str | None = None  # PLOVER event type, "ACCUSE|THREATEN"
    quad_class: str | None = None  # 1-4, "3|4"
    since: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    until: str | None = None
    country: str | None = None  # ISO3 of the event's location, "IRN|SYR"
    place: str | None = None  # part of the location's name
    text: str | None = None  # words of the evidence sentence
    article: str | None = None  # an article id
    distinct: bool = False  # one row per distinct event (its first report)
    cluster: int | None = None  # the reports of one real-world event (an event cluster id)


ALL_EVENTS = EventFilters()


EVENT_SORTS = {
    sort.name: sort
    for sort in (
        Sort(
            "date",
            (
                SortKey(EVENT_DAY, str),
                SortKey("e.article_id", str),
                SortKey("e.sentence_index", int),
                SortKey("e.id", int),
            ),
        ),
        Sort("goldstein", (SortKey("e.goldstein", float), SortKey("e.id", int))),
        Sort("code", (SortKey("e.code", str), SortKey("e.id", int))),
        Sort("source", (SortKey("e.source_code", str), SortKey("e.id", int))),
        Sort("target", (SortKey("e.target_code", str), SortKey("e.id", int))),
        Sort("quad_class", (SortKey("e.quad_class", int), SortKey("e.id", int))),
        Sort("mentions", (SortKey("e.cluster_mentions", int), SortKey("e.id", int))),
        Sort("tone", (SortKey("e.tone", float), SortKey("e.id", int))),
    )
}
# A list row is read from the events table alone: its article's title and URL and its cluster's
# counts are copied onto it when it is written (schema v10).
EVENT_COLUMNS = f"""coalesce(e.date, {EVENT_DAY}) AS date, e.source_code AS source, e.target_code AS target,
    e.code, e.root_code, e.quad_class, e.goldstein, e.plover, e.plover_mode, e.verb, e.sentence,
    e.cluster_mentions AS mentions, e.cluster_sources AS sources, e.cluster_articles AS articles,
    e.cluster_independent_sources AS independent_sources, e.cluster_syndicated_copies AS syndicated_copies,
    e.source_text, e.target_text,
    e.location_name, e.location_country, e.location_lat, e.location_lon, e.date_precision, e.date_source,
    e.rule, e.tone, e.fatalities, e.injured, e.arrested, e.kidnapped, e.crowd_size, e.id, e.cluster_id,
    e.article_id, e.sentence_index, e.article_title AS title, e.article_url AS url"""
# The counts events report, summed over distinct real-world events: reports of one event count once
# (their largest figure), so that three wires on one bombing do not triple its dead.
COUNTS = ("fatalities", "injured", "arrested", "kidnapped", "crowd_size")
_COUNT_PER_EVENT = ", ".join(f"max({kind}) AS {kind}" for kind in COUNTS)
_COUNT_SUMS = ", ".join(f"sum({kind})::BIGINT AS {kind}" for kind in COUNTS)
_CLUSTERS = " LEFT JOIN event_clusters c ON c.id = e.cluster_id"


def event_key_tables(filters: EventFilters) -> str:
    """What filters read: the events, and their clusters only for `distinct` (the first reports)."""
    return "events e" + (_CLUSTERS if filters.distinct else "")


def event_where(filters: EventFilters) -> Where:
    """The WHERE clause for `filters`; ValueError names a malformed filter value."""
    where = Where()
    add_prefixes(where, "e.source_code", filters.source)
    add_prefixes(where, "e.target_code", filters.target)
    if filters.partner is None:
        add_any_prefixes(where, ("e.source_code", "e.target_code"), filters.actor)
    elif filters.actor is None:
        raise ValueError("partner needs actor: the two sides of a dyad")
    else:
        add_pair(where, ("e.source_code", "e.target_code"), filters.actor, filters.partner)
    add_prefixes(where, "e.code", filters.code)
    add_roots(where, "e.root_code", filters.root)
    add_exact(where, "e.plover", filters.plover)
    add_quad_classes(where, "e.quad_class", filters.quad_class)
    add_date_range(where, EVENT_DAY, filters.since, filters.until)
    add_exact(where, "e.location_country", filters.country)
    add_contains(where, "e.location_name", filters.place)
    add_contains(where, "e.sentence", filters.text)
    if filters.article is not None:
        where.add("e.article_id = ?", filters.article)
    if filters.distinct:
        where.add("e.id = c.event_id")
    if filters.cluster is not None:
        where.add("e.cluster_id = ?", filters.cluster)
    return where


def events_page(
    con: DuckDBPyConnection,
    filters: EventFilters = ALL_EVENTS,
    *,
    sort: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page:
    """Events with the sentence they were found in and their cluster's report counts, in `sort` order
    (default "date", oldest first; "-goldstein": most cooperative first), `limit` at a time;
    pass a page's `next_cursor` as `cursor` for the next page."""
    order = parse_order(sort, EVENT_SORTS, "date")
    sql, params = _events_select(EVENT_COLUMNS, filters, order, limit, cursor)
    return page_of(arrow_of(con, sql, params), order, limit)


def event_keys_page(
    con: DuckDBPyConnection,
    filters: EventFilters = ALL_EVENTS,
    *,
    sort: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> KeyPage:
    """The ids of the events `events_page` answers, in its order, and its next cursor. Reading the
    sort keys alone is several times cheaper than reading the wide rows (DuckDB reads a wide column
    whole even for a few rows): for callers that keep rows by id (`events_by_id`)."""
    order = parse_order(sort, EVENT_SORTS, "date")
    sql, params = _events_select("e.id", filters, order, limit, cursor)
    return key_page_of(con.execute(sql, params).fetchall(), order, limit)


def events_by_id(con: DuckDBPyConnection, ids: list[int]) -> dict[int, dict]:
    """The rows `events_page` answers for the events `ids` (those stored), by id."""
    result = con.execute(f"SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = ANY(?)", [ids])
    return {row["id"]: row for row in _dicts(result)}


def _dicts(result: DuckDBPyConnection) -> list[dict]:
    names = [column[0] for column in result.description or ()]
    return [dict(zip(names, values, strict=True)) for values in result.fetchall()]


def _events_select(
    columns: str, filters: EventFilters, order: Order, limit: int | None, cursor: str | None
) -> tuple[str, list]:
    """A page of events: `columns` and the sort keys, `limit` + 1 rows after `cursor`."""
    check_limit(limit)
    where = event_where(filters)
    add_cursor(where, order, cursor)
    params = list(where.params)
    sql = f"SELECT {columns}, {order.select_sql()} FROM {event_key_tables(filters)}{where.sql()}"
    return sql + order.order_sql() + limit_clause(_one_more(limit), params), params


def events(
    con: DuckDBPyConnection,
    *,
    sort: str | None = None,
    clustered: bool = False,
    limit: int | None = None,
    cursor: str | None = None,
    **filters,
) -> pa.Table:
    """Events as one table; the keyword filters are the fields of `EventFilters`. `clustered` gives one
    row per real-world event instead (see `clustered_events`, which takes fewer filters)."""
    if clustered:
        return clustered_events(con, limit=limit, **filters)
    return events_page(con, EventFilters(**filters), sort=sort, limit=limit, cursor=cursor).rows


def event_totals(con: DuckDBPyConnection, filters: EventFilters = ALL_EVENTS) -> pa.Table:
    """The events `filters` keeps, summed: distinct real-world events, reports, and the people they
    report killed, injured, arrested and kidnapped and in crowds (each real-world event once, with its
    largest figure; vague counts such as "dozens" add nothing)."""
    where = event_where(filters)
    sql = f"""
        WITH kept AS (
            SELECT coalesce(e.cluster_id, e.id) AS cluster_id, e.{", e.".join(COUNTS)}
            FROM {event_key_tables(filters)}{where.sql()}
        ),
        distinct_events AS (SELECT cluster_id, count(*) AS reports, {_COUNT_PER_EVENT} FROM kept GROUP BY ALL)
        SELECT count(*) AS events, coalesce(sum(reports), 0)::BIGINT AS reports, {_COUNT_SUMS}
        FROM distinct_events"""
    return arrow_of(con, sql, where.params)


def count_events(con: DuckDBPyConnection, filters: EventFilters = ALL_EVENTS) -> int:
    """How many events `filters` keeps."""
    where = event_where(filters)
    sql = f"SELECT count(*) FROM {event_key_tables(filters)}{where.sql()}"
    return con.execute(sql, where.params).fetchall()[0][0]


def _one_more(limit: int | None) -> int | None:
    """Fetch a row beyond the page to know whether another page follows."""
    return None if limit is None else min(limit + 1, MAX_LIMIT)  # no row lies past the largest limit


def clustered_events(
    con: DuckDBPyConnection,
    *,
    source: str | None = None,
    target: str | None = None,
    code: str | None = None,
    root: str | None = None,
    since: str | None = None,
    until: str | None = None,
    text: str | None = None,
    limit: int | None = None,
) -> pa.Table:
    """One row per real-world event (cluster) that has a report matching the filters: its counts, its
    first report's sentence, and every member report (event ids and articles) for the evidence."""
    where = Where()
    add_prefixes(where, "e.source_code", source)
    add_prefixes(where, "e.target_code", target)
    add_prefixes(where, "e.code", code)
    add_roots(where, "e.root_code", root)
    add_date_range(where, EVENT_DAY, since, until)
    add_contains(where, "e.sentence", text)
    sql = f"""
        WITH matching AS (
            SELECT DISTINCT e.cluster_id FROM events e JOIN articles a ON a.id = e.article_id {where.sql()}
        ), members AS (
            SELECT e.cluster_id, list(e.id ORDER BY e.id) AS event_ids,
                   list(DISTINCT e.article_id ORDER BY e.article_id) AS article_ids
            FROM events e WHERE e.cluster_id IN (SELECT cluster_id FROM matching) GROUP BY e.cluster_id
        )
        SELECT c.date, c.source_code AS source, c.target_code AS target, c.code, c.root_code, c.quad_class,
               c.goldstein, r.plover, c.mentions, c.articles, c.sources, c.independent_sources,
               c.syndicated_copies, r.sentence, r.location_name, c.tone, c.id AS cluster_id,
               c.event_id, m.event_ids, m.article_ids, c.first_published
        FROM event_clusters c JOIN members m ON m.cluster_id = c.id JOIN events r ON r.id = c.event_id
        ORDER BY {sortable_date("c.date")} NULLS LAST, c.first_published NULLS LAST, c.id"""
    params = list(where.params)
    return arrow_of(con, sql + limit_clause(limit, params), params)


def stories(con: DuckDBPyConnection, *, copies_only: bool = True, limit: int | None = None) -> pa.Table:
    """Syndicated stories: each original with its copies (only stories with copies unless told)."""
    having = "HAVING count(*) > 1" if copies_only else ""
    sql = f"""
        SELECT s.story_id, o.title, o.published, o.domain, count(*) - 1 AS copies,
               list(s.article_id ORDER BY s.article_id) FILTER (WHERE s.is_copy) AS copy_ids,
               list(DISTINCT c.domain) FILTER (WHERE s.is_copy AND c.domain IS NOT NULL) AS copy_domains
        FROM article_stories s JOIN articles o ON o.id = s.story_id JOIN articles c ON c.id = s.article_id
        GROUP BY s.story_id, o.title, o.published, o.domain {having}
        ORDER BY o.published NULLS LAST, s.story_id"""
    params: list = []
    return arrow_of(con, sql + limit_clause(limit, params), params)


def feeds(con: DuckDBPyConnection) -> pa.Table:
    """The watched feeds with their polling state and error counts."""
    sql = """
        SELECT url, title, last_poll, last_success, next_poll, last_status, polls, errors,
               consecutive_errors, entries, stored, last_error
        FROM feeds ORDER BY url"""
    return arrow_of(con, sql, [])


def dyad(con: DuckDBPyConnection, actor1: str, actor2: str, *, by: str = "month") -> pa.Table:
    """Events between two actors (code prefixes), both directions, per period: distinct events,
    mentions, mean Goldstein score, the distinct events of each QuadClass, and the people they report
    killed, injured, arrested, kidnapped and gathered. A real-world event (cluster) counts once, in the
    period of its date, with its largest figures, however many reports tell of it."""
    if by not in _PERIOD_SQL:
        raise ValueError(f"by must be one of {', '.join(PERIODS)}, not {by!r}")
    forward, backward = f"{actor1}->{actor2}", f"{actor2}->{actor1}"
    sql = f"""
        WITH mentions AS (
            SELECT CASE WHEN starts_with({_SOURCE}, ?) AND starts_with({_TARGET}, ?) THEN ? ELSE ? END
                       AS direction,
                   coalesce(c.date, {EVENT_DAY}) AS d, e.cluster_id, e.goldstein, e.quad_class,
                   e.{", e.".join(COUNTS)}
            FROM events e LEFT JOIN event_clusters c ON c.id = e.cluster_id
            WHERE (starts_with({_SOURCE}, ?) AND starts_with({_TARGET}, ?))
               OR (starts_with({_SOURCE}, ?) AND starts_with({_TARGET}, ?))
        ), distinct_events AS (
            SELECT coalesce({_PERIOD_SQL[by]}, 'undated') AS period, direction, cluster_id,
                   count(*) AS mentions, any_value(goldstein) AS goldstein,
                   any_value(quad_class) AS quad_class, {_COUNT_PER_EVENT}
            FROM mentions GROUP BY ALL
        )
        SELECT period, direction, count(*) AS events, sum(mentions)::BIGINT AS mentions,
               round(avg(goldstein), 2) AS goldstein,
               count(*) FILTER (WHERE quad_class = 1) AS verbal_coop,
               count(*) FILTER (WHERE quad_class = 2) AS material_coop,
               count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
               count(*) FILTER (WHERE quad_class = 4) AS material_conflict, {_COUNT_SUMS}
        FROM distinct_events GROUP BY period, direction ORDER BY period, direction"""
    params = [actor1, actor2, forward, backward, actor1, actor2, actor2, actor1]
    return arrow_of(con, sql, params)


def actors(con: DuckDBPyConnection, *, top: int | None = 20, prefix: str | None = None) -> pa.Table:
    """The most mentioned actor codes (those starting with `prefix`), with how often each is an
    event's source or target."""
    # The prefix keeps the codes; it also keeps the events counted for them to the codes it keeps.
    where, sources, targets = Where(), Where(), Where()
    add_prefixes(where, "code", prefix)
    add_prefixes(sources, "source_code", prefix)
    add_prefixes(targets, "target_code", prefix)
    sql = f"""
        WITH mentioned AS (
            SELECT code, count(*) AS mentions, count(DISTINCT article_id) AS articles,
                   mode(coalesce(name, text)) AS example
            FROM actors {where.sql()} GROUP BY code
        ), sources AS (SELECT source_code AS code, count(*) AS n FROM events{sources.sql()} GROUP BY ALL),
        targets AS (SELECT target_code AS code, count(*) AS n FROM events{targets.sql()} GROUP BY ALL)
        SELECT m.code, m.mentions, m.articles, coalesce(s.n, 0) AS as_source, coalesce(t.n, 0) AS as_target,
               m.example
        FROM mentioned m LEFT JOIN sources s USING (code) LEFT JOIN targets t USING (code)
        ORDER BY m.mentions DESC, m.code"""
    params = [*where.params, *sources.params, *targets.params]
    return arrow_of(con, sql + limit_clause(top, params), params)


def actors_among(table: pa.Table, *, top: int | None = 20, prefix: str | None = None) -> pa.Table:
    """What `actors(top=top, prefix=prefix)` answers, cut from the table of `actors(top=None)`: its
    counts are per code, so keeping a code keeps its counts (one query per data, not per prefix)."""
    if prefix is not None:
        codes = pc.fill_null(table["code"], "")
        keep = None
        for code in alternatives(prefix) or [prefix]:  # as `add_prefixes` keeps them
            starts = pc.starts_with(codes, pattern=code)
            keep = starts if keep is None else pc.or_(keep, starts)
        table = table.filter(keep)
    return table if top is None else table.slice(0, top)


@dataclass(frozen=True)
class QuoteFilters:
    """What `quotes` keeps: `speaker` is part of the name, `code` a prefix of the speaker's code."""

    speaker: str | None = None
    code: str | None = None
    text: str | None = None
    article: str | None = None


ALL_QUOTES = QuoteFilters()
QUOTE_COLUMNS = """q.published AS date, q.speaker, q.speaker_code, q.kind, q.text, q.article_title AS title,
    q.article_id, q.sentence_index, q.start, q."end", q.article_url AS url"""
_ROWID = "_rowid"
QUOTE_SORTS = {
    "date": Sort(
        "date",
        (
            SortKey("q.day", str),
            SortKey("q.article_id", str),
            SortKey("q.start", int),
            SortKey("q.rowid", int),
        ),
    )
}


def quotes_page(
    con: DuckDBPyConnection,
    filters: QuoteFilters = ALL_QUOTES,
    *,
    sort: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page:
    """Quotes, oldest first ("-date": newest first), `limit` at a time."""
    order = parse_order(sort, QUOTE_SORTS, "date")
    sql, params = _quotes_select(QUOTE_COLUMNS, filters, order, limit, cursor)
    return page_of(arrow_of(con, sql, params), order, limit)


def quote_keys_page(
    con: DuckDBPyConnection,
    filters: QuoteFilters = ALL_QUOTES,
    *,
    sort: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> KeyPage:
    """The row ids of the quotes `quotes_page` answers, in its order, and its next cursor (see
    `event_keys_page`); a row id names a quote until the next write."""
    order = parse_order(sort, QUOTE_SORTS, "date")
    sql, params = _quotes_select("q.rowid", filters, order, limit, cursor)
    return key_page_of(con.execute(sql, params).fetchall(), order, limit)


def quotes_by_rowid(con: DuckDBPyConnection, rowids: list[int]) -> dict[int, dict]:
    """The rows `quotes_page` answers for the quotes at `rowids` (those stored), by row id."""
    sql = f"SELECT q.rowid AS {_ROWID}, {QUOTE_COLUMNS} FROM quotes q WHERE q.rowid = ANY(?)"
    result = con.execute(sql, [rowids])
    return {row.pop(_ROWID): row for row in _dicts(result)}


def _quotes_select(
    columns: str, filters: QuoteFilters, order: Order, limit: int | None, cursor: str | None
) -> tuple[str, list]:
    check_limit(limit)
    where = Where()
    add_contains(where, "coalesce(q.speaker, '')", filters.speaker)
    add_prefixes(where, "q.speaker_code", filters.code)
    add_contains(where, "q.text", filters.text)
    if filters.article is not None:
        where.add("q.article_id = ?", filters.article)
    add_cursor(where, order, cursor)
    params = list(where.params)
    sql = f"SELECT {columns}, {order.select_sql()} FROM quotes q{where.sql()}{order.order_sql()}"
    return sql + limit_clause(_one_more(limit), params), params


def quotes(
    con: DuckDBPyConnection,
    *,
    sort: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
    **filters,
) -> pa.Table:
    """Quotes as one table; the keyword filters are the fields of `QuoteFilters`."""
    return quotes_page(con, QuoteFilters(**filters), sort=sort, limit=limit, cursor=cursor).rows


@dataclass(frozen=True)
class ArticleFilters:
    """What `articles` keeps: `text` searches title and body; dates are published dates."""

    text: str | None = None
    since: str | None = None
    until: str | None = None


ALL_ARTICLES = ArticleFilters()
ARTICLE_SORTS = {
    "published": Sort("published", (SortKey("a.day", str), SortKey("a.id", str)))
}


def articles_page(
    con: DuckDBPyConnection,
    filters: ArticleFilters = ALL_ARTICLES,
    *,
    sort: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page:
    """Stored articles with their event and quote counts, oldest first ("-published": latest first)."""
    order = parse_order(sort, ARTICLE_SORTS, "published")
    check_limit(limit)
    where = Where()
    add_contains(where, "a.title || ' ' || a.text", filters.text)
    add_date_range(where, "a.day", filters.since, filters.until)
    add_cursor(where, order, cursor)
    sql = f"""
        SELECT a.id, a.published, a.title, a.domain, a.source, a.url, a.tone,
               CAST(a.event_count AS BIGINT) AS events, CAST(a.quote_count AS BIGINT) AS quotes,
               {order.select_sql()}
        FROM articles a
        {where.sql()}{order.order_sql()}"""
    params = list(where.params)
    return page_of(arrow_of(con, sql + limit_clause(_one_more(limit), params), params), order, limit)


def counts_by_article(con: DuckDBPyConnection, table: str, article_ids: list[str]) -> dict[str, int]:
    """How many rows of `table` ("events", "quotes") each of `article_ids` has (absent: none)."""
    if table not in ("events", "quotes"):
        raise ValueError(f"no per-article counts for {table!r}")
    sql = f"SELECT article_id, count(*) FROM {table} WHERE article_id = ANY(?) GROUP BY 1"
    return dict(con.execute(sql, [article_ids]).fetchall())


def articles(
    con: DuckDBPyConnection,
    *,
    sort: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
    **filters,
) -> pa.Table:
    """Articles as one table; the keyword filters are the fields of `ArticleFilters`."""
    return articles_page(con, ArticleFilters(**filters), sort=sort, limit=limit, cursor=cursor).rows


def runs(con: DuckDBPyConnection) -> pa.Table:
    return arrow_of(con, "SELECT * FROM runs ORDER BY id", [])


def whole_table(con: DuckDBPyConnection, name: str) -> pa.Table:
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; tables: {', '.join(TABLES)}")
    return arrow_of(con, f"SELECT * FROM {name}", [])


def sql(con: DuckDBPyConnection, text: str, params: list | dict | None = None) -> pa.Table:
    """Run an analyst's SQL: one SELECT, read-only, no file or network access (see `store.sandbox`);
    UnsafeSQL says why anything else is refused."""
    return run_select(con, text, params)
