"""`tidings query ...` and `tidings export` on a hand-made database; `tidings ingest` with the pipeline."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from test_store_samples import INJECTION, sample_corpus

from tidings.cli import cli
from tidings.store import open_store, write_batch
from tidings.store.runs import start_run


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "c.duckdb"
    with open_store(path) as store:
        write_batch(store.con, sample_corpus(), start_run(store.con, "m", []))
    return str(path)


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_query_events_table_shows_evidence(db):
    result = run("query", "events", "--db", db, "--source", "RUS", "--target", "IRN")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["date", "source", "target", "code"]
    assert "Moscow will meet Tehran" in result.output and lines[-1] == "(2 rows)"


def test_query_events_csv_and_json(db):
    as_csv = run("query", "events", "--db", db, "--root", "11", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert [r["code"] for r in rows] == ["112"] * 3 and "sentence" in rows[0]
    as_json = run("query", "events", "--db", db, "--since", "2017-02", "--format", "json")
    records = [json.loads(line) for line in as_json.output.splitlines()]
    assert [(r["source"], r["target"], r["date"]) for r in records] == [("IRNGOV", "RUS", "2017-02-10")]


def test_database_from_environment(db):
    result = run("query", "articles", "--format", "json", env={"TIDINGS_DB": db})
    assert result.exit_code == 0 and len(result.output.splitlines()) == 3


def test_query_dyad_actors_quotes(db):
    dyad = run("query", "dyad", "RUS", "IRN", "--db", db, "--by", "year", "--format", "csv")
    assert list(csv.DictReader(io.StringIO(dyad.output)))[0]["period"] == "2017"
    actors = run("query", "actors", "--db", db, "--top", "2", "--format", "json")
    assert [json.loads(line)["code"] for line in actors.output.splitlines()] == ["IRN", "RUS"]
    quotes = run("query", "quotes", "--db", db, "--speaker", INJECTION, "--format", "json")
    assert [json.loads(line)["speaker"] for line in quotes.output.splitlines()] == [INJECTION]


def test_injection_through_the_command_line_changes_nothing(db):
    result = run("query", "events", "--db", db, "--source", INJECTION, "--format", "json")
    assert result.exit_code == 0 and result.output == ""
    assert run("query", "events", "--db", db, "--format", "json").output.count("\n") == 5


def test_sql_is_read_only(db):
    ok = run("query", "sql", "SELECT count(*) AS n FROM event_clusters", "--db", db, "--format", "csv")
    assert ok.output.splitlines() == ['"n"', "3"]
    refused = CliRunner().invoke(cli, ["query", "sql", "DROP TABLE events", "--db", db])
    assert refused.exit_code == 1 and "read-only" in refused.output.lower()
    after = run("query", "sql", "SELECT count(*) FROM events", "--db", db, "--format", "csv")
    assert after.output.endswith("5\n")


def test_bad_filter_and_missing_database_are_clean_errors(db, tmp_path):
    bad = CliRunner().invoke(cli, ["query", "events", "--db", db, "--since", "yesterday"])
    assert bad.exit_code == 2 and "YYYY" in bad.output
    missing = CliRunner().invoke(cli, ["query", "events", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "no tidings database" in missing.output  # a database problem


def test_export_command(db, tmp_path):
    out = tmp_path / "e.tsv"
    result = run("export", "--format", "gdelt", "--out", str(out), "--db", db)
    assert result.exit_code == 0
    assert [len(line.split("\t")) for line in out.read_text(encoding="utf-8").splitlines()] == [61] * 3
    table_out = tmp_path / "places.csv"
    run("export", "--format", "csv", "--table", "places", "--out", str(table_out), "--db", db)
    assert len(list(csv.DictReader(table_out.open(encoding="utf-8")))) == 3


@pytest.mark.slow
def test_ingest_reports_bad_inputs_and_exits_1(tmp_path, tidings_pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Talks\n\nRussia criticized Iran on Monday.\n", encoding="utf-8")
    (folder / "bad.jsonl").write_text('{"title": "no text"}\n', encoding="utf-8")
    db_path = str(tmp_path / "i.duckdb")
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", db_path, "--quiet"])
    assert result.exit_code == 1
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert error_lines == [f"error: {folder / 'bad.jsonl'}:1: record has no text"]
    assert "finished: 1 articles coded" in result.stderr
    with open_store(db_path, read_only=True) as store:
        assert store.sql("SELECT source, message FROM errors").num_rows == 1
        assert store.articles().num_rows == 1
    again = CliRunner().invoke(cli, ["ingest", str(folder / "good.txt"), "--db", db_path, "--quiet"])
    assert again.exit_code == 0 and "1 unchanged skipped" in again.stderr
