"""Ingest recounts the clusters its batches touch every few batches and at the end of the run (schema
v11): the counts then equal those of a recount after every batch, and a run killed before its
recount leaves the clusters noted, for the next open (a query's too) to recount."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator

import duckdb
from test_store_read_model import assert_copies_agree
from test_store_samples import rus_irn_article, sample_corpus

from tidings.records import Article, CodedArticle, InputError
from tidings.store import open_store, write_batch
from tidings.store.clusters import clusters_waiting, recount_waiting
from tidings.store.loading import ingest_items
from tidings.store.runs import start_run


def cluster_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("SELECT * FROM event_clusters ORDER BY id").fetchall()


def event_copies(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "SELECT id, cluster_id, cluster_mentions, cluster_articles, cluster_sources, "
        "cluster_independent_sources, cluster_syndicated_copies FROM events ORDER BY id"
    ).fetchall()


def batches() -> list[list[CodedArticle]]:
    """The sample corpus one article a batch, then a later version of a1 (which leaves the story it
    shared with its copy b2, and moves its event to another day)."""
    replaced = rus_irn_article("a1", "https://www.tasnimnews.com/en/news/1", date="2017-01-20")
    replaced = dataclasses.replace(
        replaced, article=dataclasses.replace(replaced.article, text=replaced.article.text + " Talks go on.")
    )
    return [[article] for article in sample_corpus()] + [[replaced]]


def written(path, recount: bool) -> tuple[list[tuple], list[tuple]]:
    with open_store(path) as store:
        run_id = start_run(store.con, "m", [])
        for batch in batches():
            write_batch(store.con, batch, run_id, recount=recount)
        if not recount:
            assert clusters_waiting(store.con)
            assert recount_waiting(store.con) > 0
        assert not clusters_waiting(store.con)
        assert_copies_agree(store.con)
        return cluster_rows(store.con), event_copies(store.con)


def test_a_deferred_recount_gives_the_counts_of_a_recount_after_every_batch(tmp_path):
    later = written(tmp_path / "later.duckdb", recount=False)
    assert later == written(tmp_path / "each.duckdb", recount=True)


def test_a_run_killed_before_its_recount_is_recounted_by_the_next_open(tmp_path):
    expected = written(tmp_path / "each.duckdb", recount=True)
    path = tmp_path / "killed.duckdb"
    with open_store(path) as store:
        run_id = start_run(store.con, "m", [])
        for batch in batches():
            write_batch(store.con, batch, run_id, recount=False)
        stale = cluster_rows(store.con)
    assert stale != expected[0]  # what a kill -9 before the recount leaves behind
    with open_store(path, read_only=True) as queried:  # a query right after the kill counts right too
        assert (cluster_rows(queried.con), event_copies(queried.con)) == expected
    with open_store(path) as reopened:
        assert not clusters_waiting(reopened.con)
        assert (cluster_rows(reopened.con), event_copies(reopened.con)) == expected
        assert_copies_agree(reopened.con)


class StoredSamples:
    """An ArticleCoder that gives back the sample corpus' coded articles by id (the coding itself is
    not what these tests are about)."""

    model = "samples"

    def __init__(self) -> None:
        self.coded = {coded.article.id: coded for coded in sample_corpus()}

    def code(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 1,
        workers: int = 1,
        on_error: Callable[[InputError], None] | None = None,
    ) -> Iterator[CodedArticle]:
        return (self.coded[article.id] for article in articles)


def test_ingest_leaves_no_cluster_to_recount_when_it_ends_or_is_stopped(tmp_path):
    expected_path = tmp_path / "each.duckdb"
    with open_store(expected_path) as store:
        for coded in sample_corpus():
            write_batch(store.con, [coded], start_run(store.con, "m", []))
        expected = cluster_rows(store.con), event_copies(store.con)
    articles = [coded.article for coded in sample_corpus()]
    with open_store(tmp_path / "ingested.duckdb") as store:
        waiting: list[bool] = []
        summary = ingest_items(
            store, articles, ["samples"], tidings=StoredSamples(), batch_size=1,
            progress=lambda _: waiting.append(clusters_waiting(store.con)),
        )
        assert summary.articles == 3
        assert waiting == [True, True, True]  # noted by each batch, recounted at the end
        assert not clusters_waiting(store.con)
        assert (cluster_rows(store.con), event_copies(store.con)) == expected
    with open_store(tmp_path / "stopped.duckdb") as store:
        summary = ingest_items(
            store, articles, ["samples"], tidings=StoredSamples(), batch_size=1, stop=lambda: True
        )
        assert summary.status == "interrupted" and summary.articles == 1
        assert not clusters_waiting(store.con)
        assert_copies_agree(store.con)
