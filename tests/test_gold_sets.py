"""The hand-written development gold sets (benchmarks/gold): well-formed records and the promised coverage.

Both files are read as plain JSON; no spaCy model is loaded. The conventions checked here are the ones
benchmarks/gold/README.md documents: CAMEO codes from the packaged table, actor codes built from the
project's country, IGO and group tables, magnitudes as integers or as a vague-count text, dates whose
string form matches their precision.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from functools import cache, lru_cache
from pathlib import Path

import pytest

from tidings.coding.actors.dictionary import DEFAULT_ACTORS as DATA_DIR
from tidings.evaluate import alternatives, load_gold
from tidings.ontology import load_ontology

SECTORS = frozenset(load_ontology().sectors)

GOLD_DIR = Path(__file__).resolve().parent.parent / "benchmarks" / "gold"
CONFLICT = GOLD_DIR / "conflict_dev.jsonl"
DATES = GOLD_DIR / "dates_dev.jsonl"

CONFLICT_MINIMUM = 320
CONFLICT_CATEGORIES = {
    **dict.fromkeys(
        (
            "armed_clash",
            "attack_civilians",
            "bombing",
            "shelling",
            "air_strike",
            "abduction",
            "repression",
            "arrest",
            "looting_destruction",
            "sexual_violence",
            "mob_violence",
            "chemical_landmine",
            "demonstration",
            "riot",
            "strike",
            "territory",
            "agentless",
        ),
        12,
    ),
    "leader": 35,
    "political": 10,
    "negative": 25,
}
CONFLICT_TAGS = {"generic_actor": 40, "named_group": 40, "place_not_target": 25, "leader": 40}
MAGNITUDES = ("fatalities", "injured", "arrested", "kidnapped", "crowd_size")
# How many expected events state each magnitude as a number, and how many as a vague count ("dozens").
MAGNITUDE_NUMBERS = {"fatalities": 80, "injured": 25, "arrested": 15, "kidnapped": 12, "crowd_size": 8}
MAGNITUDE_TEXTS = 15
MINIMUM_COUNTRIES = 35
STYLES = ("note", "wire")

DATES_MINIMUM = 170
DATE_CATEGORIES = {
    **dict.fromkeys(
        (
            "past_weekday",
            "weekday_before_verb",
            "future",
            "named_month",
            "relative_week",
            "quarter",
            "approximate",
            "range",
            "relative_day",
            "year",
            "full_date",
            "carry_forward",
            "publication_only",
        ),
        10,
    ),
    **dict.fromkeys(("deadline", "paragraph_reset"), 6),
    **dict.fromkeys(("noun_modifier", "duration", "year_boundary", "dateline"), 8),
}
DATE_SOURCES = {"sentence", "carried", "article"}
PRECISION_PATTERNS = {
    "day": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "week": re.compile(r"\d{4}-W\d{2}"),
    "month": re.compile(r"\d{4}-\d{2}"),
    "quarter": re.compile(r"\d{4}-Q[1-4]"),
    "year": re.compile(r"\d{4}"),
}


# -- reading ----------------------------------------------------------------------------------------------


def read_records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@cache
def conflict_records() -> tuple[dict, ...]:
    return tuple(read_records(CONFLICT))


@cache
def date_records() -> tuple[dict, ...]:
    return tuple(read_records(DATES))


def table_rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    return frozenset(row["iso3"] for row in table_rows("countries.tsv"))


@lru_cache(maxsize=1)
def igo_codes() -> tuple[str, ...]:
    """IGO codes, longest first so that "UNOWFP" is tried before "UNO"."""
    codes = {row["code"] for row in table_rows("igos.tsv") if row["family"] == "IGO"}
    return tuple(sorted(codes, key=len, reverse=True))


@lru_cache(maxsize=1)
def actor_chunks() -> frozenset[str]:
    """Three-letter codes allowed after the head: CAMEO sectors and the groups' own codes (HMS, ISI, ...)."""
    group_codes = {code for row in table_rows("groups.tsv") for code in (row["sectors"] or "").split()}
    return frozenset(SECTORS | group_codes)


