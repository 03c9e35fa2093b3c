"""Export a tidings database in any registered format (`tidings.plugins.exporters`).

Every export is written next to its destination under a temporary name and moved into place only when
it is complete, so a failure (a full disk, a bad path) leaves no partial file behind, and an existing
file is replaced only when asked (`overwrite`). A folder format (Parquet) moves each of its files into
the destination folder the same way, leaving other files there alone.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
from duckdb import DuckDBPyConnection

from ..errors import TidingsError
from ..plugins import exporters

# The built-in formats, in the order the CLI lists them; plugins add to `exporters`.
BUILTIN_FORMATS = ("parquet", "csv", "jsonl", "gdelt", "plover")
# Formats that write a folder of files rather than one file.
FOLDER_FORMATS = frozenset({"parquet"})


class ExportError(TidingsError, RuntimeError):
    """An export could not be written where it was asked to go; nothing partial is left there."""


def export_formats() -> list[str]:
    """Every export format: the built-in ones first, then those plugins registered."""
    names = exporters.names()
    return [*(f for f in BUILTIN_FORMATS if f in names), *(f for f in names if f not in BUILTIN_FORMATS)]


def export(
    con: DuckDBPyConnection,
    fmt: str,
    out: str | os.PathLike,
    *,
    table: str = "events",
    overwrite: bool = False,
) -> int:
    """Export in format `fmt` to `out` (a folder for parquet, else a file); returns rows (files for
    parquet) written. `table` chooses the table for csv and jsonl. An existing file is replaced only
    with `overwrite`; ExportError says why an export could not be written."""
    if fmt not in exporters:
        raise ValueError(f"unknown export format {fmt!r}; formats: {', '.join(export_formats())}")
    target = Path(out)
    _check_target(target, overwrite, fmt in FOLDER_FORMATS)
    temporary = target.parent / f".{target.name}.tidings-{os.getpid()}.tmp"
    _remove(temporary)
    try:
        written: int = exporters.get(fmt)(con, temporary, table)
        _move_into_place(temporary, target, overwrite)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc
    except duckdb.Error as exc:
        raise ExportError(f"cannot export {out}: {str(exc).splitlines()[0]}") from exc
    finally:
        _remove(temporary)
    return written


def _check_target(target: Path, overwrite: bool, folder_format: bool) -> None:
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: folder {target.parent} does not exist")
    if not target.exists():
        return
    if target.is_dir():
        if folder_format:
            return  # its files are checked one by one before they move in
        raise ExportError(f"{target} is a folder; name a file to export to")
    if folder_format:
        raise ExportError(f"{target} is a file; this format writes a folder")
    if not target.is_file():
        raise ExportError(f"{target} is not a regular file (a device or pipe); name a file to export to")
    if not overwrite:
        raise ExportError(f"{target} exists; --force (overwrite=True) replaces it")


def _move_into_place(temporary: Path, target: Path, overwrite: bool) -> None:
    if not temporary.is_dir():
        if target.is_dir():
            raise ExportError(f"{target} is a folder; name a file to export to")
        os.replace(temporary, target)
        return
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target} is a file; this format writes a folder")
    files = sorted(temporary.iterdir())
    clashes = [f.name for f in files if (target / f.name).exists()]
    if clashes and not overwrite:
        names = ", ".join(clashes)
        raise ExportError(f"{target} already holds {names}; --force (overwrite=True) replaces them")
    target.mkdir(exist_ok=True)
    for file in files:
        os.replace(file, target / file.name)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink(missing_ok=True)
