"""The CAMEO event ontology: every code with its name, Goldstein weight, quad class and PLOVER types.

The table lives in data/cameo_events.tsv; this module reads it once and answers look-ups by code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from types import MappingProxyType

TABLE_RESOURCE = "data/cameo_events.tsv"
COLUMNS = ("code", "root", "goldstein", "quad_class", "plover", "plover_mode", "plover_legacy", "name")
ROOT_CODES = tuple(f"{n:02d}" for n in range(1, 21))

# Event types that PLOVER 0.5 (the gold standard records) and the PLOVER 2021 draft share.
_SHARED_PLOVER = frozenset(
    ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT")
    + ("REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
)
PLOVER_TYPES = _SHARED_PLOVER | {"REQUEST", "ACCUSE"}
PLOVER_LEGACY_TYPES = _SHARED_PLOVER | {"DEMAND", "DISAPPROVE", "FIGHT", "INVESTIGATE"}
# First root of each GDELT quad class: 01-05 verbal cooperation, 06-08 material cooperation,
# 09-13 verbal conflict, 14-20 material conflict.
QUAD_CLASS_STARTS = ((14, 4), (9, 3), (6, 2), (1, 1))


class OntologyError(ValueError):
    """The CAMEO table is malformed or inconsistent."""


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code, e.g. 043 "Host a visit" (Goldstein 2.8, quad class 1, PLOVER CONSULT)."""

    code: str
    name: str
    root: str
    goldstein: float
    quad_class: int
    plover: str
    plover_mode: str | None
    plover_legacy: str

    @property
    def is_root(self) -> bool:
        return len(self.code) == 2


def is_root_code(text: str) -> bool:
    return text in ROOT_CODES


def quad_class_of_root(root: str) -> int:
    """The GDELT quad class (1-4) of a root code such as "04"."""
    if not is_root_code(root):
        raise ValueError(f"not a CAMEO root code: {root!r}")
    number = int(root)
    return next(quad for start, quad in QUAD_CLASS_STARTS if number >= start)


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
    """All CAMEO codes, looked up by code (also written without the leading zero, e.g. "36")."""

    __slots__ = ("codes", "_by_code", "_children")

    def __init__(self, codes: Iterable[CameoCode]) -> None:
        self.codes: tuple[CameoCode, ...] = tuple(codes)
        self._by_code = MappingProxyType(_index_by_code(self.codes))
        self._children = MappingProxyType(_index_children(self.codes))

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
            raise OntologyError(f"duplicate CAMEO code {record.code}")
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
            raise OntologyError(f"CAMEO code {record.code} has no parent {above} in the table")
        children.setdefault(above, []).append(record)
    return {code: tuple(records) for code, records in children.items()}


def parse_ontology(lines: Iterable[str], source: str = "cameo_events.tsv") -> Ontology:
    """Build an Ontology from TSV lines: `#` comments and blank lines, a header, then one code a line."""
    records: list[CameoCode] = []
    header_seen = False
    for number, line in enumerate(lines, start=1):
        text = line.rstrip("\r\n")
        if not text.strip() or text.startswith("#"):
            continue
        fields = tuple(text.split("\t"))
        if not header_seen:
            _check_header(fields, f"{source}:{number}")
            header_seen = True
            continue
        records.append(_parse_row(fields, f"{source}:{number}"))
    if not header_seen:
        raise OntologyError(f"{source}: no header line")
    return Ontology(records)


def _check_header(fields: tuple[str, ...], where: str) -> None:
    if fields != COLUMNS:
        raise OntologyError(f"{where}: expected header {' '.join(COLUMNS)!r}, got {' '.join(fields)!r}")


def _parse_row(fields: tuple[str, ...], where: str) -> CameoCode:
    if len(fields) != len(COLUMNS):
        raise OntologyError(f"{where}: expected {len(COLUMNS)} tab-separated columns, got {len(fields)}")
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
        raise OntologyError(f"{where}: {exc}") from None
    _check_record(record, where)
    return record


def _check_record(record: CameoCode, where: str) -> None:
    problems = _record_problems(record)
    if problems:
        raise OntologyError(f"{where}: " + "; ".join(problems))


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
def load_ontology() -> Ontology:
    """The packaged CAMEO table (data/cameo_events.tsv), read once per process."""
    text = files("tidings").joinpath(TABLE_RESOURCE).read_text(encoding="utf-8")
    return parse_ontology(text.splitlines(), source=TABLE_RESOURCE)
