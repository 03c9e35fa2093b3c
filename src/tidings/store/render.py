"""Query results as text: an aligned table for people, CSV or JSON lines for programs."""

from __future__ import annotations

import datetime as dt
import io
import json

import pyarrow as pa
import pyarrow.csv as pa_csv

from ..terminal import printable

# A column never gets narrower than this when a wide table is squeezed to the terminal.
MIN_WIDTH = 6
NULL = "-"


def _cell(value: object) -> str:
    if value is None:
        return NULL
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list):
        return " ".join(map(str, value))
    return " ".join(str(value).split())


def _shown(value: object) -> str:
    """A cell or column name as a person sees it: one line, no control character (no escape sequence
    from an article reaches the terminal)."""
    return printable(_cell(value))


def _fit(widths: list[int], max_width: int) -> list[int]:
    """Shrink the widest columns until the row (with 2-space gaps) fits in `max_width`."""
    widths = list(widths)
    while sum(widths) + 2 * (len(widths) - 1) > max_width:
        widest = max(range(len(widths)), key=widths.__getitem__)
        if widths[widest] <= MIN_WIDTH:
            break
        widths[widest] -= 1
    return widths


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def format_table(table: pa.Table, max_width: int = 200) -> str:
    """An aligned text table with a header line; long cells are cut with "…" to fit `max_width`."""
    if table.num_columns == 0:
        return "(no columns)"
    columns = table.column_names
    names = [printable(name) for name in columns]
    rows = [[_shown(row[name]) for name in columns] for row in table.to_pylist()]
    widths = _fit([max([len(name), *(len(r[i]) for r in rows)]) for i, name in enumerate(names)], max_width)
    lines = ["  ".join(_clip(name, w).ljust(w) for name, w in zip(names, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(_clip(cell, w).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.append(f"({table.num_rows} row{'s' if table.num_rows != 1 else ''})")
    return "\n".join(lines)


def _flat_lists(table: pa.Table) -> pa.Table:
    columns = [
        pa.array([_cell(v) if v is not None else None for v in col.to_pylist()], pa.string())
        if pa.types.is_list(col.type)
        else col
        for col in table.columns
    ]
    return pa.table(columns, names=table.column_names)


def format_csv(table: pa.Table) -> str:
    buffer = io.BytesIO()
    pa_csv.write_csv(_flat_lists(table), buffer)
    return buffer.getvalue().decode("utf-8")


def _json_default(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def format_json_lines(table: pa.Table) -> str:
    return "".join(
        json.dumps(row, ensure_ascii=False, default=_json_default) + "\n" for row in table.to_pylist()
    )


RENDERERS = {"table": format_table, "csv": format_csv, "json": format_json_lines}
