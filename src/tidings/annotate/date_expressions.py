"""Date expressions in text: finding them and turning them into calendar dates.

The finder is a pattern over the words of the language's date tables ("on Tuesday", "last November",
"the first quarter of next year", "between 3 and 5 May", "around 7 May 2020", "two weeks ago");
each expression is read into its `Parts` once. Turning parts into a date needs an anchor (the
publication or dateline date) for everything that does not state its year, and the tense of the verb
the expression belongs to: "on Tuesday" is the Tuesday before in a past sentence and the Tuesday after
in a future one. Precision is what the text states (a day, an ISO week, a month, a quarter, a year); a
position ("early March") or an approximation ("around 7 May") keeps the unit.

This module reads text only; which verb an expression belongs to is `tidings.annotate.dates`' business.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from ..lang import DateWords
from ..records import DatePrecision, format_date

EARLIEST_YEAR = 1800
LATEST_YEAR = 2099
# Years around the anchor among which a year-less date is placed.
YEAR_SEARCH = 3
PRECISION_ORDER: tuple[DatePrecision, ...] = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A calendar date (the first day of its unit), how much of it the text stated, and for a range the
    first day of its last unit."""

    date: dt.date
    precision: DatePrecision
    end: dt.date | None = None

    @property
    def iso(self) -> str:
        """The date written at its precision: "2017-01-15", "2017-W02", "2017-01", "2017-Q1", "2017"."""
        return format_date(self.date, self.precision)

    @property
    def end_iso(self) -> str | None:
        return format_date(self.end, self.precision) if self.end is not None else None


@dataclass(frozen=True, slots=True)
class Parts:
    """What one date expression (or one end of a range) states, word by word."""

    iso: dt.date | None = None
    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    step: int | None = None  # last -1, this 0, next +1
    unit: str | None = None  # day, week, month, year
    count: int | None = None  # "three" of "three days ago"
    ago: bool = False
    season: int | None = None  # its first month
    ordinal: int | None = None  # "first" of "the first quarter"
    final: bool = False  # "the final quarter"
    quarter: int | None = None  # "Q3", or set with an ordinal once "quarter" is read
    quarter_noun: bool = False
    half: bool = False
    months: tuple[int, int] | None = None  # "April-June"
    relative_day: int | None = None  # yesterday -1
    position: bool = False  # "early", "mid", "the end of"
    span_to: bool = False  # "the three months to September"
    unit_of_year_step: int | None = None  # "of next year" -> +1
    sequel: int | None = None  # "two days later" +1, "a week earlier" -1, "that day" 0: from the narrative
    day_part: bool = False  # "night", "morning"

    @property
    def names_a_day(self) -> bool:
        return self.iso is not None or self.relative_day is not None or self.day is not None

    def is_bare(self) -> bool:
        """A month, year or season alone, which is a time only after a lead word ("in March")."""
        alone = self.step is None and not self.position and self.day is None and self.weekday is None
        single = (self.month is not None) + (self.year is not None) + (self.season is not None)
        periods = self.quarter is not None or self.quarter_noun or self.half or self.months is not None
        return alone and single == 1 and not periods


@dataclass(frozen=True, slots=True)
class DateExpression:
    """A date expression found in a text: where it is, the word before it, and what it states."""

    text: str
    start: int
    end: int
    lead: str  # the word right before it, lower case ("on", "since", "by"); "" at the start
    first: Parts
    last: Parts | None = None  # the other end of a range
    since: bool = False  # "since March 2019": a range up to the anchor

    @property
    def is_range(self) -> bool:
        return self.last is not None


# ---------------------------------------------------------------------------------------------
# Finding


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


