"""Where an article's sentences happen: the country of the place each sentence is about, and the
article's dominant country.

Generic and unnamed actors ("police", "gunmen", "villagers") with no country word of their own take
the country of the place their sentence is about ("police in Lagos" -> NGA), else the article's
dominant country; events with no named agent ("three civilians were killed") are coded the same way.
`Scene` is that one answer, built once per article by `SceneFinder` and read by the actor coder and
the event coder alike.

A place mention is a country, capital or region name of the actor dictionary, or a proper-noun run
the gazetteer knows that stands where a place stands: a place entity, the object of a locative
preposition ("in Kisumu"), or the name of a site or division ("Kaduna state", "Ungwan Gaiya
village"). A place name that only modifies a border or a currency ("the Myanmar border", "the U.S.
dollar") says nothing about where the sentence happens, and a country name used as a division's
name ("Niger state") is not that country. With no place in the article, its nationality words decide.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from spacy.tokens import Doc, Span, Token

from ...lang import Language
from ...nlp.parse import children_of, tokens_of
from ...nlp.syntax import (
    AMOD,
    APPOS,
    CASE,
    COMPOUND,
    CONJ,
    MODIFIER_DEPS,
    NEVER_PLACE_ENTITIES,
    NMOD,
    OBJECT_DEPS,
    PLACE_ENTITIES,
    POBJ,
    POS_PROPN,
    POSS,
    PREP,
    SUBJECT_DEPS,
    in_attribution,
    lemma,
)
from ...places.gazetteer import Gazetteer, Place, PlaceContext, choose_place, name_key
from .dictionary import Match, Term

# The links inside a noun phrase ("Kenya's parliament", "U.S. troops").
PHRASE_INNER_DEPS = frozenset({POSS, COMPOUND, AMOD, NMOD, CASE})
ACTED_ON_DEPS = frozenset({"dobj", "pobj", "dative", "attr", "npadvmod"})
# Dictionary term kinds that name a place of one country.
PLACE_TERMS = frozenset({"name", "capital", "region"})
# Term kinds that hint at where the article happens, weighed below any place: a nationality, or a group
# at home in one country ("Boko Haram", "the Houthis").
HINT_TERMS = frozenset({"adj", "people", "ethnic", "group"})
# How close an alternate name must be to a place's own name to stand for it: spellings of one name
# ("Jowhar" for Jawhar, "Zaporizhzhia"), not another language's name ("Boni" is no Bonn, "Borno" none).
ALTERNATE_LIKENESS = 0.8
# How much each kind of mention says about where its sentence happens: a dictionary place name is
# certain, a gazetteer place by its own name likely, by one of its alternate names only possible
# ("Boni" is an alternate name of Bonn), a nationality word a hint.
# Verbs of saying whose subject reports what the rest of the sentence tells (speech_verbs.tsv forms).
REPORTING_FORMS = frozenset({"clause", "according_to"})
TERM_WEIGHT, PRIMARY_WEIGHT, ALTERNATE_WEIGHT, NATIONALITY_WEIGHT = 2.0, 1.0, 0.5, 0.25


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the article: its tokens [start, end), its country, and whether it is the
    country itself ("Ukraine") rather than a place in it ("Kherson")."""

    start: int
    end: int
    country: str
    is_country: bool = False
    weight: float = TERM_WEIGHT


@dataclass(frozen=True)
class Scene:
    """The countries an article's sentences are about (by the index of each sentence's first token), the
    place mentions (by their last token), and the article's dominant country."""

    sentences: Mapping[int, str]
    places: Mapping[int, PlaceMention]
    article: str | None

    def country_at(self, token: Token) -> str | None:
        """The country of the place the token's sentence is about, else the article's country."""
        return self.sentences.get(token.sent.start) or self.article

    def place_at(self, token: Token) -> PlaceMention | None:
        """The place mention ending at `token`, if it is one."""
        return self.places.get(token.i)


EMPTY_SCENE = Scene(sentences={}, places={}, article=None)


