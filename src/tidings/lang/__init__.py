"""Languages: the words and word forms the coders read, one typed record per language.

Every English word tidings' rules use lives in `lang/en/` as TSV (read once by `resources.read_table`)
and is handed to the stages as a `Language` record: the small closed word classes (`Words`), the date,
place and speech-verb tables, the quotation marks, and the morphology (suffix rules). Stages receive
the `Language` through their constructors; `load_language("en")` builds it once per process.
Other languages register a loader in `tidings.plugins.languages` (entry-point group `tidings.languages`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Literal, Protocol

from ..plugins import languages
from ..records import DatePrecision

DEFAULT_LANGUAGE = "en"
Complement = Literal["clause", "for", "object_to", "according_to", "none"]
DateUnit = Literal["day", "week", "month", "year"]
Sex = Literal["m", "f", "-"]  # a first name given mostly to boys, to girls, or to both


@dataclass(frozen=True, slots=True)
class Words:
    """The closed word classes the rules read, by what they do (one list each in lang/<code>/words.tsv).
    Lists whose order matters (a preference) are tuples; the others are sets."""

    # actor phrases
    former_words: frozenset[str]  # "former President X" is an elite, no longer the government
    name_particles: frozenset[str]  # lower-case parts of personal names ("al", "bin", "van")
    ethnic_words: frozenset[str]  # "ethnic Albanians": a people living in the place the phrase names
    stance_prefixes: frozenset[str]  # "pro-Russia rebels" are not Russia's
    stance_suffixes: frozenset[str]  # "Syrian-backed militia" is not Syria's
    seat_verbs: frozenset[str]  # "a group based in Beirut" is from Lebanon
    origin_preps_person: frozenset[str]  # "president of Russia"
    origin_preps_group: frozenset[str]  # "rebels in Chad"
    origin_preps_body: frozenset[str]  # "the government of Iran"
    origin_preps_place: frozenset[str]  # "the capital of Rwanda"
    origin_preps_document: frozenset[str]  # "a report by the ministry"
    document_preps: frozenset[str]  # "a report released in Kigali"
    residence_preps: frozenset[str]  # "the Albanians of southern Serbia"
    ethnic_residence_preps: frozenset[str]  # "ethnic Albanians in Serbia"
    action_preps: frozenset[str]  # "protesters blocked streets in Hong Kong"
    title_breaking_preps: frozenset[str]  # "Ambassador to Iran X": Iran is not X's country
    # references
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    speaker_pronouns: frozenset[str]  # first person: "we", "our"
    third_person: frozenset[str]  # "he said": the last named speaker
    male_pronouns: frozenset[str]  # "he", "his": a man
    female_pronouns: frozenset[str]  # "she", "her": a woman
    male_honorifics: frozenset[str]  # "Mr."
    female_honorifics: frozenset[str]  # "Mrs.", "Ms."
    addressee_pronouns: frozenset[str]  # "you"
    name_suffixes: frozenset[str]  # "Jr."
    noun_phrase_ends: frozenset[str]  # "officials at the State Department": the head ends before "at"
    infinitive_marks: frozenset[str]  # "vowed to fight"
    question_marks: frozenset[str]  # "asked if/whether ..."
    coordinators: frozenset[str]  # "and", "or"
    expletive_verbs: frozenset[str]  # "it seems": no referent
    pair_nouns: frozenset[str]  # "the two countries", "both sides"
    country_nouns: frozenset[str]  # "the country"
    pair_counts: frozenset[str]  # "two", "both"
    definite_articles: frozenset[str]  # "the minister" refers back
    disposition_adjectives: frozenset[str]  # "it is willing to withdraw": "it" refers
    relative_pronouns: frozenset[str]  # "who", "which"
    # clauses
    condition_marks: frozenset[str]  # "if", "unless"
    circumstance_marks: frozenset[str]  # "as", "after", "because"
    content_marks: frozenset[str]  # "reports that rebels attacked"
    clause_marks: frozenset[str]  # words that open a reported clause ("said that ...")
    future_aux: frozenset[str]  # "will", "would"
    going_verbs: frozenset[str]  # "is going to visit"
    negation_words: frozenset[str]  # "never", "no"
    negating_pobjs: frozenset[str]  # "by no means"
    obligation_modals: frozenset[str]  # "Y must withdraw"
    conditional_modals: frozenset[str]  # "may halt aid if ..."
    # event arguments
    modifier_preps: frozenset[str]  # "sanctions against Iran": who a phrase is about
    nested_preps: frozenset[str]  # "diversification of relations between X and Y"
    nominal_target_preps: tuple[str, ...]  # "visit to Y", "talks with Y", in order of preference
    # dates
    weekday_parts: frozenset[str]  # "Monday night", "last Tuesday"
    year_preps: tuple[str, ...]  # "in 2016", "since 2016"
    year_modifiers: tuple[str, ...]  # "in early 2016"
    year_prefixes: tuple[str, ...]  # "in mid-2016"


@dataclass(frozen=True, slots=True)
class RelativeDate:
    """A relative date expression: move the publication date by `offset` units."""

    unit: DateUnit
    offset: int
    precision: DatePrecision


@dataclass(frozen=True, slots=True)
class DateWords:
    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    numbers: Mapping[str, int | None]
    units: Mapping[str, DateUnit]
    modifiers: frozenset[str]
    skip: frozenset[str]
    relative: Mapping[str, RelativeDate]


@dataclass(frozen=True, slots=True)
class GeoWords:
    locative: frozenset[str]  # prepositions of place: "in Tehran", "near Idlib"
    articles: frozenset[str]  # articles place names drop: "Al Qamishli" -> "Qamishli"
    regions: frozenset[str]  # continents and world regions: never one point
    directions: frozenset[str]  # "southern Lebanon" -> Lebanon


@dataclass(frozen=True, slots=True)
class SpeechVerb:
    lemma: str
    act: str  # the kind of speech act: "say", "stress", "call for", ...
    complement: Complement  # which indirect form it takes
    object: bool = False  # its direct object is what was said ("denied the charges")


@dataclass(frozen=True, slots=True)
class QuoteMarks:
    """Quotation marks: which marks close a quotation each opening mark starts. One model for the
    prefilter (is this sentence inside a quotation?) and the quote finder (what is quoted?)."""

    closers: Mapping[str, str]  # opening mark -> the marks that close it ('"' closes itself)
    single: frozenset[str]  # marks that are also apostrophes (‘ ’): a cheap pass cannot tell them apart
    # two-character marks ('' in some wire copy, opening and closing) -> the one-character mark read for them
    digraphs: Mapping[str, str] = field(default_factory=dict)

    def readable(self, text: str) -> str:
        """`text` with each two-character mark read as its one-character mark and a space: same length,
        same offsets, so quotations are found one character at a time."""
        for digraph, mark in self.digraphs.items():
            text = text.replace(digraph, mark + " " * (len(digraph) - 1))
        return text

    @property
    def toggles(self) -> frozenset[str]:
        """Marks that both open and close (the ASCII double quote)."""
        return frozenset(mark for mark, closing in self.closers.items() if mark in closing)

    @property
    def opening(self) -> frozenset[str]:
        """Marks that only open a quotation, apostrophe-like ones left out."""
        return frozenset(self.closers) - self.toggles - self.single

    @property
    def closing(self) -> frozenset[str]:
        """Marks that only close a quotation, apostrophe-like ones left out."""
        closing = {
            mark
            for opening, marks in self.closers.items()
            for mark in ([marks] if opening in self.digraphs else marks)
        }
        return frozenset(closing) - frozenset(self.closers) - self.single

    @property
    def unambiguous(self) -> frozenset[str]:
        """Every mark that is certainly a quotation mark."""
        return self.opening | self.closing | self.toggles


class Morphology(Protocol):
    """Word forms by rule: what a language's suffixes do."""

    def verb_bases(self, text: str, lemma: str) -> list[str]:
        """Base forms of a verb as written: its lemma, then guesses from its spelling."""
        ...

    def noun_forms(self, lower: str, lemma: str) -> tuple[str, ...]:
        """A noun as written, its lemma, and a naive singular."""
        ...

    def plural_forms(self, word: str) -> Iterable[str]:
        """A noun and its plural spellings."""
        ...

    def verb_forms(self, lemma: str) -> Iterator[str]:
        """The regular written forms of a verb lemma."""
        ...


@dataclass(frozen=True, eq=False)
class Language:
    """Everything language-specific the stages read. Built once per process by `load_language`."""

    code: str
    words: Words
    morphology: Morphology
    quote_marks: QuoteMarks
    speech_verbs: Mapping[str, SpeechVerb]
    dates: DateWords
    places: GeoWords
    light_verbs: frozenset[str]  # "held talks": the object noun says what happened
    quantity_nouns: frozenset[str]  # "25,000 tons of aid" is aid
    evaluative_words: Mapping[str, str]  # adjective -> "neg" / "pos"
    tone_neutral: frozenset[str]  # words a sentiment lexicon scores but that are neutral in news
    first_names: Mapping[str, Sex] = field(default_factory=dict)  # lower-case first name -> m / f / -
    title_abbreviations: Mapping[str, str] = field(default_factory=dict)  # "sen" -> "senator"


WORD_LISTS = tuple(f.name for f in fields(Words))
ORDERED_LISTS = frozenset(f.name for f in fields(Words) if str(f.type).startswith("tuple"))


@lru_cache(maxsize=8)
def load_language(code: str = DEFAULT_LANGUAGE) -> Language:
    """The language registered as `code` ("en"), loaded once per process."""
    language: Language = languages.get(code)()
    return language
