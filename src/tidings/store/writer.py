"""Write coded articles to the database, one transaction per batch.

A batch is stored completely or not at all, so a run stopped at any moment (Ctrl-C, kill -9) leaves
only whole articles behind. An article stored before under the same id is replaced: its old rows go
in the same transaction as the new ones come in, and the clusters it touched are recounted (or noted
for a recount a few batches later, in the same transaction: `recount=False`).

With `dedup` (the default) the batch's articles are grouped with their syndicated copies and its
events join the clusters of the real-world events they report (`syndication`, `dedup`); without it,
events are clustered by exact key as tidings did before (kept to measure what de-duplication costs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa
from duckdb import DuckDBPyConnection

from ..records import CodedArticle
from .clusters import clusters_of_articles, note_clusters_of_articles, note_for_recount, refresh_clusters
from .dedup import Clustering, ExactKeyClustering, NearDuplicateClustering, forget_members, report_of
from .rows import actor_row, article_row, event_day, event_id, event_row, place_row, quote_row, sentence_row
from .schema import rollback
from .syndication import forget_articles, group_copies

ARTICLE_TABLES = ("sentences", "actors", "events", "quotes", "places")
_BATCH = "_tidings_batch"


@dataclass(frozen=True)
class BatchCounts:
    articles: int
    events: int
    quotes: int


def article_rows(coded: CodedArticle, run_id: int, clusters: dict[int, int]) -> dict[str, list[dict]]:
    """All rows one coded article adds, by table; `clusters` maps event ids to their cluster."""
    article = coded.article
    day = event_day(None, article.published)  # the publication date as text, as quotes and articles sort
    events = [
        {
            **event_row(article.id, event, ordinal, clusters[event_id(article.id, ordinal)]),
            "day": event_day(event.date, article.published),
            "article_title": article.title,
            "article_url": article.url,
        }
        for ordinal, event in enumerate(coded.events)
    ]
    return {
        "articles": [
            {
                **article_row(coded, run_id),
                "event_count": len(coded.events),
                "quote_count": len(coded.quotes),
                "day": day,
            }
        ],
        "sentences": [sentence_row(article.id, s) for s in coded.sentences],
        "actors": [actor_row(article.id, a) for a in coded.actors],
        "events": events,
        "quotes": [
            {
                **quote_row(article.id, q),
                "published": article.published,
                "day": day,
                "article_title": article.title,
                "article_url": article.url,
            }
            for q in coded.quotes
        ],
        "places": [place_row(article.id, p) for p in coded.places],
    }


def batch_rows(batch: Sequence[CodedArticle], run_id: int, clusters: dict[int, int]) -> dict[str, list[dict]]:
    tables: dict[str, list[dict]] = {"articles": [], **{name: [] for name in ARTICLE_TABLES}}
    for coded in batch:
        for table, rows in article_rows(coded, run_id, clusters).items():
            tables[table].extend(rows)
    return tables


def insert_rows(con: DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    con.register(_BATCH, pa.Table.from_pylist(rows))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {_BATCH}")
    finally:
        con.unregister(_BATCH)


@dataclass(frozen=True)
class Removed:
    """What deleting stored articles left to recount: their clusters and their syndicated stories."""

    clusters: set[int]
    stories: set[str]


def delete_articles(con: DuckDBPyConnection, article_ids: list[str]) -> Removed:
    """Delete the stored articles among `article_ids` with all their rows, cluster memberships and
    fingerprints; returns the clusters and stories they were part of."""
    existing = con.execute(
        "SELECT count(*) FROM articles WHERE id IN (SELECT unnest(?))", [article_ids]
    ).fetchall()[0][0]
    if not existing:
        return Removed(set(), set())
    clusters = clusters_of_articles(con, article_ids)
    forget_members(con, article_ids)
    stories = forget_articles(con, article_ids)
    for table in ARTICLE_TABLES:
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [article_ids])
    con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?))", [article_ids])
    return Removed(clusters, stories)


def _cluster(
    con: DuckDBPyConnection, batch: Sequence[CodedArticle], clustering: Clustering
) -> dict[int, int]:
    reports = [
        report_of(coded.article, event, event_id(coded.article.id, ordinal))
        for coded in batch
        for ordinal, event in enumerate(coded.events)
    ]
    return clustering.assign(con, reports)


def write_batch(
    con: DuckDBPyConnection,
    batch: Sequence[CodedArticle],
    run_id: int,
    *,
    dedup: bool = True,
    recount: bool = True,
) -> BatchCounts:
    """Store `batch` (replacing earlier versions of its articles) and update run `run_id`, atomically.
    Without `recount`, the clusters the batch touched are only noted, for `clusters.recount_waiting`
    to recount later (ingest does so every few batches: a recount reads every event)."""
    batch = list({coded.article.id: coded for coded in batch}.values())  # a repeated id: the last one wins
    clustering: Clustering = NearDuplicateClustering() if dedup else ExactKeyClustering()
    con.execute("BEGIN TRANSACTION")
    try:
        removed = delete_articles(con, [coded.article.id for coded in batch])
        clusters = _cluster(con, batch, clustering)
        tables = batch_rows(batch, run_id, clusters)
        counts = BatchCounts(len(batch), len(tables["events"]), len(tables["quotes"]))
        for table in ("articles", *ARTICLE_TABLES):
            insert_rows(con, table, tables[table])
        fingerprinted = [coded.article for coded in batch] if dedup else []
        # Articles of the batch whose story changed are recounted with their clusters anyway.
        restoried = group_copies(con, fingerprinted, removed.stories) - {coded.article.id for coded in batch}
        touched = removed.clusters | set(clusters.values())
        if recount:
            refresh_clusters(con, touched | clusters_of_articles(con, restoried), copies=True)
        else:
            note_for_recount(con, touched)
            note_clusters_of_articles(con, restoried)
        con.execute(
            "UPDATE runs SET articles = articles + ?, events = events + ?, quotes = quotes + ? WHERE id = ?",
            [counts.articles, counts.events, counts.quotes, run_id],
        )
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise
    return counts
