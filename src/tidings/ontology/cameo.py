"""The CAMEO event ontology: every code with its name, Goldstein weight, quad class and PLOVER types.

The tables live in data/cameo/: cameo_events.tsv (the codes), roots.tsv (quad class, hostile and
protest roots), sectors.tsv (actor sectors) and special_codes.tsv (codes the rules make themselves).
This module reads them once and answers look-ups by code; it registers itself as the ontology "cameo".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from ..errors import DataFileError
from ..plugins import ontologies
from ..resources import Row, data_file, parse_table, read_table
from .base import EventCode, QuadClass, Sector
from .plover import PLOVER_LEGACY_TYPES, PLOVER_TYPES

TABLE_RESOURCE = "data/cameo/cameo_events.tsv"
COLUMNS = ("code", "root", "goldstein", "quad_class", "plover", "plover_mode", "plover_legacy", "name")
ROOT_CODES = tuple(f"{n:02d}" for n in range(1, 21))
CameoCode = EventCode  # the record of one CAMEO code


class OntologyError(DataFileError):
    """The CAMEO table is malformed or inconsistent."""


@dataclass(frozen=True, slots=True)
class Root:
    """A CAMEO root code and its class (data/cameo/roots.tsv)."""

    root: str
    quad_class: QuadClass
    hostile: bool
    protest: bool
    violent: bool = False
    victims: bool = False
    home: bool = False
    addressee: bool = False


@lru_cache(maxsize=1)
def cameo_roots(path: Path | None = None) -> Mapping[str, Root]:
    """The 20 CAMEO roots by code."""
    roots = {}
    for row in read_table(
        path or data_file("cameo", "roots.tsv"),
        ["root", "quad_class", "hostile", "protest", "violent", "victims", "home", "addressee"],
        optional=["name"],
    ):
        if row["root"] not in ROOT_CODES:
            raise row.error(f"not a CAMEO root code: {row['root']!r}")
        roots[row["root"]] = Root(
            row["root"],
            QuadClass(_integer(row, "quad_class")),
            _yes(row, "hostile"),
            _yes(row, "protest"),
            _yes(row, "violent"),
            _yes(row, "victims"),
            _yes(row, "home"),
            _yes(row, "addressee"),
        )
    missing = [root for root in ROOT_CODES if root not in roots]
    if missing:
        raise DataFileError(str(path or "roots.tsv"), f"no row for root(s) {', '.join(missing)}")
    return MappingProxyType(roots)


def cameo_sectors(path: Path | None = None) -> Mapping[str, Sector]:
    """The CAMEO actor sectors by code (data/cameo/sectors.tsv)."""
    sectors = {}
    for row in read_table(
        path or data_file("cameo", "sectors.tsv"),
        ["code", "local", "domestic", "former"],
        optional=["name", "armed", "combatant", "state", "employer"],
    ):
        sectors[row["code"]] = Sector(
            row["code"],
            row.get("name", ""),
            _yes(row, "local"),
            _yes(row, "domestic"),
            row["former"] or None,
            armed=_yes(row, "armed") if row.get("armed") else False,  # older tables lack the column
            combatant=_yes(row, "combatant") if row.get("combatant") else False,
            state=_yes(row, "state") if row.get("state") else False,
            employer=row.get("employer") or None,
        )
    for sector in sectors.values():
        if sector.employer is not None and sector.employer not in sectors:
            raise DataFileError(
                str(path or "sectors.tsv"), f"{sector.code}: unknown employer sector {sector.employer}"
            )
        if sector.former is not None and sector.former not in sectors:
            raise DataFileError(
                str(path or "sectors.tsv"), f"{sector.code}: unknown former sector {sector.former}"
            )
    return MappingProxyType(sectors)


def special_codes(path: Path | None = None) -> Mapping[str, str]:
    return {
        row["use"]: row["code"]
        for row in read_table(path or data_file("cameo", "special_codes.tsv"), ["use", "code"])
    }


def _yes(row: Row, column: str) -> bool:
    if row[column] not in ("yes", "no"):
        raise row.error(f"{column} must be yes or no, not {row[column]!r}")
    return row[column] == "yes"


def _integer(row: Row, column: str) -> int:
    try:
        return int(row[column])
    except ValueError:
        raise row.error(f"{column} {row[column]!r} is not a whole number") from None


def is_root_code(text: str) -> bool:
    return text in ROOT_CODES


def quad_class_of_root(root: str) -> int:
    """The GDELT quad class (1-4) of a root code such as "04"."""
    if not is_root_code(root):
        raise ValueError(f"not a CAMEO root code: {root!r}")
    return int(cameo_roots()[root].quad_class)


def normalize_code(code: str | int) -> str:
    """Zero-pad a CAMEO code written without its leading zero: "36", "036" or 36 -> "036".

    A 1- or 2-digit value from 1 to 20 is read as a root ("4" -> "04", 10 -> "10"); other values
    get a leading zero when their first two digits are not a root ("211" -> "0211").
    Raises ValueError when no reading gives a code under one of the roots 01-20.
    """
    text = str(code).strip()
    if not text.isdigit() or not 1 <= len(text) <= 4 or (isinstance(code, int) and code < 0):
        raise ValueError(f"not a CAMEO code: {code!r}")
    if len(text) <= 2 and is_root_code(text.zfill(2)):
        return text.zfill(2)
    if len(text) < 4 and not is_root_code(text[:2]):
        text = "0" + text
    if len(text) == 2 or not is_root_code(text[:2]):
        raise ValueError(f"not a CAMEO code: {code!r}")
    return text


def parent_code(code: str) -> str | None:
    """The code one level up: "0211" -> "021", "043" -> "04"; None for a root."""
    return code[:-1] if len(code) == 4 else code[:2] if len(code) == 3 else None


class Ontology:
    """All CAMEO codes, looked up by code (also written without the leading zero, e.g. "36"), and the
    CAMEO answers to the coders' questions (see `tidings.ontology.base.EventOntology`)."""

    name = "cameo"

    def __init__(
        self,
        codes: Iterable[CameoCode],
        sectors: Mapping[str, Sector] | None = None,
        special: Mapping[str, str] | None = None,
    ) -> None:
        self.codes: tuple[CameoCode, ...] = tuple(codes)
        self._by_code = MappingProxyType(_index_by_code(self.codes))
        self._children = MappingProxyType(_index_children(self.codes))
        self.sectors: Mapping[str, Sector] = sectors if sectors is not None else {}
        self.demand_code: str = (special or {}).get("demand", "")
        self.retreat_code: str = (special or {}).get("retreat", "")
        self.criticize_code: str = (special or {}).get("criticize", "")
        self.strike_code: str = (special or {}).get("strike", "")
        roots = cameo_roots()
        self._hostile = frozenset(code for code, root in roots.items() if root.hostile)
        self._protest = frozenset(code for code, root in roots.items() if root.protest)
        self._violent = frozenset(code for code, root in roots.items() if root.violent)
        self._victims = frozenset(code for code, root in roots.items() if root.victims)
        self._home = frozenset(code for code, root in roots.items() if root.home)
        self._addressed = frozenset(code for code, root in roots.items() if root.addressee)

    def is_conflict(self, code: str) -> bool:
        return self.get(code).quad_class >= QuadClass.VERBAL_CONFLICT

    def uses_force(self, code: str) -> bool:
        return self.get(code).quad_class >= QuadClass.MATERIAL_CONFLICT

    def is_hostile(self, code: str) -> bool:
        return code[:2] in self._hostile

    def is_protest(self, code: str) -> bool:
        return code[:2] in self._protest

    def is_violent(self, code: str) -> bool:
        return code[:2] in self._violent

    def has_victims(self, code: str) -> bool:
        return code[:2] in self._victims

    def is_aimed_at_home(self, code: str) -> bool:
        return code[:2] in self._home

    def needs_addressee(self, code: str) -> bool:
        return code[:2] in self._addressed

    def get(self, code: str | int) -> CameoCode:
        """The record for `code`; KeyError for unknown codes."""
        found = self._by_code.get(code) if isinstance(code, str) else None
        if found is not None:
            return found
        try:
            return self._by_code[normalize_code(code)]
        except (ValueError, KeyError):
            raise KeyError(code) from None

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, str | int):
            return False
        try:
            self.get(code)
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[CameoCode]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def root(self, code: str | int) -> CameoCode:
        """The root (2-digit) record of `code`: "0211" -> 02 "Appeal"."""
        return self._by_code[self.get(code).root]

    def parent(self, code: str | int) -> CameoCode | None:
        """The record one level up, or None for a root."""
        above = parent_code(self.get(code).code)
        return None if above is None else self._by_code[above]

    def children(self, code: str | int) -> tuple[CameoCode, ...]:
        """The codes directly under `code`, in table order: "04" -> 040 ... 046."""
        return self._children.get(self.get(code).code, ())


