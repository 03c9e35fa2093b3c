"""The command line under hostile and careless use: one clear line per problem, the right exit code,
no traceback, nothing lost (issue 14, items 2, 4-9, 11-13, 15-17)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from tidings.cli import cli
from tidings.plugins import exporters
from tidings.store import open_store, write_batch
from tidings.store.runs import start_run

ESC = "\x1b]0;pwned\x07\x1b[2J"


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def assert_clean(result, exit_code: int) -> None:
    """The exit code, and no traceback nor raw control character anywhere in the output."""
    assert result.exit_code == exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "\x1b" not in result.output and "\x07" not in result.output


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


def write_jsonl(path: Path, records: list[dict | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def story(n: int, **extra) -> dict:
    return {"id": f"s{n}", "text": f"Russia criticized Iran over case {n} on Monday.", **extra}


@pytest.fixture
def small_db(tmp_path):
    from test_store_samples import sample_corpus

    path = tmp_path / "q.duckdb"
    with open_store(path) as store:
        write_batch(store.con, sample_corpus(), start_run(store.con, "m", []))
    return path


# ---------------------------------------------------------------- item 2: poison records, --fail-fast


POISON = [
    "[" * 50_000 + "]" * 50_000,
    '{"id": "digits", "text": "x", "n": ' + "7" * 4400 + "}",
    r'{"id": "surrogate", "text": "Russia \ud800 criticized Iran."}',
    {"id": "jan0", "text": "Russia criticized Iran on January 0.", "date": "2017-01-05"},
    {"id": "feb30", "text": "Russia criticized Iran on February 30.", "date": "2017-03-05"},
    {"id": "early", "text": "Russia criticized Iran last month.", "date": "0001-01-01"},
    {"id": "late", "text": "Russia will meet Iran next week.", "date": "9999-12-31"},
]


@pytest.mark.slow
def test_ingest_goes_past_poison_records_and_a_rerun_does_too(tmp_path, tidings_pipeline):
    path = write_jsonl(tmp_path / "poison.jsonl", [story(1), *POISON, story(2)])
    db = tmp_path / "p.duckdb"
    first = run("ingest", path, "--db", db, "--quiet")
    assert_clean(first, 1)
    assert [line.split(":")[2] for line in error_lines(first)] == ["2", "3"]  # the two unreadable lines
    with open_store(db, read_only=True) as store:
        stored = sorted(store.articles().column("id").to_pylist())
        errors_after_first = store.sql("SELECT count(*) AS n FROM errors").column("n")[0].as_py()
    assert stored == sorted(["s1", "s2", "surrogate", "jan0", "feb30", "early", "late"])
    again = run("ingest", path, "--db", db, "--quiet")
    assert_clean(again, 1)
    assert "0 articles coded" in again.stderr and "7 unchanged skipped" in again.stderr
    with open_store(db, read_only=True) as store:  # item 16: identical re-runs add no error rows
        assert store.sql("SELECT count(*) AS n FROM errors").column("n")[0].as_py() == errors_after_first
        assert store.runs().column("errors").to_pylist() == [2, 2]


def test_code_goes_past_poison_records(tmp_path, tidings_pipeline):
    path = write_jsonl(tmp_path / "poison.jsonl", [story(1), *POISON, story(2)])
    result = run("code", path, "--quiet", "--format", "jsonl")
    assert_clean(result, 1)
    coded = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert coded == ["s1", "surrogate", "jan0", "feb30", "early", "late", "s2"]
    assert len(error_lines(result)) == 2


def test_fail_fast_stops_at_the_first_error(tmp_path, tidings_pipeline):
    path = write_jsonl(tmp_path / "in.jsonl", [story(1), "{broken", story(2)])
    result = run("code", path, "--quiet", "--fail-fast", "--format", "jsonl", "--batch-size", "1")
    assert_clean(result, 1)
    assert "stopped at the first error" in result.stderr and len(error_lines(result)) == 1
    assert "s2" not in result.stdout


@pytest.mark.slow
def test_ingest_fail_fast_records_the_error_and_stops(tmp_path, tidings_pipeline):
    path = write_jsonl(tmp_path / "in.jsonl", [story(1), "{broken", *[story(n) for n in range(2, 40)]])
    db = tmp_path / "f.duckdb"
    result = run("ingest", path, "--db", db, "--quiet", "--fail-fast", "--batch-size", "1")
    assert_clean(result, 1)
    assert "stopped at the first error" in result.stderr
    with open_store(db, read_only=True) as store:
        assert store.articles().num_rows < 39
        assert store.sql("SELECT count(*) AS n FROM errors").column("n")[0].as_py() == 1


# ---------------------------------------------------------------- item 4: ids from several sources


@pytest.mark.slow
def test_an_id_from_another_source_is_not_silently_replaced(tmp_path, tidings_pipeline):
    db = tmp_path / "ids.duckdb"
    first = write_jsonl(tmp_path / "feed_a.jsonl", [story(1, id="1")])
    other = write_jsonl(tmp_path / "feed_b.jsonl", [{"id": "1", "text": "Iran praised China on Friday."}])
    assert_clean(run("ingest", first, "--db", db, "--quiet"), 0)
    refused = run("ingest", other, "--db", db, "--quiet")
    assert_clean(refused, 1)
    assert error_lines(refused) == [
        f"error: {other}:1: article id '1' is already stored from {first}:1 with other content; not "
        "replaced (give records ids unique across sources, or --force to replace it)"
    ]
    with open_store(db, read_only=True) as store:
        assert store.articles().column("source").to_pylist() == [f"{first}:1"]
    write_jsonl(first, [{"id": "1", "text": "Russia praised Iran on Friday."}])  # the same source, edited
    edited = run("ingest", first, "--db", db, "--quiet")
    assert_clean(edited, 0)
    assert "1 articles coded and stored, 1 replaced" in edited.stderr
    forced = run("ingest", other, "--db", db, "--quiet", "--force")
    assert_clean(forced, 0)
    assert "1 replaced" in forced.stderr


# ---------------------------------------------------------------- item 5: a throw-away database


@pytest.mark.parametrize("db", ["", "  ", ":memory:"])
def test_ingest_refuses_a_database_it_would_throw_away(tmp_path, db):
    path = write_jsonl(tmp_path / "in.jsonl", [story(1)])
    result = run("ingest", path, "--db", db, "--quiet")
    assert_clean(result, 2)
    assert "--db" in result.output


# ---------------------------------------------------------------- item 6: escape sequences


def test_control_characters_never_reach_the_terminal(tmp_path, tidings_pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / f"bad{ESC}.jsonl", ["{broken"])
    record = {"id": f"id{ESC}", "title": f"Title{ESC}", "text": "Russia criticized Iran."}
    write_jsonl(folder / "good.jsonl", [record])
    result = run("code", folder, "--quiet")
    assert_clean(result, 1)
    assert "\ufffd" in result.stdout and len(error_lines(result)) == 1


def test_query_table_output_replaces_control_characters(tmp_path, small_db):
    result = run("query", "sql", f"SELECT '{ESC}' AS \"x{ESC}\"", "--db", small_db)
    assert_clean(result, 0)
    assert "\ufffd" in result.output
    failed = run("query", "sql", f"SELECT * FROM \"{ESC}\"", "--db", small_db)
    assert_clean(failed, 1)


# ---------------------------------------------------------------- item 8: database problems


def make_foreign(path: Path) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE events (x INTEGER)")
        con.execute("INSERT INTO events VALUES (1)")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("not a database\n"), "not a valid DuckDB database"),
        (lambda p: p.mkdir(), "is a folder"),
        (make_foreign, "another program"),
        (lambda p: None, "does not exist|no tidings database"),
    ],
    ids=["text file", "folder", "foreign duckdb", "missing folder"],
)
def test_database_problems_are_one_sentence_and_exit_2(tmp_path, make, message):
    target = tmp_path / "db.duckdb"
    if message.startswith("does not exist"):
        target = tmp_path / "missing" / "db.duckdb"
    else:
        make(target)
    before = target.read_bytes() if target.is_file() else None
    input_file = write_jsonl(tmp_path / "in.jsonl", [story(1)])
    for args in (("ingest", input_file, "--db", target, "--quiet"), ("query", "events", "--db", target),
                 ("export", "--format", "csv", "--out", tmp_path / "o.csv", "--db", target)):
        result = run(*args)
        assert_clean(result, 2)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
        assert re.search(message, lines[0]), result.output
    if before is not None:
        assert target.read_bytes() == before  # a foreign database is never written into


def test_a_truncated_or_corrupt_database_is_one_sentence(tmp_path, small_db):
    data = small_db.read_bytes()
    truncated = tmp_path / "truncated.duckdb"
    truncated.write_bytes(data[:5000])
    corrupt = tmp_path / "corrupt.duckdb"
    corrupt.write_bytes(data[:4096] + bytes(4096) + data[8192:])
    for path in (truncated, corrupt):
        result = run("query", "events", "--db", path)
        assert_clean(result, 2)
        assert len(result.output.strip().splitlines()) == 1


def test_a_folder_that_cannot_be_written_is_one_sentence(tmp_path):
    result = run("ingest", write_jsonl(tmp_path / "in.jsonl", [story(1)]), "--db", "/proc/tidings.duckdb")
    assert_clean(result, 2)
    assert result.output.startswith("Error: ") and "/proc/tidings.duckdb" in result.output


def test_a_read_only_query_never_migrates(tmp_path):
    from test_store import make_v1_database

    path = tmp_path / "old.duckdb"
    make_v1_database(path)
    before = path.read_bytes()
    result = run("query", "events", "--db", path)
    assert_clean(result, 2)
    assert "tidings upgrade" in result.output and path.read_bytes() == before
    assert_clean(run("upgrade", "--db", path), 0)
    assert_clean(run("query", "events", "--db", path), 0)


def test_upgrade_of_a_missing_database_is_refused(tmp_path):
    result = run("upgrade", "--db", tmp_path / "none.duckdb")
    assert_clean(result, 2)
    assert not (tmp_path / "none.duckdb").exists()


# ---------------------------------------------------------------- items 9, 13, 15: option bounds


@pytest.mark.parametrize("size", ["0", "-1", "10000000"])
def test_batch_size_out_of_range_is_a_usage_error(tmp_path, size):
    path = write_jsonl(tmp_path / "in.jsonl", [story(1)])
    for command in ("code", "ingest"):
        result = run(command, path, "--batch-size", size, "--db" if command == "ingest" else "--quiet",
                     *([tmp_path / "x.duckdb"] if command == "ingest" else []))
        assert_clean(result, 2)
        assert "--batch-size" in result.output


def test_workers_beyond_the_cores_are_capped_with_a_warning(tmp_path, tidings_pipeline):
    path = write_jsonl(tmp_path / "in.jsonl", [story(1)])
    result = run("code", path, "--workers", "64", "--quiet")
    assert_clean(result, 0)
    assert f"warning: --workers 64 is more than the {os.cpu_count()} cores here" in result.stderr


@pytest.mark.parametrize("value", [str(2**63), str(2**64), "99999999999999999999999"])
def test_counts_beyond_int64_are_usage_errors(small_db, value):
    for args in (("query", "events", "--limit", value), ("query", "actors", "--top", value),
                 ("query", "quotes", "--limit", value), ("query", "articles", "--limit", value)):
        result = run(*args, "--db", small_db)
        assert_clean(result, 2)
    assert_clean(run("query", "events", "--limit", str(2**63 - 1), "--db", small_db), 0)


def test_model_pointing_at_a_folder_is_one_error_line(tmp_path):
    folder = tmp_path / "not_a_model"
    folder.mkdir()
    path = write_jsonl(tmp_path / "in.jsonl", [story(1)])
    for args in (("code", path, "--quiet"), ("ingest", path, "--db", tmp_path / "m.duckdb", "--quiet")):
        result = run(*args, "--model", folder)
        assert_clean(result, 1)
        assert "not a spaCy pipeline" in result.output


# ---------------------------------------------------------------- item 16: ignored options, Ray checks


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--parquet-out", "out"), "--parquet-out only works with --engine ray"),
        (("--address", "auto"), "--address only works with --engine ray"),
        (("--engine", "ray", "--parquet-out", "out", "--db", "x.duckdb"), "drop --db"),
    ],
)
def test_options_that_would_be_ignored_are_refused(tmp_path, options, message):
    path = write_jsonl(tmp_path / "in.jsonl", [story(1)])
    result = run("ingest", path, *options)
    assert_clean(result, 2)
    assert message in result.output


def test_ray_engine_checks_its_inputs_before_starting_ray(tmp_path):
    ray = pytest.importorskip("ray")
    result = run("ingest", tmp_path / "missing.jsonl", "--engine", "ray", "--db", tmp_path / "r.duckdb")
    assert_clean(result, 2)
    assert "no such file or folder" in result.output and not ray.is_initialized()


# ---------------------------------------------------------------- item 11: exports


def test_export_never_overwrites_without_force(tmp_path, small_db):
    out = tmp_path / "events.csv"
    out.write_text("precious\n")
    refused = run("export", "--format", "csv", "--out", out, "--db", small_db)
    assert_clean(refused, 1)
    assert "--force" in refused.output and out.read_text() == "precious\n"
    forced = run("export", "--format", "csv", "--out", out, "--db", small_db, "--force")
    assert_clean(forced, 0)
    assert out.read_text().startswith("id,") or "article_id" in out.read_text().splitlines()[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv", "q.duckdb"]


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("missing/out.csv", "does not exist"),
        (".", "is a folder"),
        ("/dev/full", "not a regular file"),
    ],
)
def test_export_to_a_bad_place_is_one_line_and_leaves_nothing(tmp_path, small_db, out, message):
    target = out if out.startswith("/") else str(tmp_path / out)
    result = run("export", "--format", "csv", "--out", target, "--db", small_db)
    assert_clean(result, 1)
    assert message in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.duckdb"]


def test_a_failing_export_leaves_no_partial_file(tmp_path, small_db):
    def fills_the_disk(con, out, table):
        Path(out).write_text("half an export")
        raise OSError(28, "No space left on device")

    exporters.register("full", fills_the_disk)
    try:
        from tidings.store import open_store as opener

        with opener(small_db, read_only=True) as store:
            from tidings.store.export import ExportError

            with pytest.raises(ExportError, match="No space left on device"):
                store.export("full", tmp_path / "out.txt")
    finally:
        exporters.unregister("full")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.duckdb"]


def test_parquet_export_keeps_other_files_and_needs_force_to_replace(tmp_path, small_db):
    folder = tmp_path / "parquet"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    assert_clean(run("export", "--format", "parquet", "--out", folder, "--db", small_db), 0)
    again = run("export", "--format", "parquet", "--out", folder, "--db", small_db)
    assert_clean(again, 1)
    assert "already holds" in again.output
    assert_clean(run("export", "--format", "parquet", "--out", folder, "--db", small_db, "--force"), 0)
    assert (folder / "notes.txt").read_text() == "mine" and (folder / "events.parquet").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


# ---------------------------------------------------------------- item 12: malformed gold


def test_eval_reports_malformed_gold_per_line(tmp_path, tidings_pipeline):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join([
        json.dumps({"id": "ok", "text": "Russia criticized Iran.",
                    "expected": [{"source": "RUS", "target": "IRN", "code": "111"}]}),
        "{bad json",
        json.dumps({"id": "n", "text": 12345, "expected": []}),
        json.dumps({"id": "shape", "text": "x", "expected": {"source": "RUS"}}),
        json.dumps([{"id": "array", "text": "x"}]),
        json.dumps("just a string"),
    ]) + "\n", encoding="utf-8")
    result = run("eval", gold)
    assert_clean(result, 1)
    assert [line.split(":", 3)[2] for line in error_lines(result)] == ["2", "3", "4", "5", "6"]
    assert "records" in result.stdout.lower() or "f1" in result.stdout.lower()


@pytest.mark.parametrize("content", [bytes(range(256)) * 4, b'[{"id": "a", "text": "x"}]', b"\n\n"])
def test_eval_on_a_file_with_no_gold_record_is_one_error(tmp_path, tidings_pipeline, content):
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(content)
    result = run("eval", gold)
    assert_clean(result, 1)
    assert result.output.count("Error: ") == 1


# ---------------------------------------------------------------- item 17: unreadable metadata dates


def test_an_unreadable_metadata_date_is_a_warning_and_the_article_is_stored(tmp_path, tidings_pipeline):
    path = write_jsonl(tmp_path / "dates.jsonl", [story(1, date="121108"), story(2, date="2017-01-05")])
    db = tmp_path / "d.duckdb"
    result = run("ingest", path, "--db", db, "--quiet")
    assert_clean(result, 0)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1 and "121108" in warnings[0] and f"{path}:1" in warnings[0]
    assert "1 warnings" in result.stderr and error_lines(result) == []
    with open_store(db, read_only=True) as store:
        rows = store.sql("SELECT id, published FROM articles ORDER BY id").to_pylist()
    published = {row["id"]: row["published"] for row in rows}
    assert published["s1"] is None and str(published["s2"]) == "2017-01-05"


# ---------------------------------------------------------------- item 8: a failed write is the cause


def test_a_failed_transaction_reports_its_own_cause_not_the_rollback():
    from tidings.store.schema import rollback

    with duckdb.connect() as con:
        rollback(con)  # no transaction open (DuckDB ended it after a full disk): no error of its own
        con.execute("BEGIN TRANSACTION")
        con.execute("CREATE TABLE t (x INTEGER)")
        rollback(con)
        tables = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 't'")
        assert tables.fetchone() == (0,)