class SceneFinder:
    """Finds an article's scene with one gazetteer and the language's place words."""

    def __init__(self, gazetteer: Gazetteer, language: Language) -> None:
        self.gazetteer = gazetteer
        self.locative = language.places.locative | language.words.route_preps
        self.place_nouns = language.words.place_nouns
        self.place_parts = language.words.place_part_nouns
        self.part_preps = language.words.part_preps
        self.not_location = language.words.non_place_heads
        self.kin_nouns = language.words.kin_nouns
        self.stance_prefixes = language.words.stance_prefixes
        self.stance_suffixes = language.words.stance_suffixes
        self.reporting_verbs = frozenset(
            word for word, verb in language.speech_verbs.items() if verb.complement in REPORTING_FORMS
        )

    def scene(self, doc: Doc, terms: Mapping[int, Match[Term]]) -> Scene:
        matches = unique_matches(terms)
        context = PlaceContext(frozenset(m.value.country for m in matches if m.value.country), frozenset())
        places = list(self.term_places(doc, matches)) + list(self.gazetteer_places(doc, terms, context))
        hints = [
            PlaceMention(m.start, m.end, m.value.country, weight=NATIONALITY_WEIGHT)
            for m in matches
            if m.value.kind in HINT_TERMS and m.value.country and self.says_where(doc[m.end - 1])
        ]
        reported = self.reported(doc, places)
        article = weigh(reported + hints) or weigh(places + hints)
        by_sentence: dict[int, list[PlaceMention]] = {}
        for mention in reported:
            if mention.weight < PRIMARY_WEIGHT:
                continue  # a country acting or acted on says where the article is, not the sentence
            by_sentence.setdefault(doc[mention.start].sent.start, []).append(mention)
        sentences = {start: weigh(found, tie_break=article) for start, found in by_sentence.items()}
        return Scene(
            sentences={start: country for start, country in sentences.items() if country},
            places={m.end - 1: m for m in places},
            article=article,
        )

    def reported(self, doc: Doc, mentions: list[PlaceMention]) -> list[PlaceMention]:
        """The places the sentences report, not those of their reporters ("Rebels shelled Juba, relief
        officials in Nairobi said": not Nairobi). The article falls back on the reporters' places when it
        names no other ("Police in Lagos said they arrested 20 people")."""
        return [m for m in mentions if not in_attribution(doc[m.end - 1], self.reporting_verbs)]

    def term_places(self, doc: Doc, matches: list[Match[Term]]) -> Iterator[PlaceMention]:
        """Country, capital and region names of the dictionary: a place where one stands ("in Kenya",
        "Kaduna, Nigeria"), a hint where one acts or owns ("Kenya's parliament", "Russia launched"), and
        nothing where one is acted on ("attacked Russia": the target may be far away)."""
        for match in matches:
            term = match.value
            last = doc[match.end - 1]
            if term.kind not in PLACE_TERMS or not term.country or self.names_other_division(last, term):
                continue
            if not self.says_where(last):
                continue
            role = self.term_role(last)
            weight = TERM_WEIGHT if role == "place" else NATIONALITY_WEIGHT if role == "actor" else 0.0
            yield PlaceMention(match.start, match.end, term.country, term.kind == "name", weight)

    def term_role(self, token: Token) -> Literal["place", "actor"] | None:
        """What a country's name does where it stands: a place ("in Kenya", "Tehran University" after
        "outside", a dateline), an actor or its owner in the subject ("Russia launched", "Kenya's army
        said"), or neither: acted on ("attacked Russia", "China's assistance" as an object) or describing
        ("a UK-based group"), which says nothing of where the article happens."""
        if self.names_division(token):
            return "place"
        head = token
        while head.dep_ in PHRASE_INNER_DEPS and head.head.i != head.i:
            head = head.head  # the phrase the name sits in: "Kenya's parliament" -> parliament
        if self.is_locative(head) or head.dep_ == APPOS:
            return "place"  # "in Kenya", "Kyamata hamlet, Beni territory, North Kivu"
        while head.dep_ == CONJ and head.head.i != head.i:
            head = head.head
        if head.dep_ in SUBJECT_DEPS:
            return "actor"
        return (
            "place" if head.head.i == head.i else None
        )  # a dateline ("GAZA CITY, Palestinian Territories:")

    def gazetteer_places(
        self, doc: Doc, terms: Mapping[int, Match[Term]], context: PlaceContext
    ) -> Iterator[PlaceMention]:
        """Proper-noun runs in a place's position that the gazetteer knows."""
        for run in proper_runs(doc):
            if any(i in terms or doc[i].ent_type_ in NEVER_PLACE_ENTITIES for i in range(run.start, run.end)):
                continue
            head = run[-1]
            if not (self.in_place_position(run) and self.says_where(head)) or self.is_stance(run):
                continue
            if self.names_kin(head) or self.part_of_named_place(head, terms):
                continue
            candidates = [
                c
                for c in self.gazetteer.notable(run.text)
                if c.primary or (c.kind == "alternate" and self.alternate_fits(run.text, c.place, context))
            ]
            place = choose_place(candidates, context)
            if place is None or not place.country:
                continue
            primary = any(c.place == place and c.primary for c in candidates)
            if not primary and self.names_division(head):
                continue  # "Chin state": a division is no city called so in another language
            if place.feature == "country" and self.names_division(head):
                continue  # "Niger state" is in Nigeria
            weight = PRIMARY_WEIGHT if primary else ALTERNATE_WEIGHT
            yield PlaceMention(run.start, run.end, place.country, place.feature == "country", weight)

    def names_kin(self, token: Token) -> bool:
        """ "West's family", "Lee's lawyer": the possessor of a relative is a person, not a place."""
        kin = lemma(token.head) in self.kin_nouns or token.head.lower_ in self.kin_nouns
        return token.dep_ == POSS and kin

    @staticmethod
    def alternate_fits(text: str, place: Place, context: PlaceContext) -> bool:
        """An alternate name stands for a place when it spells the place's own name, or when the article
        names the place's country ("Mecca" for Makkah where Saudi Arabia is named)."""
        return resembles(text, place.name) or place.country in context.countries

    def part_of_named_place(self, token: Token, terms: Mapping[int, Match[Term]]) -> bool:
        """ "the Eastern District of Virginia", "the Southern District of New York": a division named by
        the place it is "of" is in that place, whatever else in the world bears its first words."""
        for prep in children_of(token):
            if prep.dep_ != PREP or lemma(prep) not in self.part_preps:
                continue
            for place in children_of(prep):
                if place.dep_ == POBJ and (place.pos_ == POS_PROPN or place.i in terms):
                    return True
        return False

    def is_stance(self, run: Span) -> bool:
        """ "pro-Russia rebels", "Iran-backed militia": whom a thing favours, not where it is."""
        doc, start, end = run.doc, run.start, run.end
        prefixed = start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in self.stance_prefixes
        suffixed = end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in self.stance_suffixes
        return prefixed or suffixed

    def in_place_position(self, run: Span) -> bool:
        if any(token.ent_type_ in PLACE_ENTITIES for token in run):
            return True
        head = run[-1]
        if self.is_locative(head) or self.names_division(head):
            return True
        # "Rebels shelled Goma": a name the recogniser left untyped, as the object of a verb
        return head.dep_ in OBJECT_DEPS and not any(token.ent_type_ for token in run)

    def is_locative(self, token: Token) -> bool:
        """The object of "in", "near", "at" ... or listed with one ("in Kaga LGA, Borno state"), or of
        "of" after a place ("the outskirts of Idlib", "the village of Dembo")."""
        while token.dep_ in (APPOS, CONJ) and token.head.i != token.i:
            token = token.head
        if token.dep_ != POBJ:
            return False
        prep = token.head
        if lemma(prep) in self.locative:
            return True
        return lemma(prep) in self.part_preps and lemma(prep.head) in self.place_nouns | self.place_parts

    def names_division(self, token: Token) -> bool:
        """ "Kaduna state", "Ungwan Gaiya village": the name of a division or a settlement."""
        head = token.head
        return token.dep_ == COMPOUND and lemma(head) in self.place_nouns

    def says_where(self, token: Token) -> bool:
        """Not a modifier of a border or a currency ("the Myanmar border", "the U.S. dollar")."""
        head = token.head
        return not (token.dep_ in MODIFIER_DEPS and head.i != token.i and lemma(head) in self.not_location)

    def names_other_division(self, token: Token, term: Term) -> bool:
        """A country's name used as a division's name: Nigeria's "Niger state" is not Niger."""
        head = token.head
        return term.kind == "name" and token.dep_ == COMPOUND and lemma(head) in self.place_nouns


