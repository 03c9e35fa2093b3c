"""The actor dictionary (countries, IGOs, metonyms, groups, epithets, people, role words) and matching it.

A dictionary is read from one or more folders of TSV tables: tidings' default one
(data/actors/default/) and, over it, any folders a user gives (`--actors DIR`, `Tidings.load(actors=[...])`).
A later folder wins over an earlier one for the same term, leader or role word; a folder may hold any
subset of the tables. Every row is checked: a bad one is a `DataFileError` naming its file and line.
People (office_holders.tsv, leaders.tsv) are read by `people`, which codes them by date.

Terms are tokenised with spaCy's tokenizer for the language, so that they line up with document
tokens, and keyed by their lowercased token texts.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Generic, Literal, TypeVar, cast, get_args

import spacy
from spacy.tokens import Doc, Span, Token

from ...errors import DataFileError
from ...lang import Language, load_language
from ...nlp.parse import children_of, tokens_of
from ...nlp.syntax import (
    DETERMINER_DEPS,
    ENT_ORG,
    ENT_PERSON,
    IOB_INSIDE,
    NOMINAL_SUBJECT_DEPS,
    NOUN_POS,
    PLACE_ENTITIES,
    PLURAL_TAGS,
    POS_PROPN,
    entity_span,
)
from ...ontology import EventOntology, load_ontology
from ...places.gazetteer import Gazetteer
from ...records import Actor
from ...resources import Row, data_file, read_table, split_codes
from . import groups, people
from .groups import Groups
from .people import NameContext, People, recode_for_day

DEFAULT_ACTORS = data_file("actors", "default")

TermKind = Literal[
    "name",  # a country's name ("Russia")
    "adj",  # its adjective ("Russian")
    "people",  # its people ("Russians")
    "capital",  # its capital, standing for it ("Moscow")
    "region",  # a region standing for it ("Darfur")
    "ethnic",  # a people living (almost) only there ("Tamil")
    "igo",  # an intergovernmental organisation
    "ngo",  # a non-governmental organisation
    "metonym",  # a place standing for an institution ("the Kremlin")
    "group",  # a named non-state group or party
    "epithet",  # a descriptive name settled by the article ("the Islamic Republic")
    "none",  # a name that is no actor but blocks shorter matches ("New Mexico")
    "leader",  # a known leader by name
    "derived",  # made by the coder from another phrase
    "place",  # a place standing as an actor, from the gazetteer
]
CountryKind = Literal["name", "adj", "people", "capital", "region", "ethnic"]
# person, group or body; place ("capital": a country's place, no sector) or document ("report": an
# actor only through who released it)
AgentKind = Literal["person", "group", "body", "place", "document"]
NO_SECTOR_KINDS = frozenset({"place", "document"})
ISO3 = re.compile(r"[A-Z]{3}")
CODE = re.compile(r"[A-Z0-9]{2,12}")
SECTOR_CODE = re.compile(r"[A-Z]{3}")
@dataclass(frozen=True, slots=True)
class Term:
    """What a matched name stands for."""

    kind: TermKind
    country: str | None = None
    igo: str | None = None
    sectors: tuple[str, ...] = ()
    org: str | None = None  # a non-state organisation class ("NGO", "IMG") when there is no country
    candidates: tuple[str, ...] = ()  # epithets: countries tried in order
    needs_mention: bool = False
    exact_case: bool = False  # acronyms ("US", "WHO") match only as written
    capitalised: bool = False  # proper names must start with a capital in the text
    surface: tuple[str, ...] = ()
    person: str | None = None  # a known person's name in the people tables ("leader" terms)
    group: str | None = None  # a named group's name in groups.tsv ("group" terms)


@dataclass(frozen=True, slots=True)
class Agent:
    """A sector (role) word such as "minister" -> GOV."""

    sectors: tuple[str, ...]
    kind: AgentKind
    default_only: bool  # "(GOV)": used only when nothing else gives a sector
    role: str  # the last word, which "the minister" refers back to


V = TypeVar("V", Term, Agent)


@dataclass(frozen=True, slots=True)
class Match(Generic[V]):
    """A dictionary term (or role word) found at doc tokens [start, end)."""

    start: int
    end: int
    value: V


@dataclass(frozen=True)
class ActorDictionary:
    """Terms and role words by their lowercased tokens, and the people known by name."""

    terms: dict[tuple[str, ...], Term]
    agents: dict[tuple[str, ...], Agent]
    people: People
    groups: Groups
    term_lengths: dict[str, int] = field(default_factory=dict)  # first word -> longest term starting so
    agent_lengths: dict[str, int] = field(default_factory=dict)
    folders: tuple[str, ...] = ()  # where it was read from, default first

    @property
    def person_titles(self) -> frozenset[str]:
        """Role words naming one person ("minister", "spokesman")."""
        return frozenset(agent.role for agent in self.agents.values() if agent.kind == "person")


# ---------------------------------------------------------------- reading the tables


@dataclass(frozen=True)
class Table:
    """One table file of a dictionary folder: its columns and how a row becomes entries."""

    name: str
    columns: tuple[str, ...]
    optional: tuple[str, ...] = ()


# Term tables in the order they are read: a later table wins for a term listed twice (a named group
# over a country name).
TERM_TABLES = (
    Table("epithets.tsv", ("term", "candidates", "needs_mention")),
    Table("countries.tsv", ("iso3", "kind", "term")),
    Table("metonyms.tsv", ("term", "country", "sectors"), ("org",)),
    Table("non_actors.tsv", ("term",)),
    Table("igos.tsv", ("term", "family", "code"), ("sectors",)),
)
GROUPS = Table(groups.GROUPS, groups.COLUMNS, groups.OPTIONAL)
OFFICE_HOLDERS = Table(people.OFFICE_HOLDERS, people.OFFICE_COLUMNS, people.OFFICE_OPTIONAL)
LEADERS = Table(people.LEADERS, people.LEADER_COLUMNS, people.LEADER_OPTIONAL)
AGENTS = Table("agents.tsv", ("term", "sectors", "kind"))
TABLES = {table.name: table for table in (*TERM_TABLES, GROUPS, OFFICE_HOLDERS, LEADERS, AGENTS)}


def actor_folders(folders: Iterable[str | os.PathLike] = ()) -> tuple[str, ...]:
    """The default dictionary folder followed by `folders`, as absolute paths (the cache key)."""
    return (str(DEFAULT_ACTORS), *(str(Path(folder).resolve()) for folder in folders))


def load_actor_dictionary(
    folders: Iterable[str | os.PathLike] = (), language: str = "en", ontology: str = "cameo"
) -> ActorDictionary:
    """The default actor dictionary with the tables in `folders` over it (later folders win).
    Read once per process for each combination; a bad folder or row raises DataFileError."""
    return _load_dictionary(actor_folders(folders), language, ontology)


@lru_cache(maxsize=8)
def _load_dictionary(folders: tuple[str, ...], language: str, ontology: str) -> ActorDictionary:
    lang, onto = load_language(language), load_ontology(ontology)
    reader = TableReader(lang, onto)
    terms: dict[tuple[str, ...], Term] = {}
    agents: dict[tuple[str, ...], Agent] = {}
    folder_tables = [dictionary_tables(Path(folder)) for folder in folders]
    for tables in folder_tables:
        for table in TERM_TABLES:
            for term in reader.terms(tables.get(table.name), table):
                key = tuple(t.lower() for t in term.surface)
                terms[key] = merged_spelling(terms.get(key), term)
        agents.update(reader.agents(tables.get(AGENTS.name)))
    former = {s.code: s.former for s in onto.sectors.values() if s.former}
    known = people.PeopleReader(former, people.NameRules.of(lang.words)).read(folder_tables)
    group_reader = groups.GroupReader(groups.NameFolding.of(lang.words), reader.tokens)
    named = group_reader.read(t[GROUPS.name] for t in folder_tables if GROUPS.name in t)
    return ActorDictionary(
        terms, agents, known, named, longest_by_first_word(terms), longest_by_first_word(agents), folders
    )


def dictionary_tables(folder: Path) -> dict[str, Path]:
    """The table files of a dictionary folder, by name; a folder without any, or with a .tsv file of
    another name (a misspelt table), is an error."""
    if not folder.is_dir():
        raise DataFileError(str(folder), "actor dictionary folder not found")
    found = {path.name: path for path in sorted(folder.glob("*.tsv"))}
    unknown = sorted(set(found) - set(TABLES))
    if unknown:
        raise DataFileError(
            str(folder / unknown[0]), f"not an actor table (tables: {', '.join(sorted(TABLES))})"
        )
    if not found:
        raise DataFileError(
            str(folder), f"no actor table in the folder (tables: {', '.join(sorted(TABLES))})"
        )
    return found


class TableReader:
    """Reads and checks the rows of actor tables."""

    def __init__(self, language: Language, ontology: EventOntology) -> None:
        self.tokenizer = _tokenizer(language.code)
        self.sectors = frozenset(ontology.sectors)

    def rows(self, path: Path | None, table: Table) -> list[Row]:
        return [] if path is None else read_table(path, table.columns, optional=table.optional)

    def terms(self, path: Path | None, table: Table) -> Iterator[Term]:
        make: Callable[[Row], Term | None] = {
            "epithets.tsv": self.epithet,
            "countries.tsv": self.country,
            "metonyms.tsv": lambda row: self.coded(row, "metonym"),
            "non_actors.tsv": lambda row: self.make_term(row, row["term"], "none"),
            "igos.tsv": self.igo,
        }[table.name]
        for row in self.rows(path, table):
            term = make(row)
            if term is not None:
                yield term

    def make_term(self, row: Row, surface: str, kind: TermKind, **fields) -> Term:
        if not surface:
            raise row.error("empty term")
        return Term(
            kind=kind,
            exact_case=is_acronym(surface),
            capitalised=surface[:1].isupper(),
            surface=self.tokens(surface),
            **fields,
        )

    def tokens(self, text: str) -> tuple[str, ...]:
        return tuple(t.text for t in self.tokenizer(text))

    def country(self, row: Row) -> Term:
        kind = _one_of(row, "kind", get_args(CountryKind))
        return self.make_term(row, row["term"], kind, country=_iso3(row, "iso3"))  # type: ignore[arg-type]

    def igo(self, row: Row) -> Term:
        family, code, sectors = (
            _one_of(row, "family", ("IGO", "NGO")),
            row["code"],
            self.codes(row, "sectors"),
        )
        if not CODE.fullmatch(code):
            raise row.error(f"code {code!r} is not 2-12 capital letters or digits")
        if family == "IGO":
            return self.make_term(row, row["term"], "igo", igo=code, sectors=sectors)
        # "NGO" + "HRIAMN": the organisation class, then its code in three-letter chunks
        chunks = tuple(code[i : i + 3] for i in range(0, len(code), 3))
        return self.make_term(row, row["term"], "ngo", org="NGO", sectors=(*chunks, *sectors))

    def coded(self, row: Row, kind: TermKind) -> Term:
        return self.make_term(
            row,
            row["term"],
            kind,
            country=_iso3(row, "country", empty=True),
            org=row.get("org") or None,
            sectors=self.codes(row, "sectors"),
        )

    def epithet(self, row: Row) -> Term:
        candidates = split_codes(row["candidates"])
        for code in candidates:
            if not ISO3.fullmatch(code):
                raise row.error(f"candidate {code!r} is not an ISO 3166 alpha-3 code")
        needs_mention = _one_of(row, "needs_mention", ("yes", "no")) == "yes"
        return self.make_term(row, row["term"], "epithet", candidates=candidates, needs_mention=needs_mention)

    def agents(self, path: Path | None) -> dict[tuple[str, ...], Agent]:
        agents = {}
        for row in self.rows(path, AGENTS):
            raw = row["sectors"]
            kind = cast(AgentKind, _one_of(row, "kind", get_args(AgentKind)))
            sectors = split_codes(raw.strip("()"))
            unknown = [s for s in sectors if s not in self.sectors]
            if unknown:
                raise row.error(f"unknown sector(s) {', '.join(unknown)} (sectors: data/cameo/sectors.tsv)")
            if kind in NO_SECTOR_KINDS and sectors:
                raise row.error(f"a {kind} word codes no sector of its own: write '-'")
            words = tuple(t.lower() for t in self.tokens(row["term"]))  # "secretary-general": 3 tokens
            if not words:
                raise row.error("empty term")
            agents[words] = Agent(
                sectors=sectors, kind=kind, default_only=raw.startswith("("), role=words[-1]
            )
        return agents

    def codes(self, row: Row, column: str) -> tuple[str, ...]:
        codes = split_codes(row.get(column, ""))
        bad = [code for code in codes if not SECTOR_CODE.fullmatch(code)]
        if bad:
            raise row.error(f"{column}: {', '.join(bad)} is not a three-letter code")
        return codes


def _one_of(row: Row, column: str, allowed: tuple[str, ...]) -> str:
    if row[column] not in allowed:
        raise row.error(f"{column} {row[column]!r} is not one of {', '.join(allowed)}")
    return row[column]


def _iso3(row: Row, column: str, empty: bool = False) -> str | None:
    value = row[column]
    if empty and not value:
        return None
    if not ISO3.fullmatch(value):
        raise row.error(f"{column} {value!r} is not an ISO 3166 alpha-3 code")
    return value


@lru_cache(maxsize=4)
def _tokenizer(language: str):
    return spacy.blank(language).tokenizer


def is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and term.upper() == term and len(letters) <= 6


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


# ---------------------------------------------------------------- matching


def case_fits(term: Term, tokens: list[Token]) -> bool:
    if term.exact_case:
        return tuple(t.text for t in tokens) == term.surface
    if term.capitalised:
        return any(c.isupper() for c in tokens[0].text)  # "Israel", also mistyped "iSrael"
    return True


def fold(text: str) -> str:
    return text.lower().replace("’", "'")


# Entities that may be places: NER takes some towns for organisations ("El Fasher").
NAMED_PLACE_ENTITIES = PLACE_ENTITIES | {ENT_ORG}
# Term kinds that are also first or last names ("Chad Smith", "Karen Moro").
PERSONAL_NAME_KINDS = frozenset({"name", "ethnic", "region"})


class DictionaryMatcher:
    """Finds a dictionary's terms and role words in a parsed document."""

    def __init__(
        self, dictionary: ActorDictionary, language: Language, gazetteer: Gazetteer | None = None
    ) -> None:
        self.dictionary = dictionary
        self.gazetteer = gazetteer  # places the text names tell which countries it is about
        self.stance_prefixes = language.words.stance_prefixes
        self.stance_suffixes = language.words.stance_suffixes
        self.noun_forms = language.morphology.noun_forms

    def terms(self, doc: Doc, day: dt.date | None = None) -> list[Match[Term]]:
        """Longest-first, left-to-right matches of named terms and group names; names that NER calls a
        PERSON are skipped. A group name is coded for `day` (the article's date) and for the countries
        the other terms name."""
        texts = [t.text for t in tokens_of(doc)]
        folded = [fold(text) for text in texts]
        plain: dict[int, Match[Term] | None] = {}  # the table term at each token, for both scans
        countries = frozenset(
            code for m in self._scan(doc, folded, plain) if (code := m.value.country or m.value.igo)
        ) | self._place_countries(doc) | self._people_countries(doc, day)
        found = self._scan(doc, folded, plain, lambda i: self._group_at(doc, texts, i, day, countries))
        # Non-actor names only block shorter matches; "pro-Russia rebels" are not Russia's.
        return [m for m in found if m.value.kind != "none" and not self._misleads(doc, m)]

    def _misleads(self, doc: Doc, match: Match[Term]) -> bool:
        """A name that does not stand for its country where it is written."""
        if self._is_stance(doc, match) or _is_surname(doc, match):
            return True
        return self._inside_foreign_place(doc, match)

    def _inside_foreign_place(self, doc: Doc, match: Match[Term]) -> bool:
        """ "British Columbia", "North Kingstown": a country, capital or nationality word inside the longer
        name of a place (a place entity the gazetteer knows) that lies in another country is no part of
        that country."""
        country = match.value.country
        entity = entity_span(doc[match.start])
        if self.gazetteer is None or country is None or entity is None or entity.label_ not in PLACE_ENTITIES:
            return False
        if entity.start > match.start or entity.end < match.end or len(entity) == match.end - match.start:
            return False
        places = [c.place for c in self.gazetteer.notable(entity.text) if c.primary and c.place.country]
        return bool(places) and all(place.country != country for place in places)

    def _place_countries(self, doc: Doc) -> frozenset[str]:
        """Countries a place the text names may be in ("El Fasher": Sudan), for group names that need
        their country in the article ("the RSF shelled El Fasher")."""
        if self.gazetteer is None:
            return frozenset()
        names = [e.text for e in doc.ents if e.label_ in NAMED_PLACE_ENTITIES]
        tokens = tokens_of(doc)
        capitalised = [t for t in tokens if t.text[:1].isupper() and not t.is_sent_start]  # NER misses "Beni"
        names += [t.text for t in capitalised]
        pairs = (t for t in capitalised if t.i + 1 < len(doc) and t.nbor().is_title)
        names += [f"{t.text} {t.nbor().text}" for t in pairs]
        places = (c.place for name in names for c in self.gazetteer.notable(name))
        return frozenset(place.country for place in places if place.country)

    def _people_countries(self, doc: Doc, day: dt.date | None) -> frozenset[str]:
        """Countries of the known people the text names ("Hasina accused the BNP": Bangladesh)."""
        people, nobody = self.dictionary.people, NameContext()
        found: set[str] = set()
        names = [e.text for e in doc.ents if e.label_ == ENT_PERSON]
        tokens = tokens_of(doc)
        names += [t.text for t in tokens if t.text[:1].isupper() and t.text.lower() in people.surnames]
        for name in names:
            person = people.by_full_name(name, day, nobody) or people.by_surname(name, day, nobody)
            if person is not None:
                found |= person.countries
        return frozenset(found)

    def _scan(
        self, doc: Doc, folded: list[str], terms_at: dict[int, Match[Term] | None], group_at=None
    ) -> list[Match[Term]]:
        found, i = [], 0
        while i < len(doc):
            if i not in terms_at:
                terms_at[i] = self._longest_term_at(doc, folded, i)
            plain = terms_at[i]
            group = group_at(i) if group_at is not None else None
            match = group if group and (plain is None or group.end >= plain.end) else plain
            if match:
                found.append(match)
                i = match.end
            else:
                i += 1
        return found

    def _group_at(
        self, doc: Doc, texts: list[str], i: int, day: dt.date | None, countries: frozenset[str]
    ) -> Match[Term] | None:
        groups = self.dictionary.groups
        found = groups.match_at(texts, i)
        if found is None or _inside_person_name(list(doc[found.start : found.end])):
            return None
        words = [t for t in doc[found.start : found.end] if t.is_alpha]
        if found.folded_only and not all(t.pos_ == POS_PROPN for t in words):
            return None  # "Rioters burned ...": a common word that only folds like a name ("Reuters")
        coding = groups.choose((s.coding for s in found.spellings), day, countries)
        if coding is None:
            return None
        term = Term(
            kind="group",
            country=coding.country,
            org=coding.org if not coding.country else None,
            sectors=coding.sectors,
            group=coding.name,
            capitalised=True,
        )
        return Match(found.start, found.end, term)

    def _is_stance(self, doc: Doc, match: Match[Term]) -> bool:
        """ "pro-Western", "anti-Syria", "Syrian-backed", "Israeli-occupied": a name inside such a compound
        says whom the thing favours, opposes or depends on, not where it is from ("US-led" does)."""
        start, end = match.start, match.end
        prefixed = start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in self.stance_prefixes
        suffixed = end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in self.stance_suffixes
        return prefixed or suffixed

    def _longest_term_at(self, doc: Doc, folded: list[str], i: int) -> Match[Term] | None:
        terms = self.dictionary.terms
        longest = self.dictionary.term_lengths.get(folded[i], 0)
        for length in range(min(longest, len(doc) - i), 0, -1):
            term = terms.get(tuple(folded[i : i + length]))
            if term is None:
                continue
            tokens = list(doc[i : i + length])
            if case_fits(term, tokens) and not _is_person_name(term, tokens):
                return Match(i, i + length, term)
        return None

    def agents(self, doc: Doc) -> list[Match[Agent]]:
        """Longest-first matches of sector words, by lemma or by text ("soldiers" -> "soldier")."""
        lengths = self.dictionary.agent_lengths
        reach = [max(lengths.get(form, 0) for form in self._forms(t)) for t in tokens_of(doc)]
        found, i = [], 0
        while i < len(doc):
            match = self._longest_agent_at(doc, reach[i], i) if reach[i] else None
            if match:
                found.append(match)
                i = match.end
            else:
                i += 1
        return found

    def _forms(self, token: Token) -> tuple[str, ...]:
        return self.noun_forms(token.lower_, token.lemma_.lower())

    def _longest_agent_at(self, doc: Doc, reach: int, i: int) -> Match[Agent] | None:
        for length in range(min(reach, len(doc) - i), 0, -1):
            tokens = doc[i : i + length]
            if tokens[-1].pos_ not in NOUN_POS or _is_abbreviation(tokens):
                continue
            for key in self._agent_keys(tokens):
                agent = self.dictionary.agents.get(key)
                if agent:
                    return Match(i, i + length, agent)
        return None

    def _agent_keys(self, tokens) -> list[tuple[str, ...]]:
        texts = [t.lower_ for t in tokens]
        return [tuple(texts[:-1] + [form]) for form in self._forms(tokens[-1])]


