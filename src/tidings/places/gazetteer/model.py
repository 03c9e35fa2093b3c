"""The gazetteer's records: a place, a candidate place for a name, and what an article tells about
where it is."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Literal, get_args

from ...records import PlaceFeature

Feature = PlaceFeature
FEATURES: tuple[Feature, ...] = get_args(PlaceFeature)
# How a name belongs to a place, best first: its own name, another of its names, an abbreviation that
# only counts as a qualifier after a comma ("Macon, Ga."), an adjective/demonym ("Kenyan").
NameKind = Literal["primary", "alternate", "abbreviation", "adjective"]
NAME_KINDS: tuple[NameKind, ...] = get_args(NameKind)
EARTH_RADIUS_KM = 6371.0
AREA_FEATURES: frozenset[Feature] = frozenset({"country", "admin1", "admin2"})


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry. `admin1`/`admin2` are GeoNames codes within the country ("TX", "201")."""

    name: str
    feature: Feature
    country: str | None  # ISO3
    lat: float | None
    lon: float | None
    population: int = 0
    admin1: str | None = None
    admin2: str | None = None
    geonameid: int | None = None
    capital: bool = False  # a national capital

    @property
    def is_area(self) -> bool:
        """A country or an administrative division (what "X, <area>" may qualify a place with)."""
        return self.feature in AREA_FEATURES


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name may refer to, and how the name belongs to it."""

    place: Place
    kind: NameKind

    @property
    def primary(self) -> bool:
        return self.kind == "primary"


@dataclass(frozen=True, slots=True)
class PlaceContext:
    """What the article tells about which places it is about."""

    countries: frozenset[str]  # ISO3
    states: frozenset[str] = frozenset()  # admin1 codes as "ISO3.code" ("USA.TX")
    # admin2 codes as "ISO3.admin1.admin2"; points of places named unambiguously (lat, lon)
    counties: frozenset[str] = frozenset()
    points: tuple[tuple[float, float], ...] = ()
    # candidate places another name in the article supports: a namesake place nearby, a division
    # holding it, a place it holds ("Palestine" and "Anderson County" are both in Texas)
    supported: frozenset[Place] = frozenset()


def name_key(name: str) -> str:
    """Lower-case, accent-free, dot-free form of a place name: "the U.S." -> "us", "Sao Paulo"."""
    text = name.replace("’", "'")
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = " ".join(text.casefold().replace(".", "").split())
    if text.endswith("'s"):
        text = text[:-2]
    return text[4:] if text.startswith("the ") else text


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
