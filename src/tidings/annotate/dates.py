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
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..lang import DateWords, Language, RelativeDate, Words
from ..nlp.syntax import ENT_DATE, NOUN_MODIFIER_DEPS, NOUN_POS, Grammar, governing_verb
from ..records import Article, DatePrecision, Event

EARLIEST_YEAR = 1800
LATEST_YEAR = 2099


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A calendar date and how much of it the text stated."""

    date: dt.date
    precision: DatePrecision

    @property
    def iso(self) -> str:
        """The ISO date truncated to its precision: "2017-01-15", "2017-01" or "2017"."""
        return self.date.isoformat()[: {"day": 10, "month": 7, "year": 4}[self.precision]]


def year_after_prep(words: Words) -> re.Pattern[str]:
    """ "in 2016", "since early 2016", "during mid-2016": a year phrase the NER sometimes leaves untagged."""
    preps = "|".join(map(re.escape, words.year_preps))
    modifiers = "|".join(
        [
            *(re.escape(m) + " " for m in words.year_modifiers),
            *(re.escape(p) + "-?" for p in words.year_prefixes),
        ]
    )
    return re.compile(rf"\b(?:{preps})\s+((?:{modifiers})?(?:1[89]|20)\d\d)\b", re.I)


# ---------------------------------------------------------------------------------------------
# Resolving one expression


def resolve_date(
    expression: str,
    published: dt.date | None,
    table: DateWords,
    weekday_parts: frozenset[str],
    *,
    future: bool = False,
) -> ResolvedDate | None:
    """Resolve a date expression ("on 12 March 2019", "last month", "Tuesday") to a date, with the
    language's date words (`table`) and the words that may go with a weekday ("night", "last").

    Relative and year-less expressions need `published`; past tense is assumed unless `future`
    (then "Tuesday" is the next Tuesday after publication). Durations ("three months") -> None.
    """
    words = _expression_words(expression, table)
    if not words:
        return None
    try:
        return _absolute_date(words, table) or (
            _relative_date(words, published, future, table, weekday_parts) if published is not None else None
        )
    except (ValueError, OverflowError):
        # Off the calendar: "January 0", or a relative date moved before year 1 or past 9999 (an article
        # "published" 0001-01-01 speaking of "last month"). No date is better than a wrong one.
        return None


def _expression_words(expression: str, table: DateWords) -> list[str]:
    """Lower-case words of the expression without vague modifiers or punctuation."""
    modifiers = table.modifiers
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", expression.lower())
    words = re.findall(r"\d{4}-\d{2}-\d{2}|[a-z]+|\d+", text.replace("mid-", "mid "))
    return [w for w in words if w not in modifiers]


def _absolute_date(words: list[str], table: DateWords) -> ResolvedDate | None:
    """A date whose year is stated: ISO, day-month-year, month-year or a bare year."""
    if len(words) == 1 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", words[0]):
        year, month, day = map(int, words[0].split("-"))
        return _safe_date(year, month, day, precision="day")
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


def _relative_date(
    words: list[str], published: dt.date, future: bool, table: DateWords, weekday_parts: frozenset[str]
) -> ResolvedDate | None:
    """Expressions that need the publication date: weekdays, "March 12", "in March", "last week"."""
    phrase = " ".join(words)
    if phrase in table.relative:
        return _shift(published, table.relative[phrase])
    if re.fullmatch(r"\S+ (days?|weeks?|months?|years?) ago", phrase):
        return _ago(words, published, table)
    return _weekday(words, published, future, table, weekday_parts) or _month_day(
        words, published, future, table
    )


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


def _ago(words: list[str], published: dt.date, table: DateWords) -> ResolvedDate | None:
    """ "three days ago" -> day; weeks and months ago -> month; years ago -> year."""
    count = int(words[0]) if words[0].isdigit() else table.numbers.get(words[0])
    if count is None:
        return None
    unit = table.units[words[1]]
    precision: DatePrecision = {"day": "day", "week": "month", "month": "month", "year": "year"}[unit]  # type: ignore[assignment]
    return _shift(published, RelativeDate(unit, -count, precision))


def _weekday(
    words: list[str], published: dt.date, future: bool, table: DateWords, weekday_parts: frozenset[str]
) -> ResolvedDate | None:
    """ "Tuesday", "last Tuesday", "Tuesday night": the nearest such day before (or after) publication."""
    parts = [w for w in words if w not in weekday_parts]
    if len(parts) != 1 or parts[0] not in table.weekdays:
        return None
    back = (published.weekday() - table.weekdays[parts[0]]) % 7
    if future and "last" not in words:
        return ResolvedDate(published + dt.timedelta(days=(7 - back) % 7 or 7), "day")
    if "last" in words and back == 0:
        back = 7
    return ResolvedDate(published - dt.timedelta(days=back), "day")


def _month_day(words: list[str], published: dt.date, future: bool, table: DateWords) -> ResolvedDate | None:
    """ "March 12" / "12 March" (day) or "March" (month) in the year that keeps the tense right."""
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


class EventDater:
    """The dates stage: dates each event from its sentence, else from the article, with one language's
    date words and the one test of tense (`Grammar.is_future`)."""

    def __init__(self, language: Language) -> None:
        self.table = language.dates
        self.weekday_parts = language.words.weekday_parts
        self.grammar = Grammar(language.words)
        self.year_after_prep = year_after_prep(language.words)

    def date(self, events: list[Event], doc: Doc, article: Article) -> list[Event]:
        """Each event with its date: from its own sentence when it says when, else the article's."""
        mentions = self.date_mentions(doc)
        return [self._dated(event, doc, mentions, article.published) for event in events]

    def resolve(
        self, expression: str, published: dt.date | None, *, future: bool = False
    ) -> ResolvedDate | None:
        return resolve_date(expression, published, self.table, self.weekday_parts, future=future)

    def _dated(self, event: Event, doc: Doc, mentions: list[DateMention], published: dt.date | None) -> Event:
        verb = _event_verb(doc, event)
        inside = [m for m in mentions if event.start <= m.start and m.end <= event.end]
        found = self._sentence_date(inside, verb, published)
        if found is not None:
            mention, resolved = found
            return replace(
                event,
                date=resolved.iso,
                date_precision=resolved.precision,
                date_source="sentence",
                date_start=mention.start,
                date_end=mention.end,
            )
        if published is None:
            return event
        return replace(event, date=published.isoformat(), date_precision="day", date_source="article")

    def _sentence_date(
        self, mentions: list[DateMention], verb: Token | None, published: dt.date | None
    ) -> tuple[DateMention, ResolvedDate] | None:
        """The date of the expression attached to the event verb, else of the sentence's only date,
        with the expression it was read from.
        A relative date is read in the tense of the verb it belongs to ("said on Friday it would
        act on Tuesday": the Friday before publication, the Tuesday after)."""
        resolved = [
            (mention, date)
            for mention in mentions
            if (date := self.resolve(mention.text, published, future=self._future(mention, verb))) is not None
        ]
        own = [(mention, date) for mention, date in resolved if verb is not None and mention.verb == verb]
        if own:
            return own[0]
        return resolved[0] if len(resolved) == 1 else None

    def _future(self, mention: DateMention, event_verb: Token | None) -> bool:
        verb = mention.verb or event_verb
        return verb is not None and self.grammar.is_future(verb)

    def date_mentions(self, doc: Doc) -> list[DateMention]:
        """The doc's date expressions that could say when something happened, in text order."""
        spans = [ent for ent in doc.ents if ent.label_ == ENT_DATE]
        spans += self._untagged_years(doc, spans)
        spans.sort(key=lambda span: span.start_char)
        return [
            DateMention(text=s.text, start=s.start_char, end=s.end_char, verb=governing_verb(s.root))
            for s in spans
            if self._is_time_of_event(s)
        ]

    def _untagged_years(self, doc: Doc, tagged: list[Span]) -> list[Span]:
        """ "in 2016" phrases the NER missed."""
        tagged_chars = {i for t in tagged for i in range(t.start_char, t.end_char)}
        found = []
        for match in self.year_after_prep.finditer(doc.text):
            span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
            if span is not None and not tagged_chars.intersection(range(span.start_char, span.end_char)):
                found.append(span)
        return found

    def _is_time_of_event(self, span: Span) -> bool:
        """False for dates that modify a noun ("the 2015 deal") or bound a duration ("for three months")."""
        root = span.root
        if root.dep_ in NOUN_MODIFIER_DEPS and root.head.pos_ in NOUN_POS and root.head not in span:
            return False
        before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
        first = span[0].lower_
        skip = self.table.skip
        return before not in skip and (first not in skip or first == "next")


def _event_verb(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(event.verb_start, event.verb_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None
