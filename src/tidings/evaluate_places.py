"""Evaluation of place finding against toponym-resolution gold: LGL and GeoVirus (XML).

Two XML layouts are read (detected by their elements):
- LGL: `<article docid>` with `<text>` and `<toponyms>`; each `<toponym>` has `start`/`end` character
  offsets, `phrase` and, when resolved, a `gaztag` with GeoNames `lat`/`lon`.
- GeoVirus: `<article>` with `<source>`, `<text>` and `<locations>`; each `<location>` has `name`,
  `start`, `end`, `lat`, `lon`. The shipped offsets are one past the name (the text lost a leading
  character): a span is moved back by one when that is where its name is.

LGL annotates demonyms ("American", "Palestinians") as toponyms; GeoVirus annotates literal places only.
Each gold file is scored by its own convention: for GeoVirus, places found as demonyms (`Location.demonym`)
are left out of the predictions (`GeoRecord.demonyms` is False).

Scores: detection precision and recall of toponym spans (a found place matches a gold toponym whose
span it overlaps, one to one; `exact` counts identical spans only) and, of the matched toponyms that
have gold coordinates and that tidings placed, the share placed within 161 km (100 miles) of them,
with the median error. Named features found without a point (a street, a river the gazetteer does
not hold) count for detection and are reported as `unplaced`, outside the accuracy.

The articles can be split for honest development: `part="dev"` keeps the articles whose position is
not a multiple of `holdout_every` (counting from 1), `part="test"` keeps the others.
"""

from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .places.gazetteer import distance_km
from .records import Article, Location

Part = Literal["all", "dev", "test"]
ACCURACY_KM = 161.0  # 100 miles, the usual threshold of toponym-resolution papers
HOLDOUT_EVERY = 5
# Finds the places of each article; the default runs the whole tidings pipeline.
PlaceCoder = Callable[[Sequence[Article]], list[tuple[Location, ...]]]


class GeoGoldError(ValueError):
    """A gold file that cannot be read as LGL or GeoVirus XML."""


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class GeoRecord:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    demonyms: bool = True  # whether the gold annotates demonyms ("Kenyan") as toponyms


@dataclass(frozen=True, slots=True)
class GeoReport:
    name: str
    articles: int
    gold: int  # gold toponyms
    found: int  # places found
    matched: int  # found places overlapping a gold toponym (one to one)
    exact: int  # of those, with exactly the gold span
    resolved: int  # matched toponyms that have gold coordinates and a found point
    within: int  # of those, placed within ACCURACY_KM
    median_km: float | None
    unplaced: int = 0  # matched toponyms with gold coordinates found without a point
    misses: tuple[tuple[str, GoldToponym], ...] = ()
    spurious: tuple[tuple[str, Location], ...] = ()
    far: tuple[tuple[str, GoldToponym, Location, float], ...] = ()

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def exact_recall(self) -> float:
        return self.exact / self.gold if self.gold else 0.0

    @property
    def accuracy(self) -> float:
        return self.within / self.resolved if self.resolved else 0.0


# -- reading the gold ---------------------------------------------------------------------------------


