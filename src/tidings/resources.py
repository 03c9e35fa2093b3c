"""The one reader of tidings' knowledge files: tab-separated tables with a header line.

Every table (actor dictionaries, the CAMEO ontology, the event lexicon, the English word lists) is a
TSV file: `#` lines are comments, blank lines are skipped, the first other line names the columns.
`read_table` checks the header against the columns the caller needs and every row against the header,
and reports a problem as a `DataFileError` naming the file and line ("groups.tsv:12: ...").
Values are stripped of surrounding spaces; a row may leave its trailing columns out (they read as "").
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from .errors import DataFileError

DATA_DIR = Path(__file__).parent / "data"


def data_file(*parts: str) -> Path:
    """A file shipped in tidings' data folder: data_file("cameo", "cameo_events.tsv")."""
    return DATA_DIR.joinpath(*parts)


# Where tidings keeps files it builds from its data and packages (the gazetteer's index, the language
# detector's model unpacked): this variable, else $XDG_CACHE_HOME/tidings, else ~/.cache/tidings.
CACHE_ENV = "TIDINGS_CACHE_DIR"


def cache_dir() -> Path:
    """Where tidings keeps files it builds: $TIDINGS_CACHE_DIR, else $XDG_CACHE_HOME/tidings, else
    ~/.cache/tidings."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tidings"


class Row(Mapping[str, str]):
    """One table row: its values by column (in header order) and where it was read, for errors."""

    __slots__ = ("cells", "where")

    def __init__(self, cells: dict[str, str], where: str) -> None:
        self.cells = cells
        self.where = where

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def __iter__(self) -> Iterator[str]:
        return iter(self.cells)

    def __len__(self) -> int:
        return len(self.cells)

    def __repr__(self) -> str:
        return f"Row({self.cells!r}, where={self.where!r})"

    def error(self, message: str) -> DataFileError:
        """An error about this row, naming its file and line."""
        return DataFileError(self.where, message)


def read_table(
    path: str | os.PathLike, columns: Sequence[str], *, optional: Sequence[str] = (), strict: bool = False
) -> list[Row]:
    """The rows of the TSV file at `path`: see `parse_table`."""
    where = os.fspath(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(where, f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(where, f"not UTF-8 text: {exc.reason}") from exc
    return parse_table(text.splitlines(), where, columns, optional=optional, strict=strict)


def parse_table(
    lines: Iterable[str],
    source: str,
    columns: Sequence[str],
    *,
    optional: Sequence[str] = (),
    strict: bool = False,
) -> list[Row]:
    """Rows of TSV `lines` read from `source`. The header must have every column of `columns` and may
    have the `optional` ones; any other column, a missing header, or a row with more fields than the
    header (or, when `strict`, with fewer) is a DataFileError naming the source and line."""
    header: list[str] | None = None
    rows: list[Row] = []
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{source}:{number}"
        fields = [field.strip() for field in line.split("\t")]
        if header is None:
            header = _checked_header(fields, columns, optional, where)
            continue
        if len(fields) > len(header) or (strict and len(fields) != len(header)):
            raise DataFileError(where, f"expected {len(header)} tab-separated columns, got {len(fields)}")
        fields += [""] * (len(header) - len(fields))
        rows.append(Row(dict(zip(header, fields, strict=True)), where))
    if header is None:
        raise DataFileError(source, f"no header line (expected columns: {' '.join(columns)})")
    return rows


def _checked_header(
    fields: list[str], columns: Sequence[str], optional: Sequence[str], where: str
) -> list[str]:
    missing = [c for c in columns if c not in fields]
    unknown = [f for f in fields if f not in columns and f not in optional]
    duplicated = sorted({f for f in fields if fields.count(f) > 1})
    problems = []
    if missing:
        problems.append(f"missing column(s) {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown column(s) {', '.join(unknown)}")
    if duplicated:
        problems.append(f"repeated column(s) {', '.join(duplicated)}")
    if problems:
        expected = " ".join([*columns, *(f"[{c}]" for c in optional)])
        raise DataFileError(where, "header: " + "; ".join(problems) + f" (expected: {expected})")
    return fields


def split_codes(value: str) -> tuple[str, ...]:
    """Space-separated codes of a table cell; "-" stands for none: "REB HMS" -> ("REB", "HMS")."""
    return tuple(code for code in value.split() if code != "-")
