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

DEFAULT_LANGUAGE = "en"
Complement = Literal["clause", "for", "object_to", "according_to", "adverb", "none"]
DateUnit = Literal["day", "week", "month", "year"]
Sex = Literal["m", "f", "-"]  # a first name given mostly to boys, to girls, or to both


@dataclass(frozen=True, slots=True)
class Words:
    """The closed word classes the rules read, by what they do (one list each in lang/<code>/words.tsv).
    Lists whose order matters (a preference) are tuples; the others are sets."""

    # actor phrases
    former_words: frozenset[str]  # "former President X" is an elite, no longer the government
    kin_nouns: frozenset[str]  # "West's family", "Lee's lawyer": their possessor is a person, no place
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
    # people's names: how the news shortens a name to a surname
    regnal_titles: frozenset[str]  # "King Philippe": a regnal name has no surname
    patronymic_particles: frozenset[str]  # "Mohammed bin Salman" is not called "Salman"
    generational_suffixes: frozenset[str]  # "Ferdinand Marcos Jr." is "Marcos"; "Abdullah II" has none
    family_name_first: frozenset[str]  # countries (lower-case ISO3) whose names start with the surname
    no_surname: frozenset[str]  # countries (lower-case ISO3) whose names have no surname
    # group names: the Arabic article as English news writes it ("al-Shabaab" = "Shabaab")
    name_articles: frozenset[str]  # joined by a hyphen: "al-", "ash-", "ad-"
    loose_name_articles: frozenset[str]  # standing alone: "Al Shabaab"
    group_nouns: frozenset[str]  # "the group", "the militants": the last named group
    # where a sentence happens (coding.actors.scene)
    place_nouns: frozenset[str]  # "Kaduna state", "Ungwan Gaiya village": a division or settlement
    non_place_heads: frozenset[str]  # "the Myanmar border", "the U.S. dollar": the name says not where
    place_part_nouns: frozenset[str]  # "the outskirts of Idlib": a part of the place after it
    route_preps: frozenset[str]  # "on the road between X and Y", "marched through Belgrade": where, too
    part_preps: frozenset[str]  # "of": the preposition joining a place to the part before it
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
    open_question_marks: frozenset[str]  # "did not disclose whether ...": a question under any verb
    question_verbs: frozenset[str]  # "asked why ...": with a question as its clause, no request
    coordinators: frozenset[str]  # "and", "or"
    expletive_verbs: frozenset[str]  # "it seems": no referent
    pair_nouns: frozenset[str]  # "the two countries", "both sides"
    country_nouns: frozenset[str]  # "the country"
    pair_counts: frozenset[str]  # "two", "both"
    gathering_titles: frozenset[str]  # "the ministers met": plural office holders of several states
    definite_articles: frozenset[str]  # "the minister" refers back
    disposition_adjectives: frozenset[str]  # "it is willing to withdraw": "it" refers
    relative_pronouns: frozenset[str]  # "who", "which"
    # clauses
    condition_marks: frozenset[str]  # "if", "unless"
    circumstance_marks: frozenset[str]  # "as", "after", "because"
    content_marks: frozenset[str]  # "reports that rebels attacked"
    mishap_nouns: frozenset[str]  # "killed in a road accident": no attacker to code
    document_nouns: frozenset[str]  # "the constitution requires", "the law bans": a rule, no actor
    hazard_nouns: frozenset[str]  # "a fire killed five", "killed by his lions": no attacker
    aircraft_nouns: frozenset[str]  # "a helicopter crashed": a mishap, not an attack
    simultaneity_marks: frozenset[str]  # "killed when the bomber crashed": the crash is how it happened
    clause_marks: frozenset[str]  # words that open a reported clause ("said that ...")
    future_aux: frozenset[str]  # "will", "would"
    going_verbs: frozenset[str]  # "is going to visit"
    plan_words: frozenset[str]  # "is scheduled to visit", "plans to strike", "is expected on March 3"
    invitation_verbs: frozenset[str]  # "has invited X to talks on Thursday": the talks lie ahead
    negation_words: frozenset[str]  # "never", "no"
    negating_pobjs: frozenset[str]  # "by no means"
    obligation_modals: frozenset[str]  # "Y must withdraw"
    conditional_modals: frozenset[str]  # "may halt aid if ..."
    irrealis_modals: frozenset[str]  # "would prefer to", "could destroy": possible or wished, not done
    perfect_aux: frozenset[str]  # "would have allowed": with an irrealis modal, it did not happen
    interrogative_ends: frozenset[str]  # "?": the sentence asks
    first_person: frozenset[str]  # "I", "me", "we", "our": the speaker, an actor only when named
    second_person: frozenset[str]  # "you": the reader or the interviewer, never an actor
    denominations: frozenset[str]  # "a Greek Orthodox church": a nationality before one is a creed's
    # event arguments
    modifier_preps: frozenset[str]  # "sanctions against Iran": who a phrase is about
    nested_preps: frozenset[str]  # "diversification of relations between X and Y"
    nominal_target_preps: tuple[str, ...]  # "visit to Y", "talks with Y", in order of preference
    mutual_preps: frozenset[str]  # "clashes erupted between X and Y": the parties of the subject's event
    impact_verbs: frozenset[str]  # "a shell landed on a house": with a weapon as subject, an attack
    person_patient_verbs: frozenset[str]  # "killed a shepherd": what they are done to is a person
    person_only_verbs: frozenset[str]  # "lynched a butcher": done only to people, by anyone
    unrealized_modifiers: frozenset[str]  # "the planned trip", "a cancelled visit": it did not happen
    verbal_attack_verbs: frozenset[str]  # "Biden attacked Trump for ...": between named people, words
    permission_verbs: frozenset[str]  # "allowed a court to require": the allowed act is not done
    naming_verbs: frozenset[str]  # "called the probe a witch hunt": a predicate on the object, an opinion
    arrangement_verbs: frozenset[str]  # "were to storm": "be" + "to" tells what was arranged, not done
    future_time_words: frozenset[str]  # "leaves tomorrow", "meets next week": the present tense as a plan
    likelihood_words: frozenset[str]  # "is likely to visit": a forecast of the act, not the act
    caution_verbs: frozenset[str]  # "warned that the plan is risky": a danger stated, no threat made
    opinion_verbs: frozenset[str]  # "believe he should resign": what ought to be done, no demand made
    obligation_verbs: frozenset[str]  # "will have to resign": an act required, not done
    standing_verbs: frozenset[str]  # "both sides oppose the rebels": in the simple present, a position held
    negative_pronouns: frozenset[str]  # "none of the members asked", "nobody attacked": no one did it
    subjunctive_aux: frozenset[str]  # "recommended that X be charged": a proposed act, not done
    employer_nouns: frozenset[str]  # "walked out after employers tabled an offer": whom a strike is against