def _index_by_code(codes: tuple[CameoCode, ...]) -> dict[str, CameoCode]:
    by_code: dict[str, CameoCode] = {}
    for record in codes:
        if record.code in by_code:
            raise OntologyError(None, f"duplicate CAMEO code {record.code}")
        by_code[record.code] = record
    return by_code


def _index_children(codes: tuple[CameoCode, ...]) -> dict[str, tuple[CameoCode, ...]]:
    known = {record.code for record in codes}
    children: dict[str, list[CameoCode]] = {}
    for record in codes:
        above = parent_code(record.code)
        if above is None:
            continue
        if above not in known:
            raise OntologyError(None, f"CAMEO code {record.code} has no parent {above} in the table")
        children.setdefault(above, []).append(record)
    return {code: tuple(records) for code, records in children.items()}


def parse_ontology(lines: Iterable[str], source: str = "cameo_events.tsv") -> Ontology:
    """Build an Ontology from TSV lines: `#` comments and blank lines, a header, then one code a line."""
    try:
        rows = parse_table(lines, source, COLUMNS, strict=True)
        return Ontology([_parse_row(tuple(row[c] for c in COLUMNS), row.where) for row in rows])
    except OntologyError:
        raise
    except DataFileError as exc:
        raise OntologyError(exc.where, exc.reason) from None


