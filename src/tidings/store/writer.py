"""Write coded articles to the database, one transaction per batch.

A batch is stored completely or not at all, so a run stopped at any moment (Ctrl-C, kill -9) leaves
only whole articles behind. An article stored before under the same id is replaced: its old rows go
in the same transaction as the new ones come in, and the clusters it touched are recounted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa
from duckdb import DuckDBPyConnection

from ..records import CodedArticle
from .clusters import cluster_id, event_day, refresh_clusters
from .rows import actor_row, article_row, event_row, place_row, quote_row, sentence_row

ARTICLE_TABLES = ("sentences", "actors", "events", "quotes", "places")
_BATCH = "_tidings_batch"


@dataclass(frozen=True)
class BatchCounts:
    articles: int
    events: int
    quotes: int


def article_rows(coded: CodedArticle, run_id: int) -> dict[str, list[dict]]:
    """All rows one coded article adds, by table."""
    article = coded.article
    events = []
    for ordinal, event in enumerate(coded.events):
        day = event_day(event.date, article.published)
        target = event.target.code if event.target else None
        cluster = cluster_id(event.source.code, target, event.code, day, article.id)
        events.append({**event_row(article.id, event, ordinal, cluster), "day": day})
    return {
        "articles": [article_row(coded, run_id)],
        "sentences": [sentence_row(article.id, s) for s in coded.sentences],
        "actors": [actor_row(article.id, a) for a in coded.actors],
        "events": events,
        "quotes": [{**quote_row(article.id, q), "published": article.published} for q in coded.quotes],
        "places": [place_row(article.id, p) for p in coded.places],
    }


def batch_rows(batch: Sequence[CodedArticle], run_id: int) -> dict[str, list[dict]]:
    tables: dict[str, list[dict]] = {"articles": [], **{name: [] for name in ARTICLE_TABLES}}
    for coded in batch:
        for table, rows in article_rows(coded, run_id).items():
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


def delete_articles(con: DuckDBPyConnection, article_ids: list[str]) -> set[int]:
    """Delete the stored articles among `article_ids` with all their rows; returns their clusters."""
    existing = con.execute(
        "SELECT count(*) FROM articles WHERE id IN (SELECT unnest(?))", [article_ids]
    ).fetchall()[0][0]
    if not existing:
        return set()
    clusters = {
        row[0]
        for row in con.execute(
            "SELECT DISTINCT cluster_id FROM events WHERE article_id IN (SELECT unnest(?))", [article_ids]
        ).fetchall()
    }
    for table in ARTICLE_TABLES:
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [article_ids])
    con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?))", [article_ids])
    return clusters


def write_batch(con: DuckDBPyConnection, batch: Sequence[CodedArticle], run_id: int) -> BatchCounts:
    """Store `batch` (replacing earlier versions of its articles) and update run `run_id`, atomically."""
    batch = list({coded.article.id: coded for coded in batch}.values())  # a repeated id: the last one wins
    tables = batch_rows(batch, run_id)
    counts = BatchCounts(len(batch), len(tables["events"]), len(tables["quotes"]))
    con.execute("BEGIN TRANSACTION")
    try:
        stale_clusters = delete_articles(con, [coded.article.id for coded in batch])
        for table in ("articles", *ARTICLE_TABLES):
            insert_rows(con, table, tables[table])
        refresh_clusters(con, stale_clusters | {row["cluster_id"] for row in tables["events"]})
        con.execute(
            "UPDATE runs SET articles = articles + ?, events = events + ?, quotes = quotes + ? WHERE id = ?",
            [counts.articles, counts.events, counts.quotes, run_id],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return counts