@dataclass(frozen=True, slots=True)
class DateWords:
    """The words date expressions are made of (lang/<code>/date_words.tsv, relative_dates.tsv), by role."""

    months: Mapping[str, int]  # "march", "mar" -> 3
    weekdays: Mapping[str, int]  # "monday" -> 0
    numbers: Mapping[str, int | None]  # "three" -> 3 ("several" -> None: no date)
    units: Mapping[str, DateUnit]  # "weeks" -> "week"
    steps: Mapping[str, int]  # "last" -> -1, "next" -> 1, "this" -> 0
    seasons: Mapping[str, int]  # "summer" -> 6, its first month
    ordinals: Mapping[str, int]  # "first" -> 1 ("the first quarter")
    finals: frozenset[str]  # "the final quarter of 2016"
    quarters: frozenset[str]  # "quarter"
    quarter_codes: frozenset[str]  # "q" of "Q3"
    span_ends: frozenset[str]  # "the three months to September"
    halves: frozenset[str]  # "half"
    periods: frozenset[str]  # "the April-June period"
    positions: frozenset[str]  # "early", "mid": where in the unit
    position_nouns: frozenset[str]  # "the end of", "the beginning of"
    approximators: frozenset[str]  # "around", "about"
    day_parts: frozenset[str]  # "night", "morning", "hours"
    fillers: frozenset[str]  # "the", "of", "on"
    range_starts: frozenset[str]  # "from", "between"
    range_links: frozenset[str]  # "to", "until", "and"
    since: frozenset[str]  # "since"
    ago: frozenset[str]  # "ago"
    sequels: Mapping[str, int]  # "later" -> 1, "earlier" -> -1: from the narrative's date
    same: frozenset[str]  # "that day", "the same night": the narrative's date
    leads: frozenset[str]  # "in March", "since 2016": what makes a bare month or year a time
    plan_leads: frozenset[str]  # "called a rally for Sunday": the time something is planned for
    skip: frozenset[str]  # "within two weeks", "every year": no time of the event
    relative_days: Mapping[str, int]  # "yesterday" -> -1, "the day after tomorrow" -> 2
    noun_leads: frozenset[str] = frozenset()  # "a 2015 meeting": a bare year naming the time of a noun
    time_prepositions: frozenset[str] = frozenset()  # "during a 2018 trip": the noun's time is the verb's


