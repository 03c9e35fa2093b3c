"""The store: writing batches, replacing changed articles, clusters, runs, schema migrations."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import deque

import duckdb
import pytest
from test_store_samples import coded, rus_irn_article, sample_corpus

from tidings.records import Article, InputError
from tidings.store import SCHEMA_VERSION, SchemaError, open_store, write_batch
from tidings.store.loading import _Tally, articles_to_code
from tidings.store.rows import content_hash, domain_of, stable_id
from tidings.store.runs import FINISHED, INTERRUPTED, finish_run, record_error, start_run
from tidings.store.schema import V1, apply_migration, current_version


def count(store, table: str) -> int:
    return store.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "t.duckdb") as opened:
        yield opened


@pytest.fixture
def filled(store):
    run_id = start_run(store.con, "test-model", ["samples"])
    write_batch(store.con, sample_corpus(), run_id)
    finish_run(store.con, run_id, FINISHED, skipped=0)
    return store


def test_new_database_is_at_latest_schema(store):
    assert store.schema_version == SCHEMA_VERSION == 11
    rows = store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    tables = {row[0] for row in rows}
    assert {"articles", "sentences", "actors", "events", "quotes", "places", "event_clusters", "runs",
            "errors", "schema_version"} <= tables


def test_batch_stores_every_table(filled):
    assert [count(filled, t) for t in ("articles", "sentences", "actors", "events", "quotes", "places")] == [
        3, 6, 12, 5, 3, 3]
    run = filled.con.execute("SELECT status, articles, events, quotes, pipeline FROM runs").fetchall()[0]
    assert run == ("finished", 3, 5, 3, "test-model")


def test_event_row_keeps_codes_actors_and_evidence(filled):
    row = filled.con.execute(
        "SELECT source_code, target_code, code, root_code, quad_class, goldstein, plover, sentence, verb, "
        "location_name, location_country, tone FROM events WHERE article_id = 'a1' AND code = '036'"
    ).fetchall()[0]
    sentence = "Russian Ambassador Levan Jagarian said Moscow will meet Tehran."
    assert row == ("RUS", "IRN", "036", "03", 1, 4.0, "CONSULT", sentence, "meet", "Tehran", "IRN", 2.0)
    sectors = filled.con.execute("SELECT sectors, name FROM actors WHERE code = 'RUSGOV'").fetchall()
    assert sectors == [(["GOV"], "Levan Jagarian")] * 2


def test_same_event_from_two_outlets_is_one_cluster(filled):
    rows = filled.con.execute(
        "SELECT source_code, target_code, code, date, mentions, articles, sources FROM event_clusters "
        "ORDER BY date, code"
    ).fetchall()
    assert rows == [
        ("RUS", "IRN", "036", "2017-01-05", 2, 2, 2),
        ("IRN", "USA", "112", "2017-01-05", 2, 2, 2),
        ("IRNGOV", "RUS", "112", "2017-02-10", 1, 1, 1),
    ]


def test_same_outlet_counts_as_one_source(store):
    run_id = start_run(store.con, "m", [])
    same_outlet = [rus_irn_article("x1", "https://tass.com/1"), rus_irn_article("x2", "http://tass.com/2")]
    write_batch(store.con, same_outlet, run_id)
    counts = store.con.execute("SELECT DISTINCT mentions, articles, sources FROM event_clusters").fetchall()
    assert counts == [(2, 2, 1)]


def test_undated_events_of_different_articles_stay_apart(store):
    first, second = (
        dataclasses.replace(rus_irn_article(i, None), article=Article(i, "t", "x", published=None))
        for i in ("u1", "u2")
    )
    undated = [dataclasses.replace(c, events=tuple(dataclasses.replace(e, date=None) for e in c.events))
               for c in (first, second)]
    write_batch(store.con, undated, start_run(store.con, "m", []))
    assert store.con.execute("SELECT max(mentions), count(*) FROM event_clusters").fetchall()[0] == (1, 4)


def test_rewriting_a_batch_adds_nothing(filled):
    before = [count(filled, t) for t in ("articles", "events", "quotes", "actors", "event_clusters")]
    write_batch(filled.con, sample_corpus(), start_run(filled.con, "m", []))
    assert [count(filled, t) for t in ("articles", "events", "quotes", "actors", "event_clusters")] == before


def test_changed_article_replaces_its_rows_and_recounts_clusters(filled):
    changed = coded("a1", text="Nothing happened.", title="Quiet")
    write_batch(filled.con, [changed], start_run(filled.con, "m", []))
    assert filled.con.execute("SELECT title FROM articles WHERE id = 'a1'").fetchall()[0] == ("Quiet",)
    assert filled.con.execute("SELECT count(*) FROM events WHERE article_id = 'a1'").fetchall()[0] == (0,)
    counts = filled.con.execute("SELECT mentions, sources FROM event_clusters WHERE code = '036'").fetchall()
    assert counts == [(1, 1)]


def test_cluster_disappears_with_its_last_event(filled):
    for article_id in ("a1", "b2"):
        write_batch(filled.con, [coded(article_id, text="Nothing.")], start_run(filled.con, "m", []))
    assert filled.con.execute("SELECT count(*) FROM event_clusters WHERE code = '036'").fetchall()[0] == (0,)


def test_failed_batch_writes_nothing(store):
    broken = rus_irn_article("bad", None)
    broken = dataclasses.replace(broken, events=(dataclasses.replace(broken.events[0], goldstein="high"),))
    with pytest.raises(Exception):  # noqa: B017 - any failure must roll the whole batch back
        write_batch(store.con, [rus_irn_article("good", None), broken], start_run(store.con, "m", []))
    assert [count(store, t) for t in ("articles", "events", "actors", "event_clusters")] == [0, 0, 0, 0]


def test_repeated_article_id_in_a_batch_keeps_the_last(store):
    first, last = coded("same", title="first"), coded("same", title="last")
    write_batch(store.con, [first, last], start_run(store.con, "m", []))
    assert store.con.execute("SELECT title FROM articles").fetchall() == [("last",)]


def test_unchanged_articles_are_skipped_before_coding(filled):
    stored = sample_corpus()[0].article
    changed = dataclasses.replace(stored, text=stored.text + " More.")
    new = Article("new", "New", "Fresh text.")
    tally, errors = _Tally(1, filled.path), deque()
    error = InputError("bad.json:3", "record has no text")
    batches = list(articles_to_code(filled.con, [stored, error, changed, new], 10, tally, errors))
    # `stored` and `changed` share an id; the unchanged copy is skipped, the changed one is coded.
    assert [[a.id for a in batch] for batch in batches] == [["a1", "new"]]
    assert batches[0][0].text.endswith("More.")
    assert tally.skipped == 1 and list(errors) == [error]


def test_force_codes_unchanged_articles(filled):
    stored = sample_corpus()[0].article
    batches = list(articles_to_code(filled.con, [stored], 10, _Tally(1, filled.path), deque(), force=True))
    assert batches == [[stored]]


def test_content_hash_follows_content_not_source():
    article = Article("a", "T", "Text.", dt.date(2020, 1, 1), source="one.txt")
    assert content_hash(article) == content_hash(dataclasses.replace(article, source="two.txt"))
    assert content_hash(article) != content_hash(dataclasses.replace(article, published=dt.date(2020, 1, 2)))


def test_ids_and_domains():
    assert stable_id("a", "b") == stable_id("a", "b") != stable_id("ab")
    assert 0 <= stable_id("x") < 2**63
    assert domain_of("https://www.tasnimnews.com/en/x") == "tasnimnews.com"
    assert domain_of("tass.com/politics") == "tass.com"
    assert domain_of(None) is None


def test_errors_and_run_status_are_recorded(store):
    run_id = start_run(store.con, "m", ["in"])
    record_error(store.con, run_id, InputError("bad.txt", "not text"))
    next_run = start_run(store.con, "m", ["in"])  # the first run never finished: it was killed
    statuses = store.con.execute("SELECT id, status, errors FROM runs ORDER BY id").fetchall()
    assert statuses == [(run_id, INTERRUPTED, 1), (next_run, "running", 0)]
    assert store.con.execute("SELECT run_id, source, message FROM errors").fetchall() == [
        (run_id, "bad.txt", "not text")]


def make_v1_database(path) -> None:
    """A database as tidings schema v1 wrote it: no tone, domain, cluster ids or clusters."""
    con = duckdb.connect(str(path))
    apply_migration(con, V1)
    for article_id, url in (("a1", "https://www.tasnimnews.com/1"), ("b2", "https://tass.com/2")):
        con.execute("INSERT INTO articles (id, title, text, published, url, content_hash) "
                    "VALUES (?, 't', 'x', DATE '2017-01-05', ?, 'h')", [article_id, url])
        con.execute("INSERT INTO events (id, article_id, sentence_index, source_code, target_code, code, "
                    "root_code, quad_class, goldstein, date) "
                    "VALUES (?, ?, 0, 'RUS', 'IRN', '036', '03', 1, 4.0, NULL)",
                    [stable_id(article_id), article_id])
    con.close()


def test_v1_database_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.duckdb"
    make_v1_database(path)
    with open_store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        versions = store.con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
        assert versions == [(v,) for v in range(1, SCHEMA_VERSION + 1)]
        assert store.con.execute("SELECT domain FROM articles ORDER BY id").fetchall() == [
            ("tasnimnews.com",), ("tass.com",)]
        clustered = store.con.execute("SELECT count(DISTINCT cluster_id), count(cluster_id) FROM events")
        assert clustered.fetchall() == [(1, 2)]
        assert store.con.execute("SELECT date, mentions, sources FROM event_clusters").fetchall() == [
            ("2017-01-05", 2, 2)]
        assert store.con.execute("SELECT count(tone) FROM articles").fetchall()[0] == (0,)
        # The explorer's columns are filled from the articles: an undated event takes the published day.
        assert store.con.execute("SELECT DISTINCT day FROM events").fetchall() == [("2017-01-05",)]
        indexes = {row[0] for row in store.con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
        assert {"events_article", "quotes_article", "actors_article"} <= indexes


def test_upgraded_database_takes_new_batches(tmp_path):
    path = tmp_path / "old.duckdb"
    make_v1_database(path)
    with open_store(path) as store:
        run_id = start_run(store.con, "m", [])
        write_batch(store.con, [rus_irn_article("c3", "https://example.org/3")], run_id)
        counts = store.con.execute("SELECT mentions, sources FROM event_clusters WHERE code = '036'")
        assert counts.fetchall() == [(3, 3)]


def test_read_only_open_never_migrates_an_old_database(tmp_path):
    path = tmp_path / "old.duckdb"
    make_v1_database(path)
    before = path.read_bytes()
    with pytest.raises(SchemaError, match="v1, older .*tidings upgrade"):
        open_store(path, read_only=True)
    assert path.read_bytes() == before
    with open_store(path) as upgraded:  # a writable open (`tidings upgrade`) upgrades it
        assert upgraded.schema_version == SCHEMA_VERSION
    with open_store(path, read_only=True) as store:
        assert store.read_only and store.schema_version == SCHEMA_VERSION
        with pytest.raises(duckdb.Error):
            store.con.execute("DELETE FROM events")


def test_newer_database_is_refused(tmp_path):
    path = tmp_path / "new.duckdb"
    with open_store(path) as store:
        store.con.execute("INSERT INTO schema_version (version, description) VALUES (99, 'future')")
    with pytest.raises(SchemaError, match="v99"):
        open_store(path)


def test_read_only_open_needs_an_existing_tidings_database(tmp_path):
    with pytest.raises(FileNotFoundError):
        open_store(tmp_path / "missing.duckdb", read_only=True)
    duckdb.connect(str(tmp_path / "other.duckdb")).close()
    with pytest.raises(SchemaError, match="not a tidings database"):
        open_store(tmp_path / "other.duckdb", read_only=True)


def test_migration_failure_leaves_database_unchanged(tmp_path):
    con = duckdb.connect(str(tmp_path / "x.duckdb"))
    con.execute("CREATE TABLE articles (id VARCHAR)")  # clashes with v1's articles table
    with pytest.raises(duckdb.Error):
        apply_migration(con, V1)
    assert current_version(con) == 0


def test_tidings_open_is_the_store(tmp_path):
    import tidings

    with tidings.open(tmp_path / "x.duckdb") as store:
        assert store.events().num_rows == 0



def test_database_held_by_another_process_is_reported_busy(tmp_path):
    import subprocess
    import sys

    from tidings.store import StoreBusy

    path = tmp_path / "held.duckdb"
    open_store(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); print('held', "
         "flush=True); time.sleep(60)", str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreBusy, match=f"in use by process {holder.pid} "):
            open_store(path)
        with pytest.raises(StoreBusy):
            open_store(path, read_only=True)
    finally:
        holder.kill()
        holder.wait()


def make_v2_database(path) -> None:
    """A database as schema v2 wrote it: actors and events without their organisation class."""
    from tidings.store.schema import V2

    con = duckdb.connect(str(path))
    apply_migration(con, V1)
    apply_migration(con, V2)
    con.execute("INSERT INTO articles (id, title, text, content_hash) VALUES ('n1', 't', 'x', 'h')")
    for text, code, country, sectors in (
        ("Amnesty International", "NGOHRIAMN", None, ["HRI", "AMN"]),
        ("Islamic State", "IMGREBISI", None, ["REB", "ISI"]),
        ("police", "---COP", None, ["COP"]),
        ("Russia", "RUS", "RUS", []),
    ):
        con.execute("INSERT INTO actors (article_id, text, code, country, sectors) VALUES ('n1', ?, ?, ?, ?)",
                    [text, code, country, sectors])
    con.execute("INSERT INTO events (id, article_id, source_code, source_sectors, target_code, "
                "target_country, target_sectors, code) "
                "VALUES (1, 'n1', 'NGOHRIAMN', ['HRI', 'AMN'], 'RUS', 'RUS', [], '112')")
    con.close()


def test_v2_database_gains_the_organisation_columns(tmp_path):
    path = tmp_path / "v2.duckdb"
    make_v2_database(path)
    with open_store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        orgs = store.con.execute("SELECT code, org FROM actors ORDER BY code").fetchall()
        assert orgs == [("---COP", None), ("IMGREBISI", "IMG"), ("NGOHRIAMN", "NGO"), ("RUS", None)]
        event = store.con.execute("SELECT source_org, target_org FROM events").fetchall()
        assert event == [("NGO", None)]


def test_actor_org_is_stored_for_mentions_and_events(store):
    from tidings.records import Actor, CodedArticle, Event, Sentence

    article = Article(id="o1", title="t", text="Amnesty International accused Russia.")
    ngo = Actor(text="Amnesty International", start=0, end=21, sectors=("HRI", "AMN"), org="NGO")
    russia = Actor(text="Russia", start=31, end=37, country="RUS")
    event = Event(
        article_id="o1", sentence_index=0, sentence=article.text, start=0, end=len(article.text),
        source=ngo, target=russia, code="112", root_code="11", quad_class=3, goldstein=-2.0,
        plover="ACCUSE", plover_mode=None, verb="accused", verb_start=22, verb_end=29, rule="test",
    )  # fmt: skip
    sentence = Sentence(0, 0, len(article.text), article.text)
    coded = CodedArticle(article, (sentence,), events=(event,), actors=(ngo, russia))
    write_batch(store.con, [coded], start_run(store.con, "m", []))
    assert store.con.execute("SELECT code, org FROM actors ORDER BY start").fetchall() == [
        ("NGOHRIAMN", "NGO"), ("RUS", None)]
    assert store.con.execute("SELECT source_org, target_org FROM events").fetchall() == [("NGO", None)]


def test_an_older_database_gains_the_language_skip_count_of_its_runs(tmp_path):
    from tidings.store.schema import V3

    path = tmp_path / "v3.duckdb"
    make_v2_database(path)
    con = duckdb.connect(str(path))
    apply_migration(con, V3)
    con.execute("INSERT INTO runs (id, status) VALUES (1, 'finished')")
    con.close()
    with open_store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.con.execute("SELECT skipped_language FROM runs").fetchall() == [(0,)]
