"""Where: the places an article mentions, and the place each event happened.

Place mentions are read from the parse (entities and locative prepositions) and resolved with the
gazetteer's one disambiguation policy (`Gazetteer`, `choose_place`), in the context of the article.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..lang import GeoWords, Language
from ..nlp.syntax import (
    COMPOUND,
    PLACE_ENTITIES,
    PLACE_LINK_DEPS,
    POBJ,
    POS_PROPN,
    PREP,
    governing_verb,
)
from ..records import Actor, Article, Event, Location
from .gazetteer import Candidate, Gazetteer, Place, PlaceContext, choose_place, name_key

# ---------------------------------------------------------------------------------------------
# Finding the places an article mentions


@dataclass(frozen=True, slots=True)
class Mention:
    span: Span
    candidates: tuple[Candidate, ...]


class PlaceFinder:
    """The places stage: finds an article's places and locates its events, with one gazetteer and the
    language's place words."""

    def __init__(self, gazetteer: Gazetteer, language: Language) -> None:
        self.gazetteer = gazetteer
        self.language = language

    def find(self, doc: Doc, article: Article, countries: Collection[str]) -> list[Location]:
        return find_places(doc, article, self.gazetteer, countries, self.language)

    def locate(self, events: list[Event], doc: Doc, places: list[Location]) -> list[Event]:
        return locate_events(events, doc, places, self.language)


def find_places(
    doc: Doc, article: Article, gazetteer: Gazetteer, countries: Collection[str], language: Language
) -> list[Location]:
    """Every resolvable place mention in the article, in text order.

    Mentions are GPE/LOC/FAC entities plus proper nouns after a locative preposition ("in
    Magnitogorsk") that the NER missed; the latter only count when a place has that exact name.
    `countries` are the ISO3 codes of the article's actors.
    """
    mentions = _mentions(doc, gazetteer, language)
    context = _context(mentions, countries)
    locations = []
    for index, mention in enumerate(mentions):
        within = _qualifier(mentions, index, context)
        place = choose_place(mention.candidates, context, within)
        if place is not None:
            locations.append(_location(place, mention.span))
    return locations


def _location(place: Place, span: Span) -> Location:
    return Location(
        name=place.name,
        country=place.country,
        lat=place.lat,
        lon=place.lon,
        start=span.start_char,
        end=span.end_char,
    )


def _mentions(doc: Doc, gazetteer: Gazetteer, language: Language) -> list[Mention]:
    mentions = []
    for span in _candidate_spans(doc, language.places):
        candidates = _lookup(span, gazetteer, language)
        if span.label_ not in PLACE_ENTITIES:
            candidates = tuple(c for c in candidates if c.primary)
        if candidates:
            mentions.append(Mention(span, candidates))
    return mentions


def _candidate_spans(doc: Doc, words: GeoWords) -> list[Span]:
    entities = [ent for ent in doc.ents if ent.label_ in PLACE_ENTITIES]
    covered = {token.i for ent in entities for token in ent}
    extra = [
        span
        for span in _locative_proper_nouns(doc, words)
        if not any(t.i in covered or t.ent_type_ for t in span)
    ]
    return sorted(entities + extra, key=lambda span: span.start)


def _locative_proper_nouns(doc: Doc, words: GeoWords) -> Iterable[Span]:
    """ "in Magnitogorsk": a proper noun (with its compounds) that is the object of a locative preposition."""
    for token in doc:
        if token.pos_ == POS_PROPN and token.dep_ == POBJ and token.head.lower_ in words.locative:
            compounds = [c.i for c in token.lefts if c.dep_ == COMPOUND and c.pos_ == POS_PROPN]
            first = min([token.i, *compounds])
            yield doc[first : token.i + 1]


def _lookup(span: Span, gazetteer: Gazetteer, language: Language) -> tuple[Candidate, ...]:
    """Candidates for the span's text, else for it without leading direction words ("southern");
    none for regions ("South America" is not America, "Africa" not a town called Africa)."""
    words = span.text.split()
    regions = language.places.regions
    droppable = language.places.directions | language.words.definite_articles
    while name_key(" ".join(words)) not in regions:
        found = gazetteer.candidates(" ".join(words))
        if found or len(words) == 1 or words[0].lower() not in droppable:
            return found
        words = words[1:]
    return ()


def _context(mentions: list[Mention], countries: Collection[str]) -> PlaceContext:
    """The actor countries plus the countries and US states the article names unambiguously."""
    named = {m.candidates[0].place for m in mentions if len(m.candidates) == 1}
    in_play = frozenset(countries) | {p.country for p in named if p.kind == "country" and p.country}
    states = frozenset(p.admin1 for p in named if p.kind == "state" and p.admin1)
    return PlaceContext(in_play, states)


def _qualifier(mentions: list[Mention], index: int, context: PlaceContext) -> Place | None:
    """The state or country right after "<place>," ("Moscow, Idaho"), if any."""
    if index + 1 >= len(mentions):
        return None
    here, after = mentions[index].span, mentions[index + 1].span
    between = here.doc[here.end : after.start]
    if [t.text for t in between] != [","]:
        return None
    areas = [c for c in mentions[index + 1].candidates if c.place.kind in {"country", "state"}]
    return choose_place(areas, context) if areas else None


# ---------------------------------------------------------------------------------------------
# Locating events


def locate_events(events: list[Event], doc: Doc, places: list[Location], language: Language) -> list[Event]:
    """Each event with the place its sentence says it happened in, when it says so.

    A place counts when it is the object of a locative preposition ("in Tehran", "near the border
    town of X") governed by the event verb or the sentence's main verb, and is not the event's
    source or target itself.
    """
    return [_located(event, doc, places, language.places) for event in events]


def _located(event: Event, doc: Doc, places: list[Location], words: GeoWords) -> Event:
    verb_span = doc.char_span(event.verb_start, event.verb_end, alignment_mode="expand")
    verb = verb_span.root if verb_span is not None and len(verb_span) else None
    actors = [a for a in (event.source, event.target) if a is not None]
    for place in places:
        if place.start is None or place.end is None or not event.start <= place.start < event.end:
            continue
        if _overlaps_actor(place, actors):
            continue
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is not None and _where_event_happened(span.root, verb, words):
            return replace(event, location=place)
    return event


def _overlaps_actor(place: Location, actors: list[Actor]) -> bool:
    return any(a.start < (place.end or 0) and (place.start or 0) < a.end for a in actors)


def _where_event_happened(token: Token, verb: Token | None, words: GeoWords) -> bool:
    prep = locative_preposition(token, words)
    if prep is None:
        return False
    governor = governing_verb(prep)
    return governor is not None and (governor == verb or governor == prep.sent.root)


def locative_preposition(token: Token, words: GeoWords) -> Token | None:
    """The locative preposition whose object is (or contains) the token: "in" for "in southern
    Lebanon", "near" for "near the border town of Qamishli"."""
    locative = words.locative
    current = token
    for _ in range(4):  # place -> of -> town -> near: a few steps at most
        head = current.head
        if current.dep_ == POBJ and head.dep_ == PREP:
            if head.lower_ in locative:
                return head
            if head.lower_ != "of":
                return None
            current = head.head
        elif current.dep_ in PLACE_LINK_DEPS:
            current = head
        else:
            return None
    return None
