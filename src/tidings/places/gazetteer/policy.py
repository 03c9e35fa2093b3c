"""The one disambiguation policy: which of the places a name may name is meant, in an article's context.

Every stage that turns a place name into a place uses it: actors ("meet in Zurich" -> CHE), event
targets, and the place finder. A candidate's score is the log of its population (a region's summed
places count less than a city of the same size), raised by what the article says:

- a qualifier settles it outright: "Moscow, Idaho", "Paris, Texas", "Alexandria, La.", "Cook County,
  Ill." keep only the candidates inside the qualifying area;
- a country named by its own name wins, unless it is not in play and the name also names a division
  of a country in play ("Georgia" in an article about the US alone is the state);
- a first-level division named by its own name in a country in play wins over towns and counties
  named after it ("Vermont", "New York"), unless one of those is the national capital
  ("Washington"), lies in another division the article names or near a place it settles;
- a place in a country in play gains (COUNTRY_IN_PLAY_BONUS), more in a first-level division the article
  names (STATE_IN_CONTEXT_BONUS) and more again in a county it names; a place near the places the
  article names unambiguously gains (NEARBY_BONUS): local news names neighbouring places;
- a candidate another name of the article supports gains SUPPORT_BONUS (two names that each may
  name many places most likely name two that lie together: "Palestine" and "Anderson County");
- a national capital gains CAPITAL_BONUS ("Washington" is the capital before the state);
- a place's own name beats another place's alternate name (PRIMARY_NAME_BONUS).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .model import Candidate, Place, PlaceContext, distance_km

COUNTRY_IN_PLAY_BONUS = 1.5  # log10 population units: a 30x smaller place in play still wins
STATE_IN_CONTEXT_BONUS = 3.0
COUNTY_IN_CONTEXT_BONUS = 1.5
NEARBY_BONUS = 2.0
NEARBY_KM = 150.0
SUPPORT_BONUS = 2.0
PRIMARY_NAME_BONUS = 2.0  # another place's alternate name wins only if that place is 100x larger
CAPITAL_BONUS = 1.5
AREA_DISCOUNT = 1.0  # a division's population is the sum of its places: discount it against cities
REGION_SCORE = 7.0  # regions carry no population: rank them like a place of ten million


def choose_place(
    candidates: Iterable[Candidate], context: PlaceContext, within: Place | None = None
) -> Place | None:
    """The most likely place among the candidates, given the article context and a qualifier ("Moscow,
    Idaho": `within` is Idaho)."""
    found = [c for c in candidates if c.kind != "abbreviation"]
    if within is not None:
        found = [c for c in found if inside(c.place, within)]
    if not found:
        return None
    countries = [c.place for c in found if c.place.feature == "country"]
    if countries and not _shadowed(found, countries[0], context):
        return countries[0]
    found = [c for c in found if c.place.feature != "country"] or found
    divisions = [
        c for c in found if c.primary and c.place.feature == "admin1" and c.place.country in context.countries
    ]
    if divisions:
        division = max(divisions, key=lambda c: score(c, context)).place
        if not _division_shadowed(found, division, context):
            return division
    # A division among the candidates is not a context for its own places: "New York" is the state
    # even when the article's "New York" put the state in context.
    named = frozenset(_state_key(c.place) for c in found if c.place.feature == "admin1")
    return max(found, key=lambda c: score(c, context, named)).place


def inside(place: Place, area: Place) -> bool:
    """Whether `place` lies in the country or division `area` (and is not the area itself)."""
    if place == area or place.country != area.country or not area.is_area:
        return False
    if area.feature == "country":
        return True
    if place.admin1 != area.admin1:
        return False
    return area.feature == "admin1" or (place.admin2 == area.admin2 and place.feature == "city")


def _shadowed(found: list[Candidate], country: Place, context: PlaceContext) -> bool:
    """ "Georgia" in a US-only article is the state, not the country; "Jordan" in an article about
    Minnesota is the town. A country not in play loses to a namesake division of a country in play,
    or a namesake place in a division the article names, near a place it names or supported by
    another of its names."""
    for candidate in found:
        place = candidate.place
        if not candidate.primary or place.feature == "country":
            continue
        if (
            place in context.supported
            and place.feature in ("admin1", "admin2")
            and country not in context.supported
        ):
            return True  # "Georgia" beside "Atlanta": the state that holds it, unless "Tbilisi" is named too
        if place in context.supported and _state_key(place) in context.states:
            return True  # "Palestine" beside "Anderson County", in an article that names Texas
        if place.country not in context.countries or country.country in context.countries:
            continue
        if (
            place.feature in ("admin1", "admin2")
            or _state_key(place) in context.states
            or _near(place, context)
            or place in context.supported
        ):
            return True
    return False


def _division_shadowed(found: list[Candidate], division: Place, context: PlaceContext) -> bool:
    """ "Vermont", "New York", "Wyoming" name the state, not a town named after it, unless the town is
    the national capital ("Washington") or the article puts it in play: it lies in another division
    the article names ("Delaware" in an article about Ohio) or near a place the article settles."""
    own = _state_key(division)
    for candidate in found:
        place = candidate.place
        if not candidate.primary or place.feature not in ("city", "admin2"):
            continue
        if place.capital or (_state_key(place) in context.states and _state_key(place) != own):
            return True
        if _near(place, context):
            return True
    return False


def _state_key(place: Place) -> str:
    return f"{place.country}.{place.admin1}"


def _near(place: Place, context: PlaceContext) -> bool:
    if place.lat is None or place.lon is None:
        return False
    return any(distance_km(place.lat, place.lon, lat, lon) <= NEARBY_KM for lat, lon in context.points)


def score(candidate: Candidate, context: PlaceContext, named: frozenset[str] = frozenset()) -> float:
    place = candidate.place
    value = REGION_SCORE if place.feature == "region" else math.log10(max(place.population, 10))
    if place.is_area:
        value -= AREA_DISCOUNT
    if candidate.primary:
        value += PRIMARY_NAME_BONUS
    if place.capital:
        value += CAPITAL_BONUS
    if place.country in context.countries:
        value += COUNTRY_IN_PLAY_BONUS
    state = _state_key(place)
    if place.feature != "admin1" and state in context.states and state not in named:
        value += STATE_IN_CONTEXT_BONUS
    if place.feature == "city" and f"{state}.{place.admin2}" in context.counties:
        value += COUNTY_IN_CONTEXT_BONUS
    if place.feature in ("city", "admin2") and _near(place, context):
        value += NEARBY_BONUS
    if place in context.supported:
        value += SUPPORT_BONUS
    return value
