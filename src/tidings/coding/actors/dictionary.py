"""The actor tables (countries, IGOs, metonyms, groups, epithets, leaders, sector words) and term matching.

Every table is a TSV in src/tidings/data/. Terms are tokenised with spaCy's English tokenizer so that
they line up with document tokens, and keyed by their lowercased token texts.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.tokens import Doc, Token

DATA_DIR = Path(__file__).parent / "data"

# CAMEO role and religion sectors that agents.tsv may use.
SECTORS = frozenset(
    {"GOV", "MIL", "REB", "OPP", "LEG", "JUD", "COP", "SPY", "BUS", "MED", "CVL", "REF", "EDU", "HLH", "UAF"}
    | {"INS", "SEP", "ELI", "LAB", "AGR", "DEV", "ENV", "HRI", "CRM", "MOD", "RAD"}
    | {"REL", "MUS", "CHR", "JEW", "BUD", "HIN", "SHI", "SUN"}
)


@dataclass(frozen=True, slots=True)
class Term:
    """What a matched name stands for. kind: name, adj, people, capital, igo, ngo, metonym, group, epithet."""

    kind: str
    country: str | None = None
    igo: str | None = None
    sectors: tuple[str, ...] = ()
    org: str | None = None  # a non-state organisation class ("NGO", "IMG") when there is no country
    candidates: tuple[str, ...] = ()  # epithets: countries tried in order
    needs_mention: bool = False
    exact_case: bool = False  # acronyms ("US", "WHO") match only as written
    capitalised: bool = False  # proper names must start with a capital in the text
    surface: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Agent:
    """A sector (role) word such as "minister" -> GOV."""

    sectors: tuple[str, ...]
    # person, group or body; place ("capital": a country's place, no sector) or document ("report":
    # an actor only through who released it)
    kind: str
    default_only: bool  # "(GOV)": used only when nothing else gives a sector
    role: str  # the last word, which "the minister" refers back to


@dataclass(frozen=True, slots=True)
class Match:
    """A table term found at doc tokens [start, end)."""

    start: int
    end: int
    value: Term | Agent


@dataclass(frozen=True)
class ActorTables:
    terms: dict[tuple[str, ...], Term]
    agents: dict[tuple[str, ...], Agent]
    leaders: dict[str, Term]  # lowercased name -> country + sectors
    term_lengths: dict[str, int] = field(default_factory=dict)  # first word -> longest term starting so
    agent_lengths: dict[str, int] = field(default_factory=dict)


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a data TSV as dicts, skipping `#` comments and blank lines."""
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines, delimiter="\t")]


@lru_cache(maxsize=1)
def _tokenizer():
    return spacy.blank("en").tokenizer


def term_tokens(term: str) -> tuple[str, ...]:
    return tuple(t.text for t in _tokenizer()(term))


def is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and term.upper() == term and len(letters) <= 6


def make_term(surface: str, kind: str, **fields) -> Term:
    tokens = term_tokens(surface)
    return Term(
        kind=kind,
        exact_case=is_acronym(surface),
        capitalised=surface[:1].isupper(),
        surface=tokens,
        **fields,
    )


def split_codes(field: str) -> tuple[str, ...]:
    return tuple(code for code in field.split() if code != "-")  # "-": no code


def country_terms() -> Iterator[Term]:
    for row in read_tsv("countries.tsv"):
        yield make_term(row["term"], row["kind"], country=row["iso3"])


def igo_terms() -> Iterator[Term]:
    for row in read_tsv("igos.tsv"):
        code, sectors = row["code"], split_codes(row.get("sectors", ""))
        if row["family"] == "IGO":
            yield make_term(row["term"], "igo", igo=code, sectors=sectors)
        else:  # "NGO" + "HRIAMN": the organisation class, then its code in three-letter chunks
            chunks = tuple(code[i : i + 3] for i in range(0, len(code), 3))
            yield make_term(row["term"], "ngo", org="NGO", sectors=(*chunks, *sectors))


def coded_terms(table: str, kind: str) -> Iterator[Term]:
    for row in read_tsv(table):
        yield make_term(
            row["term"],
            kind,
            country=row["country"] or None,
            org=row.get("org") or None,
            sectors=split_codes(row["sectors"]),
        )


def epithet_terms() -> Iterator[Term]:
    for row in read_tsv("epithets.tsv"):
        candidates = split_codes(row["candidates"])
        yield make_term(
            row["term"], "epithet", candidates=candidates, needs_mention=row["needs_mention"] == "yes"
        )


def non_actor_terms() -> Iterator[Term]:
    for row in read_tsv("non_actors.tsv"):
        yield make_term(row["term"], "none")


def load_agents() -> dict[tuple[str, ...], Agent]:
    agents = {}
    for row in read_tsv("agents.tsv"):
        raw = row["sectors"]
        words = tuple(t.lower() for t in term_tokens(row["term"]))  # "secretary-general": 3 tokens
        agents[words] = Agent(
            sectors=split_codes(raw.strip("()")),
            kind=row["kind"],
            default_only=raw.startswith("("),
            role=words[-1],
        )
    return agents


def load_leaders() -> dict[str, Term]:
    leaders = {}
    for row in read_tsv("leaders.tsv"):
        fields = {"country": row["country"] or None, "igo": row["igo"] or None}
        leaders[row["name"].lower()] = make_term(
            row["name"], "leader", sectors=split_codes(row["sectors"]), **fields
        )
    return leaders


