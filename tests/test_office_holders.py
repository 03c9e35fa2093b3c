"""Validation of the office-holders fact table (data/actors/default/office_holders.tsv).

Plain csv, no spaCy: the table is checked as data. Dates may be YYYY, YYYY-MM or YYYY-MM-DD; a partial
date stands for a span of days, and every comparison below takes the reading that is most favourable to
the data (a check fails only when the facts as written must be wrong).
"""

from __future__ import annotations

import calendar
import csv
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "src" / "tidings" / "data"
TABLE = DATA / "actors" / "default" / "office_holders.tsv"
UN_MEMBERS_FILE = Path(__file__).resolve().parent / "fixtures" / "un_member_states.tsv"
HEADER = ["name", "aliases", "country", "igo", "office", "start", "end", "sectors", "notes"]
OFFICES = {
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
    "finance_minister",
    "central_bank_governor",
    "igo_head",
}
IGO_OFFICES = {"igo_head", "foreign_minister"}  # the EU's High Representative is its foreign minister
SECTORS = {"GOV", "GOV MIL"}
# A notes item that is one of these words, or starts with it and a colon ("collective: Serb member of the
# Presidency"), marks a tenure that may overlap another holder's. "acting until 1998-04-09" does not.
OVERLAP_MARKERS = (
    "acting",
    "interim",
    "caretaker",
    "disputed",
    "collective",
    "co-prince",
    "union-level",
    "nominal",
)
DATE_FORM = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
FAR_FUTURE = date(9999, 12, 31)


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    return header, [dict(zip(header, fields, strict=True)) for fields in reader]


def table_codes(name: str, column: str) -> set[str]:
    """The codes in one column of a project table, from the old or the restructured data folder."""
    for path in (DATA / "actors" / "default" / name, DATA / name):
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                lines = [line for line in handle if line.strip() and not line.startswith("#")]
            return {row[column] for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)}
    raise AssertionError(f"no {name} in {DATA}")


def earliest(text: str) -> date:
    year, month, day = DATE_FORM.match(text).groups()
    return date(int(year), int(month or 1), int(day or 1))


def latest(text: str) -> date:
    year, month, day = DATE_FORM.match(text).groups()
    last_month = int(month or 12)
    last_day = int(day or calendar.monthrange(int(year), last_month)[1])
    return date(int(year), last_month, last_day)


def holder(row: dict[str, str]) -> str:
    return row["country"] or row["igo"]


def may_overlap(row: dict[str, str]) -> bool:
    items = [item.strip().lower() for item in row["notes"].split(";")]
    return any(
        item == marker or item.startswith(marker + ":") for item in items for marker in OVERLAP_MARKERS
    )


def holds_on(row: dict[str, str], day: date) -> bool:
    ends_after = not row["end"] or latest(row["end"]) >= day
    return earliest(row["start"]) <= day and ends_after


@pytest.fixture(scope="module")
def table() -> tuple[list[str], list[dict[str, str]]]:
    return read_rows(TABLE)


@pytest.fixture(scope="module")
def rows(table) -> list[dict[str, str]]:
    return table[1]


def test_header_is_exact(table):
    assert table[0] == HEADER


def test_table_is_not_trivially_small(rows):
    assert len(rows) >= 3000


def test_every_row_names_one_known_country_or_igo(rows):
    countries = table_codes("countries.tsv", "iso3")
    igos = table_codes("igos.tsv", "code")
    bad = [
        r["name"]
        for r in rows
        if bool(r["country"]) == bool(r["igo"])
        or (r["country"] and r["country"] not in countries)
        or (r["igo"] and r["igo"] not in igos)
    ]
    assert not bad, bad[:20]


def test_offices_and_sectors_are_from_the_allowed_sets(rows):
    bad = [
        (r["name"], r["office"], r["sectors"])
        for r in rows
        if r["office"] not in OFFICES
        or r["sectors"] not in SECTORS
        or (r["office"] == "igo_head" and not r["igo"])
        or (r["igo"] and r["office"] not in IGO_OFFICES)
        or (r["office"] == "defence_minister" and r["sectors"] != "GOV MIL")
    ]
    assert not bad, bad[:20]


