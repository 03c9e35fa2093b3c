"""The typed records passed between pipeline stages.

Every stage takes and returns these frozen records; nothing else crosses a stage boundary.
Character offsets (`start`, `end`) always index into `Article.text`, the cleaned article text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Literal

from .terminal import printable

# How much of an event date the text states. Dates are written at their precision: day "2019-04-22",
# ISO week "2019-W16", month "2019-04", quarter "2019-Q2", year "2019".
DatePrecision = Literal["day", "week", "month", "quarter", "year"]
# Where an event date came from: its own sentence, an earlier sentence of its paragraph, or (the last
# resort) the article's publication date.
DateSource = Literal["sentence", "carried", "article"]
QuoteKind = Literal["direct", "indirect"]
# What kind of place a location is: a country, a first- or second-level administrative division
# (a US state, a US county), a populated place, a region within or across countries, a continent.
PlaceFeature = Literal["country", "admin1", "admin2", "city", "region", "continent"]


def format_date(day: dt.date, precision: DatePrecision) -> str:
    """A date written at its precision: "2019-04-22", "2019-W16" (ISO week), "2019-04", "2019-Q2", "2019"."""
    if precision == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if precision == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return day.isoformat()[: {"day": 10, "month": 7, "year": 4}[precision]]


def date_bounds(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a date written at its precision ("2019-W16" -> 15 and 21 April 2019);
    ValueError for anything else."""
    text = value.strip()
    if len(text) == 4 and text.isdigit():
        return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
    year, _, rest = text.partition("-")
    if rest[:1] in ("W", "Q") and year.isdigit() and rest[1:].isdigit():
        number = int(rest[1:])
        if rest[0] == "W":
            first = dt.date.fromisocalendar(int(year), number, 1)
            return first, first + dt.timedelta(days=6)
        if not 1 <= number <= 4:
            raise ValueError(f"no quarter {value!r}")
        first = dt.date(int(year), number * 3 - 2, 1)
        return first, _month_last_day(int(year), number * 3)
    if len(text) == 7:
        first = dt.date.fromisoformat(text + "-01")
        return first, _month_last_day(first.year, first.month)
    day = dt.date.fromisoformat(text)
    return day, day


def _month_last_day(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


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
    """A resolved place name: the place (GeoNames id, country, admin codes, point) and the mention.

    `precision` follows ACLED's geo_precision (1 a town or village, 2 a district or part of a region,
    3 a province/state/region or a whole country) and `geo_type` GDELT's GeoType (1 country, 2 US state,
    3 US city or landmark, 4 world city or landmark, 5 world first-level division; None for a continent
    or a region across countries); both follow from `feature` (data/geo/precision.tsv).
    """

    name: str
    country: str | None  # ISO3
    lat: float | None
    lon: float | None
    start: int | None = None
    end: int | None = None
    text: str | None = None  # the mention as written ("Kenyan", "Macon, Ga." names Macon)
    geonameid: int | None = None
    feature: PlaceFeature | None = None
    admin1: str | None = None  # GeoNames first-level division code within the country ("TX", "07")
    admin2: str | None = None  # GeoNames second-level division code within admin1 ("201")
    precision: int | None = None
    geo_type: int | None = None
    demonym: bool = False  # named by its people's adjective or noun ("Kenyan", "Palestinians")


@dataclass(frozen=True, slots=True)
class Magnitude:
    """A count the text gives for an event ("killing 12 soldiers", "thousands marched"): the number as
    stated, or None for a vague quantity ("dozens", "thousands"), with the words and their span in the
    article text."""

    number: int | None
    text: str
    start: int
    end: int


# The counts an event may carry, in the order they are shown and stored.
MagnitudeKind = Literal["fatalities", "injured", "arrested", "kidnapped", "crowd_size"]
MAGNITUDE_KINDS: tuple[MagnitudeKind, ...] = ("fatalities", "injured", "arrested", "kidnapped", "crowd_size")


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
    date: str | None = None  # the date at its precision ("2017-01", "2019-W16", "2019-Q2")
    date_precision: DatePrecision | None = None
    date_source: DateSource | None = None
    location: Location | None = None
    tone: float | None = None
    # The date expression the date was read from (article offsets), when the text gave it.
    date_text_start: int | None = None
    date_text_end: int | None = None
    # The last unit of a date range ("from Tuesday to Thursday", "since 2016"), at the date's precision.
    date_end: str | None = None
    fatalities: Magnitude | None = None  # people killed in the incident, on every side
    injured: Magnitude | None = None
    arrested: Magnitude | None = None  # arrested, detained or charged
    kidnapped: Magnitude | None = None
    crowd_size: Magnitude | None = None  # demonstrators, strikers or rioters

    def magnitude(self, kind: MagnitudeKind) -> Magnitude | None:
        return getattr(self, kind)


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
