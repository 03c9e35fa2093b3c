"""Analysts' SQL that can only read the tidings database.

Two locks, each enough on its own for most routes, together for all of them:

- Every connection tidings opens is locked down (`LOCKED_DOWN`): no file or network access beyond the
  database file itself (no COPY TO, EXPORT DATABASE, ATTACH, read_text/read_csv/glob of other files),
  no extension installed or loaded on demand (INSTALL httpfs), no Python variable read as a table when
  a name is not a table (replacement scans), and the configuration locked so SQL cannot undo any of it.
- A user's text is parsed by DuckDB's own parser and run only when it is exactly one statement of type
  SELECT (WITH, FROM-first, DESCRIBE, SHOW and SUMMARIZE parse as SELECT), in a transaction of its own
  that is always rolled back: nothing it could reach is changed, even on a writable store.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa
from duckdb import DuckDBPyConnection

from ..errors import TidingsError

# The connection settings every tidings connection is opened with (DuckDB 2.x names).
LOCKED_DOWN: dict[str, str | bool] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "python_enable_replacements": False,
    "lock_configuration": True,
}
# How a connection must report these settings before a user's SQL runs on it.
_EXPECTED_SETTINGS = {
    "enable_external_access": "false",
    "autoinstall_known_extensions": "false",
    "autoload_known_extensions": "false",
    "python_enable_replacements": "false",
    "lock_configuration": "true",
}


class UnsafeSQL(TidingsError, ValueError):
    """The SQL is not one read-only SELECT statement, or the connection is not locked down."""


def single_select(text: str) -> str:
    """The one SELECT statement in `text`, or UnsafeSQL saying why it is refused.

    DuckDB's parser decides (a regex would be fooled by comments, quoting and dialect); a syntax error
    is reported as DuckDB words it.
    """
    try:
        statements = duckdb.extract_statements(text)
    except duckdb.Error as exc:
        raise UnsafeSQL(_first_line(exc)) from exc
    if not statements:
        raise UnsafeSQL("no SQL statement given")
    if len(statements) > 1:
        raise UnsafeSQL(f"one statement at a time, please: {len(statements)} were given")
    statement = statements[0]
    if statement.type != duckdb.StatementType.SELECT:
        words = statement.query.split(None, 1)
        what = words[0].upper() if words and words[0].isalpha() else statement.type.name
        raise UnsafeSQL(f"read-only: only a SELECT (or WITH ... SELECT) query can run here, not {what}")
    return text


def require_locked_down(con: DuckDBPyConnection) -> None:
    """UnsafeSQL unless `con` was opened with the `LOCKED_DOWN` settings."""
    names = list(_EXPECTED_SETTINGS)
    rows = con.execute(
        "SELECT name, lower(value) FROM duckdb_settings() WHERE name IN (SELECT unnest(?))", [names]
    ).fetchall()
    found = dict(rows)
    loose = [name for name, value in _EXPECTED_SETTINGS.items() if found.get(name) != value]
    if loose:
        settings = ", ".join(loose)
        raise UnsafeSQL(f"refusing to run user SQL on a connection that is not locked down ({settings})")


def run_select(con: DuckDBPyConnection, text: str, params: list | dict | None = None) -> pa.Table:
    """Run one SELECT on a locked-down connection, in a transaction that is rolled back afterwards."""
    single_select(text)
    cursor = con.cursor()  # a connection of its own: its transaction cannot touch the caller's
    try:
        require_locked_down(cursor)
        cursor.execute("BEGIN TRANSACTION")
        try:
            relation = cursor.sql(text, params=params)
            return relation.to_arrow_table() if relation is not None else pa.table({})
        finally:
            cursor.execute("ROLLBACK")
    finally:
        cursor.close()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