def test_names_are_clean_and_aliases_are_not_bare_repeats(rows):
    bad = []
    for r in rows:
        aliases = [a for a in r["aliases"].split("|") if r["aliases"]]
        if not r["name"].strip() or r["name"] != r["name"].strip() or "  " in r["name"]:
            bad.append(r["name"])
        if any(not a.strip() or a == r["name"] for a in aliases) or len(aliases) != len(set(aliases)):
            bad.append(r["name"])
    assert not bad, bad[:20]


def test_dates_are_valid_and_ordered(rows):
    bad = []
    for r in rows:
        try:
            start = earliest(r["start"])
            end = latest(r["end"]) if r["end"] else FAR_FUTURE
        except (AttributeError, ValueError):
            bad.append((r["name"], r["start"], r["end"]))
            continue
        if start > end:
            bad.append((r["name"], r["start"], r["end"]))
    assert not bad, bad[:20]


def test_no_date_lies_after_the_as_of_date(rows):
    header_lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    stated = [re.search(r"As of (\d{4}-\d{2}-\d{2})", line) for line in header_lines]
    as_of = date.fromisoformat(next(match.group(1) for match in stated if match))
    late = [
        (r["name"], r["start"], r["end"])
        for r in rows
        for d in (r["start"], r["end"])
        if d and earliest(d) > as_of
    ]
    assert not late, late[:20]


def test_no_duplicate_person_in_the_same_term(rows):
    seen = defaultdict(int)
    for r in rows:
        seen[(r["name"], holder(r), r["office"], r["start"])] += 1
    assert not [key for key, count in seen.items() if count > 1]


def surely_held(row: dict[str, str]) -> tuple[date, date]:
    """The days on which the holder certainly held the office: [last possible start, first possible end)."""
    return latest(row["start"]), earliest(row["end"]) if row["end"] else FAR_FUTURE


def test_terms_of_one_office_do_not_overlap(rows):
    """Two holders of one office overlap only if both certainly held it on the same day."""
    by_office = defaultdict(list)
    for r in rows:
        if not may_overlap(r):
            by_office[(holder(r), r["office"])].append(r)
    overlaps = []
    for (where, office), terms in by_office.items():
        for i, first in enumerate(terms):
            for second in terms[i + 1 :]:
                (start_a, end_a), (start_b, end_b) = surely_held(first), surely_held(second)
                if max(start_a, start_b) < min(end_a, end_b):
                    overlaps.append((where, office, first["name"], second["name"]))
    assert not overlaps, overlaps[:20]


def test_every_un_member_has_a_head_of_state_on_2020_01_01(rows):
    members = {row["iso3"] for row in read_rows(UN_MEMBERS_FILE)[1]}
    assert len(members) == 193
    covered = {r["country"] for r in rows if r["office"] == "head_of_state" and holds_on(r, date(2020, 1, 1))}
    assert sorted(members - covered) == []


def find(rows, name, country, office, start):
    hits = [
        r
        for r in rows
        if (r["name"], r["country"], r["office"], r["start"]) == (name, country, office, start)
    ]
    assert len(hits) == 1, (name, country, office, start)
    return hits[0]


@pytest.mark.parametrize(
    ("name", "country", "office", "start", "end"),
    [
        ("Barack Obama", "USA", "head_of_state", "2009-01-20", "2017-01-20"),
        ("Vladimir Putin", "RUS", "head_of_state", "2000-05-07", "2008-05-07"),
        ("Vladimir Putin", "RUS", "head_of_state", "2012-05-07", ""),
        ("Narendra Modi", "IND", "head_of_government", "2014-05-26", ""),
        ("Angela Merkel", "DEU", "head_of_government", "2005-11-22", "2021-12-08"),
    ],
)
def test_spot_checks(rows, name, country, office, start, end):
    assert find(rows, name, country, office, start)["end"] == end
