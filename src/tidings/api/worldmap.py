"""The world outline behind the map page, drawn as SVG from Natural Earth's 1:110m country polygons.

The rings live in data/geo/world_outline.tsv (public-domain Natural Earth coordinates, one ring a
line), so the map needs no tile server, no download and no geospatial library.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import DataFileError
from ..resources import Row, data_file, read_table

OUTLINE_TABLE = ("geo", "world_outline.tsv")
# Plate carrée, cropped to where people live: 85°N to 58°S.
WIDTH = 1000.0
NORTH, SOUTH = 85.0, -58.0
SCALE = WIDTH / 360.0
HEIGHT = (NORTH - SOUTH) * SCALE

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class WorldOutline:
    """Country outlines as one SVG path in the map's coordinates (see `project`)."""

    path: str
    width: float = WIDTH
    height: float = HEIGHT


def project(lon: float, lat: float) -> tuple[float, float]:
    """Longitude/latitude to map coordinates (x right, y down)."""
    return (lon + 180.0) * SCALE, (NORTH - lat) * SCALE


def parse_ring(row: Row) -> Ring:
    """ "lon,lat lon,lat ..." -> points; a malformed point is an error naming the file and line."""
    try:
        points = [tuple(map(float, point.split(","))) for point in row["ring"].split()]
    except ValueError:
        raise row.error("a ring is space-separated lon,lat points") from None
    if any(len(p) != 2 or not (-180 <= p[0] <= 180 and -90 <= p[1] <= 90) for p in points):
        raise row.error("a point is not a lon,lat pair inside the globe")
    return [(lon, lat) for lon, lat in points]


def read_rings(path: str | os.PathLike) -> list[Ring]:
    return [parse_ring(row) for row in read_table(path, ["ring"])]


def svg_path(rings: list[Ring]) -> str:
    """One SVG path for all rings, points rounded to a tenth of a map unit and repeats dropped."""
    pieces = []
    for ring in rings:
        points: list[str] = []
        for lon, lat in ring:
            x, y = project(lon, lat)
            point = f"{x:.1f},{y:.1f}"
            if not points or points[-1] != point:
                points.append(point)
        if len(points) >= 3:
            pieces.append("M" + "L".join(points) + "Z")
    return "".join(pieces)


def load_world_outline(path: str | os.PathLike | None = None) -> WorldOutline | None:
    """The outline from `path` (default: the shipped table), or None when it cannot be read."""
    try:
        rings = read_rings(path or data_file(*OUTLINE_TABLE))
    except DataFileError:
        return None
    return WorldOutline(svg_path(rings))
