"""What the pages draw, computed from library records: highlighted article text, chart specs,
the actor network and the map's points. Plain data for the templates; escaping is the templates' job.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pyarrow as pa

from ..ontology import EventOntology
from ..records import CodedArticle
from .worldmap import project

QUAD_CLASSES = {
    1: "Verbal cooperation",
    2: "Material cooperation",
    3: "Verbal conflict",
    4: "Material conflict",
}
QUAD_COLOURS = {1: "#5b9bd5", 2: "#2e7d32", 3: "#f0a030", 4: "#c62828"}
SAFE_SCHEMES = ("http", "https")


def safe_url(url: str | None) -> str | None:
    """`url` when it is an absolute http(s) URL, else None: only those become links."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in SAFE_SCHEMES and parts.netloc else None


def path_part(value: object) -> str:
    """A value as one URL path segment (slashes and all else percent-encoded)."""
    return quote(str(value), safe="")


# ---------------------------------------------------------------- the article, highlighted


@dataclass(frozen=True)
class Mark:
    """One highlighted span of an article's text."""

    start: int
    end: int
    kind: str  # actor, verb, quote, place
    label: str  # shown on hover
    link: str | None = None  # a path on this server


@dataclass(frozen=True)
class Segment:
    """A stretch of text covered by the same marks."""

    text: str
    marks: tuple[Mark, ...]

    @property
    def classes(self) -> str:
        return " ".join(sorted({f"m-{mark.kind}" for mark in self.marks}))

    @property
    def title(self) -> str:
        return " · ".join(dict.fromkeys(mark.label for mark in self.marks))

    @property
    def link(self) -> str | None:
        return next((mark.link for mark in self.marks if mark.link), None)


def article_marks(coded: CodedArticle, ontology: EventOntology) -> list[Mark]:
    marks = [
        Mark(
            a.start,
            a.end,
            "actor",
            f"{a.code}" + (f" ({a.name})" if a.name else ""),
            f"/actor/{path_part(a.code)}",
        )
        for a in coded.actors
    ]
    for number, event in enumerate(coded.events, start=1):
        target = event.target.code if event.target else "-"
        label = (
            f"event {number}: {event.source.code} {event.code} {event_name(ontology, event.code)} → {target}"
        )
        marks.append(Mark(event.verb_start, event.verb_end, "verb", label, f"#event-{number}"))
    for event in coded.events:
        if event.date_text_start is not None and event.date_text_end is not None:
            span = f"{event.date}..{event.date_end}" if event.date_end else event.date
            label = f"date {span} ({event.date_precision})"
            marks.append(Mark(event.date_text_start, event.date_text_end, "date", label))
    for q in coded.quotes:
        speaker = q.speaker or "unknown speaker"
        label = f"{q.kind} quote: {speaker}" + (f" ({q.speaker_code})" if q.speaker_code else "")
        marks.append(Mark(q.start, q.end, "quote", label))
    for p in coded.places:
        if p.start is None or p.end is None:
            continue
        where = f" ({p.lat:.2f}, {p.lon:.2f})" if p.lat is not None and p.lon is not None else ""
        marks.append(Mark(p.start, p.end, "place", f"{p.name}{where}", f"/map?place={quote(p.name)}"))
    return marks


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """Cut `text` at every mark boundary; each piece lists the marks covering it (they may nest)."""
    inside = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in inside), *(m.end for m in inside)})
    return [
        Segment(text[start:end], tuple(m for m in inside if m.start <= start and end <= m.end))
        for start, end in zip(cuts, cuts[1:], strict=False)
        if end > start
    ]


def event_name(ontology: EventOntology, code: str | None) -> str:
    if not code or code not in ontology:
        return ""
    return ontology.get(code).name


# ---------------------------------------------------------------- charts (plotly specs)


def _layout(title: str, **extra) -> dict:
    return {
        "title": {"text": title, "font": {"size": 14}},
        "margin": {"l": 50, "r": 20, "t": 40, "b": 40},
        "height": 300,
        "legend": {"orientation": "h"},
        **extra,
    }


def monthly_quad_chart(by_month: pa.Table) -> dict:
    """Events per month stacked by QuadClass."""
    rows = by_month.to_pylist()
    months = sorted({r["month"] for r in rows})
    counts = {(r["month"], r["quad_class"]): r["events"] for r in rows}
    data = [
        {
            "type": "bar",
            "name": name,
            "x": months,
            "y": [counts.get((m, quad), 0) for m in months],
            "marker": {"color": QUAD_COLOURS[quad]},
        }
        for quad, name in QUAD_CLASSES.items()
    ]
    return {"data": data, "layout": _layout("Events per month by QuadClass", barmode="stack")}