def _parse_row(fields: tuple[str, ...], where: str) -> CameoCode:
    if len(fields) != len(COLUMNS):
        raise OntologyError(where, f"expected {len(COLUMNS)} tab-separated columns, got {len(fields)}")
    code, root, goldstein, quad_class, plover, mode, legacy, name = (field.strip() for field in fields)
    try:
        record = CameoCode(
            code=code,
            name=name,
            root=root,
            goldstein=float(goldstein),
            quad_class=int(quad_class),
            plover=plover,
            plover_mode=mode or None,
            plover_legacy=legacy,
        )
    except ValueError as exc:
        raise OntologyError(where, str(exc)) from None
    _check_record(record, where)
    return record


def _check_record(record: CameoCode, where: str) -> None:
    problems = _record_problems(record)
    if problems:
        raise OntologyError(where, "; ".join(problems))


def _record_problems(record: CameoCode) -> list[str]:
    code, root = record.code, record.root
    root_ok = is_root_code(root) and code.startswith(root)
    checks = (
        (code.isdigit() and 2 <= len(code) <= 4, f"code {code!r} is not 2-4 digits"),
        (root_ok, f"root {root!r} does not start code {code!r}"),
        (
            not root_ok or record.quad_class == quad_class_of_root(root),
            f"quad class {record.quad_class} does not match root {root}",
        ),
        (-10.0 <= record.goldstein <= 10.0, f"Goldstein weight {record.goldstein} outside [-10, 10]"),
        (record.plover in PLOVER_TYPES, f"unknown PLOVER type {record.plover!r}"),
        (record.plover_legacy in PLOVER_LEGACY_TYPES, f"unknown legacy PLOVER type {record.plover_legacy!r}"),
        (bool(record.name), "empty name"),
    )
    return [message for ok, message in checks if not ok]


@lru_cache(maxsize=1)
def load_cameo() -> Ontology:
    """The packaged CAMEO tables (data/cameo/), read once per process."""
    path = data_file("cameo", "cameo_events.tsv")
    ontology = parse_ontology(path.read_text(encoding="utf-8").splitlines(), source=str(path))
    return Ontology(ontology.codes, cameo_sectors(), special_codes())


ontologies.register("cameo", load_cameo)
