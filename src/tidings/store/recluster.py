"""Cluster a whole database again: syndicated stories and real-world events from the stored rows.

Used when a database is upgraded to the clustering schema, and to measure clusterings on one coded
database (`dedup=False` gives the exact-key clustering of schema v2).
"""

from __future__ import annotations

import pyarrow as pa
from duckdb import DuckDBPyConnection

from .clusters import refresh_clusters
from .dedup import Clustering, ExactKeyClustering, NearDuplicateClustering, stored_reports
from .syndication import rebuild_stories

_MAP = "_tidings_cluster_map"


def _set_cluster_ids(con: DuckDBPyConnection, clusters: dict[int, int]) -> None:
    mapping = pa.table(
        {
            "event_id": pa.array(list(clusters), pa.int64()),
            "cluster_id": pa.array(list(clusters.values()), pa.int64()),
        }
    )
    con.register(_MAP, mapping)
    try:
        con.execute(f"UPDATE events SET cluster_id = m.cluster_id FROM {_MAP} m WHERE events.id = m.event_id")
    finally:
        con.unregister(_MAP)


def recluster(con: DuckDBPyConnection, *, dedup: bool = True) -> None:
    """Forget every story and cluster and build them again, oldest article first (the order an
    ingest would have seen them in). Runs inside the caller's transaction, if any."""
    for table in (
        "event_clusters",
        "cluster_members",
        "article_stories",
        "syndication_links",
        "article_bands",
        "article_fingerprints",
    ):
        con.execute(f"DELETE FROM {table}")
    if dedup:
        rebuild_stories(con)
    clustering: Clustering = NearDuplicateClustering() if dedup else ExactKeyClustering()
    for reports in stored_reports(con):
        clusters = clustering.assign(con, reports)
        _set_cluster_ids(con, clusters)
        refresh_clusters(con, set(clusters.values()))
