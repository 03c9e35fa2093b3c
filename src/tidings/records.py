"""The typed records passed between pipeline stages.

Every stage takes and returns these frozen records; nothing else crosses a stage boundary.
Character offsets (`start`, `end`) always index into `Article.text`, the cleaned article text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Literal

from .terminal import printable

DatePrecision = Literal["day", "month", "year"]
DateSource = Literal["sentence", "article"]
QuoteKind = Literal["direct", "indirect"]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article after ingest: cleaned text plus metadata."""

    id: str
    title: str
    text: str
    published: dt.date | None = None
    source: str = ""  # where it was read from: a file path, with ":line" for JSONL records
    url: str | None = None
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article, by character offsets into the article text."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Actor:
    """A coded actor mention, e.g. "Russian Ambassador to Iran Levan Jagarian" -> RUS + GOV.

    The CAMEO code is composed, never stored packed: `country` (ISO3), or `igo` (an IGO code
    such as "UNO" or "EUREEC"), or `org` (a non-state organisation class such as "NGO" or "IMG"),
    followed by zero or more `sectors` ("GOV", "MIL", ...).
    """

    text: str
    start: int
    end: int
    country: str | None = None
    igo: str | None = None
    sectors: tuple[str, ...] = ()
    name: str | None = None  # the person's name when the mention is a titled person
    org: str | None = None
    # A known person whose code came from the people tables for a day (not from a title in the text):
    # their name there, so that the event's own date can re-code them (`People.standing`).
    person: str | None = None
    # A named group (its name in groups.tsv), so that "the group" refers back to it and the event's own
    # date can re-code it (a party in and out of government).
    group: str | None = None

    @property
    def code(self) -> str:
        if self.igo:
            head = "IGO" + self.igo
        elif self.country:
            head = self.country
        else:
            head = self.org or "---"
        return head + "".join(self.sectors)


@dataclass(frozen=True, slots=True)
class Location:
    """A resolved place name."""

    name: str
    country: str | None  # ISO3
    lat: float | None
    lon: float | None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A coded event: who did what to whom, with the evidence that produced it."""

    article_id: str
    sentence_index: int
    sentence: str
    start: int  # sentence offsets in the article text
    end: int
    source: Actor
    target: Actor | None
    code: str  # CAMEO event code, e.g. "036"
    root_code: str
    quad_class: int
    goldstein: float
    plover: str | None
    plover_mode: str | None
    verb: str
    verb_start: int
    verb_end: int
    rule: str  # id of the lexicon pattern or extraction rule that fired
    date: str | None = None  # ISO date, truncated to its precision ("2017-01")
    date_precision: DatePrecision | None = None
    date_source: DateSource | None = None
    location: Location | None = None
    tone: float | None = None
    # The date expression the date was read from (article offsets), when the sentence gave it.
    date_start: int | None = None
    date_end: int | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """Direct or indirect speech attributed to a speaker."""

    article_id: str
    speaker: str | None
    speaker_code: str | None
    text: str
    kind: QuoteKind
    start: int
    end: int
    sentence_index: int


@dataclass(frozen=True, slots=True)
class CodedArticle:
    """An article with everything the pipeline found in it."""

    article: Article
    sentences: tuple[Sentence, ...]
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    places: tuple[Location, ...] = ()
    tone: float | None = None
    actors: tuple[Actor, ...] = field(default=())
    # Why the article was not coded (its language has no language pack), or None when it was coded.
    skipped: str | None = None

    def skip_notice(self) -> str:
        """One line naming the skipped article, where it was read, and why."""
        where = self.article.source or self.article.id
        return f"skipped: {where}: article {self.article.id!r} is {self.skipped}"


@dataclass(frozen=True, slots=True)
class InputError:
    """A bad input that was skipped: the file (and line or record) and why. A `warning` is a
    problem that did not stop the input from being used (an unreadable metadata date)."""

    source: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        """One line, safe to print on a terminal (the source and message come from the input)."""
        level = "warning" if self.warning else "error"
        return f"{level}: {printable(self.source)}: {printable(self.message)}"


def actor_dict(actor: Actor | None) -> dict | None:
    if actor is None:
        return None
    out = asdict(actor)
    out["sectors"] = list(actor.sectors)
    out["code"] = actor.code
    return out
