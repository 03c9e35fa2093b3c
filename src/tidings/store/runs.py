"""The runs and errors tables: what each ingest run did, and which inputs it could not use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import NamedTuple

import pyarrow as pa
from duckdb import DuckDBPyConnection

from ..records import InputError

RUNNING, FINISHED, INTERRUPTED, FAILED = "running", "finished", "interrupted", "failed"
_ERRORS = "_tidings_new_errors"


def tidings_version() -> str:
    try:
        return version("tidings")
    except PackageNotFoundError:
        from ..version import __version__

        return __version__


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def close_abandoned_runs(con: DuckDBPyConnection) -> None:
    """Runs still marked running were killed: only one process can write to a DuckDB file at a time."""
    con.execute("UPDATE runs SET status = ? WHERE status = ?", [INTERRUPTED, RUNNING])


def start_run(con: DuckDBPyConnection, pipeline: str, inputs: Sequence[str]) -> int:
    close_abandoned_runs(con)
    run_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM runs").fetchall()[0][0]
    con.execute(
        "INSERT INTO runs (id, tidings_version, pipeline, started, status, inputs) VALUES (?, ?, ?, ?, ?, ?)",
        [run_id, tidings_version(), pipeline, _now(), RUNNING, list(inputs)],
    )
    return run_id


def finish_run(
    con: DuckDBPyConnection, run_id: int, status: str, skipped: int, skipped_language: int = 0
) -> None:
    con.execute(
        "UPDATE runs SET status = ?, finished = ?, skipped = ?, skipped_language = ? WHERE id = ?",
        [status, _now(), skipped, skipped_language, run_id],
    )


def record_error(con: DuckDBPyConnection, run_id: int, error: InputError) -> None:
    """Count the error in its run and keep one row per distinct error: the same bad input met again
    by an identical re-run moves its row to the latest run rather than adding another."""
    record_errors(con, run_id, [error])


def record_errors(con: DuckDBPyConnection, run_id: int, errors: Sequence[InputError]) -> None:
    """`record_error` for several errors at once (three statements, however many errors)."""
    if not errors:
        return
    distinct = list(dict.fromkeys((error.source, error.message) for error in errors))
    rows = pa.table(
        {
            "source": pa.array([source for source, _ in distinct], pa.string()),
            "message": pa.array([message for _, message in distinct], pa.string()),
        }
    )
    con.register(_ERRORS, rows)
    try:
        con.execute(
            f"DELETE FROM errors USING {_ERRORS} n "
            "WHERE errors.source = n.source AND errors.message = n.message"
        )
        con.execute(
            f"INSERT INTO errors (run_id, source, message) SELECT ?, source, message FROM {_ERRORS}", [run_id]
        )
    finally:
        con.unregister(_ERRORS)
    con.execute("UPDATE runs SET errors = errors + ? WHERE id = ?", [len(errors), run_id])


class StoredArticle(NamedTuple):
    content_hash: str
    source: str


def stored_articles(con: DuckDBPyConnection, article_ids: Sequence[str]) -> dict[str, StoredArticle]:
    """The content hash and source of each of `article_ids` already stored."""
    rows = con.execute(
        "SELECT id, content_hash, coalesce(source, '') FROM articles WHERE id IN (SELECT unnest(?))",
        [list(article_ids)],
    ).fetchall()
    return {article_id: StoredArticle(digest, source) for article_id, digest, source in rows}


def stored_hashes(con: DuckDBPyConnection, article_ids: Sequence[str]) -> dict[str, str]:
    """The content hash of each of `article_ids` already stored."""
    return {key: stored.content_hash for key, stored in stored_articles(con, article_ids).items()}