# -- checks -----------------------------------------------------------------------------------------------


def actor_problem(code: object) -> str | None:
    """Why `code` is not a well-formed actor code: a country, IGO, IMG/NGO or "---" head, then sectors."""
    if not isinstance(code, str):
        return f"actor {code!r} is not a string"
    if code == "---":
        return None
    rest = actor_tail(code)
    if rest is None:
        return f"actor {code!r} has no known country, IGO or organisation head"
    chunks = [rest[i : i + 3] for i in range(0, len(rest), 3)]
    unknown = [chunk for chunk in chunks if chunk not in actor_chunks()]
    return f"actor {code!r} has unknown sector(s) {unknown}" if unknown else None


def actor_tail(code: str) -> str | None:
    if code.startswith("IGO"):
        igo = next((c for c in igo_codes() if code[3:].startswith(c)), None)
        return None if igo is None else code[3 + len(igo) :]
    if code[:3] in {"IMG", "NGO"} and len(code) > 3:
        return code[3:]
    return code[3:] if code[:3] in countries() else None


def code_problems(code: object) -> list[str]:
    codes = code if isinstance(code, list) else [code]
    if not codes:
        return ["empty code list"]
    ontology = load_ontology()
    unknown = [c for c in codes if not isinstance(c, str) or c not in ontology]
    return [f"code {c!r} is not in cameo_events.tsv" for c in unknown]


def event_problems(event: dict) -> list[str]:
    problems = [p for p in (actor_problem(event.get("source")), actor_problem(event.get("target"))) if p]
    return problems + code_problems(event.get("code"))


def magnitude_problems(event: dict) -> list[str]:
    problems = []
    for name in MAGNITUDES:
        if name not in event:
            problems.append(f"missing {name}")
            continue
        value, text = event[name], event.get(name + "_text")
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            problems.append(f"{name} {value!r} is not a non-negative integer")
        if text is not None and (value is not None or not isinstance(text, str) or not text.strip()):
            problems.append(f"{name}_text {text!r} must be a non-empty string with {name} null")
    return problems


def location_problems(location: object) -> list[str]:
    if location is None:
        return []
    if not isinstance(location, dict) or not isinstance(location.get("name"), str):
        return [f"location {location!r} needs a name"]
    country = location.get("country")
    problems = [] if country in countries() else [f"location country {country!r}"]
    admin1 = location.get("admin1")
    return problems + ([] if admin1 is None or isinstance(admin1, str) else [f"admin1 {admin1!r}"])


def expected_problems(event: dict) -> list[str]:
    return event_problems(event) + magnitude_problems(event) + location_problems(event.get("location"))


def conflict_problems(record: dict) -> list[str]:
    problems = []
    if not re.fullmatch(r"CNF-\d{4}", str(record.get("id"))):
        problems.append("id")
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        problems.append("text")
    if not valid_day(record.get("date")):
        problems.append(f"date {record.get('date')!r}")
    if record.get("style") not in STYLES:
        problems.append(f"style {record.get('style')!r}")
    if record.get("category") not in CONFLICT_CATEGORIES:
        problems.append(f"category {record.get('category')!r}")
    if not set(record.get("tags", [])) <= set(CONFLICT_TAGS):
        problems.append(f"tags {record.get('tags')!r}")
    if not isinstance(record.get("notes"), str):
        problems.append("notes")
    expected, acceptable = record.get("expected"), record.get("acceptable")
    if not isinstance(expected, list) or not isinstance(acceptable, list):
        return problems + ["expected/acceptable must be lists"]
    if record.get("expect_no_event") is not (not expected):
        problems.append("expect_no_event disagrees with expected")
    if (record.get("category") == "negative") != (not expected):
        problems.append("only negative records have no expected event")
    problems += [p for event in expected for p in expected_problems(event)]
    return problems + [p for event in acceptable for p in event_problems(event)]