def _is_surname(doc: Doc, match: Match[Term]) -> bool:
    """ "English denied the allegations": a nationality adjective standing alone as the subject, with no
    article and no noun after it, is a person's surname; the people would be "the English"."""
    token = doc[match.start]
    if match.value.kind != "adj" or match.end - match.start != 1 or token.dep_ not in NOMINAL_SUBJECT_DEPS:
        return False
    return token.tag_ not in PLURAL_TAGS and not any(c.dep_ in DETERMINER_DEPS for c in children_of(token))


def _is_abbreviation(tokens: Span) -> bool:
    """ "Mobil Corp <MOB>": a role word in capitals in the angle brackets of a wire's stock symbol is the
    company's ticker, not the word ("mob"); acronyms that are role words ("MP", "IDP") stay."""
    doc, start, end = tokens.doc, tokens.start, tokens.end
    bracketed = start > 0 and end < len(doc) and doc[start - 1].text == "<" and doc[end].text.startswith(">")
    return bracketed and all(t.text.isupper() for t in tokens)


def _is_person_name(term: Term, tokens: list[Token]) -> bool:
    # "Chad Smith", "Jordan Peterson": a country name inside a longer PERSON entity is a name.
    if term.kind not in PERSONAL_NAME_KINDS or any(t.ent_type_ != ENT_PERSON for t in tokens):
        return False
    doc, first, last = tokens[0].doc, tokens[0].i, tokens[-1].i
    before = first > 0 and doc[first - 1].ent_type_ == ENT_PERSON and doc[first].ent_iob_ == IOB_INSIDE
    after = last + 1 < len(doc) and doc[last + 1].ent_iob_ == IOB_INSIDE
    return before or after


