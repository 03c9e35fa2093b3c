"""`query sql` and `Store.sql` can only read the database: every route out the hardening issue listed."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest
from click.testing import CliRunner
from test_store_samples import sample_corpus

from tidings.cli import cli
from tidings.store import UnsafeSQL, open_store, write_batch
from tidings.store.runs import start_run
from tidings.store.sandbox import require_locked_down, single_select


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("sandbox") / "q.duckdb"
    with open_store(path) as store:
        write_batch(store.con, sample_corpus(), start_run(store.con, "m", []))
    return path


def events_count(path) -> int:
    with open_store(path, read_only=True) as store:
        return store.events().num_rows


def sql_cli(db, statement):
    return CliRunner().invoke(cli, ["query", "sql", statement, "--db", str(db)])


@pytest.fixture(params=["read-only", "writable"])
def store(request, db):
    with open_store(db, read_only=request.param == "read-only") as opened:
        yield opened


def test_one_select_is_answered(store):
    assert store.sql("SELECT count(*) AS n FROM events").to_pylist() == [{"n": 5}]
    with_clause = store.sql("WITH c AS (SELECT code FROM events) SELECT count(*) AS n FROM c")
    assert with_clause.column("n")[0].as_py() == 5
    assert store.sql("FROM events SELECT count(*) AS n").column("n")[0].as_py() == 5
    assert "column_name" in store.sql("DESCRIBE events").column_names


@pytest.mark.parametrize(
    "statement",
    [
        "ATTACH '{other}' AS other (READ_WRITE)",
        "USE other",
        "DETACH q",
        "COPY events TO '{out}'",
        "EXPORT DATABASE '{folder}'",
        "INSTALL httpfs",
        "LOAD httpfs",
        "DROP TABLE events",
        "DELETE FROM events",
        "CREATE TABLE x AS SELECT 1",
        "PRAGMA version",
        "SET enable_external_access = true",
        "CHECKPOINT",
    ],
)
def test_statements_other_than_select_are_refused(store, db, tmp_path, statement):
    other, out, folder = tmp_path / "other.duckdb", tmp_path / "out.csv", tmp_path / "exported"
    with pytest.raises(UnsafeSQL, match="read-only"):
        store.sql(statement.format(other=other, out=out, folder=folder))
    assert not other.exists() and not out.exists() and not folder.exists()


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT * FROM read_text('{secret}')",
        "SELECT * FROM read_csv('{secret}')",
        "SELECT * FROM read_blob('{secret}')",
        "SELECT * FROM '{secret}'",
        "SELECT * FROM glob('{folder}/*')",
        "SELECT * FROM read_csv('https://127.0.0.1:9/x.csv')",
        "SELECT * FROM 'http://127.0.0.1:9/x.parquet'",
    ],
)
def test_select_cannot_read_files_or_the_network(store, tmp_path, statement):
    secret = tmp_path / "secret.csv"
    secret.write_text("a,b\n1,2\n")
    with pytest.raises(duckdb.PermissionException):
        store.sql(statement.format(secret=secret, folder=tmp_path))


def test_several_statements_run_none(store, db):
    with pytest.raises(UnsafeSQL, match="one statement"):
        store.sql("SELECT 1; DROP TABLE events")
    with pytest.raises(UnsafeSQL, match="one statement"):
        store.sql("SELECT 1; SELECT 2")
    assert store.events().num_rows == 5


def test_a_missing_table_is_never_a_python_variable(store):
    events_frame = pa.table({"secret": ["from the caller's frame"]})  # noqa: F841 - the name is the test
    with pytest.raises(duckdb.CatalogException):
        store.sql("SELECT * FROM events_frame")


def test_the_settings_cannot_be_loosened(store):
    with pytest.raises(UnsafeSQL):
        store.sql("SET lock_configuration = false")
    rows = store.sql(
        "SELECT name, value FROM duckdb_settings() "
        "WHERE name IN ('enable_external_access', 'lock_configuration') ORDER BY name"
    ).to_pylist()
    assert [(row["name"], row["value"]) for row in rows] == [
        ("enable_external_access", "false"),
        ("lock_configuration", "true"),
    ]


def test_a_select_on_a_writable_store_leaves_the_store_working(tmp_path):
    with open_store(tmp_path / "w.duckdb") as store:
        store.sql("SELECT * FROM events")
        assert start_run(store.con, "m", []) == 1  # the store still writes after a user's query
        assert store.sql("SELECT count(*) AS n FROM runs").to_pylist() == [{"n": 1}]


def test_empty_and_unparsable_sql_are_clear_errors():
    with pytest.raises(UnsafeSQL, match="no SQL"):
        single_select("  -- nothing\n")
    with pytest.raises(UnsafeSQL, match="syntax error"):
        single_select("SELEC 1")


def test_user_sql_refuses_a_connection_that_is_not_locked_down():
    with duckdb.connect() as loose, pytest.raises(UnsafeSQL, match="not locked down"):
        require_locked_down(loose)


@pytest.mark.parametrize(
    "statement",
    [
        "ATTACH '{other}' AS other (READ_WRITE)",
        "DETACH q",
        "COPY events TO '{out}'",
        "EXPORT DATABASE '{folder}'",
        "SELECT * FROM read_text('{secret}')",
        "SELECT * FROM glob('{folder}/*')",
        "INSTALL httpfs",
        "SELECT 1; DROP TABLE events",
        "SELECT * FROM sql_cli",
    ],
)
def test_query_sql_command_refuses_every_route_in_one_line(db, tmp_path, statement):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0")
    other, out, folder = tmp_path / "other.duckdb", tmp_path / "out.csv", tmp_path / "exported"
    result = sql_cli(db, statement.format(other=other, out=out, folder=tmp_path, secret=secret))
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1
    assert "root:x" not in result.output and "Traceback" not in result.output
    assert not other.exists() and not out.exists() and not folder.exists()
    assert events_count(db) == 5
