"""Event dates: when did each event happen, and how precisely do we know it?

A sentence's own date expression wins ("In January 2017, Iran and Russia held ..." -> "2017-01",
month precision, source "sentence"); otherwise the event takes the article's publication date
(day precision, source "article"). Relative expressions ("on Tuesday", "last month") resolve
against the publication date; without one, only absolute dates that state their year are used.
The resolver is our own rather than dateparser's, because dateparser fills missing parts from a
base date and the precision (which parts the text actually states) must come from the text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from ..records import Article, DatePrecision, Event

EARLIEST_YEAR = 1800
LATEST_YEAR = 2099
# Modifier relations that make a date describe a noun ("the 2015 nuclear deal"), not an event.
NOUN_MODIFIER_DEPS = frozenset({"nummod", "compound", "amod", "nmod", "poss"})
# A year after one of these starts a date phrase the NER sometimes leaves untagged.
YEAR_AFTER_PREP = re.compile(r"\b(?:in|since|during)\s+((?:early |late |mid-?)?(?:1[89]|20)\d\d)\b", re.I)


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A calendar date and how much of it the text stated."""

    date: dt.date
    precision: DatePrecision

    @property
    def iso(self) -> str:
        """The ISO date truncated to its precision: "2017-01-15", "2017-01" or "2017"."""
        return self.date.isoformat()[: {"day": 10, "month": 7, "year": 4}[self.precision]]


@dataclass(frozen=True, slots=True)
class RelativeDate:
    unit: str
    offset: int
    precision: DatePrecision


@dataclass(frozen=True, slots=True)
class DateWords:
    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    numbers: Mapping[str, int | None]
    units: Mapping[str, str]
    modifiers: frozenset[str]
    skip: frozenset[str]
    future: frozenset[str]
    relative: Mapping[str, RelativeDate]


def _data_rows(name: str) -> Iterable[list[str]]:
    """The rows of a TSV file in tidings/data, without comments and the header line."""
    text = resources.files("tidings").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [line.split("\t") for line in lines[1:]]


@lru_cache(maxsize=1)
def load_date_words() -> DateWords:
    """The month, weekday, number and relative-date tables (read once)."""
    by_kind: dict[str, dict[str, str]] = {}
    for kind, word, value in _data_rows("date_words.tsv"):
        by_kind.setdefault(kind, {})[word] = value
    relative = {
        phrase: RelativeDate(unit, int(offset), precision)  # type: ignore[arg-type]
        for phrase, unit, offset, precision in _data_rows("relative_dates.tsv")
    }
    return DateWords(
        months={w: int(v) for w, v in by_kind["month"].items()},
        weekdays={w: int(v) for w, v in by_kind["weekday"].items()},
        numbers={w: int(v) if v else None for w, v in by_kind["number"].items()},
        units=by_kind["unit"],
        modifiers=frozenset(by_kind["modifier"]),
        skip=frozenset(by_kind["skip"]),
        future=frozenset(by_kind["future"]),
        relative=relative,
    )


# ---------------------------------------------------------------------------------------------
# Resolving one expression


def resolve_date(expression: str, published: dt.date | None, *, future: bool = False) -> ResolvedDate | None:
    """Resolve a date expression ("on 12 March 2019", "last month", "Tuesday") to a date.

    Relative and year-less expressions need `published`; past tense is assumed unless `future`
    (then "Tuesday" is the next Tuesday after publication). Durations ("three months") -> None.
    """
    words = _expression_words(expression)
    if not words:
        return None
    return _absolute_date(words) or (
        _relative_date(words, published, future) if published is not None else None
    )


def _expression_words(expression: str) -> list[str]:
    """Lower-case words of the expression without vague modifiers or punctuation."""
    modifiers = load_date_words().modifiers
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", expression.lower())
    words = re.findall(r"\d{4}-\d{2}-\d{2}|[a-z]+|\d+", text.replace("mid-", "mid "))
    return [w for w in words if w not in modifiers]