def load_geo_gold(path: str | Path) -> list[GeoRecord]:
    """The articles of an LGL or GeoVirus XML file."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        raise GeoGoldError(f"{path}: not readable XML ({error})") from error
    records = []
    for number, article in enumerate(root.iter("article"), 1):
        text = article.findtext("text") or ""
        ident = article.get("docid") or article.findtext("source") or str(number)
        if article.find("toponyms") is not None:
            toponyms, demonyms = [_lgl_toponym(t) for t in article.iter("toponym")], True
        elif article.find("locations") is not None:
            toponyms = [_geovirus_location(loc, text) for loc in article.iter("location")]
            demonyms = False
        else:
            raise GeoGoldError(f"{path}: article {number} has neither <toponyms> nor <locations>")
        records.append(GeoRecord(ident, text, tuple(toponyms), demonyms))
    return records


def _number(element: ET.Element, tag: str) -> float | None:
    value = element.findtext(tag)
    return float(value) if value not in (None, "") else None


def _lgl_toponym(element: ET.Element) -> GoldToponym:
    tag = element.find("gaztag")
    lat = _number(tag, "lat") if tag is not None else None
    lon = _number(tag, "lon") if tag is not None else None
    start, end = int(element.findtext("start") or 0), int(element.findtext("end") or 0)
    return GoldToponym(start, end, element.findtext("phrase") or "", lat, lon)


def _geovirus_location(element: ET.Element, text: str) -> GoldToponym:
    name = element.findtext("name") or ""
    start, end = int(element.findtext("start") or 0), int(element.findtext("end") or 0)
    if text[start:end] != name and text[start - 1 : end - 1] == name:
        start, end = start - 1, end - 1
    return GoldToponym(start, end, name, _number(element, "lat"), _number(element, "lon"))


def split_part(
    records: Sequence[GeoRecord], part: Part, holdout_every: int = HOLDOUT_EVERY
) -> list[GeoRecord]:
    """All records, the development part, or the held-out test part (every `holdout_every`-th)."""
    if part == "all":
        return list(records)
    held_out = part == "test"
    return [r for n, r in enumerate(records, 1) if (n % holdout_every == 0) == held_out]


# -- scoring ----------------------------------------------------------------------------------------------


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return min(a_end, b_end) - max(a_start, b_start)


@dataclass
class _Tally:
    gold: int = 0
    found: int = 0
    matched: int = 0
    exact: int = 0
    resolved: int = 0
    within: int = 0
    unplaced: int = 0


def _match(gold: Sequence[GoldToponym], found: Sequence[Location]) -> list[tuple[GoldToponym, Location]]:
    """Pairs of overlapping spans, one to one, largest overlap first."""
    pairs = sorted(
        (
            (-_overlap(g.start, g.end, p.start, p.end), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(found)
            if p.start is not None and p.end is not None and _overlap(g.start, g.end, p.start, p.end) > 0
        ),
    )
    used_gold: set[int] = set()
    used_found: set[int] = set()
    matched = []
    for _, gi, pi in pairs:
        if gi not in used_gold and pi not in used_found:
            used_gold.add(gi)
            used_found.add(pi)
            matched.append((gold[gi], found[pi]))
    return matched


def score_places(
    name: str, records: Sequence[GeoRecord], predicted: Iterable[Sequence[Location]]
) -> GeoReport:
    """Detection and resolution scores of the predicted places of each record."""
    tally = _Tally()
    errors: list[float] = []
    misses: list[tuple[str, GoldToponym]] = []
    spurious: list[tuple[str, Location]] = []
    far: list[tuple[str, GoldToponym, Location, float]] = []
    for record, places in zip(records, predicted, strict=True):
        found = [p for p in places if p.start is not None and (record.demonyms or not p.demonym)]
        pairs = _match(record.toponyms, found)
        tally.gold += len(record.toponyms)
        tally.found += len(found)
        tally.matched += len(pairs)
        matched_gold = {id(g) for g, _ in pairs}
        matched_found = {id(p) for _, p in pairs}
        misses += [(record.id, g) for g in record.toponyms if id(g) not in matched_gold]
        spurious += [(record.id, p) for p in found if id(p) not in matched_found]
        for gold, place in pairs:
            tally.exact += (gold.start, gold.end) == (place.start, place.end)
            if gold.lat is None or gold.lon is None:
                continue
            if place.lat is None or place.lon is None:
                tally.unplaced += 1
                continue
            tally.resolved += 1
            km = distance_km(gold.lat, gold.lon, place.lat, place.lon)
            errors.append(km)
            if km <= ACCURACY_KM:
                tally.within += 1
            else:
                far.append((record.id, gold, place, km))
    return GeoReport(
        name=name,
        articles=len(records),
        gold=tally.gold,
        found=tally.found,
        matched=tally.matched,
        exact=tally.exact,
        resolved=tally.resolved,
        within=tally.within,
        median_km=statistics.median(errors) if errors else None,
        unplaced=tally.unplaced,
        misses=tuple(misses),
        spurious=tuple(spurious),
        far=tuple(far),
    )


def total_report(reports: Sequence[GeoReport], name: str = "all") -> GeoReport:
    """The reports pooled (micro-averaged); the median error is not poolable and is left out."""
    return GeoReport(
        name=name,
        articles=sum(r.articles for r in reports),
        gold=sum(r.gold for r in reports),
        found=sum(r.found for r in reports),
        matched=sum(r.matched for r in reports),
        exact=sum(r.exact for r in reports),
        resolved=sum(r.resolved for r in reports),
        within=sum(r.within for r in reports),
        median_km=None,
        unplaced=sum(r.unplaced for r in reports),
    )


def record_article(record: GeoRecord) -> Article:
    return Article(id=record.id, title="", text=record.text, source=record.id)


def evaluate_places(
    path: str | Path, coder: PlaceCoder, part: Part = "all", holdout_every: int = HOLDOUT_EVERY
) -> GeoReport:
    """Score `coder` on one gold file (or one part of it)."""
    records = split_part(load_geo_gold(path), part, holdout_every)
    predicted = coder([record_article(r) for r in records])
    label = Path(path).name if part == "all" else f"{Path(path).name} ({part})"
    return score_places(label, records, predicted)


def pipeline_place_coder(tidings=None, workers: int = 1) -> PlaceCoder:
    """The real place finder: the whole tidings pipeline, exactly as `tidings code` runs it."""
    from .pipeline import Tidings

    loaded = tidings or Tidings.load()

    def code(articles: Sequence[Article]) -> list[tuple[Location, ...]]:
        return [coded.places for coded in loaded.code(articles, workers=workers)]

    return code


# -- reporting --------------------------------------------------------------------------------------------


def format_geo_report(report: GeoReport, errors: bool = False) -> str:
    median = "-" if report.median_km is None else f"{report.median_km:.0f} km"
    lines = [
        f"{report.name}: {report.articles} articles, {report.gold} toponyms, {report.found} places found",
        f"  detection  precision {report.precision:.3f}  recall {report.recall:.3f}"
        f"  (exact spans: recall {report.exact_recall:.3f})",
        f"  resolution accuracy@{ACCURACY_KM:.0f}km {report.accuracy:.3f} of {report.resolved} found"
        f" with gold coordinates  median error {median}  ({report.unplaced} more found without a point)",
    ]
    if errors:
        lines += [f"- missed {rid}: {g.name!r} [{g.start}:{g.end}]" for rid, g in report.misses]
        lines += [f"- spurious {rid}: {p.name!r} [{p.start}:{p.end}]" for rid, p in report.spurious]
        lines += [
            f"- far {rid}: {g.name!r} -> {p.name} ({p.country}) {km:.0f} km" for rid, g, p, km in report.far
        ]
    return "\n".join(lines)