def actor_on_day(dictionary: ActorDictionary, actor: Actor, day: dt.date | None) -> Actor:
    """A known person's or named group's mention coded for `day` rather than the article's date (an
    event the text dates: "in 2015, Obama met Putin", "in 2020, the Taliban attacked")."""
    if day is None:
        return actor
    if actor.person is not None:
        return recode_for_day(actor, dictionary.people, day)
    if actor.group is not None:
        coding = dictionary.groups.on_day(actor.group, actor.country, actor.org, day)
        if coding is not None:
            return replace(actor, sectors=coding.sectors)
    return actor


def _inside_person_name(tokens: list[Token]) -> bool:
    """ "Richard Wagner", "Abdul-Malik al-Houthi": a group's name ending a person's name is the person's.
    NER's person names that are a group's name alone ("the Houthis") or run on after it ("Kataib
    Hezbollah militia") are its mistakes."""
    return all(t.ent_type_ == ENT_PERSON for t in tokens) and tokens[0].ent_iob_ == IOB_INSIDE


def leader_words(dictionary: ActorDictionary, capitalised: bool = False) -> frozenset[tuple[str, ...]]:
    """People's names split in folded words (the prefilter looks them up word by word); with
    `capitalised`, the surnames that count only when written with a capital (see People.name_words)."""
    return dictionary.people.name_words(capitalised)
