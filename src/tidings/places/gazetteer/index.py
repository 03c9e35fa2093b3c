"""The gazetteer as a compact columnar index that loads in milliseconds and stays small in memory.

Every worker process needs the gazetteer. Building it from GeoNames (~290k places, ~475k names) takes
tens of seconds and a Python dict of that many names would hold ~100 MB per worker, so the built
gazetteer is written once to a file of flat arrays:

- places: one row per place across column arrays (name, feature, country, admin codes, point,
  population, GeoNames id, capital flag); strings are ids into one string table;
- names: the sorted 64-bit BLAKE2b hashes of the normalised names (`name_key`), each with its run of
  postings (place row, and how the name belongs to the place).

The file is mapped into memory, not read: loading costs a millisecond, and the pages are shared by
every worker process that maps the same file. A lookup hashes the key and bisects the hash array (the
chance that two of a million names share a 64-bit hash is ~1e-7; such a collision would only add a
candidate). Place records are made on demand.
"""

from __future__ import annotations

import hashlib
import json
import math
import mmap
import os
import struct
import tempfile
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .model import FEATURES, NAME_KINDS, Candidate, Feature, NameKind, Place

MAGIC = b"TIDINGS-GAZETTEER\n"
FORMAT_VERSION = 1
NO_ID = 0  # string id / country id meaning "none"
KIND_BITS = 2  # a posting is place_row << KIND_BITS | name kind
_KIND_MASK = (1 << KIND_BITS) - 1


def name_hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass
class IndexBuilder:
    """Collects places and their names, then freezes them into a `GazetteerIndex`."""

    strings: dict[str, int] = field(default_factory=lambda: {"": NO_ID})
    columns: dict[str, array] = field(default_factory=lambda: _empty_columns())
    names: dict[str, dict[int, int]] = field(default_factory=dict)  # key -> place row -> best kind

    def string(self, value: str | None) -> int:
        if not value:
            return NO_ID
        return self.strings.setdefault(value, len(self.strings))

    def add_place(self, place: Place) -> int:
        row = len(self.columns["feature"])
        c = self.columns
        c["name"].append(self.string(place.name))
        c["feature"].append(FEATURES.index(place.feature))
        c["country"].append(self.string(place.country))
        c["admin1"].append(self.string(place.admin1))
        c["admin2"].append(self.string(place.admin2))
        c["lat"].append(math.nan if place.lat is None else place.lat)
        c["lon"].append(math.nan if place.lon is None else place.lon)
        c["population"].append(max(0, place.population))
        c["geonameid"].append(place.geonameid or 0)
        c["capital"].append(place.capital)
        return row

    def add_name(self, key: str, row: int, kind: NameKind) -> None:
        """A name of the place at `row`; a place named twice keeps its best kind (primary first)."""
        if not key:
            return
        rows = self.names.setdefault(key, {})
        code = NAME_KINDS.index(kind)
        if row not in rows or code < rows[row]:
            rows[row] = code

    def freeze(self) -> GazetteerIndex:
        hashed = sorted((name_hash(key), rows) for key, rows in self.names.items())
        hashes, starts, postings = array("Q"), array("I"), array("I")
        for value, rows in hashed:
            if not hashes or hashes[-1] != value:  # a hash collision pools its postings under one hash
                hashes.append(value)
                starts.append(len(postings))
            postings.extend(row << KIND_BITS | kind for row, kind in sorted(rows.items()))
        starts.append(len(postings))
        table = sorted(self.strings, key=self.strings.__getitem__)
        return GazetteerIndex(dict(self.columns), hashes, starts, postings, table)


def _empty_columns() -> dict[str, array]:
    return {
        "name": array("I"),
        "feature": array("B"),
        "country": array("I"),
        "admin1": array("I"),
        "admin2": array("I"),
        "lat": array("d"),
        "lon": array("d"),
        "population": array("Q"),
        "geonameid": array("Q"),
        "capital": array("B"),
    }


