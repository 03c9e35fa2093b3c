"""Queries on a small hand-made database: every filter, and filter values that try SQL injection."""

from __future__ import annotations

import pytest
from test_store_samples import INJECTION, sample_corpus

from tidings.store import UnsafeSQL, open_store, write_batch
from tidings.store.runs import start_run


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("query") / "q.duckdb"
    with open_store(path) as store:
        write_batch(store.con, sample_corpus(), start_run(store.con, "m", []))
    return path


@pytest.fixture
def store(db_path):
    with open_store(db_path, read_only=True) as opened:
        yield opened


def column(table, name):
    return table.column(name).to_pylist()


def test_events_without_filters_are_all_events_oldest_first(store):
    events = store.events()
    assert events.num_rows == 5
    assert column(events, "date") == ["2017-01-05"] * 4 + ["2017-02-10"]
    assert all(column(events, "sentence"))


def test_source_and_target_match_as_prefixes(store):
    assert column(store.events(source="IRN"), "source") == ["IRN", "IRN", "IRNGOV"]
    assert column(store.events(source="IRNGOV"), "source") == ["IRNGOV"]
    assert column(store.events(source="RUS", target="IRN"), "code") == ["036", "036"]
    assert store.events(source="RUS|IRN").num_rows == 5


def test_code_and_root_filters(store):
    assert set(column(store.events(code="03"), "code")) == {"036"}
    assert store.events(code="036|112").num_rows == 5
    assert set(column(store.events(root="11"), "code")) == {"112"}
    assert store.events(root="3").num_rows == 2  # "3" means root 03


def test_date_filters_take_partial_dates(store):
    assert store.events(since="2017-02").num_rows == 1
    assert store.events(until="2017-01").num_rows == 4  # the whole of January
    assert store.events(since="2017-01-05", until="2017-01-05").num_rows == 4
    assert store.events(since="2018").num_rows == 0
    with pytest.raises(ValueError, match="YYYY"):
        store.events(since="last week")


def test_text_filter_is_case_insensitive_and_literal(store):
    assert set(column(store.events(text="ACCUSED"), "code")) == {"112"}
    assert store.events(text="%").num_rows == 0  # no wildcard: "%" is just a character


def test_distinct_and_limit(store):
    distinct = store.events(distinct=True)
    assert distinct.num_rows == 3
    assert sorted(column(distinct, "mentions")) == [1, 2, 2]
    assert store.events(limit=2).num_rows == 2


@pytest.mark.parametrize("field", ["source", "target", "code", "text"])
def test_injection_in_any_filter_matches_nothing_and_harms_nothing(store, field):
    assert store.events(**{field: INJECTION}).num_rows == 0
    assert store.events().num_rows == 5


def test_injection_as_a_stored_value_is_found_literally(store):
    quotes = store.quotes(speaker=INJECTION)
    assert column(quotes, "speaker") == [INJECTION]
    assert store.events().num_rows == 5


def test_dyad_counts_both_directions_per_month(store):
    dyad = store.dyad("IRN", "RUS", by="month").to_pylist()
    assert [(r["period"], r["direction"], r["events"], r["mentions"]) for r in dyad] == [
        ("2017-01", "RUS->IRN", 1, 2),
        ("2017-02", "IRN->RUS", 1, 1),
    ]
    first, second = dyad
    assert (first["goldstein"], first["verbal_coop"], first["verbal_conflict"]) == (4.0, 1, 0)
    assert (second["goldstein"], second["verbal_coop"], second["verbal_conflict"]) == (-2.0, 0, 1)


@pytest.mark.parametrize(("by", "periods"), [
    ("day", ["2017-01-05", "2017-02-10"]), ("week", ["2017-W01", "2017-W06"]), ("year", ["2017"])])
def test_dyad_periods(store, by, periods):
    assert sorted(set(column(store.dyad("RUS", "IRN", by=by), "period"))) == periods


def test_dyad_rejects_unknown_period_and_survives_injection(store):
    with pytest.raises(ValueError, match="by must be"):
        store.dyad("RUS", "IRN", by="decade")
    assert store.dyad(INJECTION, "IRN").num_rows == 0


def test_actors_top(store):
    actors = store.actors(top=3).to_pylist()
    assert [a["code"] for a in actors] == ["IRN", "RUS", "RUSGOV"]
    assert actors[0]["mentions"] == 4 and actors[0]["as_source"] == 2
    assert store.actors(top=None).num_rows == 5


def test_quotes_by_speaker_and_code(store):
    assert column(store.quotes(speaker="jagarian"), "article_id") == ["a1", "b2"]
    assert column(store.quotes(code="IRN"), "speaker") == [INJECTION]
    assert store.quotes(code="RUSGOV", text="Tehran").num_rows == 2


def test_articles_search_title_and_text(store):
    assert column(store.articles(text="delays"), "id") == ["c3"]
    everything = store.articles().to_pylist()
    assert [(a["id"], a["events"], a["quotes"], a["domain"]) for a in everything] == [
        ("a1", 2, 1, "tasnimnews.com"), ("b2", 2, 1, "tass.com"), ("c3", 1, 1, "example.org")]
    assert store.articles(since="2017-02").num_rows == 1


def test_sql_returns_arrow_and_read_only_store_refuses_writes(store):
    table = store.sql("SELECT code, count(*) AS n FROM events WHERE code = $code GROUP BY code",
                      {"code": "036"})
    assert table.to_pylist() == [{"code": "036", "n": 2}]
    with pytest.raises(UnsafeSQL, match="read-only"):
        store.sql("DROP TABLE events")
    assert store.events().num_rows == 5


def test_whole_tables_by_name_only(store):
    assert store.table("event_clusters").num_rows == 3
    with pytest.raises(ValueError, match="unknown table"):
        store.table("events; DROP TABLE events")