def _named(names: Mapping[str, int], abbreviations_need_dot: bool) -> str:
    """Month or weekday names, case-sensitive as written in running text ("March", "MARCH"); an
    abbreviation (a word another name of the same value starts with: "Aug", "Wed") may (months) or
    must (weekdays) take a full stop."""
    short = [
        w for w, n in names.items() if any(o != w and o.startswith(w) and m == n for o, m in names.items())
    ]
    full = [w for w in names if w not in short]
    dot = r"\." if abbreviations_need_dot else r"\.?"
    pattern = f"(?-i:{_alternation(_cased(full))})"
    if short:
        pattern = f"(?:{pattern}|(?-i:{_alternation(_cased(short))}){dot})"
    return pattern


def _cased(words: Iterable[str]) -> list[str]:
    return [variant for word in words for variant in (word.capitalize(), word.upper())]


class DateFinder:
    """Finds date expressions in a text with one language's date words."""

    def __init__(self, table: DateWords) -> None:
        self.table = table
        self.reader = PartsReader(table)
        self.pattern = re.compile(self._pattern(table), re.IGNORECASE)
        self.word_before = re.compile(r"([^\W\d_]+)\W*$")

    @staticmethod
    def _pattern(t: DateWords) -> str:
        month = _named(t.months, abbreviations_need_dot=False)
        weekday = _named(t.weekdays, abbreviations_need_dot=True)
        day = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
        year = r"(?:1[89]\d\d|20\d\d)(?![\d])"
        fill = rf"(?:{_alternation(t.fillers)})"
        step = rf"(?:{_alternation(t.steps)})"
        singular_units = rf"(?:{_alternation(w for w, unit in t.units.items() if w == unit)})"
        year_unit = rf"(?:{_alternation(w for w, unit in t.units.items() if w == unit == 'year')})"
        units = rf"(?:{_alternation(t.units)})"
        count = rf"(?:\d{{1,3}}|{_alternation(w for w, n in t.numbers.items() if n is not None)})"
        day_part = rf"(?:{_alternation(t.day_parts)})"
        position = rf"(?:{_alternation(t.positions)})"
        approximator = rf"(?:{_alternation(t.approximators)})"
        which = rf"(?:{_alternation([*t.ordinals, *t.finals, *t.steps])})"
        year_ref = rf"(?:\s+{fill}\s+(?:{year}|{step}\s+{singular_units}))?"
        narrative = _alternation([*t.sequels, *t.steps, *t.same])  # "the next day", "that night"
        md = rf"{month}\s+{day}"
        dm = rf"(?:{fill}\s+)?{day}(?:\s+{fill})?\s+{month}"
        points = [
            r"\d{4}-\d{2}-\d{2}(?!\d)",
            r"(?:\d{1,2}/\d{1,2}/|\d{1,2}\.\d{1,2}\.)\d{4}(?!\d)",
            rf"(?:{weekday},?\s+)?(?:{md}|{dm})(?:,?\s+{year})?",
            rf"(?:{fill}\s+)?{month}\s*[-–]\s*{month}\s+(?:{_alternation(t.periods)}){year_ref}",
            rf"{month},?\s+(?:{fill}\s+)?{year}",
            rf"(?:{fill}\s+)?{which}\s+(?:{_alternation(t.quarters)}|{_alternation(t.halves)}){year_ref}",
            rf"(?:{_alternation(t.quarter_codes)})[1-4](?:\s+{year})?",
            rf"(?:{fill}\s+)?(?:{_alternation(t.quarters)})\s+(?:{_alternation(t.span_ends)})\s+{month}(?:,?\s+{year})?",
            rf"(?:(?:{step}|{fill})\s+)?(?:{_alternation(t.seasons)})(?:\s+(?:{fill}\s+)?{year})?",
            rf"{count}\s+{units}\s+(?:{_alternation([*t.ago, *t.sequels])})",
            rf"(?:{fill}\s+)?(?:{narrative})\s+(?:{singular_units}|{day_part})",
            rf"(?:{_alternation(t.relative_days)})",
            rf"{step}\s+{singular_units}",
            rf"{fill}\s+{singular_units}",
            rf"(?:{step}\s+)?{weekday}(?:\s+{day_part})?",
            rf"(?:{step}\s+)?{month}(?:\s+(?:{fill}\s+)?{step}\s+{year_unit})?",
            year,
        ]
        point = "|".join(f"(?:{p})" for p in points)
        position_noun = rf"(?:{_alternation(t.position_nouns)})"
        prefix = (
            rf"(?:(?:{approximator}|{fill}\s+{fill}\s+{approximator}|{fill}\s+{position_noun}\s+{fill}"
            rf"|(?:{fill}\s+)?{position}(?:\s+{day_part})?(?:\s+{fill})?)(?:\s+|-))*"
        )
        expression = rf"{prefix}(?:{point})"
        link = rf"(?:\s+(?:{_alternation(t.range_links)})\s+|\s*[-–]\s*)"
        end = rf"(?:{expression}|{day})"
        ranges = [
            rf"(?:{_alternation(t.range_starts)})\s+{end}{link}{end}",
            rf"{month}\s+{day}\s*[-–]\s*{day}(?:,?\s+{year})?",
            rf"{day}\s*[-–]\s*{day}\s+{month}(?:,?\s+{year})?",
        ]
        return rf"(?<![\w-])(?:(?P<range>{'|'.join(ranges)})|{expression})(?![\w])"

    def find(self, text: str) -> list[DateExpression]:
        """The date expressions of `text` that may say when something happened, in text order."""
        found = []
        for match in self.pattern.finditer(text):
            start = self._after_leads(match)
            lead = self._lead(text, start)
            expression = self.reader.expression(
                text[start : match.end()], start, lead, is_range=match.group("range") is not None
            )
            if expression is not None and self._is_time(expression):
                found.append(expression)
        return found

    def _after_leads(self, match: re.Match[str]) -> int:
        """Where the expression starts once the lead words it took in are left out ("in early March"
        -> "early March" after "in")."""
        start = match.start()
        for word in re.finditer(r"(\w+)\s+", match.group()):
            if word.start() + match.start() != start or word.group(1).lower() not in self.table.leads:
                break
            if word.group(1).lower() in self.table.range_starts and match.group("range"):
                break
            start = match.start() + word.end()
        return start

    def _lead(self, text: str, start: int) -> str:
        before = self.word_before.search(text, max(0, start - 40), start)
        return before.group(1).lower() if before else ""

    def _is_time(self, expression: DateExpression) -> bool:
        """Not a bound or repetition ("within a week", "every year"), and a bare month, year or season
        only after a lead word ("in March", "since 2016", not "May said" or "2016 people")."""
        if expression.lead in self.table.skip:
            return False
        if expression.is_range or expression.lead in self.table.leads:
            return True
        if expression.lead in self.table.noun_leads and expression.first.month is None:
            return expression.first.year is not None  # "a 2015 meeting": the noun's time
        return not expression.first.is_bare()


