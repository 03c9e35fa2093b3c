"""Export a tidings database in any registered format (`tidings.plugins.exporters`)."""

from __future__ import annotations

import os

from duckdb import DuckDBPyConnection

from ..plugins import exporters

# The built-in formats, in the order the CLI lists them; plugins add to `exporters`.
BUILTIN_FORMATS = ("parquet", "csv", "jsonl", "gdelt", "plover")


def export_formats() -> list[str]:
    """Every export format: the built-in ones first, then those plugins registered."""
    names = exporters.names()
    return [*(f for f in BUILTIN_FORMATS if f in names), *(f for f in names if f not in BUILTIN_FORMATS)]


def export(con: DuckDBPyConnection, fmt: str, out: str | os.PathLike, *, table: str = "events") -> int:
    """Export in format `fmt` to `out` (a folder for parquet, else a file); returns rows (files for
    parquet) written. `table` chooses the table for csv and jsonl."""
    if fmt not in exporters:
        raise ValueError(f"unknown export format {fmt!r}; formats: {', '.join(export_formats())}")
    written: int = exporters.get(fmt)(con, out, table)
    return written