def _absolute_date(words: list[str]) -> ResolvedDate | None:
    """A date whose year is stated: ISO, day-month-year, month-year or a bare year."""
    if len(words) == 1 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", words[0]):
        return _safe_date(*map(int, words[0].split("-")), precision="day")
    table = load_date_words()
    years = [int(w) for w in words if w.isdigit() and len(w) == 4 and EARLIEST_YEAR <= int(w) <= LATEST_YEAR]
    if len(years) != 1 or any(w in table.units or w in table.relative for w in words):
        return None
    rest = [w for w in words if w != str(years[0]) and w not in table.weekdays]
    months = [table.months[w] for w in rest if w in table.months]
    days = [int(w) for w in rest if w.isdigit() and len(w) <= 2]
    if len(rest) != len(months) + len(days) or len(months) > 1 or len(days) > 1:
        return None
    if not months:
        return None if days else ResolvedDate(dt.date(years[0], 1, 1), "year")
    if not days:
        return ResolvedDate(dt.date(years[0], months[0], 1), "month")
    return _safe_date(years[0], months[0], days[0], precision="day")


def _safe_date(year: int, month: int, day: int, *, precision: DatePrecision) -> ResolvedDate | None:
    try:
        return ResolvedDate(dt.date(year, month, day), precision)
    except ValueError:
        return None


def _relative_date(words: list[str], published: dt.date, future: bool) -> ResolvedDate | None:
    """Expressions that need the publication date: weekdays, "March 12", "in March", "last week"."""
    phrase = " ".join(words)
    table = load_date_words()
    if phrase in table.relative:
        return _shift(published, table.relative[phrase])
    if re.fullmatch(r"\S+ (days?|weeks?|months?|years?) ago", phrase):
        return _ago(words, published)
    return _weekday(words, published, future) or _month_day(words, published, future)


