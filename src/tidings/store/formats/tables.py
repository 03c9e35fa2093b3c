"""Export tables as they are stored: Parquet (every table), CSV and JSON lines (one table).

Rows stream out in record batches, so exports of large databases need little memory.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from duckdb import DuckDBPyConnection

from ...plugins import exporters
from ..query import TABLES

_BATCH_ROWS = 10_000


def _checked_table(table: str) -> str:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; tables: {', '.join(TABLES)}")
    return table


def _reader(con: DuckDBPyConnection, table: str) -> pa.RecordBatchReader:
    return con.sql(f"SELECT * FROM {_checked_table(table)}").to_arrow_reader(_BATCH_ROWS)


def export_parquet(con: DuckDBPyConnection, out_dir: str | Path, table: str = "events") -> int:
    """One <table>.parquet file per table in `out_dir`; returns the number of files."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        reader = _reader(con, table)
        with pq.ParquetWriter(folder / f"{table}.parquet", reader.schema) as writer:
            for batch in reader:
                writer.write_batch(batch)
    return len(TABLES)


def _flat_columns(con: DuckDBPyConnection, table: str) -> str:
    """The select list for CSV: list columns (sectors) become space-separated text."""
    columns = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position",
        [_checked_table(table)],
    ).fetchall()
    return ", ".join(
        f'array_to_string("{name}", \' \') AS "{name}"' if kind.endswith("[]") else f'"{name}"'
        for name, kind in columns
    )


def export_csv(con: DuckDBPyConnection, out: str | Path, table: str = "events") -> int:
    """`table` as CSV with a header line; returns the number of rows."""
    reader = con.sql(f"SELECT {_flat_columns(con, table)} FROM {table}").to_arrow_reader(_BATCH_ROWS)
    count = 0
    with pa_csv.CSVWriter(os.fspath(out), reader.schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
            count += batch.num_rows
    return count


def _json_value(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def export_jsonl(con: DuckDBPyConnection, out: str | Path, table: str = "events") -> int:
    """`table` as JSON lines, one object per row; returns the number of rows."""
    count = 0
    with open(out, "w", encoding="utf-8") as handle:
        for batch in _reader(con, table):
            for row in batch.to_pylist():
                handle.write(json.dumps(row, ensure_ascii=False, default=_json_value) + "\n")
                count += 1
    return count


exporters.register("parquet", export_parquet)
exporters.register("csv", export_csv)
exporters.register("jsonl", export_jsonl)