# ---------------------------------------------------------------------------------------------
# Reading an expression into parts


_WORDS = re.compile(
    r"\d{4}-\d{2}-\d{2}|(?:\d{1,2}/\d{1,2}/|\d{1,2}\.\d{1,2}\.)\d{4}|[^\W\d_]\d\b|[^\W\d_]+|\d+|[-–]"
)
DASHES = ("-", "–")
NUMERIC_DATE = re.compile(r"(?:\d{1,2}/\d{1,2}/|\d{1,2}\.\d{1,2}\.)\d{4}")


class PartsReader:
    """Reads the words of a found expression into `Parts` (both ends of a range)."""

    def __init__(self, table: DateWords) -> None:
        self.table = table

    def expression(
        self, text: str, start: int, lead: str, *, is_range: bool = False
    ) -> DateExpression | None:
        words = _WORDS.findall(re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.lower()))
        first_words, last_words = self._split_range(words) if is_range else (words, [])
        first = self.parts(first_words)
        if first is None:
            return None
        last = self.parts(last_words) if last_words else None
        if last_words and last is None:
            return None
        if last is not None:
            first, last = _borrow(first, last), _borrow(last, first)
        end = start + len(text)
        return DateExpression(text, start, end, lead, first, last, since=lead in self.table.since)

    def _split_range(self, words: list[str]) -> tuple[list[str], list[str]]:
        """ "from Tuesday to Thursday" -> (["tuesday"], ["thursday"]); "March 26-28" -> (["march",
        "26"], ["28"]); one date -> (words, [])."""
        t = self.table
        if words and words[0] in t.range_starts:
            words = words[1:]
        links = [i for i, word in enumerate(words) if i and word in t.range_links]
        dashes = [i for i, word in enumerate(words) if i and word in DASHES and words[i - 1].isdigit()]
        for i in links[:1] or dashes[:1]:
            return words[:i], words[i + 1 :]
        return words, []

    def parts(self, words: list[str]) -> Parts | None:
        """The parts the words state, or None when a word is not a date word."""
        relative = self._relative_day(words)
        if relative is not None:
            return Parts(relative_day=relative)
        words = self._joined(words)
        found: dict[str, object] = {}
        for i, word in enumerate(words):
            following = words[i + 1] if i + 1 < len(words) else ""
            if not self._read_word(word, following, found):
                return None
        _settle(found)
        return _with_quarter(Parts(**found))  # type: ignore[arg-type]

    def _joined(self, words: list[str]) -> list[str]:
        """Words with the table's multi-word entries ("three months") joined into one."""
        for entry in self.table.quarters:
            pieces = entry.split()
            if len(pieces) < 2:
                continue
            for i in range(len(words) - len(pieces) + 1):
                if words[i : i + len(pieces)] == pieces:
                    words = [*words[:i], entry, *words[i + len(pieces) :]]
                    break
        return words

    def _relative_day(self, words: list[str]) -> int | None:
        t = self.table
        kept = [w for w in words if w not in t.approximators and w not in t.positions]
        for candidate in (kept, [w for w in kept if w not in t.fillers]):
            offset = t.relative_days.get(" ".join(candidate))
            if offset is not None:
                return offset
        return None

    def _read_word(self, word: str, following: str, found: dict[str, object]) -> bool:
        """Add what one word states to `found`; False for a word that is no part of a date."""
        t = self.table
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
            return _set(found, "iso", _iso(word))
        if NUMERIC_DATE.fullmatch(word):
            return _set(found, "iso", _numeric(word))
        if word.isdigit():
            return self._read_number(int(word), len(word), following, found)
        if word in t.months and not (word in t.steps or word in t.units):
            return (
                _set(found, "months", (found.pop("month"), t.months[word]))
                if "month" in found
                else (_set(found, "month", t.months[word]))
            )
        if word in t.weekdays:
            return _set(found, "weekday", t.weekdays[word])
        if word in t.quarters and (found.get("ordinal") or found.get("final") or "step" in found):
            return _set(found, "quarter_noun", True)
        if word in t.quarters and following in t.span_ends:
            return _set(found, "span_to", True)
        if word in t.span_ends and found.get("span_to"):
            return True
        if word in t.periods and "months" in found:
            return True
        if word in t.halves:
            return _set(found, "half", True)
        if word in t.finals and following in t.quarters | t.halves:
            found["final"] = True
            if word in t.steps:
                found["step"] = t.steps[word]
            return True
        if word in t.steps:
            return _set(found, "step", t.steps[word])
        if word in t.units:
            return _set(found, "unit", t.units[word])
        if word in t.numbers and t.numbers[word] is not None:
            return _set(found, "count", t.numbers[word])
        if word in t.ago:
            return _set(found, "ago", True)
        if word in t.sequels and ("unit" in found or following in t.units or following in t.day_parts):
            return _set(found, "sequel", t.sequels[word])
        if word in t.same and (following in t.units or following in t.day_parts):
            return _set(found, "sequel", 0)
        if word in t.seasons:
            return _set(found, "season", t.seasons[word])
        if word in t.ordinals:
            return _set(found, "ordinal", t.ordinals[word])
        if word[:1] in t.quarter_codes and word[1:].isdigit():
            return _set(found, "quarter", int(word[1:]))
        if word in t.positions:
            found["position"] = True
            return True
        if word in t.position_nouns:
            found["position"] = True
            return True
        if word in t.day_parts:
            found["day_part"] = True
            return True
        return word in t.approximators or word in t.fillers or word in DASHES

    def _read_number(self, value: int, digits: int, following: str, found: dict[str, object]) -> bool:
        if digits == 4 and EARLIEST_YEAR <= value <= LATEST_YEAR:
            return _set(found, "year", value)
        if following in self.table.units:
            return _set(found, "count", value)
        if 1 <= value <= 31 and digits <= 2:
            return _set(found, "day", value)
        return False


