"""Counts on events in the store: stored with their words and span, summed in dyads and totals
(each real-world event once), exported to PLOVER, CSV and JSON lines, and added to older databases."""

from __future__ import annotations

import dataclasses
import json

import duckdb
import pytest
from click.testing import CliRunner
from test_store_samples import actor, coded, event

from tidings.cli import cli
from tidings.records import Magnitude
from tidings.serialize import event_dict
from tidings.store import open_store, write_batch
from tidings.store.formats.plover import export_plover
from tidings.store.query import EventFilters, dyad, event_totals
from tidings.store.runs import start_run
from tidings.store.schema import LATEST, V6, migrate

TEXT = "Gunmen killed 12 villagers near Jos. Police arrested dozens of men."


def attack(
    article_id: str, dead: int | None = 12, *, dead_text: str = "12", date: str = "2024-03-02"
) -> object:
    gunmen, villagers = (
        actor("Gunmen", 0, "NGA", sectors=("UAF",)),
        actor("villagers", 17, "NGA", sectors=("CVL",)),
    )
    found = event(article_id, gunmen, villagers, "173", date=date, sentence=TEXT[:36], verb="killed")
    return dataclasses.replace(found, fatalities=Magnitude(dead, dead_text, 14, 16))


def arrest(article_id: str) -> object:
    police, men = actor("Police", 37, "NGA", sectors=("COP",)), actor("men", 63, "NGA", sectors=("CVL",))
    found = event(article_id, police, men, "173", date="2024-03-02", sentence=TEXT[37:], verb="arrested")
    return dataclasses.replace(found, arrested=Magnitude(None, "dozens", 54, 60))


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "counts.duckdb") as opened:
        articles = [
            coded("a1", text=TEXT, events=(attack("a1"), arrest("a1"))),
            coded("a2", text=TEXT, events=(attack("a2", 7, dead_text="seven", date="2024-03-09"),)),
        ]
        write_batch(opened.con, articles, start_run(opened.con, "m", []), dedup=False)
        yield opened


def test_counts_are_stored_with_words_and_span(store):
    rows = store.con.execute(
        "SELECT fatalities, fatalities_text, fatalities_start, fatalities_end, arrested, arrested_text "
        "FROM events WHERE article_id = 'a1' ORDER BY sentence_index"
    ).fetchall()
    assert rows == [(12, "12", 14, 16, None, None), (None, None, None, None, None, "dozens")]


def test_totals_sum_distinct_events_and_leave_vague_counts_out(store):
    totals = event_totals(store.con, EventFilters(source="NGA")).to_pylist()[0]
    assert totals["fatalities"] == 19 and totals["arrested"] is None and totals["reports"] == 3


def test_reports_of_one_real_world_event_count_once(tmp_path):
    with open_store(tmp_path / "dedup.duckdb") as opened:
        same = [coded(f"w{i}", text=TEXT, events=(attack(f"w{i}"),)) for i in range(3)]
        write_batch(opened.con, same, start_run(opened.con, "m", []), dedup=False)
        totals = event_totals(opened.con).to_pylist()[0]
        assert (totals["events"], totals["reports"], totals["fatalities"]) == (1, 3, 12)


def test_dyads_sum_the_counts_per_period(store):
    rows = dyad(store.con, "NGAUAF", "NGACVL", by="month").to_pylist()
    assert [(row["period"], row["fatalities"]) for row in rows] == [("2024-03", 19)]


def test_plover_export_gives_dead_injured_and_size(store, tmp_path):
    out = tmp_path / "events.jsonl"
    export_plover(store.con, out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted((r["dead"], r["injured"], r["size"]) for r in records if r["dead"]) == [
        (7, None, None),
        (12, None, None),
    ]


def test_events_as_json_carry_their_counts():
    found = event_dict(attack("x"))
    assert (
        found["fatalities"] == {"number": 12, "text": "12", "start": 14, "end": 16}
        and found["injured"] is None
    )


def test_query_events_totals_on_the_command_line(store):
    path = store.path
    store.close()
    result = CliRunner().invoke(cli, ["query", "events", "--db", str(path), "--totals", "--format", "csv"])
    assert result.exit_code == 0, result.output
    header, values = result.output.splitlines()[:2]
    assert header.replace('"', "").startswith("events,reports,fatalities,injured,arrested")
    assert values.startswith("3,3,19,")


def test_an_older_database_gains_the_count_columns(tmp_path):
    path = tmp_path / "v6.duckdb"
    con = duckdb.connect(str(path))
    assert migrate(con, V6.version) == V6.version
    con.close()
    with open_store(path) as reopened:
        assert reopened.schema_version == LATEST
        columns = {row[0] for row in reopened.con.execute("DESCRIBE events").fetchall()}
        assert {"fatalities", "crowd_size_text", "kidnapped_end"} <= columns
