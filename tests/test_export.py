"""Exports, each read back by an independent reader (pyarrow / DuckDB, csv, json)."""

from __future__ import annotations

import csv
import json

import duckdb
import pyarrow.parquet as pq
import pytest
from test_store_samples import sample_corpus

from tidings.store import open_store, write_batch
from tidings.store.formats.gdelt import (
    FIELDS,
    GDELT_COLUMN_COUNT,
    fraction_date,
    gdelt_columns,
    gdelt_day,
    geo_type,
)
from tidings.store.query import TABLES
from tidings.store.runs import start_run


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "e.duckdb"
    with open_store(path) as opened:
        write_batch(opened.con, sample_corpus(), start_run(opened.con, "m", []))
    with open_store(path, read_only=True) as opened:
        yield opened


def test_gdelt_layout_has_61_columns_in_gdelt_order():
    names = [name for name, _ in gdelt_columns()]
    assert len(names) == GDELT_COLUMN_COUNT == 61
    assert names[:6] == ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code"]
    assert names[25:35] == ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                            "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    assert names[-3:] == ["ActionGeo_FeatureID", "DATEADDED", "SOURCEURL"]
    assert len(set(names)) == 61


def test_every_described_gdelt_column_is_filled_and_no_other():
    described = {name for name, filled_from in gdelt_columns() if filled_from}
    assert described == set(FIELDS)


def test_gdelt_export_reads_back_with_61_columns(store, tmp_path):
    out = tmp_path / "events.gdelt.tsv"
    assert store.export("gdelt", out) == 3
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) == 3 and all(len(row) == 61 for row in rows)
    names = [name for name, _ in gdelt_columns()]
    by_date = {row[names.index("SQLDATE")] + row[names.index("EventCode")]: dict(zip(names, row, strict=True))
               for row in rows}
    meeting = by_date["20170105036"]
    assert meeting["SQLDATE"] == "20170105" and meeting["MonthYear"] == "201701" and meeting["Year"] == "2017"
    assert (meeting["Actor1Code"], meeting["Actor1Name"], meeting["Actor1CountryCode"]) == (
        "RUS", "MOSCOW", "RUS")
    assert (meeting["Actor2Code"], meeting["EventBaseCode"], meeting["EventRootCode"]) == ("IRN", "036", "03")
    assert (meeting["QuadClass"], meeting["GoldsteinScale"], meeting["IsRootEvent"]) == ("1", "4.0", "1")
    # The two outlets print the same text: one is a syndicated copy, so one independent source.
    assert (meeting["NumMentions"], meeting["NumSources"], meeting["NumArticles"]) == ("2", "1", "2")
    assert (meeting["ActionGeo_FullName"], meeting["ActionGeo_CountryCode"]) == ("Tehran", "IR")
    assert meeting["ActionGeo_Type"] == "4" and meeting["ActionGeo_Lat"] == "35.69"
    assert meeting["SOURCEURL"] == "https://www.tasnimnews.com/en/news/1"
    assert len(meeting["DATEADDED"]) == 14 and meeting["Actor1EthnicCode"] == ""
    accusation = by_date["20170210112"]
    assert (accusation["Actor1Code"], accusation["Actor1Type1Code"], accusation["Actor2Code"]) == (
        "IRNGOV", "GOV", "RUS")


def test_gdelt_dates_and_places():
    import datetime as dt

    assert gdelt_day("2017-01", dt.date(2017, 1, 20)) == dt.date(2017, 1, 20)
    assert gdelt_day("2017-03", dt.date(2017, 1, 20)) == dt.date(2017, 3, 1)
    assert gdelt_day(None, dt.date(2017, 1, 20)) == dt.date(2017, 1, 20)
    assert fraction_date(dt.date(2017, 1, 5)) == "2017.0137"
    assert geo_type("Iran", "IRN") == 1 and geo_type("Texas", "USA") == 2
    assert geo_type("Austin", "USA") == 3 and geo_type("Tehran", "IRN") == 4 and geo_type(None, None) is None


def test_plover_export_is_one_json_event_per_line(store, tmp_path):
    out = tmp_path / "events.plover.jsonl"
    assert store.export("plover", out) == 5
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 5
    meeting = records[0]
    for key in ("id", "date", "actor", "recipient", "event", "mode", "context", "event_text", "event_loc",
                "text", "cite_info", "url"):
        assert key in meeting
    assert (meeting["actor"], meeting["recipient"], meeting["event"], meeting["date"]) == (
        "RUS", "IRN", "CONSULT", "2017-01-05")
    assert meeting["event_loc"]["name"] == "Tehran" and meeting["cite_info"]["article_id"] == "a1"
    assert meeting["cluster"]["mentions"] == 2 and meeting["text"].endswith("meet Tehran.")
    assert records[-1]["date"] == "2017-02-10" and records[-1]["date_resolution"] == "day"


def test_parquet_export_writes_every_table(store, tmp_path):
    out = tmp_path / "parquet"
    assert store.export("parquet", out) == len(TABLES)
    assert sorted(p.stem for p in out.glob("*.parquet")) == sorted(TABLES)
    events = pq.read_table(out / "events.parquet")
    assert events.num_rows == 5 and "cluster_id" in events.column_names
    assert events.schema.field("source_sectors").type.value_type == "string"
    clusters = duckdb.sql(f"SELECT sum(mentions) FROM read_parquet('{out / 'event_clusters.parquet'}')")
    assert clusters.fetchall() == [(5,)]


def test_csv_export_of_events_and_another_table(store, tmp_path):
    out = tmp_path / "events.csv"
    assert store.export("csv", out) == 5
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 5 and rows[0]["code"] in {"036", "112"}
    assert {row["source_sectors"] for row in rows} == {"", "GOV"}
    actors_out = tmp_path / "actors.csv"
    assert store.export("csv", actors_out, table="actors") == 12
    with open(actors_out, newline="", encoding="utf-8") as handle:
        assert {"code", "sectors", "name"} <= set(next(csv.reader(handle)))


def test_jsonl_export(store, tmp_path):
    out = tmp_path / "quotes.jsonl"
    assert store.export("jsonl", out, table="quotes") == 3
    quotes = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {q["speaker_code"] for q in quotes} == {"RUSGOV", "IRNGOV"}
    events = tmp_path / "events.jsonl"
    store.export("jsonl", events)
    first = json.loads(events.read_text(encoding="utf-8").splitlines()[0])
    assert isinstance(first["source_sectors"], list) and isinstance(first["id"], int)


def test_unknown_format_or_table_is_refused(store, tmp_path):
    with pytest.raises(ValueError, match="format"):
        store.export("xml", tmp_path / "x")
    with pytest.raises(ValueError, match="unknown table"):
        store.export("csv", tmp_path / "x.csv", table="events; DROP TABLE events")