@dataclass(frozen=True, slots=True)
class GeoWords:
    locative: frozenset[str]  # prepositions of place: "in Tehran", "near Idlib"
    articles: frozenset[str]  # articles place names drop: "Al Qamishli" -> "Qamishli"
    regions: frozenset[str]  # continents and world regions: never one point
    directions: frozenset[str]  # "southern Lebanon" -> Lebanon
    divisions: frozenset[str] = frozenset()  # "Cook County", "Bulacan province", "Washington state"
    features: frozenset[str] = frozenset()  # "Neches River", "Main Street": a named feature's last word
    place_nouns: frozenset[str] = frozenset()  # "the outskirts of Bakhmut": nouns naming a part of a place
    settlements: frozenset[str] = frozenset()  # "Garissa town": the name then means the town, not the county
    parties: frozenset[str] = frozenset()  # "Rep. Ricky Moye, D-Raleigh": a party initial, then a home town
    publications: frozenset[str] = frozenset()  # "the Los Angeles Times": a newspaper's name, not the place
    local_nouns: frozenset[str] = frozenset()  # "Roselle police", "an Alexandria woman": after a place's name


@dataclass(frozen=True, slots=True)
class CountWords:
    """The words of counting people: number words, multipliers, vague quantities and words of none."""

    numbers: Mapping[str, int]  # "twelve" -> 12; "a" -> 1
    multipliers: Mapping[str, int]  # "hundred" -> 100, "dozen" -> 12
    vague: frozenset[str]  # "dozens", "thousands", "several": a quantity with no number
    zero: frozenset[str]  # "no", "without": none were
    unknown: frozenset[str]  # "an unknown number of"


NO_COUNT_WORDS = CountWords({}, {}, frozenset(), frozenset(), frozenset())
# A casualty word's count: one of the event counts (records.MAGNITUDE_KINDS), or both killed and injured
# ("no casualties").
CasualtyCount = Literal["fatalities", "injured", "arrested", "kidnapped", "crowd_size", "casualties"]


@dataclass(frozen=True, slots=True)
class CasualtyWord:
    """A word reporting people killed, hurt, arrested, kidnapped or gathered ("killing 12", "9 wounded",
    "turnout at 1.28 million"), and a word that must come with it ("shot dead")."""

    lemma: str
    count: CasualtyCount
    needs: str = ""


@dataclass(frozen=True, slots=True)
class SpeechVerb:
    lemma: str
    act: str  # the kind of speech act: "say", "stress", "call for", ...
    complement: Complement  # which indirect form it takes
    object: bool = False  # its direct object is what was said ("denied the charges")
    topics: frozenset[str] = frozenset()  # prepositions whose object is what it was about ("warned of")


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
    counts: CountWords = field(default_factory=lambda: NO_COUNT_WORDS)  # counting people (event magnitudes)
    casualty_words: Mapping[str, tuple[CasualtyWord, ...]] = field(default_factory=dict)  # by lemma
    title_abbreviations: Mapping[str, str] = field(default_factory=dict)  # "sen" -> "senator"


WORD_LISTS = tuple(f.name for f in fields(Words))
ORDERED_LISTS = frozenset(f.name for f in fields(Words) if str(f.type).startswith("tuple"))


@lru_cache(maxsize=8)
def load_language(code: str = DEFAULT_LANGUAGE) -> Language:
    """The language registered as `code` ("en"), loaded once per process."""
    language: Language = languages.get(code)()
    return language
