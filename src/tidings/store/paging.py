"""Sorting from a whitelist and keyset pagination with opaque cursors.

A sort is a named list of SQL key expressions ending in a unique one, so rows have one total order;
NULLs sort last in both directions. A page's cursor encodes the sort and the key values of its last
row (a NULL as null); the next page starts strictly after them, NULLs included: k1 after v1, or k1 the
same as v1 and k2 after v2, and so on. Unlike OFFSET, pages stay consistent while articles are added,
and deep pages cost no more than the first. Every key value goes back into SQL as a bound parameter,
and a cursor is checked against the sort before it is used.

The keys are ordered as they are stored (`x DESC NULLS LAST`), not through an expression such as
`coalesce(x, ...)`: DuckDB then finds the rows of a page by their keys alone and reads the other
columns of just those rows, which makes a page of a wide table several times cheaper.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass

import pyarrow as pa

from .filters import Where

KEY_PREFIX = "_key"


@dataclass(frozen=True)
class SortKey:
    expression: str  # SQL over the query's tables; may be NULL
    kind: type  # str, int or float: what its values are in a cursor


@dataclass(frozen=True)
class Sort:
    """A named order: its keys, the last of which is unique per row."""

    name: str
    keys: tuple[SortKey, ...]


@dataclass(frozen=True)
class Order:
    """A sort and its direction, as asked for with "name" or "-name"."""

    sort: Sort
    descending: bool = False

    @property
    def label(self) -> str:
        return ("-" if self.descending else "") + self.sort.name

    def select_sql(self) -> str:
        """The key columns to select beside the row, so the last row's keys make the next cursor."""
        return ", ".join(f"{k.expression} AS {KEY_PREFIX}{i}" for i, k in enumerate(self.sort.keys))

    def order_sql(self) -> str:
        direction = " DESC" if self.descending else " ASC"
        return " ORDER BY " + ", ".join(f"{k.expression}{direction} NULLS LAST" for k in self.sort.keys)

    def after_sql(self, values: list) -> tuple[str, list]:
        """The condition that keeps the rows after a row with key `values` (NULLs last), with its
        parameters: for some key, the keys before it equal and it after its value."""
        before = "<" if self.descending else ">"
        alternatives: list[str] = []
        params: list = []
        for position, (key, value) in enumerate(zip(self.sort.keys, values, strict=True)):
            if value is None:  # nothing comes after NULL at this key, only at a later one
                continue
            same = [f"{k.expression} IS NOT DISTINCT FROM ?" for k in self.sort.keys[:position]]
            after = f"({key.expression} {before} ? OR {key.expression} IS NULL)"
            alternatives.append(" AND ".join([*same, after]))
            params += [*values[:position], value]
        if not alternatives:
            return "FALSE", []
        return " OR ".join(f"({alternative})" for alternative in alternatives), params


@dataclass(frozen=True)
class Page:
    """One page of rows and the cursor of the next page (None on the last page)."""

    rows: pa.Table
    next_cursor: str | None


@dataclass(frozen=True)
class KeyPage:
    """One page as the unique keys of its rows (event ids, quote row ids), in order, and the cursor of
    the next page: what a caller that keeps rows by key needs to answer a page."""

    keys: list
    next_cursor: str | None


def parse_order(value: str | None, sorts: Mapping[str, Sort], default: str) -> Order:
    """ "goldstein" or "-goldstein" (descending) into an Order; names outside `sorts` raise ValueError."""
    text = (value or default).strip()
    name = text.removeprefix("-")
    if name not in sorts:
        names = ", ".join(sorted(sorts))
        raise ValueError(f"sort must be one of {names} (prefix - for descending), not {text!r}")
    return Order(sorts[name], descending=text.startswith("-"))


def encode_cursor(order: Order, values: list) -> str:
    payload = json.dumps([order.label, values], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(payload).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, order: Order) -> list:
    """The key values a cursor holds, checked against `order`; ValueError for anything else."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        label, values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, TypeError, UnicodeError, binascii.Error):
        raise ValueError("cursor is not one this server gave out") from None
    if label != order.label:
        raise ValueError(f"cursor belongs to sort {label!r}, not {order.label!r}")
    keys = order.sort.keys
    if not isinstance(values, list) or len(values) != len(keys):
        raise ValueError("cursor is not one this server gave out")
    return [_checked_value(value, key.kind) for value, key in zip(values, keys, strict=True)]


def _checked_value(value: object, kind: type) -> object:
    if value is None:  # a NULL key
        return None
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, kind) and not isinstance(value, bool):
        return value
    raise ValueError("cursor is not one this server gave out")


def add_cursor(where: Where, order: Order, cursor: str | None) -> None:
    """Keep the rows after the cursor's row in `order`."""
    if cursor is None:
        return
    condition, params = order.after_sql(decode_cursor(cursor, order))
    where.add(condition, *params)


def check_limit(limit: int | None) -> None:
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be 0 or more, not {limit}")


def page_of(table: pa.Table, order: Order, limit: int | None) -> Page:
    """Cut a result fetched with limit + 1 rows into a page and the next cursor; drop the key columns."""
    key_names = [name for name in table.column_names if name.startswith(KEY_PREFIX)]
    more = limit is not None and table.num_rows > limit
    if more:
        table = table.slice(0, limit)
    next_cursor = None
    if more and table.num_rows:
        last = table.select(key_names).slice(table.num_rows - 1).to_pylist()[0]
        next_cursor = encode_cursor(order, [last[name] for name in key_names])
    return Page(table.drop_columns(key_names), next_cursor)


def key_page_of(rows: list[tuple], order: Order, limit: int | None) -> KeyPage:
    """Cut rows (key, *sort keys) fetched with limit + 1 rows into a page of keys and the next cursor."""
    more = limit is not None and len(rows) > limit
    if more:
        rows = rows[:limit]
    next_cursor = encode_cursor(order, list(rows[-1][1:])) if more and rows else None
    return KeyPage([row[0] for row in rows], next_cursor)
