"""The lists' read model (schema v10): an event row carries its article's title and URL and its
cluster's counts, a quote its article's title and URL, an article its number of events and quotes.
Quotes and articles also keep their publication day as text. The writer keeps them through new,
replaced and reclustered articles; an older database gets them filled when it is upgraded, and every
list answers as it did before."""

from __future__ import annotations

import dataclasses

import duckdb
import pytest
from test_store_samples import coded, rus_irn_article, sample_corpus

from tidings.store import open_store, write_batch
from tidings.store.query import (
    ArticleFilters,
    EventFilters,
    QuoteFilters,
    articles_page,
    events_page,
    quotes_page,
)
from tidings.store.recluster import recluster
from tidings.store.runs import start_run
from tidings.store.schema import LATEST, V9, migrate

_CLUSTER_COUNTS = ("mentions", "articles", "sources", "independent_sources", "syndicated_copies")
# Rows whose copies disagree with what they copy.
STALE = {
    "events": "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id "
    "LEFT JOIN event_clusters c ON c.id = e.cluster_id "
    "WHERE e.article_title IS DISTINCT FROM a.title OR e.article_url IS DISTINCT FROM a.url OR "
    + " OR ".join(f"e.cluster_{count} IS DISTINCT FROM c.{count}" for count in _CLUSTER_COUNTS),
    "quotes": "SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id "
    "WHERE q.article_title IS DISTINCT FROM a.title OR q.article_url IS DISTINCT FROM a.url "
    "OR q.day IS DISTINCT FROM CAST(a.published AS VARCHAR)",
    "articles": "SELECT count(*) FROM articles a WHERE a.event_count IS DISTINCT FROM "
    "(SELECT count(*) FROM events e WHERE e.article_id = a.id) OR a.quote_count IS DISTINCT FROM "
    "(SELECT count(*) FROM quotes q WHERE q.article_id = a.id) "
    "OR a.day IS DISTINCT FROM CAST(a.published AS VARCHAR)",
}


def assert_copies_agree(con: duckdb.DuckDBPyConnection) -> None:
    assert con.execute("SELECT count(*) FROM events").fetchall()[0][0] > 0
    for table, sql in STALE.items():
        assert con.execute(sql).fetchall()[0][0] == 0, f"{table} rows disagree with what they copy"


def meeting_mentions(con: duckdb.DuckDBPyConnection) -> int:
    """The report count the a1 article's RUS->IRN meeting carries."""
    return con.execute(
        "SELECT cluster_mentions FROM events WHERE article_id = 'a1' AND code = '036'"
    ).fetchall()[0][0]


def test_the_writer_keeps_the_copies_through_replacements_and_reclustering(tmp_path):
    with open_store(tmp_path / "model.duckdb") as store:
        write_batch(store.con, sample_corpus(), start_run(store.con, "m", []))
        assert_copies_agree(store.con)
        assert meeting_mentions(store.con) == 2  # a1 and b2 report the meeting
        renamed = rus_irn_article("a1", "https://www.tasnimnews.com/en/news/1b")
        renamed = dataclasses.replace(renamed, article=dataclasses.replace(renamed.article, title="Pledge"))
        quiet_b2 = coded("b2", text="Nothing happened.", url="https://tass.com/politics/2")
        write_batch(store.con, [renamed, quiet_b2], start_run(store.con, "m", []))
        assert_copies_agree(store.con)
        assert meeting_mentions(store.con) == 1  # b2 no longer reports it
        assert store.con.execute(
            "SELECT DISTINCT article_title FROM events WHERE article_id = 'a1'"
        ).fetchall() == [("Pledge",)]
        store.con.execute("BEGIN TRANSACTION")
        recluster(store.con)
        store.con.execute("COMMIT")
        assert_copies_agree(store.con)


def list_answers(con: duckdb.DuckDBPyConnection) -> list:
    answers: list = []
    for sort in ("date", "-mentions", "goldstein", "source"):
        for filters in (EventFilters(), EventFilters(distinct=True), EventFilters(actor="RUS")):
            page = events_page(con, filters, sort=sort, limit=2)
            answers += [page.rows.to_pylist(), page.next_cursor]
    answers.append(events_page(con).rows.to_pylist())
    answers.append(quotes_page(con, QuoteFilters(), limit=1).rows.to_pylist())
    answers.append(quotes_page(con, QuoteFilters(code="RUS"), sort="-date").rows.to_pylist())
    answers.append(articles_page(con, ArticleFilters(), sort="-published", limit=2).rows.to_pylist())
    answers.append(articles_page(con, ArticleFilters(since="2017-02")).rows.to_pylist())
    return answers


def _copy_rows(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Copy every row of the attached database `source` into the same tables of `con`'s (older) schema."""
    tables = [
        row[0]
        for row in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() "
            "AND table_name <> 'schema_version'"
        ).fetchall()
    ]
    for table in tables:
        columns = ", ".join(
            f'"{row[0]}"' for row in con.execute(f'SELECT * FROM "{table}" LIMIT 0').description or ()
        )
        con.execute(
            f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM {source}."{table}" ORDER BY rowid'
        )


@pytest.mark.parametrize("dedup", [True, False])
def test_an_older_database_gets_the_copies_and_answers_as_before(tmp_path, dedup):
    new_path, old_path = tmp_path / "new.duckdb", tmp_path / "v9.duckdb"
    with open_store(new_path) as store:
        write_batch(store.con, sample_corpus(), start_run(store.con, "m", []), dedup=dedup)
        expected = list_answers(store.con)
    con = duckdb.connect(str(old_path))
    assert migrate(con, V9.version) == V9.version
    con.execute(f"ATTACH '{new_path}' AS newer (READ_ONLY)")
    _copy_rows(con, "newer")
    con.execute("DETACH newer")
    assert "article_title" not in {row[0] for row in con.execute("DESCRIBE events").fetchall()}
    con.close()
    with open_store(old_path) as upgraded:
        assert upgraded.schema_version == LATEST
        assert_copies_agree(upgraded.con)
        assert list_answers(upgraded.con) == expected