def valid_day(value: object) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return bool(PRECISION_PATTERNS["day"].fullmatch(str(value)))


def date_value_problem(value: object, precision: str) -> str | None:
    """None when `value` is a real calendar date written the way its precision says."""
    pattern = PRECISION_PATTERNS.get(precision)
    if pattern is None or not isinstance(value, str) or not pattern.fullmatch(value):
        return f"{value!r} does not match precision {precision!r}"
    try:
        date_start(value, precision)
    except ValueError:
        return f"{value!r} is not a calendar {precision}"
    return None


def date_start(value: str, precision: str) -> dt.date:
    if precision == "day":
        return dt.date.fromisoformat(value)
    if precision == "week":
        year, week = value.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1)
    if precision == "month":
        return dt.date(int(value[:4]), int(value[5:7]), 1)
    if precision == "quarter":
        return dt.date(int(value[:4]), 3 * int(value[-1]) - 2, 1)
    return dt.date(int(value), 1, 1)


def occurrences(word: str, text: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", text))


def date_problems(record: dict) -> list[str]:
    problems = []
    if not re.fullmatch(r"DAT-\d{4}", str(record.get("id"))):
        problems.append("id")
    text, verb, occurrence = record.get("text"), record.get("verb"), record.get("occurrence", 1)
    if not isinstance(text, str) or not text.strip() or not isinstance(verb, str) or not verb:
        return problems + ["text and verb must be non-empty strings"]
    if not isinstance(occurrence, int) or occurrence < 1 or occurrences(verb, text) < occurrence:
        problems.append(f"verb {verb!r} occurrence {occurrence!r} is not in the text")
    if not valid_day(record.get("published")):
        problems.append(f"published {record.get('published')!r}")
    problems += range_problems(record)
    if record.get("source") not in DATE_SOURCES:
        problems.append(f"source {record.get('source')!r}")
    stated = (record.get("date"), record.get("precision"))
    if record.get("source") == "article" and stated != (record.get("published"), "day"):
        problems.append("an article-sourced date is the publication day")
    if record.get("category") not in DATE_CATEGORIES:
        problems.append(f"category {record.get('category')!r}")
    return problems + ([] if isinstance(record.get("notes"), str) else ["notes"])


def range_problems(record: dict) -> list[str]:
    precision = record.get("precision")
    problem = date_value_problem(record.get("date"), precision)
    if problem or "date_end" not in record:
        return [problem] if problem else []
    end_problem = date_value_problem(record["date_end"], precision)
    if end_problem:
        return [end_problem]
    start, end = date_start(record["date"], precision), date_start(record["date_end"], precision)
    return [] if end > start else [f"date_end {record['date_end']} is not after date {record['date']}"]


# -- conflict set -----------------------------------------------------------------------------------------


def test_conflict_records_are_well_formed():
    records = conflict_records()
    ids = Counter(record.get("id") for record in records)
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"
    problems = [f"{r.get('id')}: {p}" for r in records for p in conflict_problems(r)]
    assert not problems, "\n".join(problems)


def test_conflict_expected_events_can_all_be_matched_at_root_level():
    """The scorer matches each prediction once: two expected events sharing a root triple never both hit."""
    for record in load_gold(CONFLICT, "root")[0]:
        options = [alternatives(event, "root") for event in record.expected]
        for i, first in enumerate(options):
            for second in options[i + 1 :]:
                assert not first & second, f"{record.id}: expected events overlap: {first & second}"


def test_conflict_coverage():
    records = conflict_records()
    assert len(records) >= CONFLICT_MINIMUM
    categories = Counter(record["category"] for record in records)
    short = {c: (categories[c], n) for c, n in CONFLICT_CATEGORIES.items() if categories[c] < n}
    assert not short, f"categories below their minimum (have, need): {short}"
    tags = Counter(tag for record in records for tag in record["tags"])
    assert not {t: (tags[t], n) for t, n in CONFLICT_TAGS.items() if tags[t] < n}


def test_conflict_styles_are_mixed():
    styles = Counter(record["style"] for record in conflict_records())
    verbal = {"leader", "political", "negative"}
    violent = Counter(r["style"] for r in conflict_records() if r["category"] not in verbal)
    assert min(styles.values()) >= 0.35 * sum(styles.values())
    assert min(violent.values()) >= 0.45 * sum(violent.values())


def test_conflict_magnitudes_and_places_are_covered():
    events = [event for record in conflict_records() for event in record["expected"]]
    numbers = {name: sum(event[name] is not None for event in events) for name in MAGNITUDES}
    assert all(numbers[name] >= n for name, n in MAGNITUDE_NUMBERS.items()), numbers
    texts = sum(f"{name}_text" in event for event in events for name in MAGNITUDES)
    assert texts >= MAGNITUDE_TEXTS
    located = {event["location"]["country"] for event in events if event["location"]}
    assert len(located) >= MINIMUM_COUNTRIES


def test_conflict_set_is_read_by_the_evaluator():
    records, level = load_gold(CONFLICT, "full")
    assert level == "full" and len(records) == len(conflict_records())
    no_event = sum(record["expect_no_event"] for record in conflict_records())
    assert sum(not record.expected for record in records) == no_event


# -- date set ---------------------------------------------------------------------------------------------


def test_date_records_are_well_formed():
    records = date_records()
    ids = Counter(record.get("id") for record in records)
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"
    problems = [f"{r.get('id')}: {p}" for r in records for p in date_problems(r)]
    assert not problems, "\n".join(problems)


def test_date_coverage():
    records = date_records()
    assert len(records) >= DATES_MINIMUM
    categories = Counter(record["category"] for record in records)
    short = {c: (categories[c], n) for c, n in DATE_CATEGORIES.items() if categories[c] < n}
    assert not short, f"categories below their minimum (have, need): {short}"
    precisions = Counter(record["precision"] for record in records)
    assert all(precisions[p] >= 8 for p in PRECISION_PATTERNS), precisions
    sources = Counter(record["source"] for record in records)
    assert all(sources[s] >= 10 for s in DATE_SOURCES), sources
    assert sum("date_end" in record for record in records) >= 10


@pytest.mark.parametrize(
    ("value", "precision", "ok"),
    [
        ("2019-04-22", "day", True),
        ("2019-02-30", "day", False),
        ("2020-W53", "week", True),
        ("2019-W53", "week", False),
        ("2019-04", "day", False),
        ("2019-Q2", "quarter", True),
        ("2019-Q5", "quarter", False),
        ("2019-13", "month", False),
        ("2019", "year", True),
    ],
)
def test_date_strings_are_checked_against_their_precision(value, precision, ok):
    assert (date_value_problem(value, precision) is None) is ok


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("NGAUAF", True),
        ("IMGMUSISI", True),
        ("IGOUNOWFP", True),
        ("IGOWSTNATMIL", True),
        ("---", True),
        ("NGA", True),
        ("XXXCVL", False),
        ("NGAFOO", False),
        ("NGACV", False),
    ],
)
def test_actor_codes_are_checked(code, ok):
    assert (actor_problem(code) is None) is ok


def test_a_broken_conflict_record_is_reported():
    record = {
        "id": "CNF-9999",
        "text": "Gunmen attacked a village.",
        "date": "2022-02-30",
        "style": "note",
        "category": "attack_civilians",
        "tags": [],
        "notes": "",
        "expect_no_event": False,
        "acceptable": [],
        "expected": [
            {
                "source": "NGAGUN",
                "target": "NGACVL",
                "code": "1899",
                "fatalities": "six",
                "injured": None,
                "arrested": None,
                "kidnapped": None,
                "location": None,
            }
        ],
    }
    problems = " | ".join(conflict_problems(record))
    for fragment in ("date", "NGAGUN", "1899", "fatalities", "crowd_size"):
        assert fragment in problems
