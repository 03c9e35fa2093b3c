"""Event clusters: one row per real-world event with the counts of the reports that tell of it.

Which reports belong together is decided in `dedup` (membership in `cluster_members`, mirrored in
`events.cluster_id`); this module recounts a cluster from its members:
- `mentions`: event records (an article may report the event in several sentences);
- `articles`: distinct articles;
- `sources`: distinct outlets (URL host, else the article), syndicated copies included;
- `independent_sources`: distinct outlets once each syndicated story is counted once, under the
  outlet of its original (copies never count as independent sources);
- `syndicated_copies`: articles that are copies of another article of the cluster's stories.
The cluster's representative event (`event_id`) is its earliest report; its date is the most precise
date among its reports.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

import duckdb
import pyarrow as pa
from duckdb import DuckDBPyConnection

# Events in an article's first sentences (title and lead) count as its main events (GDELT IsRootEvent).
LEAD_SENTENCES = 3
_AFFECTED = "_tidings_affected_clusters"
_PRECISION_RANK = (
    "CASE e.date_precision WHEN 'day' THEN 0 WHEN 'week' THEN 1 WHEN 'month' THEN 2 WHEN 'quarter' THEN 3 "
    "WHEN 'year' THEN 4 ELSE 0 END"
)
# The counts each event row carries a copy of (`events.cluster_<count>`, schema v10), so that a list of
# events reads one table.
CLUSTER_COUNTS = ("mentions", "articles", "sources", "independent_sources", "syndicated_copies")
COPY_CLUSTER_COUNTS = (
    "UPDATE events SET "
    + ", ".join(f"cluster_{count} = c.{count}" for count in CLUSTER_COUNTS)
    + " FROM event_clusters c"
)
_REPORT_ORDER = "(coalesce(a.published, DATE '9999-12-31'), e.article_id, e.sentence_index, e.id)"

_REFRESH = f"""
INSERT INTO event_clusters BY NAME
SELECT e.cluster_id AS id,
       arg_min(e.source_code, {_REPORT_ORDER}) AS source_code,
       arg_min(e.target_code, {_REPORT_ORDER}) AS target_code,
       arg_min(e.code, {_REPORT_ORDER}) AS code,
       arg_min(e.root_code, {_REPORT_ORDER}) AS root_code,
       arg_min(e.quad_class, {_REPORT_ORDER}) AS quad_class,
       arg_min(e.goldstein, {_REPORT_ORDER}) AS goldstein,
       arg_min(coalesce(e.date, CAST(a.published AS VARCHAR)),
               ({_PRECISION_RANK}, coalesce(a.published, DATE '9999-12-31'), e.article_id, e.sentence_index))
           AS date,
       arg_min(e.id, {_REPORT_ORDER}) AS event_id,
       count(*) AS mentions,
       count(DISTINCT e.article_id) AS articles,
       count(DISTINCT coalesce(a.domain, a.id)) AS sources,
       count(DISTINCT coalesce(o.domain, o.id, a.domain, a.id)) AS independent_sources,
       count(DISTINCT e.article_id) - count(DISTINCT coalesce(s.story_id, e.article_id)) AS syndicated_copies,
       avg(coalesce(e.tone, a.tone)) AS tone,
       min(a.published) AS first_published,
       bool_or(e.sentence_index < {LEAD_SENTENCES}) AS is_root
FROM events e JOIN articles a ON a.id = e.article_id
LEFT JOIN article_stories s ON s.article_id = e.article_id
LEFT JOIN articles o ON o.id = s.story_id
WHERE e.cluster_id IN (SELECT id FROM {_AFFECTED})
GROUP BY e.cluster_id
"""


def refresh_clusters(con: DuckDBPyConnection, ids: Iterable[int], *, copies: bool | None = None) -> None:
    """Recount the clusters `ids` from their events; a cluster left with no event disappears.
    `copies`: whether the events carry copies of the counts (schema v10); None: ask the database."""
    with _cluster_ids(con, ids) as any_ids:
        if not any_ids:
            return
        con.execute(f"DELETE FROM event_clusters WHERE id IN (SELECT id FROM {_AFFECTED})")
        con.execute(_REFRESH)
        if copies if copies is not None else _events_carry_counts(con):
            affected = f"SELECT id FROM {_AFFECTED}"
            con.execute(f"{COPY_CLUSTER_COUNTS} WHERE events.cluster_id = c.id AND c.id IN ({affected})")


@contextlib.contextmanager
def _cluster_ids(con: DuckDBPyConnection, ids: Iterable[int]) -> Iterator[bool]:
    """Cluster ids as the table `_AFFECTED` for the statements inside; yields whether there are any."""
    table = pa.table({"id": pa.array(sorted(set(ids)), pa.int64())})
    if table.num_rows == 0:
        yield False
        return
    con.register(_AFFECTED, table)
    try:
        yield True
    finally:
        con.unregister(_AFFECTED)


def _events_carry_counts(con: DuckDBPyConnection) -> bool:
    """Whether the events table has the copies of the counts: a database being upgraded from before
    schema v10 reclusters (v4) before it has them."""
    sql = (
        "SELECT count(*) FROM information_schema.columns "
        "WHERE table_name = 'events' AND column_name = 'cluster_mentions'"
    )
    return bool(con.execute(sql).fetchall()[0][0])


def clusters_of_articles(con: DuckDBPyConnection, article_ids: Iterable[str]) -> set[int]:
    """The clusters holding events of these articles."""
    ids = sorted(set(article_ids))
    if not ids:
        return set()
    rows = con.execute(
        "SELECT DISTINCT cluster_id FROM events "
        "WHERE article_id IN (SELECT unnest(?)) AND cluster_id IS NOT NULL",
        [ids],
    ).fetchall()
    return {row[0] for row in rows}


# ---------------------------------------------------------------- recounts deferred by ingest


def note_for_recount(con: DuckDBPyConnection, ids: Iterable[int]) -> None:
    """Note clusters whose counts are to be recounted later (`recount_waiting`), in the caller's
    transaction: the batch that changed them and the note are stored together or not at all."""
    with _cluster_ids(con, ids) as any_ids:
        if any_ids:
            con.execute(f"INSERT INTO clusters_to_recount SELECT id FROM {_AFFECTED}")


def note_clusters_of_articles(con: DuckDBPyConnection, article_ids: Iterable[str]) -> None:
    """Note for recount the clusters holding events of these articles."""
    ids = sorted(set(article_ids))
    if ids:
        con.execute(
            "INSERT INTO clusters_to_recount SELECT DISTINCT cluster_id FROM events "
            "WHERE article_id IN (SELECT unnest(?)) AND cluster_id IS NOT NULL",
            [ids],
        )


def recount_waiting(con: DuckDBPyConnection) -> int:
    """Recount the clusters noted for recount and clear the notes, as one transaction; returns how
    many were recounted."""
    con.execute("BEGIN TRANSACTION")
    try:
        ids = [row[0] for row in con.execute("SELECT DISTINCT id FROM clusters_to_recount").fetchall()]
        refresh_clusters(con, ids, copies=True)
        con.execute("DELETE FROM clusters_to_recount")
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise
    return len(ids)


def clusters_waiting(con: DuckDBPyConnection) -> bool:
    """Whether some clusters wait to be recounted (a run was killed before its recount)."""
    return bool(con.execute("SELECT count(*) FROM clusters_to_recount").fetchall()[0][0])