def resembles(text: str, name: str) -> bool:
    """An alternate spelling of the place's own name, or the name with words added or dropped."""
    written, own = name_key(text), name_key(name)
    if written.startswith(own) or own.startswith(written):
        return True
    return SequenceMatcher(None, written, own).ratio() >= ALTERNATE_LIKENESS


def proper_runs(doc: Doc) -> Iterator[Span]:
    """Maximal runs of proper nouns (hyphens inside kept: "Tse-Ajo"), and of capitalised words the
    entity recogniser calls a place whatever their part of speech ("Sagaing" tagged as a verb)."""
    start = None
    for token in tokens_of(doc):
        named_place = token.ent_type_ in PLACE_ENTITIES and token.text[:1].isupper()
        inside = token.pos_ == POS_PROPN or named_place or (token.text == "-" and start is not None)
        if inside and start is None:
            start = token.i
        elif not inside and start is not None:
            yield trimmed(doc[start : token.i])
            start = None
    if start is not None:
        yield trimmed(doc[start:])


def trimmed(span: Span) -> Span:
    end = span.end
    while end > span.start + 1 and span.doc[end - 1].text == "-":
        end -= 1
    return span.doc[span.start : end]


def unique_matches(terms: Mapping[int, Match[Term]]) -> list[Match[Term]]:
    """Each match once, in text order (the index maps every token of a match to it)."""
    return sorted({id(m): m for m in terms.values()}.values(), key=lambda m: m.start)


def weigh(mentions: list[PlaceMention], tie_break: str | None = None) -> str | None:
    """The country the mentions weigh most for; between equals `tie_break`, then the first named. Where
    no place is named and two nationality words tie ("Indian officials ... British bankers"), none: a
    hint that does not outweigh another says nothing of where the text happens."""
    totals: dict[str, float] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.weight > 0:
            totals[mention.country] = totals.get(mention.country, 0.0) + mention.weight
    if not totals:
        return None
    best = max(totals, key=lambda country: (totals[country], country == tie_break))
    tied = [country for country, total in totals.items() if total == totals[best]]
    if len(tied) > 1 and best != tie_break and totals[best] < PRIMARY_WEIGHT:
        return None
    return best
