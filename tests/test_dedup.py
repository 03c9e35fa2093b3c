"""Syndicated copies grouped into stories, and reports of one real-world event grouped into one cluster."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from test_store_samples import actor, coded, event

from tidings.records import Location
from tidings.store import open_store, write_batch
from tidings.store.dedup import Report, date_span, distance_km, same_event
from tidings.store.runs import start_run
from tidings.store.syndication import fingerprint, is_copy, jaccard

WIRE = (
    "Russia and Iran agreed on Tuesday to build a second rail link across the Caspian region, the two "
    "foreign ministers said after talks in Tehran that lasted most of the day.\n\n"
    "The line will carry grain and fertiliser south and machinery north, officials said, and should open "
    "within four years if the financing agreed at the meeting holds.\n\n"
    "Both governments described the talks as friendly and said trade had grown by a third last year "
    "despite the sanctions imposed on both countries by Western governments.\n\n"
    "The ministers also discussed the war in Syria and the security of shipping in the Gulf, according "
    "to a statement published by the Iranian foreign ministry in the evening."
)
OTHER = (
    "Heavy rain flooded the lower districts of the capital overnight, and the city council closed three "
    "schools while pumps cleared the streets. Forecasters expect more rain on Friday and warned drivers "
    "to keep away from the river roads until the water level falls again."
)
TEHRAN = Location("Tehran", "IRN", 35.69, 51.42)
ISFAHAN = Location("Isfahan", "IRN", 32.65, 51.67)
KARAJ = Location("Karaj", "IRN", 35.83, 50.99)  # about 40 km from Tehran


def copy_of(text: str) -> str:
    """A syndicated copy: new first paragraph order, a dropped paragraph, boilerplate and a typo."""
    paragraphs = text.split("\n\n")
    edited = [paragraphs[1], paragraphs[0], paragraphs[3]]
    edited[1] = edited[1].replace("foreign ministers", "foriegn ministers")
    return "\n\n".join([*edited, "Copyright 2019 Example Wire. All rights reserved. Do not redistribute."])


def meeting(article_id: str, *, text: str = WIRE, day: str | None = "2019-04-16", url: str | None = None,
            published: dt.date = dt.date(2019, 4, 16), location: Location | None = TEHRAN, code: str = "036",
            source: str = "RUS", target: str = "IRN", precision_source: str = "sentence"):
    rus, irn = actor("Russia", 0, source), actor("Iran", 11, target)
    found = event(article_id, rus, irn, code, date=day, sentence=text[:100], location=location)
    if day is None:
        found = dataclasses.replace(found, date=published.isoformat(), date_precision="day",
                                    date_source="article")
    elif precision_source == "article":
        found = dataclasses.replace(found, date_source="article")
    return coded(article_id, text=text, title="Rail link", events=(found,), url=url, published=published,
                 actors=(rus, irn))


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "t.duckdb") as opened:
        yield opened


def write(store, *articles) -> None:
    write_batch(store.con, list(articles), start_run(store.con, "test", []))


def rows(store, sql: str) -> list[tuple]:
    return store.con.execute(sql).fetchall()


# ------------------------------------------------------------------ syndication


def test_copy_with_edits_is_similar_and_an_unrelated_text_is_not():
    original, copy, other = (fingerprint(coded(i, text=t).article) for i, t in
                             (("a", WIRE), ("b", copy_of(WIRE)), ("c", OTHER)))
    assert is_copy(jaccard(original.signature, copy.signature), original.shingles, copy.shingles)
    assert not is_copy(jaccard(original.signature, other.signature), original.shingles, other.shingles)


def test_copies_form_one_story_under_the_earliest_article(store):
    write(store, meeting("wire", url="https://wire.example/1"))
    later = meeting("paper", text=copy_of(WIRE), url="https://paper.example/1",
                    published=dt.date(2019, 4, 17))
    write(store, later, coded("flood", text=OTHER, url="https://paper.example/2"))
    assert rows(store, "SELECT article_id, story_id, is_copy FROM article_stories ORDER BY article_id") == [
        ("flood", "flood", False), ("paper", "wire", True), ("wire", "wire", False)]
    story = store.stories().to_pylist()
    assert [(s["story_id"], s["copies"], s["copy_ids"]) for s in story] == [("wire", 1, ["paper"])]


def test_copy_found_in_the_same_batch_and_story_regrouped_when_a_copy_changes(store):
    write(store, meeting("wire"), meeting("paper", text=copy_of(WIRE), published=dt.date(2019, 4, 17)))
    assert rows(store, "SELECT count(DISTINCT story_id) FROM article_stories") == [(1,)]
    write(store, coded("paper", text=OTHER))  # the copy is rewritten into something else
    assert rows(store, "SELECT article_id, story_id FROM article_stories ORDER BY 1") == [
        ("paper", "paper"), ("wire", "wire")]
    assert rows(store, "SELECT count(*) FROM syndication_links") == [(0,)]


def test_removing_the_original_promotes_the_next_copy(store):
    copies = [meeting(f"c{n}", text=copy_of(WIRE) + f" Item {n}.", published=dt.date(2019, 4, 17 + n))
              for n in range(2)]
    write(store, meeting("wire"), *copies)
    write(store, coded("wire", text=OTHER))
    assert rows(store, "SELECT article_id, story_id FROM article_stories ORDER BY 1") == [
        ("c0", "c0"), ("c1", "c0"), ("wire", "wire")]


# ------------------------------------------------------------------ the same real-world event


def report(**fields) -> Report:
    base = dict(event_id=1, article_id="a", source_key="RUS", target_key="IRN", root_code="03",
                plover="CONSULT", day_lo=dt.date(2019, 4, 16), day_hi=dt.date(2019, 4, 16))
    return Report(**(base | fields))


def test_same_event_rules():
    base = report()
    assert same_event(base, report(day_lo=dt.date(2019, 4, 17), day_hi=dt.date(2019, 4, 17)))
    assert not same_event(base, report(day_lo=dt.date(2019, 4, 18), day_hi=dt.date(2019, 4, 18)))
    assert same_event(base, report(day_lo=dt.date(2019, 4, 1), day_hi=dt.date(2019, 4, 30)))  # month
    assert not same_event(base, report(source_key="IRN", target_key="RUS"))  # direction matters
    assert same_event(base, report(root_code="04"))  # same PLOVER type
    assert not same_event(base, report(root_code="04", plover="AGREE"))
    assert not same_event(base, report(day_lo=None, day_hi=None))


def test_places_within_fifty_km_match_and_farther_ones_do_not():
    def at(place: Location) -> Report:
        return report(place_country=place.country, place_level="point", lat=place.lat, lon=place.lon)

    assert distance_km(TEHRAN.lat, TEHRAN.lon, KARAJ.lat, KARAJ.lon) < 50
    assert same_event(at(TEHRAN), at(KARAJ))
    assert not same_event(at(TEHRAN), at(ISFAHAN))
    assert same_event(at(TEHRAN), report())  # no place named: no contradiction
    assert same_event(at(TEHRAN), report(place_country="IRN", place_level="country"))
    assert not same_event(at(TEHRAN), report(place_country="IRQ", place_level="country"))
    assert not same_event(report(place_level="admin1", place_admin1="TX", place_country="USA"),
                          report(place_level="admin1", place_admin1="CA", place_country="USA"))


def test_date_spans_follow_precision_and_report_lag():
    assert date_span("2019-04", "month", "sentence", None) == (dt.date(2019, 4, 1), dt.date(2019, 4, 30))
    assert date_span("2019", "year", "sentence", None) == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert date_span("2019-04-16", "day", "article", dt.date(2019, 4, 16)) == (
        dt.date(2019, 4, 14), dt.date(2019, 4, 16))
    assert date_span(None, None, None, None) == (None, None)
    assert date_span(None, None, None, dt.date.min)[0] == dt.date.min  # no overflow


def test_reports_on_adjacent_days_from_two_outlets_are_one_event(store):
    write(store, meeting("a", url="https://one.example/a"))
    write(store, meeting("b", day="2019-04-17", location=KARAJ, text=OTHER, url="https://two.example/b",
                         published=dt.date(2019, 4, 18)))
    assert rows(store, "SELECT mentions, articles, sources, independent_sources, syndicated_copies "
                       "FROM event_clusters") == [(2, 2, 2, 2, 0)]
    assert rows(store, "SELECT count(DISTINCT cluster_id) FROM events") == [(1,)]


def test_look_alikes_elsewhere_or_days_later_stay_apart(store):
    write(store, meeting("a"), meeting("isfahan", location=ISFAHAN, text=OTHER),
          meeting("later", day="2019-04-20", text=OTHER + " Later."),
          meeting("reverse", source="IRN", target="RUS", text=OTHER + " Reverse."))
    assert rows(store, "SELECT count(*) FROM event_clusters") == [(4,)]


def test_undated_report_joins_the_event_of_the_days_before_its_publication(store):
    write(store, meeting("a"))
    write(store, meeting("b", day=None, text=OTHER, published=dt.date(2019, 4, 18)))
    assert rows(store, "SELECT count(*), max(mentions) FROM event_clusters") == [(1, 2)]


def test_syndicated_copies_are_not_independent_sources(store):
    write(store, meeting("wire", url="https://wire.example/1"))
    write(store, meeting("paper", text=copy_of(WIRE), url="https://paper.example/1"),
          meeting("own", text=OTHER, url="https://third.example/1", day="2019-04-17"))
    assert rows(store, "SELECT mentions, articles, sources, independent_sources, syndicated_copies "
                       "FROM event_clusters") == [(3, 3, 3, 2, 1)]
    line = next(iter(open_gdelt(store)))
    columns = line.rstrip("\n").split("\t")
    assert (columns[31], columns[32], columns[33]) == ("3", "2", "3")  # NumMentions, NumSources, NumArticles


def open_gdelt(store):
    import tempfile
    from pathlib import Path

    out = Path(tempfile.mkdtemp()) / "events.tsv"
    store.export("gdelt", out)
    return out.read_text(encoding="utf-8").splitlines(keepends=True)


def test_recoding_an_article_moves_its_reports(store):
    write(store, meeting("a"), meeting("b", text=OTHER))
    assert rows(store, "SELECT count(*) FROM event_clusters") == [(1,)]
    write(store, meeting("b", text=OTHER, day="2019-05-20"))  # re-coded: now a different day
    assert rows(store, "SELECT mentions FROM event_clusters ORDER BY date") == [(1,), (1,)]
    assert rows(store, "SELECT count(*) FROM cluster_members") == [(2,)]
    write(store, meeting("b", text=OTHER))  # and back
    assert rows(store, "SELECT count(*), max(mentions) FROM event_clusters") == [(1, 2)]


def test_clustered_query_lists_every_member(store):
    write(store, meeting("a"), meeting("b", text=OTHER, day="2019-04-17"),
          meeting("c", text=OTHER + " c", day="2019-06-01"))
    table = store.events(clustered=True).to_pylist()
    assert [(r["mentions"], r["article_ids"]) for r in table] == [(2, ["a", "b"]), (1, ["c"])]
    members = store.events(cluster=table[0]["cluster_id"]).to_pylist()
    assert sorted(r["article_id"] for r in members) == ["a", "b"]
    dyad = store.dyad("RUS", "IRN", by="month").to_pylist()
    assert [(r["period"], r["events"], r["mentions"]) for r in dyad] == [("2019-04", 1, 2), ("2019-06", 1, 1)]


def test_exact_key_clustering_is_kept_for_comparison(store):
    run = start_run(store.con, "test", [])
    write_batch(store.con, [meeting("a"), meeting("b", text=OTHER, day="2019-04-17")], run, dedup=False)
    assert rows(store, "SELECT count(*) FROM event_clusters") == [(2,)]