class GazetteerIndex:
    """Names to candidate places, over flat arrays (see the module doc)."""

    def __init__(
        self,
        columns: Mapping[str, Sequence],
        hashes: Sequence[int],
        starts: Sequence[int],
        postings: Sequence[int],
        strings: Sequence[str],
    ) -> None:
        self.columns = columns
        self.hashes = hashes
        self.starts = starts
        self.postings = postings
        self.strings = strings
        self._places: dict[int, Place] = {}

    def __len__(self) -> int:
        return len(self.hashes)

    @property
    def place_count(self) -> int:
        return len(self.columns["feature"])

    def lookup(self, key: str) -> tuple[Candidate, ...]:
        """The candidate places of a normalised name."""
        value = name_hash(key)
        i = bisect_left(self.hashes, value)
        if i == len(self.hashes) or self.hashes[i] != value:
            return ()
        return tuple(
            Candidate(self.place(posting >> KIND_BITS), NAME_KINDS[posting & _KIND_MASK])
            for posting in self.postings[self.starts[i] : self.starts[i + 1]]
        )

    def place(self, row: int) -> Place:
        place = self._places.get(row)
        if place is None:
            place = self._places[row] = self._make_place(row)
        return place

    def _make_place(self, row: int) -> Place:
        c, s = self.columns, self.strings
        lat, lon = c["lat"][row], c["lon"][row]
        feature: Feature = FEATURES[c["feature"][row]]
        return Place(
            name=s[c["name"][row]],
            feature=feature,
            country=s[c["country"][row]] or None,
            lat=None if math.isnan(lat) else lat,
            lon=None if math.isnan(lon) else lon,
            population=c["population"][row],
            admin1=s[c["admin1"][row]] or None,
            admin2=s[c["admin2"][row]] or None,
            geonameid=c["geonameid"][row] or None,
            capital=bool(c["capital"][row]),
        )

    def places(self) -> Iterable[Place]:
        return (self.place(row) for row in range(self.place_count))

    # -- the file ------------------------------------------------------------------------------------------

    def _arrays(self) -> dict[str, array]:
        encoded = [text.encode("utf-8") for text in self.strings]
        offsets = array("I", [0])
        for text in encoded:
            offsets.append(offsets[-1] + len(text))
        return {
            **{f"column.{name}": _as_array(values) for name, values in self.columns.items()},
            "hashes": _as_array(self.hashes),
            "starts": _as_array(self.starts),
            "postings": _as_array(self.postings),
            "string_offsets": offsets,
            "string_bytes": array("B", b"".join(encoded)),
        }

    def write(self, path: Path) -> None:
        """Write the index to `path` atomically (a reader never sees half a file)."""
        arrays = self._arrays()
        header = {
            "version": FORMAT_VERSION,
            "arrays": [[name, values.typecode, len(values)] for name, values in arrays.items()],
        }
        encoded = json.dumps(header).encode("utf-8")
        prefix = MAGIC + struct.pack("<I", len(encoded)) + encoded
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(prefix + bytes(_padding(len(prefix))))
                for values in arrays.values():
                    data = values.tobytes()
                    out.write(data + bytes(_padding(len(data))))
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @classmethod
    def read(cls, path: Path) -> GazetteerIndex:
        """The index written at `path`, mapped into memory (pages shared by every process that reads
        it); ValueError if it is not one this version can read."""
        with open(path, "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        data = memoryview(mapped)
        if bytes(data[: len(MAGIC)]) != MAGIC:
            raise ValueError(f"{path}: not a tidings gazetteer index")
        offset = len(MAGIC) + 4
        (length,) = struct.unpack("<I", data[len(MAGIC) : offset])
        try:
            header = json.loads(bytes(data[offset : offset + length]))
        except ValueError as error:
            raise ValueError(f"{path}: unreadable gazetteer index header") from error
        if header.get("version") != FORMAT_VERSION:
            raise ValueError(f"{path}: gazetteer index format {header.get('version')}, not {FORMAT_VERSION}")
        offset += length
        offset += _padding(offset)
        views: dict[str, memoryview] = {}
        for name, typecode, count in header["arrays"]:
            size = array(typecode).itemsize * count
            if offset + size > len(data):
                raise ValueError(f"{path}: truncated gazetteer index")
            views[name] = data[offset : offset + size].cast(typecode)
            offset += size + _padding(size)
        strings = MappedStrings(views.pop("string_offsets"), views.pop("string_bytes"))
        columns = {name.removeprefix("column."): v for name, v in views.items() if name.startswith("column.")}
        return cls(columns, views["hashes"], views["starts"], views["postings"], strings)


def _as_array(values: Sequence) -> array:
    """An array of the values (a mapped index holds memoryviews; a built one, arrays)."""
    return values if isinstance(values, array) else array(values.format, values)  # type: ignore[attr-defined]


def _padding(size: int) -> int:
    """Bytes that bring `size` to a multiple of 8, so every array in the file starts aligned."""
    return -size % 8


class MappedStrings(Sequence[str]):
    """The string table of a mapped index, decoded one string at a time on demand."""

    def __init__(self, offsets: memoryview, data: memoryview) -> None:
        self.offsets = offsets
        self.data = data

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return bytes(self.data[self.offsets[index] : self.offsets[index + 1]]).decode("utf-8")
