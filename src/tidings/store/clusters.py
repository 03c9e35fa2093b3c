"""Event clusters: one cluster per distinct event, however many articles (or sentences) report it.

Two event records are the same event when they have the same source code, target code, event code
and date (the event's own date, or its article's publication date when the text gives none), as in
GDELT, where NumMentions / NumSources / NumArticles count the reports of one event row. An event with
no date at all is never merged with other articles' events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pyarrow as pa
from duckdb import DuckDBPyConnection

from .rows import stable_id

# Events in an article's first sentences (title and lead) count as its main events (GDELT IsRootEvent).
LEAD_SENTENCES = 3
_AFFECTED = "_tidings_affected_clusters"


def event_day(date: str | None, published: dt.date | None) -> str | None:
    return date or (published.isoformat() if published else None)


def cluster_id(
    source_code: str | None, target_code: str | None, code: str, day: str | None, article_id: str
) -> int:
    when = day if day is not None else "undated:" + article_id
    return stable_id("cluster", source_code or "", target_code or "", code, when)


_REFRESH = f"""
INSERT INTO event_clusters
SELECT e.cluster_id, any_value(e.source_code), any_value(e.target_code), any_value(e.code),
       any_value(e.root_code), any_value(e.quad_class), any_value(e.goldstein),
       any_value(coalesce(e.date, CAST(a.published AS VARCHAR))),
       arg_min(e.id, (coalesce(a.published, DATE '9999-12-31'), e.article_id, e.sentence_index)),
       count(*), count(DISTINCT e.article_id), count(DISTINCT coalesce(a.domain, a.id)),
       avg(coalesce(e.tone, a.tone)), min(a.published), bool_or(e.sentence_index < {LEAD_SENTENCES})
FROM events e JOIN articles a ON a.id = e.article_id
WHERE e.cluster_id IN (SELECT id FROM {_AFFECTED})
GROUP BY e.cluster_id
"""


def refresh_clusters(con: DuckDBPyConnection, ids: Iterable[int]) -> None:
    """Recount the clusters `ids` from their events; a cluster left with no event disappears."""
    affected = pa.table({"id": pa.array(sorted(set(ids)), pa.int64())})
    if affected.num_rows == 0:
        return
    con.register(_AFFECTED, affected)
    try:
        con.execute(f"DELETE FROM event_clusters WHERE id IN (SELECT id FROM {_AFFECTED})")
        con.execute(_REFRESH)
    finally:
        con.unregister(_AFFECTED)


def backfill_clusters(con: DuckDBPyConnection) -> None:
    """Give every stored event its cluster id and build all clusters (used when upgrading a database)."""
    rows = con.execute(
        "SELECT e.id, e.source_code, e.target_code, e.code, e.date, a.published, e.article_id "
        "FROM events e JOIN articles a ON a.id = e.article_id"
    ).fetchall()
    ids = [
        cluster_id(src, tgt, code, event_day(date, published), article_id)
        for _, src, tgt, code, date, published, article_id in rows
    ]
    mapping = pa.table(
        {"event_id": pa.array([row[0] for row in rows], pa.int64()), "cluster_id": pa.array(ids, pa.int64())}
    )
    con.register("_tidings_cluster_map", mapping)
    try:
        con.execute(
            "UPDATE events SET cluster_id = m.cluster_id FROM _tidings_cluster_map m "
            "WHERE events.id = m.event_id"
        )
    finally:
        con.unregister("_tidings_cluster_map")
    refresh_clusters(con, ids)
