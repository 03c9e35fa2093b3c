"""Open a tidings database: a DuckDB file, created or upgraded to the current schema on open."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import duckdb
import pyarrow as pa

from . import query
from .export import export
from .sandbox import LOCKED_DOWN
from .schema import LATEST, SchemaError, current_version, migrate

DEFAULT_DB = "tidings.duckdb"
DB_ENV = "TIDINGS_DB"
MEMORY = ":memory:"


def default_db_path() -> str:
    """$TIDINGS_DB, else ./tidings.duckdb."""
    return os.environ.get(DB_ENV) or DEFAULT_DB


class StoreBusy(RuntimeError):
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


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(path, read_only=read_only, config=dict(LOCKED_DOWN))
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        raise StoreBusy(busy_message(path, str(exc))) from exc


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

    def export(self, fmt: str, out: str | os.PathLike, *, table: str = "events") -> int:
        """Export to `out` as parquet (a folder), csv, jsonl, gdelt or plover; returns rows written."""
        return export(self.con, fmt, out, table=table)

    def table(self, name: str) -> pa.Table:
        """A whole stored table ("events", "articles", ...)."""
        return query.whole_table(self.con, name)


def _connect_read_only(path: str) -> duckdb.DuckDBPyConnection:
    if not Path(path).exists():
        raise FileNotFoundError(f"no tidings database at {path}")
    con = _connect(path, read_only=True)
    version = current_version(con)
    if version == LATEST:
        return con
    con.close()
    if version == 0:
        raise SchemaError(f"{path} is not a tidings database (no schema_version table)")
    if version > LATEST:
        raise SchemaError(f"{path} has schema v{version}, newer than this tidings understands (v{LATEST})")
    # An older database is upgraded once, writably, then reopened read-only.
    open_store(path).close()
    return _connect(path, read_only=True)


def open_store(path: str | os.PathLike | None = None, *, read_only: bool = False) -> Store:
    """Open the tidings database at `path` (default: $TIDINGS_DB or ./tidings.duckdb).

    Writable: created if missing and upgraded to the current schema. Read-only: must exist; an older
    schema is upgraded first. ":memory:" gives a throwaway database.
    """
    target = str(path) if path is not None else default_db_path()
    if read_only and target != MEMORY:
        return Store(_connect_read_only(target), target, read_only=True)
    con = _connect(target, read_only=False)
    try:
        migrate(con)
    except BaseException:
        con.close()
        raise
    return Store(con, target, read_only=False)
