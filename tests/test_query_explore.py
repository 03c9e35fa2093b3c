"""The explorer's library calls on the hand-made database: every new event filter, whitelisted sorts,
keyset cursors (also tampered ones), aggregates, and a stored article read back as its CodedArticle."""

from __future__ import annotations

import base64
import json
from dataclasses import replace

import pytest
from test_store_samples import INJECTION, sample_corpus

from tidings.store import explore, open_store, write_batch
from tidings.store import query as q
from tidings.store.paging import decode_cursor, parse_order
from tidings.store.runs import start_run
from tidings.store.stored import stored_article


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("explore") / "x.duckdb"
    with open_store(path) as store:
        write_batch(store.con, sample_corpus(), start_run(store.con, "m", []))
    with open_store(path, read_only=True) as store:
        yield store.con


def codes(table, name="code"):
    return table.column(name).to_pylist()


def events(con, **filters):
    return q.events_page(con, q.EventFilters(**filters)).rows


def test_actor_matches_either_side_and_partner_makes_a_dyad(con):
    assert len(events(con, actor="USA")) == 2  # only ever a target
    assert set(codes(events(con, actor="RUS", partner="IRN"), "source")) == {"RUS", "IRNGOV"}
    both_ways = events(con, actor="RUS", partner="IRN").num_rows
    assert events(con, actor="IRN", partner="RUS").num_rows == both_ways
    assert events(con, actor="RUS", partner="USA").num_rows == 0
    with pytest.raises(ValueError, match="partner needs actor"):
        events(con, partner="IRN")


def test_plover_quad_class_country_and_place(con):
    assert set(codes(events(con, plover="accuse"))) == {"112"}
    assert events(con, plover="CONSULT|ACCUSE").num_rows == 5
    assert set(codes(events(con, quad_class="3"))) == {"112"}
    assert events(con, quad_class="1|3").num_rows == 5
    with pytest.raises(ValueError, match="quad_class"):
        events(con, quad_class="5")
    assert codes(events(con, country="irn")) == ["036", "036"]
    assert codes(events(con, place="tehr")) == ["036", "036"]
    assert events(con, article="c3").num_rows == 1


@pytest.mark.parametrize("field", ["actor", "plover", "country", "place", "article"])
def test_injection_in_new_filters_matches_nothing(con, field):
    assert events(con, **{field: INJECTION}).num_rows == 0
    assert events(con).num_rows == 5


def test_sorts_come_from_a_whitelist(con):
    scores = codes(q.events_page(con, sort="-goldstein").rows, "goldstein")
    assert scores == sorted(scores, reverse=True)
    with pytest.raises(ValueError, match="sort must be one of"):
        q.events_page(con, sort="goldstein; DROP TABLE events")


@pytest.mark.parametrize("sort", ["date", "-date", "goldstein", "-mentions", "source", "-tone"])
def test_cursor_pages_cover_everything_once_in_order(con, sort):
    everything = q.events_page(con, sort=sort).rows.column("id").to_pylist()
    seen, cursor = [], None
    while True:
        page = q.events_page(con, sort=sort, limit=2, cursor=cursor)
        seen += page.rows.column("id").to_pylist()
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == everything


def test_quotes_and_articles_page_too(con):
    first = q.quotes_page(con, limit=1)
    rest = q.quotes_page(con, limit=10, cursor=first.next_cursor)
    assert first.rows.num_rows == 1 and rest.rows.num_rows == 2 and rest.next_cursor is None
    latest = q.articles_page(con, sort="-published", limit=1)
    assert codes(latest.rows, "id") == ["c3"]
    rest = q.articles_page(con, sort="-published", cursor=latest.next_cursor)
    assert codes(rest.rows, "id") == ["b2", "a1"]


def _forged(label, values):
    return base64.urlsafe_b64encode(json.dumps([label, values]).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 !",
        "e30",
        _forged("date", [1, 2]),
        _forged("date", ["x", "y", "z", "w"]),
        _forged("goldstein", [1.0, 5]),
        _forged("date", [INJECTION, "a", 0, True]),
    ],
)
def test_malformed_or_foreign_cursors_are_refused(con, cursor):
    with pytest.raises(ValueError, match="cursor"):
        q.events_page(con, cursor=cursor)


def test_a_cursor_holds_only_key_values(con):
    page = q.events_page(con, limit=1)
    values = decode_cursor(page.next_cursor, parse_order(None, q.EVENT_SORTS, "date"))
    assert values[0] == "2017-01-05" and isinstance(values[-1], int)


def test_count_matches_the_rows(con):
    filters = q.EventFilters(actor="IRN")
    assert q.count_events(con, filters) == q.events_page(con, filters).rows.num_rows == 5


def test_aggregates(con):
    totals = explore.totals(con)
    assert (totals.articles, totals.events, totals.distinct_events, totals.quotes) == (3, 5, 3, 3)
    assert (totals.first_day, totals.last_day) == ("2017-01-05", "2017-02-10")
    months = explore.events_by_month(con).to_pylist()
    assert {(m["month"], m["quad_class"], m["events"]) for m in months} == {
        ("2017-01", 1, 2),
        ("2017-01", 3, 2),
        ("2017-02", 3, 1),
    }
    dyads = explore.top_dyads(con).to_pylist()
    assert [(d["actor1"], d["actor2"], d["events"]) for d in dyads] == [
        ("IRN", "RUS", 2),
        ("IRN", "USA", 2),
        ("IRNGOV", "RUS", 1),
    ]
    partners = explore.partners(con, "RUS").to_pylist()
    sides = {p["partner"]: (p["outgoing"], p["incoming"]) for p in partners}
    assert sides == {"IRN": (2, 0), "IRNGOV": (0, 1)}
    assert explore.event_types(con, "IRN").to_pylist() == [
        {"root": "03", "as_source": 0, "as_target": 2},
        {"root": "11", "as_source": 3, "as_target": 0},
    ]
    assert explore.actor_names(con, "RUSGOV") == ["Levan Jagarian"]
    assert explore.places(con).to_pylist()[0]["name"] == "Tehran"
    assert explore.speakers(con, "IRN").column("speaker").to_pylist() == [INJECTION]


def test_a_stored_article_reads_back_as_the_coded_article(con):
    original = {c.article.id: c for c in sample_corpus()}["a1"]
    stored = stored_article(con, "a1")
    assert stored.article.text == original.article.text and stored.article.url == original.article.url
    # An event's location is stored without its offsets (the article's places keep them).
    assert stored.events == tuple(
        replace(e, location=replace(e.location, start=None, end=None) if e.location else None)
        for e in original.events
    )
    assert stored.quotes == original.quotes
    assert sorted(stored.actors, key=lambda a: a.start) == sorted(original.actors, key=lambda a: a.start)
    assert [s.text for s in stored.sentences] == [s.text for s in original.sentences]
    assert stored_article(con, "missing") is None


def test_pages_with_nothing_in_them(con):
    nothing = q.EventFilters(text="no sentence says this")
    assert q.events_page(con, nothing, limit=10).rows.num_rows == 0
    assert q.quotes_page(con, q.QuoteFilters(text="nor this"), limit=10).next_cursor is None
    assert q.articles_page(con, q.ArticleFilters(text="nor this"), limit=10).rows.num_rows == 0
