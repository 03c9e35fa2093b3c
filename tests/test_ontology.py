"""The CAMEO table: complete, consistent, and in line with the published PLOVER mappings."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from tidings.ontology import (
    CameoCode,
    Ontology,
    OntologyError,
    load_ontology,
    normalize_code,
    parse_ontology,
)

PLOVER_GSR_DIR = Path("/work/shared/corpus/plover_gsr")
ALLOWED_PLOVER = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
ALLOWED_LEGACY = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "DEMAND", "DISAPPROVE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT", "INVESTIGATE",
}
HEADER = "code\troot\tgoldstein\tquad_class\tplover\tplover_mode\tplover_legacy\tname"


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return load_ontology()


def expected_quad_class(root: str) -> int:
    number = int(root)
    if number <= 5:
        return 1
    if number <= 8:
        return 2
    return 3 if number <= 13 else 4


def table_codes_as_written() -> list[str]:
    text = files("tidings").joinpath("data/cameo/cameo_events.tsv").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert rows[0] == HEADER
    return [row.split("\t")[0] for row in rows[1:]]


def test_all_twenty_roots_present(ontology):
    roots = {record.code for record in ontology.codes if record.is_root}
    assert roots == {f"{n:02d}" for n in range(1, 21)}


def test_codes_unique_and_plausibly_many():
    codes = table_codes_as_written()
    assert len(codes) == len(set(codes))
    assert len(codes) >= 280


def test_every_code_has_its_root_and_parent(ontology):
    for record in ontology.codes:
        assert record.root == record.code[:2]
        assert record.root in ontology
        if len(record.code) == 4:
            assert record.code[:3] in ontology
        assert 2 <= len(record.code) <= 4 and record.code.isdigit()


def test_weights_quad_classes_and_plover_types(ontology):
    for record in ontology.codes:
        assert -10.0 <= record.goldstein <= 10.0, record.code
        assert record.quad_class == expected_quad_class(record.root), record.code
        assert record.plover in ALLOWED_PLOVER, record.code
        assert record.plover_legacy in ALLOWED_LEGACY, record.code
        assert record.name and record.name == record.name.strip(), record.code


@pytest.mark.parametrize(
    ("code", "name", "goldstein", "plover"),
    [
        ("010", "Make statement", 0.0, "CONSULT"),
        ("012", "Make pessimistic comment", -0.4, "ACCUSE"),
        ("036", "Express intent to meet or negotiate", 4.0, "AGREE"),
        ("043", "Host a visit", 2.8, "CONSULT"),
        ("057", "Sign formal agreement", 8.0, "SUPPORT"),
        ("0874", "Retreat or surrender militarily", 10.0, "RETREAT"),
        ("112", "Accuse", -2.0, "ACCUSE"),
        ("1041", "Demand change in leadership", -5.0, "REQUEST"),
        ("163", "Impose embargo, boycott, or sanctions", -8.0, "COERCE"),
        ("173", "Arrest, detain, or charge with legal action", -5.0, "COERCE"),
        ("190", "Use conventional military force", -10.0, "ASSAULT"),
        ("204", "Use weapons of mass destruction", -10.0, "ASSAULT"),
    ],
)
def test_well_known_codes(ontology, code, name, goldstein, plover):
    record = ontology.get(code)
    assert (record.name, record.goldstein, record.plover) == (name, goldstein, plover)


@pytest.mark.parametrize(
    ("code", "legacy"),
    [("090", "INVESTIGATE"), ("1041", "DEMAND"), ("112", "DISAPPROVE"), ("125", "REJECT"),
     ("138", "THREATEN"), ("141", "PROTEST"), ("163", "SANCTION"), ("181", "COERCE"),
     ("183", "ASSAULT"), ("190", "FIGHT"), ("195", "FIGHT"), ("203", "FIGHT")],
)
def test_legacy_plover_types(ontology, code, legacy):
    assert ontology.get(code).plover_legacy == legacy


def test_lookup_navigation(ontology):
    assert ontology.root("0211").name == "Appeal"
    assert [child.code for child in ontology.children("04")] == [f"04{n}" for n in range(7)]
    assert [child.code for child in ontology.children("104")] == ["1041", "1042", "1043", "1044"]
    assert ontology.children("043") == ()
    assert ontology.parent("0211").code == "021"
    assert ontology.parent("02") is None
    assert ontology.get("36") is ontology.get("036") is ontology.get(36)
    assert "999" not in ontology and "abc" not in ontology and None not in ontology
    with pytest.raises(KeyError):
        ontology.get("0999")


def test_load_ontology_is_cached():
    assert load_ontology() is load_ontology()


@pytest.mark.parametrize(
    ("given", "expected"),
    [("36", "036"), ("036", "036"), (36, "036"), ("4", "04"), (10, "10"), ("12", "12"),
     ("012", "012"), ("21", "021"), (211, "0211"), ("1041", "1041"), (" 043 ", "043")],
)
def test_normalize_code(given, expected):
    assert normalize_code(given) == expected


@pytest.mark.parametrize("given", ["", "0", "00", "0043", "12345", "1a", -1, "-1"])
def test_normalize_code_rejects_non_codes(given):
    with pytest.raises(ValueError):
        normalize_code(given)


def small_table(*rows: str) -> list[str]:
    return ["# a comment", HEADER, *rows]


def test_parse_ontology_reads_a_small_table():
    table = parse_ontology(small_table("04\t04\t1.0\t1\tCONSULT\t\tCONSULT\tConsult",
                                       "043\t04\t2.8\t1\tCONSULT\tvisit\tCONSULT\tHost a visit"))
    assert table.get("043") == CameoCode("043", "Host a visit", "04", 2.8, 1, "CONSULT", "visit", "CONSULT")
    assert table.get("04").plover_mode is None


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (("04\t04\t1.0\t1\tCONSULT\tCONSULT\tConsult",), "columns"),
        (("04\t04\t1.0\t3\tCONSULT\t\tCONSULT\tConsult",), "quad class"),
        (("04\t04\t11.0\t1\tCONSULT\t\tCONSULT\tConsult",), "Goldstein"),
        (("04\t04\t1.0\t1\tCHAT\t\tCONSULT\tConsult",), "PLOVER"),
        (("04\t04\tone\t1\tCONSULT\t\tCONSULT\tConsult",), "could not convert"),
        (("043\t04\t2.8\t1\tCONSULT\t\tCONSULT\tHost a visit",), "no parent"),
        (("04\t04\t1.0\t1\tCONSULT\t\tCONSULT\tConsult",) * 2, "duplicate"),
    ],
)
def test_parse_ontology_rejects_bad_tables(rows, message):
    with pytest.raises(OntologyError, match=message):
        parse_ontology(small_table(*rows))


def test_parse_ontology_needs_the_header():
    with pytest.raises(OntologyError, match="header"):
        parse_ontology(["04\t04\t1.0\t1\tCONSULT\t\tCONSULT\tConsult"])


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_plover_types_agree_with_cameo2plover_2021(ontology):
    reference: dict[str, set[str]] = {}
    for row in read_jsonl(PLOVER_GSR_DIR / "cameo2plover_2021.jsonl"):
        reference.setdefault(row["cameo"], set()).add(row["plover_event"])
    shared = [code for code in reference if code in ontology]
    agreeing = [code for code in shared if ontology.get(code).plover in reference[code]]
    assert len(shared) >= 250
    assert len(agreeing) / len(shared) >= 0.9


def test_legacy_types_cover_the_gold_standard_categories(ontology):
    gold_types = {row["event"] for row in read_jsonl(PLOVER_GSR_DIR / "plover_gsr.jsonl")}
    assert gold_types <= {record.plover_legacy for record in ontology.codes}
