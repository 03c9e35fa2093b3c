"""WHERE clauses built from user filters: SQL text is fixed, every user value is a bound parameter."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass
class Where:
    """Conjunction of clauses with their parameters, in placeholder order."""

    clauses: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def add(self, clause: str, *params: object) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return " WHERE " + " AND ".join(f"({c})" for c in self.clauses) if self.clauses else ""


def alternatives(value: str) -> list[str]:
    """'03|036' or '03,036' -> ['03', '036']."""
    return [part.strip() for part in re.split(r"[|,]", value) if part.strip()]


def add_prefixes(where: Where, column: str, value: str | None) -> None:
    """Keep rows whose `column` starts with any of the codes in `value` ("RUS", "03|036")."""
    if value is None:
        return
    codes = alternatives(value) or [value]
    where.add(" OR ".join([f"starts_with(coalesce({column}, ''), ?)"] * len(codes)), *codes)


def root_codes(value: str) -> list[str]:
    """Root codes are two digits: '4' -> '04'."""
    return [code.zfill(2) if code.isdigit() else code for code in alternatives(value)]


def add_roots(where: Where, column: str, value: str | None) -> None:
    if value is None:
        return
    codes = root_codes(value) or [value]
    where.add(f"{column} IN ({', '.join('?' * len(codes))})", *codes)


def add_any_prefixes(where: Where, columns: tuple[str, ...], value: str | None) -> None:
    """Keep rows where any of `columns` starts with any of the codes in `value` (an actor on either side)."""
    if value is None:
        return
    codes = alternatives(value) or [value]
    tests = [f"starts_with(coalesce({column}, ''), ?)" for column in columns for _ in codes]
    where.add(" OR ".join(tests), *[code for _ in columns for code in codes])


def add_pair(where: Where, columns: tuple[str, str], first: str, second: str) -> None:
    """Keep rows between two code prefixes in either direction (a dyad)."""
    left, right = (f"starts_with(coalesce({column}, ''), ?)" for column in columns)
    where.add(f"({left} AND {right}) OR ({left} AND {right})", first, second, second, first)


def add_exact(where: Where, column: str, value: str | None) -> None:
    """Keep rows whose `column` is one of the values in `value` ("ACCUSE|THREATEN"), ignoring case."""
    if value is None:
        return
    values = [v.upper() for v in alternatives(value)] or [value]
    where.add(f"upper({column}) IN ({', '.join('?' * len(values))})", *values)


def quad_classes(value: str) -> list[int]:
    """'3|4' -> [3, 4]; QuadClass is 1 (verbal cooperation) to 4 (material conflict)."""
    classes = alternatives(value)
    if not classes or any(c not in {"1", "2", "3", "4"} for c in classes):
        raise ValueError(f"quad_class must be 1, 2, 3 or 4 (or several: '3|4'), not {value!r}")
    return [int(c) for c in classes]


def add_quad_classes(where: Where, column: str, value: str | None) -> None:
    if value is None:
        return
    classes = quad_classes(value)
    where.add(f"{column} IN ({', '.join('?' * len(classes))})", *classes)


def checked_partial_date(value: str, name: str) -> str:
    if not _PARTIAL_DATE.fullmatch(value):
        raise ValueError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value


def sortable_date(column: str) -> str:
    """SQL for a stored date (written at its precision) as text that compares and sorts with ISO days,
    months and years: an ISO week as its Monday ("2019-W16" -> "2019-04-15"), a quarter as its first
    month ("2019-Q2" -> "2019-04"); days, months and years as they are."""
    jan4 = f"make_date(CAST(left({column}, 4) AS INTEGER), 1, 4)"
    week = f"CAST(substr({column}, 7) AS INTEGER)"
    monday = f"{jan4} - CAST(isodow({jan4}) - 1 - 7 * ({week} - 1) AS INTEGER)"
    first_month = f"lpad(CAST(CAST(right({column}, 1) AS INTEGER) * 3 - 2 AS VARCHAR), 2, '0')"
    return (
        f"CASE WHEN {column} LIKE '____-W%' THEN strftime({monday}, '%Y-%m-%d') "
        f"WHEN {column} LIKE '____-Q%' THEN left({column}, 5) || {first_month} ELSE {column} END"
    )


def add_date_range(where: Where, column: str, since: str | None, until: str | None) -> None:
    """Dates are ISO strings truncated to their precision (weeks and quarters through `sortable_date`),
    so they compare as text; `until` includes the whole period it names ("2017-01" keeps "2017-01-31")."""
    if since is not None:
        where.add(f"{column} >= ?", checked_partial_date(since, "since"))
    if until is not None:
        value = checked_partial_date(until, "until")
        where.add(f"substr({column}, 1, ?) <= ?", len(value), value)


def add_contains(where: Where, expression: str, value: str | None) -> None:
    """Case-insensitive substring match; no wildcard characters, so '%' and '_' match themselves."""
    if value is not None:
        where.add(f"contains(lower({expression}), lower(?))", value)


# DuckDB binds a limit as a BIGINT.
MAX_LIMIT = 2**63 - 1


def limit_clause(limit: int | None, params: list) -> str:
    if limit is None:
        return ""
    if not 0 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 0 and {MAX_LIMIT}, not {limit}")
    params.append(int(limit))
    return " LIMIT ?"
