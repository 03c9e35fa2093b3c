"""Open a tidings database: a DuckDB file, created or upgraded to the current schema on open."""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path

import duckdb
import pyarrow as pa

from ..errors import StoreError
from . import query
from .clusters import clusters_waiting, recount_waiting
from .export import export
from .sandbox import LOCKED_DOWN
from .schema import LATEST, SchemaError, current_version, migrate

DEFAULT_DB = "tidings.duckdb"
DB_ENV = "TIDINGS_DB"
MEMORY = ":memory:"


def default_db_path() -> str:
    """$TIDINGS_DB, else ./tidings.duckdb."""
    return os.environ.get(DB_ENV) or DEFAULT_DB


class StoreBusy(StoreError):
    """Another process has the database open for writing (DuckDB allows one writer process)."""


# `tidings serve` owns its database for as long as it runs and leaves this note beside it, so a
# command that finds the file locked can name the server and where to send articles instead.
SERVER_NOTE_SUFFIX = ".server.json"
_LOCK_PID = re.compile(r"\(PID (\d+)\)")


def server_note_path(path: str | os.PathLike) -> Path:
    return Path(f"{os.fspath(path)}{SERVER_NOTE_SUFFIX}")


def write_server_note(path: str | os.PathLike, url: str) -> None:
    server_note_path(path).write_text(json.dumps({"pid": os.getpid(), "url": url}), encoding="utf-8")


def remove_server_note(path: str | os.PathLike) -> None:
    server_note_path(path).unlink(missing_ok=True)