def _shift(published: dt.date, relative: RelativeDate) -> ResolvedDate:
    if relative.unit == "day":
        moved = published + dt.timedelta(days=relative.offset)
    elif relative.unit == "week":
        moved = published + dt.timedelta(weeks=relative.offset)
    elif relative.unit == "month":
        months = published.year * 12 + published.month - 1 + relative.offset
        moved = dt.date(months // 12, months % 12 + 1, 1)
    else:
        moved = dt.date(published.year + relative.offset, 1, 1)
    return ResolvedDate(moved, relative.precision)


def _ago(words: list[str], published: dt.date) -> ResolvedDate | None:
    """ "three days ago" -> day; weeks and months ago -> month; years ago -> year."""
    table = load_date_words()
    count = int(words[0]) if words[0].isdigit() else table.numbers.get(words[0])
    if count is None:
        return None
    unit = table.units[words[1]]
    precision: DatePrecision = {"day": "day", "week": "month", "month": "month", "year": "year"}[unit]  # type: ignore[assignment]
    return _shift(published, RelativeDate(unit, -count, precision))


def _weekday(words: list[str], published: dt.date, future: bool) -> ResolvedDate | None:
    """ "Tuesday", "last Tuesday", "Tuesday night": the nearest such day before (or after) publication."""
    table = load_date_words()
    parts = [w for w in words if w not in {"last", "this", "night", "morning", "afternoon", "evening"}]
    if len(parts) != 1 or parts[0] not in table.weekdays:
        return None
    back = (published.weekday() - table.weekdays[parts[0]]) % 7
    if future and "last" not in words:
        return ResolvedDate(published + dt.timedelta(days=(7 - back) % 7 or 7), "day")
    if "last" in words and back == 0:
        back = 7
    return ResolvedDate(published - dt.timedelta(days=back), "day")


def _month_day(words: list[str], published: dt.date, future: bool) -> ResolvedDate | None:
    """ "March 12" / "12 March" (day) or "March" (month) in the year that keeps the tense right."""
    table = load_date_words()
    rest = [w for w in words if w not in table.weekdays]
    months = [table.months[w] for w in rest if w in table.months]
    days = [int(w) for w in rest if w.isdigit() and len(w) <= 2]
    if len(months) != 1 or len(days) > 1 or len(rest) != 1 + len(days):
        return None
    month, day = months[0], (days[0] if days else None)
    year = _year_for(published, month, day, future)
    if day is None:
        return ResolvedDate(dt.date(year, month, 1), "month")
    if day > calendar.monthrange(year, month)[1]:
        return None
    return ResolvedDate(dt.date(year, month, day), "day")


def _year_for(published: dt.date, month: int, day: int | None, future: bool) -> int:
    """The publication year, or the one before (after) it if the date would be in the future (past)."""
    stated = (month, day or 1)
    current = (published.month, published.day if day else 1)
    if not future and stated > current:
        return published.year - 1
    if future and stated < current:
        return published.year + 1
    return published.year


# ---------------------------------------------------------------------------------------------
# Dating events


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in a sentence and the verb that governs it."""

    text: str
    start: int
    end: int
    verb: Token | None


def date_events(events: list[Event], doc: Doc, article: Article) -> list[Event]:
    """Each event with its date: from its own sentence when it says when, else the article's."""
    mentions = date_mentions(doc)
    return [_dated(event, doc, mentions, article.published) for event in events]


def _dated(event: Event, doc: Doc, mentions: list[DateMention], published: dt.date | None) -> Event:
    verb = _event_verb(doc, event)
    inside = [m for m in mentions if event.start <= m.start and m.end <= event.end]
    resolved = _sentence_date(inside, verb, published)
    if resolved is not None:
        return replace(event, date=resolved.iso, date_precision=resolved.precision, date_source="sentence")
    if published is None:
        return event
    return replace(event, date=published.isoformat(), date_precision="day", date_source="article")


def _sentence_date(
    mentions: list[DateMention], verb: Token | None, published: dt.date | None
) -> ResolvedDate | None:
    """The date of the expression attached to the event verb, else of the sentence's only date."""
    future = verb is not None and is_future(verb)
    resolved = [
        (mention, date)
        for mention in mentions
        if (date := resolve_date(mention.text, published, future=future)) is not None
    ]
    own = [date for mention, date in resolved if verb is not None and mention.verb == verb]
    if own:
        return own[0]
    return resolved[0][1] if len(resolved) == 1 else None


def _event_verb(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(event.verb_start, event.verb_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def is_future(verb: Token) -> bool:
    """True when the verb (or the verb it is the complement of) has a future auxiliary."""
    future = load_date_words().future
    heads = [verb, verb.head] if verb.dep_ in {"xcomp", "conj"} else [verb]
    return any(child.lower_ in future for head in heads for child in head.children if child.dep_ == "aux")


def date_mentions(doc: Doc) -> list[DateMention]:
    """The doc's date expressions that could say when something happened, in text order."""
    spans = [ent for ent in doc.ents if ent.label_ == "DATE"]
    spans += _untagged_years(doc, spans)
    spans.sort(key=lambda span: span.start_char)
    return [
        DateMention(s.text, s.start_char, s.end_char, governing_verb(s.root))
        for s in spans
        if _is_time_of_event(s)
    ]


def _untagged_years(doc: Doc, tagged: list[Span]) -> list[Span]:
    """ "in 2016" phrases the NER missed."""
    tagged_chars = {i for t in tagged for i in range(t.start_char, t.end_char)}
    found = []
    for match in YEAR_AFTER_PREP.finditer(doc.text):
        span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if span is not None and not tagged_chars.intersection(range(span.start_char, span.end_char)):
            found.append(span)
    return found


def _is_time_of_event(span: Span) -> bool:
    """False for dates that modify a noun ("the 2015 deal") or bound a duration ("for three months")."""
    root = span.root
    if root.dep_ in NOUN_MODIFIER_DEPS and root.head.pos_ in {"NOUN", "PROPN"} and root.head not in span:
        return False
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    first = span[0].lower_
    skip = load_date_words().skip
    return before not in skip and (first not in skip or first == "next")


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above the token in the parse (the token itself when it is one)."""
    current = token
    while current.pos_ not in {"VERB", "AUX"}:
        if current.head.i == current.i:
            return None
        current = current.head
    return current