def _settle(found: dict[str, object]) -> None:
    """Read words that depend on each other: "the first quarter of next year" (the step is the year's),
    "last quarter" (the one before this one) against "the last quarter of 2016" (the fourth), "the next
    day" (a step on a day follows the narrative, not the anchor), "that night" (a day)."""
    of_year = found.get("quarter_noun") or found.get("half") or "month" in found  # "January of last year"
    if "step" in found and found.get("unit") == "year" and of_year:
        found["unit_of_year_step"], found["unit"] = found.pop("step"), None
    if found.get("final") and "step" in found and "year" not in found and "unit_of_year_step" not in found:
        found.pop("final")
    elif found.get("final"):
        found.pop("step", None)
    named_day = "weekday" in found or "day" in found or "iso" in found
    by_day = found.get("unit") == "day" or (found.get("day_part") and "unit" not in found and not named_day)
    if by_day and "step" in found and "sequel" not in found:
        found["sequel"] = found.pop("step")
    if "sequel" in found and "unit" not in found:
        found["unit"] = "day"


def _set(found: dict[str, object], key: str, value: object) -> bool:
    """Record a part; a part stated twice ("Monday Tuesday") or unreadable makes no date."""
    if value is None or key in found:
        return False
    found[key] = value
    return True


def _with_quarter(parts: Parts) -> Parts:
    if parts.span_to and parts.month is not None:  # "the three months to September"
        if parts.month % 3 == 0:
            return replace(parts, quarter=parts.month // 3, month=None, span_to=False)
        if parts.month > 2:
            return replace(parts, months=(parts.month - 2, parts.month), month=None, span_to=False)
        return replace(parts, span_to=False)
    if parts.quarter_noun and parts.ordinal is not None and parts.ordinal <= 4:
        return replace(parts, quarter=parts.ordinal)
    if parts.quarter_noun and parts.final:
        return replace(parts, quarter=4)
    return parts


def _iso(word: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(word)
    except ValueError:
        return None


def _numeric(word: str) -> dt.date | None:
    """31/07/2019: day/month/year, or month/day/year when that is the only valid reading."""
    first, second, year = map(int, re.split(r"[/.]", word))
    for day, month in ((first, second), (second, first)):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def _borrow(side: Parts, other: Parts) -> Parts:
    """One end of a range takes what it leaves out from the other: "between 3 and 5 May" -> 3 May,
    "December 20 to 22" -> 22 December; the year stated on either end."""
    if side.day is not None and side.month is None and other.month is not None:
        side = replace(side, month=other.month)
    if side.year is None and other.year is not None and (side.month is not None or side.day is not None):
        side = replace(side, year=other.year)
    return side


# ---------------------------------------------------------------------------------------------
# Resolving parts to dates


@dataclass(frozen=True, slots=True)
class Period:
    """A stretch of calendar at one precision, by its first and last day."""

    first: dt.date
    last: dt.date
    precision: DatePrecision


# A family of periods that differ only by year ("March", "the summer", "Q2"), and by how the past and
# future tenses pick one of them.
YearlyPeriod = Callable[[int], Period]


@dataclass(frozen=True)
class Tense:
    """How a year-less date is placed: in the past (on or before the anchor), or the future (after it);
    `step` is "last" (-1), "this" (0) or "next" (+1) when the text says so."""

    future: bool = False
    step: int | None = None
    inclusive: bool = field(default=True)  # a weekday equal to the anchor's is the anchor day


def resolve_expression(
    expression: DateExpression, anchor: dt.date | None, *, future: bool = False
) -> ResolvedDate | None:
    """The date of a found expression, read against `anchor` in the given tense; None when it needs an
    anchor that is missing, states no date, or is off the calendar."""
    return off_calendar_is_none(_resolve_expression, expression, anchor, future)


def off_calendar_is_none(resolve: Callable[..., ResolvedDate | None], *args: object) -> ResolvedDate | None:
    """`resolve(*args)`, or None for a date off the calendar: "January 0", or a relative date moved before
    year 1 or past 9999 (an article "published" 0001-01-01 speaking of "last month"). No date is better
    than a wrong one."""
    try:
        return resolve(*args)
    except (ValueError, OverflowError):
        return None


def _resolve_expression(
    expression: DateExpression, anchor: dt.date | None, future: bool
) -> ResolvedDate | None:
    if expression.last is None:
        point = resolve_parts(expression.first, anchor, future=future)
        if point is None or not expression.since or anchor is None:
            return point
        until = truncate(anchor, point.precision)
        return ResolvedDate(point.date, point.precision, until) if until > point.date else point
    return _resolve_range(expression.first, expression.last, anchor, future)


def _resolve_range(first: Parts, last: Parts, anchor: dt.date | None, future: bool) -> ResolvedDate | None:
    """A past range is placed by its end and a future one by its start; the other end follows it."""
    if future:
        start = resolve_parts(first, anchor, future=True)
        end = resolve_parts(last, start.date, future=True, inclusive=True) if start else None
    else:
        end = resolve_parts(last, anchor, future=False)
        start = resolve_parts(first, end.date, future=False) if end else None
    if start is None or end is None:
        return None
    precision = max(start.precision, end.precision, key=PRECISION_ORDER.index)
    first_day, last_day = truncate(start.date, precision), truncate(end.date, precision)
    if last_day < first_day:
        return None
    return ResolvedDate(first_day, precision, last_day if last_day > first_day else None)


def resolve_parts(
    parts: Parts, anchor: dt.date | None, *, future: bool = False, inclusive: bool = False
) -> ResolvedDate | None:
    """The date the parts state (None off the calendar); `inclusive` lets a future weekday be the anchor
    day itself (the end of a range that starts on it)."""
    return off_calendar_is_none(_resolve_parts, parts, anchor, future, inclusive)


def _resolve_parts(
    parts: Parts, anchor: dt.date | None, future: bool, inclusive: bool
) -> ResolvedDate | None:
    if parts.iso is not None:
        return ResolvedDate(parts.iso, "day")
    tense = Tense(future=future, step=parts.step, inclusive=inclusive)
    for resolver in (_relative, _quarter_or_half, _month_span, _season, _weekday, _calendar):
        resolved = resolver(parts, anchor, tense)
        if resolved is not NOT_MINE:
            return resolved  # type: ignore[return-value]
    return None


class _NotMine:
    """A resolver's answer for parts it does not handle."""


NOT_MINE = _NotMine()
Answer = ResolvedDate | None | _NotMine


def follow_narrative(parts: Parts, narrative: ResolvedDate | None) -> ResolvedDate | None:
    """ "two days later", "the next day", "that night": counted from the date the narrative has reached,
    at the unit stated; None when that date is missing or coarser than the unit."""
    if parts.sequel is None or parts.unit is None or narrative is None:
        return None
    if PRECISION_ORDER.index(narrative.precision) > PRECISION_ORDER.index(parts.unit):
        return None
    return off_calendar_is_none(shift, narrative.date, parts.unit, parts.sequel * (parts.count or 1))


def _relative(parts: Parts, anchor: dt.date | None, tense: Tense) -> Answer:
    """ "yesterday", "three days ago", "last week", "earlier this month", "by the end of the year"."""
    if parts.sequel is not None:
        return None  # needs the narrative's date: follow_narrative
    if parts.relative_day is not None:
        return None if anchor is None else ResolvedDate(anchor + dt.timedelta(days=parts.relative_day), "day")
    if parts.unit is None or parts.quarter_noun or parts.half or parts.season is not None:
        return NOT_MINE
    if parts.ago:
        offset = -(parts.count or 0) if parts.count else None
    elif parts.count is None and (parts.step is not None or parts.position):
        offset = parts.step or 0
    else:
        offset = None
    if anchor is None or offset is None:
        return None
    return shift(anchor, parts.unit, offset)


def shift(anchor: dt.date, unit: str, offset: int) -> ResolvedDate:
    """The unit that is `offset` units away from the anchor's ("last week" = -1 week)."""
    if unit == "day":
        return ResolvedDate(anchor + dt.timedelta(days=offset), "day")
    if unit == "week":
        return ResolvedDate(truncate(anchor, "week") + dt.timedelta(weeks=offset), "week")
    if unit == "month":
        months = anchor.year * 12 + anchor.month - 1 + offset
        return ResolvedDate(dt.date(months // 12, months % 12 + 1, 1), "month")
    return ResolvedDate(dt.date(anchor.year + offset, 1, 1), "year")


def _quarter_or_half(parts: Parts, anchor: dt.date | None, tense: Tense) -> Answer:
    """ "the first quarter", "Q3 2018", "the last quarter of 2016", "last quarter", "the second half"."""
    if parts.quarter is None and not parts.half and not parts.quarter_noun:
        return NOT_MINE
    quarters = _quarters_named(parts)
    if quarters is None:
        if parts.step is None or anchor is None:
            return None
        quarter = (
            anchor.year * 4 + (anchor.month - 1) // 3 + parts.step
        )  # "last quarter": before the anchor's
        return ResolvedDate(dt.date(quarter // 4, quarter % 4 * 3 + 1, 1), "quarter")
    first_quarter, last_quarter = quarters

    def period(year: int) -> Period:
        return Period(dt.date(year, first_quarter * 3 - 2, 1), _month_end(year, last_quarter * 3), "quarter")

    placed = _in_year(period, parts, anchor, replace(tense, step=None))
    if placed is None:
        return None
    end = truncate(placed.last, "quarter")
    return ResolvedDate(placed.first, "quarter", end if end > placed.first else None)


def _quarters_named(parts: Parts) -> tuple[int, int] | None:
    """The first and last quarter the parts name: (3, 3) for "Q3", (3, 4) for "the second half"."""
    if parts.half:
        which = parts.ordinal if parts.ordinal in (1, 2) else (2 if parts.final else None)
        return None if which is None else (which * 2 - 1, which * 2)
    if parts.quarter is not None:
        return parts.quarter, parts.quarter
    return None


def _month_span(parts: Parts, anchor: dt.date | None, tense: Tense) -> Answer:
    """ "the April-June period": a quarter when it is one, else a range of months."""
    if parts.months is None:
        return NOT_MINE
    first, last = parts.months
    if last < first:
        return None
    placed = _in_year(
        lambda y: Period(dt.date(y, first, 1), _month_end(y, last), "month"), parts, anchor, tense
    )
    if placed is None:
        return None
    if first % 3 == 1 and last == first + 2:
        return ResolvedDate(placed.first, "quarter")
    return ResolvedDate(placed.first, "month", truncate(placed.last, "month"))


def _season(parts: Parts, anchor: dt.date | None, tense: Tense) -> Answer:
    """ "this summer", "last winter", "next spring", "in the spring": three months as a month range."""
    if parts.season is None:
        return NOT_MINE
    start = parts.season

    def period(year: int) -> Period:
        last_month = (year * 12 + start - 1 + 2) % 12 + 1
        last_year = year + (start + 2 > 12)
        return Period(dt.date(year, start, 1), _month_end(last_year, last_month), "month")

    placed = _in_year(period, parts, anchor, tense)
    if placed is None:
        return None
    return ResolvedDate(placed.first, "month", truncate(placed.last, "month"))


def _weekday(parts: Parts, anchor: dt.date | None, tense: Tense) -> Answer:
    """ "Tuesday", "last Tuesday", "next Thursday", "this Sunday": the nearest such day before the anchor
    (the anchor itself when it is that weekday), or after it in the future tense."""
    if parts.weekday is None or parts.month is not None or parts.day is not None:
        return NOT_MINE
    if anchor is None:
        return None
    back = (anchor.weekday() - parts.weekday) % 7
    if tense.step == 1 or (tense.future and tense.step != -1):
        ahead = (parts.weekday - anchor.weekday()) % 7
        if ahead == 0 and not tense.inclusive:
            ahead = 7
        return ResolvedDate(anchor + dt.timedelta(days=ahead), "day")
    if tense.step == -1 and back == 0:
        back = 7
    return ResolvedDate(anchor - dt.timedelta(days=back), "day")


def _calendar(parts: Parts, anchor: dt.date | None, tense: Tense) -> Answer:
    """Day, month and year as stated ("7 May 2020", "March 2022", "2016"), the year placed by tense
    when it is left out ("on 14 March", "last November", "in January")."""
    if parts.month is None and parts.year is None:
        return None
    if parts.month is None:
        return None if parts.day is not None else ResolvedDate(dt.date(parts.year or 0, 1, 1), "year")
    month = parts.month
    if parts.day is not None:
        day = parts.day
        if day > 31:
            return None

        def period(year: int) -> Period | None:
            if day > calendar.monthrange(year, month)[1]:
                return None
            one = dt.date(year, month, day)
            return Period(one, one, "day")

        placed = _in_year(period, parts, anchor, tense)
        return ResolvedDate(placed.first, "day") if placed else None
    placed = _in_year(
        lambda y: Period(dt.date(y, month, 1), _month_end(y, month), "month"), parts, anchor, tense
    )
    return ResolvedDate(placed.first, "month") if placed else None


def _in_year(
    period: Callable[[int], Period | None], parts: Parts, anchor: dt.date | None, tense: Tense
) -> Period | None:
    """The period of the stated year; without one, the year the tense and step pick around the anchor:
    - past: the latest that has begun by the anchor; future: the first that has not ended before it;
    - last: the latest that ended before the anchor; next: the first that begins after it;
    - this: the one holding the anchor, else as the tense says."""
    if parts.year is not None:
        return period(parts.year)
    if anchor is None:
        return None
    if parts.unit_of_year_step is not None:
        return period(anchor.year + parts.unit_of_year_step)
    candidates = [p for y in range(anchor.year - YEAR_SEARCH, anchor.year + YEAR_SEARCH) if (p := period(y))]
    if tense.step == -1:
        chosen = [p for p in candidates if p.last < anchor]
        return chosen[-1] if chosen else None
    if tense.step == 1:
        return next((p for p in candidates if p.first > anchor), None)
    if tense.step == 0:
        holding = next((p for p in candidates if p.first <= anchor <= p.last), None)
        if holding is not None:
            return holding
    if tense.future:
        return next((p for p in candidates if p.last >= anchor), None)
    begun = [p for p in candidates if p.first <= anchor]
    return begun[-1] if begun else None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def truncate(day: dt.date, precision: DatePrecision) -> dt.date:
    """The first day of the unit of `precision` that holds `day` (a week starts on Monday)."""
    if precision == "day":
        return day
    if precision == "week":
        return day - dt.timedelta(days=day.weekday())
    if precision == "month":
        return day.replace(day=1)
    if precision == "quarter":
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return dt.date(day.year, 1, 1)
