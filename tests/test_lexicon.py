"""The verb-pattern lexicon (data/cameo/verb_patterns.tsv): the file is well-formed, and news sentences for
every CAMEO root code through the real pipeline to that root."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import lexicon_table as read_tsv

from tidings.coding.events.lexicon import ANY_VERB, load_event_lexicon
from tidings.ontology import load_ontology

COLUMNS = ["id", "verb", "particle", "prep", "objects", "code", "flags", "notes"]
SIMPLE_FLAGS = {"recip", "mutual", "swap", "ccomp_target", "no_object", "solo", "block", "abroad", "enabling"}
WORD = re.compile(r"^[^\sA-Z|]+$")
# Flags that narrow where a row applies: rows differing only in them are different patterns.
MATCH_FLAGS = ("eval:neg", "eval:pos", "no_object")


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return list(read_tsv("verb_patterns.tsv"))


@pytest.fixture(scope="module")
def coder():
    from tidings.evaluate import pipeline_coder

    return pipeline_coder()


def test_header_has_the_documented_columns(rows):
    assert list(rows[0]) == COLUMNS


def test_every_code_is_in_the_ontology(rows):
    ontology = load_ontology()
    assert [row["id"] for row in rows if row["code"] not in ontology] == []


def test_ids_are_unique(rows):
    counts = Counter(row["id"] for row in rows)
    assert [name for name, count in counts.items() if count > 1] == []


def test_words_are_lowercase_lemmas(rows):
    bad = []
    for row in rows:
        words = [row["particle"], row["prep"], *row["objects"].split("|")]
        words += [] if row["verb"] == ANY_VERB else [row["verb"]]
        bad += [(row["id"], word) for word in words if word and not WORD.match(word)]
    assert bad == []


def test_flags_are_known(rows):
    ontology = load_ontology()
    bad = []
    for row in rows:
        for flag in filter(None, row["flags"].split("|")):
            known = (
                flag in SIMPLE_FLAGS
                or flag in ("eval:neg", "eval:pos")
                or (flag.startswith("rev:") and flag[4:] in ontology)
            )
            if not known:
                bad.append((row["id"], flag))
    assert bad == []


def test_no_two_rows_share_a_pattern(rows):
    keys = Counter(
        (row["verb"], row["particle"], row["prep"], row["objects"], *(f in row["flags"] for f in MATCH_FLAGS))
        for row in rows
    )
    assert [key for key, count in keys.items() if count > 1] == []


def test_no_object_word_is_listed_twice_in_a_row(rows):
    bad = [row["id"] for row in rows if len(set(row["objects"].split("|"))) != len(row["objects"].split("|"))]
    assert bad == []


def test_light_verb_rows_name_their_objects(rows):
    """A "*" row fires for every light verb ("held", "made"), so it must say which nouns it needs."""
    assert [row["id"] for row in rows if row["verb"] == ANY_VERB and not row["objects"]] == []


def test_the_loader_reads_every_row(rows):
    assert len(load_event_lexicon().patterns) == len(rows)


# One or more hand-written news sentences per CAMEO root: (text, expected source prefix, expected root).
ROOT_SENTENCES = [
    ("Iran declined to comment on the report.", "IRN", "01"),
    ("Iran expressed concern over the fighting in Syria.", "IRN", "01"),
    ("Egypt appealed to Israel for humanitarian aid.", "EGY", "02"),
    ("Germany urged Russia to hold talks with Ukraine.", "DEU", "02"),
    ("Germany pledged economic aid to Ukraine.", "DEU", "03"),
    ("Russia offered to mediate between Armenia and Azerbaijan.", "RUS", "03"),
    ("Russia held talks with China in Moscow.", "RUS", "04"),
    ("The Indian prime minister visited Japan on Monday.", "IND", "04"),
    ("France signed a trade agreement with Brazil.", "FRA", "05"),
    ("Canada praised Mexico for its efforts.", "CAN", "05"),
    ("Japan shared information with South Korea.", "JPN", "06"),
    ("The United States sent food aid to Haiti.", "USA", "07"),
    ("Peru granted asylum to five Panamanian officers.", "PER", "07"),
    ("Sudan lifted the state of emergency.", "SDN", "08"),
    ("Israel released 150 Palestinian prisoners.", "ISR", "08"),
    ("The United Nations launched an investigation into the killings in Syria.", "IGO", "09"),
    ("Poland demanded the release of its citizens from Belarus.", "POL", "10"),
    ("Turkey accused Greece of aggression.", "TUR", "11"),
    ("China condemned the Japanese decision.", "CHN", "11"),
    ("India rejected the Pakistani proposal for talks.", "IND", "12"),
    ("North Korea threatened Japan with a nuclear strike.", "PRK", "13"),
    ("Thousands of workers in Argentina staged a general strike.", "ARG", "14"),
    ("Russia put its forces in Kaliningrad on alert.", "RUS", "15"),
    ("Canada recalled its ambassador from Saudi Arabia.", "CAN", "16"),
    ("The European Union imposed sanctions on Belarus.", "IGO", "16"),
    ("Chinese police arrested three Taiwanese journalists.", "CHN", "17"),
    ("Kenyan police dispersed protesters in Nairobi.", "KEN", "17"),
    ("Rebels in Iraq kidnapped two Turkish engineers.", "IRQ", "18"),
    ("Israeli jets carried out air strikes on Gaza.", "ISR", "19"),
    ("Serb forces engaged in ethnic cleansing against Albanians in Kosovo.", "SRB", "20"),
]


def coded(coder, text: str) -> list[tuple[str, str]]:
    from tidings.records import Article

    article = Article(id="lexicon-test", title="", text=text, published=None, source="test")
    return [(event.source.code, event.root_code) for event in coder([article])[0]]


@pytest.mark.parametrize(("text", "source", "root"), ROOT_SENTENCES)
def test_sentence_codes_to_its_root(coder, text, source, root):
    events = coded(coder, text)
    assert any(code.startswith(source) and got == root for code, got in events), events


def test_every_root_has_a_sentence():
    assert {root for _, _, root in ROOT_SENTENCES} == {f"{n:02d}" for n in range(1, 21)}


@pytest.mark.parametrize(
    ("text", "wrong_root"),
    [
        ("Iran released a statement on the talks with France.", "08"),  # a statement is no release
        ("Workers in France began a strike on Monday.", "19"),  # a labour strike is no attack
        ("Britain struck a trade deal with India.", "19"),  # striking a deal is no attack
        ("Iraq engaged in talks with Kuwait.", "19"),
        ("Iran withdrew from the nuclear deal with the United States.", "08"),  # no troop withdrawal
        ("Ukraine made an attempt to reach a deal with Russia.", "18"),  # no assassination attempt
    ],
)
def test_sentence_does_not_code_to_a_wrong_root(coder, text, wrong_root):
    assert wrong_root not in {root for _, root in coded(coder, text)}


# Round-3 families: (text, expected source prefix, expected full code).
FAMILY_SENTENCES = [
    ("The Indian president ordered an investigation into the killings in Kashmir.", "IND", "1014"),
    ("Britain urged an inquiry into the deaths of its citizens in Egypt.", "GBR", "0214"),
    ("The German chancellor attended a summit on climate change.", "DEU", "044"),
    ("The German chancellor attended a summit in Brazil.", "DEU", "042"),
    ("Lebanon welcomed the peacekeepers from Italy.", "LBN", "0861"),
    ("Russia sold fighter jets to India.", "RUS", "072"),
    ("Syrian Kurds campaigned against Turkey.", "SYR", "113"),
    ("The United States put pressure on Pakistan.", "USA", "100"),
    ("Iran reiterated its demand for the release of its diplomats by Iraq.", "IRN", "1"),
    ("The Philippine army ordered a heightened alert in Mindanao.", "PHL", "152"),
    ("Iran returned the seized boat to Britain.", "IRN", "0842"),
    ("The Fijian army suspended the constitution.", "FJI", "172"),
    ("Iraq forced the UN inspectors out of the country.", "IRQ", "1662"),
    ("Thousands of Kenyans gathered for a demonstration against the Ugandan government.", "KEN", "141"),
    ("Thousands of Nigerians were converging for a rally in Lagos.", "NGA", "141"),
]


@pytest.mark.parametrize(("text", "source", "code"), FAMILY_SENTENCES)
def test_family_sentence_codes(coder, text, source, code):
    from tidings.records import Article

    article = Article(id="lexicon-test", title="", text=text, published=None, source="test")
    events = [(e.source.code, e.code) for e in coder([article])[0]]
    assert any(got_source.startswith(source) and got.startswith(code) for got_source, got in events), events


@pytest.mark.parametrize(
    "text",
    [
        "The last draft in the United States took place in 1973 during the Vietnam War.",
        "The French actor attended the Moscow Art Theatre School in the 1990s.",
        "The Brazilian senator withdrew from the presidential race in Chile.",
    ],
)
def test_block_rows_stop_everyday_false_events(coder, text):
    from tidings.records import Article

    article = Article(id="lexicon-test", title="", text=text, published=None, source="test")
    assert coder([article])[0] == []
