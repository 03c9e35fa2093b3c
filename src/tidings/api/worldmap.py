"""The world outline behind the map page, drawn as SVG from Natural Earth's 1:110m country polygons.

Natural Earth is public domain; its 1:110m admin-0 countries ship inside the pinned `pyogrio` wheel
(as `naturalearth_lowres`), so the map needs no tile server and no download. The ESRI shapefile is
read here with a few lines of `struct` (polygon records only), without importing pyogrio itself.
"""

from __future__ import annotations

import importlib.util
import struct
from dataclasses import dataclass
from pathlib import Path

OUTLINE_PACKAGE = "pyogrio"
OUTLINE_FILE = ("tests", "fixtures", "naturalearth_lowres", "naturalearth_lowres.shp")
POLYGON = 5
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


def outline_file() -> Path | None:
    spec = importlib.util.find_spec(OUTLINE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations)), *OUTLINE_FILE)
    return path if path.is_file() else None


def read_polygons(data: bytes) -> list[Ring]:
    """The rings of every polygon record in the bytes of an ESRI .shp file."""
    rings: list[Ring] = []
    offset = 100  # the file header
    while offset + 8 <= len(data):
        (length_words,) = struct.unpack_from(">i", data, offset + 4)
        content = offset + 8
        offset = content + 2 * length_words
        (shape_type,) = struct.unpack_from("<i", data, content)
        if shape_type != POLYGON:
            continue
        parts_count, points_count = struct.unpack_from("<2i", data, content + 36)
        parts = list(struct.unpack_from(f"<{parts_count}i", data, content + 44))
        points_at = content + 44 + 4 * parts_count
        coords = struct.unpack_from(f"<{2 * points_count}d", data, points_at)
        points = list(zip(coords[0::2], coords[1::2], strict=True))
        for start, end in zip(parts, [*parts[1:], points_count], strict=True):
            rings.append(points[start:end])
    return rings


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


def load_world_outline(path: Path | None = None) -> WorldOutline | None:
    """The outline from `path` (default: the shipped Natural Earth file), or None when it is missing."""
    source = path or outline_file()
    if source is None:
        return None
    return WorldOutline(svg_path(read_polygons(source.read_bytes())))