def dyad_charts(timeline: pa.Table) -> list[dict]:
    """Both directions over time (distinct events, mean Goldstein) and the QuadClass mix per direction."""
    rows = timeline.to_pylist()
    directions = sorted({r["direction"] for r in rows})
    per = {d: [r for r in rows if r["direction"] == d] for d in directions}
    events = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": d,
            "x": [r["period"] for r in per[d]],
            "y": [r["events"] for r in per[d]],
        }
        for d in directions
    ]
    goldstein = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": d,
            "x": [r["period"] for r in per[d]],
            "y": [r["goldstein"] for r in per[d]],
        }
        for d in directions
    ]
    columns = ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict")
    mix = [
        {
            "type": "bar",
            "name": QUAD_CLASSES[quad],
            "x": directions,
            "y": [sum(r[column] for r in per[d]) for d in directions],
            "marker": {"color": QUAD_COLOURS[quad]},
        }
        for quad, column in enumerate(columns, start=1)
    ]
    return [
        {"data": events, "layout": _layout("Distinct events per period")},
        {"data": goldstein, "layout": _layout("Mean Goldstein score", yaxis={"range": [-10, 10]})},
        {"data": mix, "layout": _layout("QuadClass mix", barmode="stack")},
    ]


def event_type_chart(types: pa.Table, ontology: EventOntology) -> dict:
    rows = types.to_pylist()
    labels = [f"{r['root']} {event_name(ontology, r['root'])}" for r in rows]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": "as source",
            "y": labels,
            "x": [r["as_source"] for r in rows],
        },
        {
            "type": "bar",
            "orientation": "h",
            "name": "as target",
            "y": labels,
            "x": [r["as_target"] for r in rows],
        },
    ]
    layout = _layout("Events by CAMEO root", barmode="group", height=max(300, 28 * len(rows) + 80))
    layout["margin"]["l"] = 230
    layout["yaxis"] = {"autorange": "reversed"}
    return {"data": data, "layout": layout}


# ---------------------------------------------------------------- the actor network (SVG)


@dataclass(frozen=True)
class Node:
    code: str
    x: float
    y: float
    r: float
    events: int
    goldstein: float | None
    colour: str
    width: float  # of the edge to the centre


NETWORK_SIZE = 560.0


def goldstein_colour(score: float | None) -> str:
    """Red for conflict, grey for neutral, green for cooperation."""
    if score is None:
        return "#9e9e9e"
    share = max(-1.0, min(1.0, score / 10.0))
    red, green = (198, 40, 40), (46, 125, 50)
    end = green if share > 0 else red
    mix = abs(share) ** 0.5
    channels = (round(158 + (c - 158) * mix) for c in end)
    return "#" + "".join(f"{c:02x}" for c in channels)


def network(partners: pa.Table) -> list[Node]:
    """Partners on a circle around the actor, the busiest at the top; sizes grow with the event count."""
    rows = partners.to_pylist()
    if not rows:
        return []
    centre, radius = NETWORK_SIZE / 2, NETWORK_SIZE / 2 - 60
    most = max(r["events"] for r in rows)
    nodes = []
    for index, row in enumerate(rows):
        angle = -math.pi / 2 + 2 * math.pi * index / len(rows)
        share = math.sqrt(row["events"] / most)
        nodes.append(
            Node(
                row["partner"],
                round(centre + radius * math.cos(angle), 1),
                round(centre + radius * math.sin(angle), 1),
                round(6 + 14 * share, 1),
                row["events"],
                row["goldstein"],
                goldstein_colour(row["goldstein"]),
                round(1 + 7 * share, 1),
            )
        )
    return nodes


# ---------------------------------------------------------------- the map


@dataclass(frozen=True)
class MapPoint:
    name: str
    country: str | None
    x: float
    y: float
    r: float
    events: int
    goldstein: float | None
    colour: str


def map_points(places: pa.Table) -> list[MapPoint]:
    rows = places.to_pylist()
    most = max((r["events"] for r in rows), default=1)
    points = []
    for row in rows:
        x, y = project(row["lon"], row["lat"])
        points.append(
            MapPoint(
                row["name"],
                row["country"],
                round(x, 1),
                round(y, 1),
                round(2.5 + 9 * math.sqrt(row["events"] / most), 1),
                row["events"],
                row["goldstein"],
                goldstein_colour(row["goldstein"]),
            )
        )
    return points