@lru_cache(maxsize=1)
def load_tables() -> ActorTables:
    """All actor tables; later tables win when a term appears twice (a named group over a country name)."""
    terms: dict[tuple[str, ...], Term] = {}
    sources = (
        epithet_terms(),
        country_terms(),
        coded_terms("metonyms.tsv", "metonym"),
        coded_terms("groups.tsv", "group"),
        non_actor_terms(),
        igo_terms(),
    )
    for source in sources:
        for term in source:
            key = tuple(t.lower() for t in term.surface)
            terms[key] = merged_spelling(terms.get(key), term)
    agents = load_agents()
    return ActorTables(
        terms, agents, load_leaders(), longest_by_first_word(terms), longest_by_first_word(agents)
    )


def longest_by_first_word(keys: Iterable[tuple[str, ...]]) -> dict[str, int]:
    """For each first word, the length of the longest key starting with it (bounds the matcher's search)."""
    longest: dict[str, int] = {}
    for key in keys:
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    return longest


def merged_spelling(old: Term | None, new: Term) -> Term:
    """A term listed in two spellings ("al-Shabab", "Al-Shabab") matches as loosely as the looser one."""
    if old is None or (old.kind, old.country, old.igo, old.sectors) != (
        new.kind,
        new.country,
        new.igo,
        new.sectors,
    ):
        return new
    return replace(
        new, exact_case=old.exact_case and new.exact_case, capitalised=old.capitalised and new.capitalised
    )


def case_fits(term: Term, tokens: list[Token]) -> bool:
    if term.exact_case:
        return tuple(t.text for t in tokens) == term.surface
    if term.capitalised:
        return any(c.isupper() for c in tokens[0].text)  # "Israel", also mistyped "iSrael"
    return True


def match_terms(doc: Doc, tables: ActorTables) -> list[Match]:
    """Longest-first, left-to-right matches of named terms; names that NER calls a PERSON are skipped."""
    folded = [_fold(t.text) for t in doc]
    found, i = [], 0
    while i < len(doc):
        match = _longest_term_at(doc, folded, i, tables)
        if match:
            found.append(match)
            i = match.end
        else:
            i += 1
    # Non-actor names only block shorter matches; "pro-Russia rebels" are not Russia's.
    return [m for m in found if m.value.kind != "none" and not _is_stance(doc, m)]


# "pro-Western", "anti-Syria", "Syrian-backed", "Israeli-occupied": a name inside such a compound says
# whom the thing favours, opposes or depends on, not where it is from ("US-led", "UK-based" do).
STANCE_PREFIXES = frozenset({"pro", "anti"})
STANCE_SUFFIXES = frozenset(
    {"backed", "occupied", "held", "controlled", "funded", "supported", "sponsored", "allied", "linked"}
    | {"aligned", "brokered", "inspired", "friendly", "leaning", "appointed", "installed", "armed"}
)


def _is_stance(doc: Doc, match: Match) -> bool:
    start, end = match.start, match.end
    prefixed = start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in STANCE_PREFIXES
    suffixed = end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in STANCE_SUFFIXES
    return prefixed or suffixed


def _longest_term_at(doc: Doc, folded: list[str], i: int, tables: ActorTables) -> Match | None:
    longest = tables.term_lengths.get(folded[i], 0)
    for length in range(min(longest, len(doc) - i), 0, -1):
        term = tables.terms.get(tuple(folded[i : i + length]))
        if term is None:
            continue
        tokens = list(doc[i : i + length])
        if case_fits(term, tokens) and not _is_person_name(term, tokens):
            return Match(i, i + length, term)
    return None


def _fold(text: str) -> str:
    return text.lower().replace("’", "'")


# Term kinds that are also first or last names ("Chad Smith", "Karen Moro").
PERSONAL_NAME_KINDS = frozenset({"name", "ethnic", "region"})


def _is_person_name(term: Term, tokens: list[Token]) -> bool:
    # "Chad Smith", "Jordan Peterson": a country name inside a longer PERSON entity is a name.
    if term.kind not in PERSONAL_NAME_KINDS or any(t.ent_type_ != "PERSON" for t in tokens):
        return False
    doc, first, last = tokens[0].doc, tokens[0].i, tokens[-1].i
    before = first > 0 and doc[first - 1].ent_type_ == "PERSON" and doc[first].ent_iob_ == "I"
    after = last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I"
    return before or after


def match_agents(doc: Doc, tables: ActorTables) -> list[Match]:
    """Longest-first matches of sector words, by lemma or by text ("soldiers" -> "soldier")."""
    reach = [max(tables.agent_lengths.get(form, 0) for form in _word_forms(t)) for t in doc]
    found, i = [], 0
    while i < len(doc):
        match = _longest_agent_at(doc, reach[i], i, tables) if reach[i] else None
        if match:
            found.append(match)
            i = match.end
        else:
            i += 1
    return found


def _longest_agent_at(doc: Doc, reach: int, i: int, tables: ActorTables) -> Match | None:
    for length in range(min(reach, len(doc) - i), 0, -1):
        tokens = doc[i : i + length]
        if tokens[-1].pos_ not in ("NOUN", "PROPN"):
            continue
        for key in _agent_keys(tokens):
            agent = tables.agents.get(key)
            if agent:
                return Match(i, i + length, agent)
    return None


def _word_forms(token: Token) -> tuple[str, str, str]:
    """The word as written, its lemma, and a naive singular ("Forces" -> "forces", "forces", "force")."""
    lower = token.lower_
    return lower, token.lemma_.lower(), lower[:-1] if lower.endswith("s") else lower


def _agent_keys(tokens) -> list[tuple[str, ...]]:
    texts = [t.lower_ for t in tokens]
    return [tuple(texts[:-1] + [form]) for form in _word_forms(tokens[-1])]