def _serving(path: str, holder: str | None) -> str | None:
    """The URL of the `tidings serve` process `holder` holding `path`, from its note, if any."""
    try:
        note = json.loads(server_note_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(note, dict) or str(note.get("pid")) != holder:
        return None  # a note left by a server that died: the lock holder is someone else
    return str(note.get("url"))


def busy_message(path: str, error: str) -> str:
    """One line naming the process that holds `path` (from DuckDB's lock error) and what to do."""
    found = _LOCK_PID.search(error)
    holder = found.group(1) if found else None
    url = _serving(path, holder)
    if url is not None:
        return (
            f"{path} is served by `tidings serve` at {url} (PID {holder}), which owns it while it runs: "
            f"stop the server first, or send articles to POST {url}/api/v1/articles"
        )
    who = f"process {holder}" if holder else "another process"
    return f"{path} is in use by {who} (an ingest or a server still running?); DuckDB allows one writer"
class StoreMissing(StoreError, FileNotFoundError):
    """A read-only open of a database that does not exist."""


def duckdb_reason(exc: BaseException) -> str:
    """DuckDB's own words for what went wrong, on one line, without its "IO Error:"-style prefix."""
    line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    head, sep, rest = line.partition(": ")
    return rest if sep and head.endswith(("Error", "Exception")) and rest else line


def _check_path(path: str, read_only: bool) -> None:
    """StoreError for a database path that cannot work, before DuckDB says it less clearly."""
    if not path.strip():
        raise StoreError("no database path given (is $TIDINGS_DB or --db set to an empty value?)")
    if path == MEMORY:
        return
    target = Path(path)
    if target.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if target.exists() and not target.is_file():
        raise StoreError(f"{path} is not a regular file (a device or pipe cannot hold a database)")
    if not target.exists():
        if read_only:
            raise StoreMissing(f"no tidings database at {path}")
        if not target.parent.is_dir():
            raise StoreError(f"cannot create the database {path}: folder {target.parent} does not exist")


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(path, read_only=read_only, config=dict(LOCKED_DOWN))
    except duckdb.Error as exc:
        reason = duckdb_reason(exc)
        if isinstance(exc, duckdb.IOException) and "lock" in reason.lower():
            raise StoreBusy(busy_message(path, str(exc))) from exc
        raise StoreError(f"cannot open the database {path}: {reason}") from exc


def _require_tidings_database(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """The schema version of a tidings database; StoreError for a database of another program."""
    version = current_version(con)
    if version == 0:
        tables = [row[0] for row in con.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY table_name LIMIT 4"
        ).fetchall()]
        if tables:
            raise SchemaError(
                f"{path} is a DuckDB database of another program (tables: {', '.join(tables)}), "
                "not a tidings database; tidings will not write into it"
            )
    return version


class Store:
    """An open tidings database. The query methods return pyarrow Tables; `con` is the raw DuckDB link."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, read_only: bool) -> None:
        self.con, self.path, self.read_only = con, path, read_only

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"<tidings Store {self.path} ({mode}, schema v{self.schema_version})>"

    def close(self) -> None:
        self.con.close()

    @property
    def schema_version(self) -> int:
        return current_version(self.con)

    def events(self, **filters) -> pa.Table:
        """Events with their evidence sentence; see `tidings.store.query.events` for the filters."""
        return query.events(self.con, **filters)

    def dyad(self, actor1: str, actor2: str, *, by: str = "month") -> pa.Table:
        return query.dyad(self.con, actor1, actor2, by=by)

    def event_totals(self, **filters) -> pa.Table:
        """Distinct events, reports and the people they report killed, injured, arrested, kidnapped and
        in crowds; the filters are the fields of `tidings.store.query.EventFilters`."""
        return query.event_totals(self.con, query.EventFilters(**filters))

    def clustered_events(self, **filters) -> pa.Table:
        """One row per real-world event; see `tidings.store.query.clustered_events`."""
        return query.clustered_events(self.con, **filters)

    def stories(self, **options) -> pa.Table:
        """Syndicated stories with their copies."""
        return query.stories(self.con, **options)

    def feeds(self) -> pa.Table:
        """Watched feeds with their polling state."""
        return query.feeds(self.con)

    def actors(self, *, top: int | None = 20, prefix: str | None = None) -> pa.Table:
        return query.actors(self.con, top=top, prefix=prefix)

    def quotes(self, **filters) -> pa.Table:
        return query.quotes(self.con, **filters)

    def articles(self, **filters) -> pa.Table:
        return query.articles(self.con, **filters)

    def runs(self) -> pa.Table:
        return query.runs(self.con)

    def sql(self, text: str, params: list | dict | None = None) -> pa.Table:
        return query.sql(self.con, text, params)

    def export(
        self, fmt: str, out: str | os.PathLike, *, table: str = "events", overwrite: bool = False
    ) -> int:
        """Export to `out` as parquet (a folder), csv, jsonl, gdelt or plover; returns rows written.
        Written in full under a temporary name, then moved into place; `overwrite` replaces a file."""
        return export(self.con, fmt, out, table=table, overwrite=overwrite)

    def table(self, name: str) -> pa.Table:
        """A whole stored table ("events", "articles", ...)."""
        return query.whole_table(self.con, name)


def _connect_read_only(path: str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a tidings database at the current schema; a read never migrates."""
    con = _connect(path, read_only=True)
    try:
        version = _require_tidings_database(con, path)
        if version == 0:
            raise SchemaError(f"{path} is not a tidings database (no schema_version table)")
        if version > LATEST:
            raise SchemaError(
                f"{path} has schema v{version}, newer than this tidings understands (v{LATEST})"
            )
        if version < LATEST:
            raise SchemaError(
                f"{path} has schema v{version}, older than this tidings reads (v{LATEST}); "
                f"upgrade it once with `tidings upgrade --db {path}`"
            )
    except BaseException:
        con.close()
        raise
    return con


def _connect_read_only_recounted(path: str) -> duckdb.DuckDBPyConnection:
    """`_connect_read_only`, after recounting the clusters an ingest killed before its recount left
    waiting (so that every query counts right); when the file cannot be written (permissions, a
    read-only disk), it is read as it is."""
    con = _connect_read_only(path)
    try:
        waiting = clusters_waiting(con)
    except BaseException:
        con.close()
        raise
    if not waiting:
        return con
    con.close()
    with contextlib.suppress(duckdb.Error, OSError):
        writable = duckdb.connect(path, read_only=False, config=dict(LOCKED_DOWN))
        try:
            recount_waiting(writable)
        finally:
            writable.close()
    return _connect_read_only(path)


def open_store(path: str | os.PathLike | None = None, *, read_only: bool = False) -> Store:
    """Open the tidings database at `path` (default: $TIDINGS_DB or ./tidings.duckdb).

    Writable: created if missing and upgraded to the current schema. Read-only: must exist at the
    current schema (it is never migrated: `tidings upgrade` does that). Either way, the clusters an
    ingest killed before its recount left waiting are recounted first (read-only: when the file can be
    written; else it is read as it is). ":memory:" gives a throwaway database. StoreError
    (SchemaError, StoreBusy, StoreMissing) says in one sentence why a file cannot be used; a DuckDB
    database of another program is refused, never written into.
    """
    target = str(path) if path is not None else default_db_path()
    _check_path(target, read_only and target != MEMORY)
    if read_only and target != MEMORY:
        return Store(_connect_read_only_recounted(target), target, read_only=True)
    con = _connect(target, read_only=False)
    try:
        _require_tidings_database(con, target)
        migrate(con)
        if clusters_waiting(con):  # an ingest was killed before it recounted the clusters it touched
            recount_waiting(con)
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"cannot upgrade the database {target}: {duckdb_reason(exc)}") from exc
    except BaseException:
        con.close()
        raise
    return Store(con, target, read_only=False)
