"""Where: the places an article mentions, and the place each event happened.

Finding places (`find_places`) reads three kinds of mention from the parse:
- place entities (GPE, LOC, FAC) that name a gazetteer place, whole or without a leading direction
  word ("southern Lebanon"); an entity holding a list ("Pandi, Bulacan") is read part by part;
- country adjectives tagged NORP ("Kenyan" -> Kenya);
- capitalised proper nouns the small NER model missed or mislabelled, looked up in the gazetteer by
  their own name; these must not be part of a person's name, must not open a sentence unless notable,
  and must be notable (a country, a division, a place of 15,000+) or stand where places stand: after a
  locative preposition, before a division word ("Rapides Parish"), or qualified ("Pandi, Bulacan").

"<place>, <area>" pairs ("Moscow, Idaho", "Alexandria, La.", "Pandi, Bulacan") qualify the first with
the second; the abbreviation in "Alexandria, La." is a mention of the state too. The article's context
(countries in play: the actors' and those it names; the first-level divisions and counties it names;
the points of places it names unambiguously; the dateline) feeds the gazetteer's one policy
(`choose_place`), in two passes: the second sees the points of what the first settled.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from spacy.tokens import Doc, Span, Token

from ..lang import GeoWords, Language
from ..nlp.parse import tokens_of
from ..nlp.syntax import (
    APPOS,
    ENT_FAC,
    ENT_NORP,
    ENT_ORG,
    ENT_PERSON,
    IOB_BEGIN,
    NOMINAL_SUBJECT_DEPS,
    NOT_NAME_ENTITIES,
    OBJECT_DEPS,
    PLACE_ENTITIES,
    PLACE_LINK_DEPS,
    POBJ,
    POS_CCONJ,
    POS_PROPN,
    PREP,
    governing_verb,
)
from ..records import Actor, Article, Event, Location
from ..resources import data_file, read_table
from .gazetteer import (
    Candidate,
    Gazetteer,
    Place,
    PlaceContext,
    choose_place,
    distance_km,
    name_key,
)
from .gazetteer.policy import NEARBY_KM

SUPPORT_FEATURES = frozenset({"city", "admin1", "admin2"})  # countries and regions are too wide to support
CELL_DEGREES = 1.5  # a grid cell of ~165 km: neighbours within NEARBY_KM lie in adjacent cells
MAX_NAME_TOKENS = 4  # the longest proper-noun run looked up as one name ("Salt Lake City")
NOTABLE_POPULATION = 15_000
CITY_POPULATION = 50_000
DATELINE_CHARS = 40  # a dateline place stands within the first characters of an article
DATELINE_MARKS = frozenset({",", "(", "—", "–", "-", "--"})

# ---------------------------------------------------------------------------------------------
# Finding the places an article mentions


# What besides its name says a span is a place: the NER model, an address ("Macon, Ga."), a
# locative preposition ("in Macon"), a division word ("Bibb County"), or nothing.
Cue = Literal["entity", "address", "locative", "division", "local", "none"]
CUE_ENTITY: Cue = "entity"
CUE_ADDRESS: Cue = "address"
CUE_LOCATIVE: Cue = "locative"
CUE_LOCAL: Cue = "local"  # before a noun of the place's people or institutions: "Roselle police"
CUE_DIVISION: Cue = "division"
CUE_NONE: Cue = "none"


@dataclass(frozen=True, slots=True)
class Mention:
    """A place mention: token span [start, end) and the places it may name."""

    start: int
    end: int
    candidates: tuple[Candidate, ...]
    cue: Cue
    divisions_only: bool = False  # "Cook County", "Washington state": a division, not a town
    person: bool = False  # reads as a person: "Bell" after "Tyrise M. Bell", "Nadia Moayyad", "Petrova said"
    person_label: bool = False  # only the NER model took it for a one-word person's name ("Gainesville")
    demonym: bool = False  # "Kenyan": the country named by its people
    towns_only: bool = False  # "Garissa town": a town, not the county of the same name


@dataclass(frozen=True, slots=True)
class PrecisionRow:
    geo_type: int | None
    precision: int


@lru_cache(maxsize=1)
def precision_table() -> dict[tuple[str, bool], PrecisionRow]:
    """(feature, in the US) -> GDELT GeoType and ACLED geo_precision (data/geo/precision.tsv)."""
    rows = read_table(data_file("geo", "precision.tsv"), ["feature", "in_us", "geo_type", "precision"])
    return {
        (row["feature"], row["in_us"] == "yes"): PrecisionRow(
            int(row["geo_type"]) if row["geo_type"] else None, int(row["precision"])
        )
        for row in rows
    }


class PlaceFinder:
    """The places stage: finds an article's places and locates its events, with one gazetteer and the
    language's place words."""

    def __init__(
        self, gazetteer: Gazetteer, language: Language, common_words: Collection[str] = frozenset()
    ) -> None:
        self.gazetteer = gazetteer
        self.language = language
        self.common_words = common_words

    def find(self, doc: Doc, article: Article, actors: Sequence[Actor]) -> list[Location]:
        return find_places(doc, article, self.gazetteer, (), self.language, self.common_words, actors)

    def locate(self, events: list[Event], doc: Doc, places: list[Location]) -> list[Event]:
        return locate_events(events, doc, places, self.language)


def find_places(
    doc: Doc,
    article: Article,
    gazetteer: Gazetteer,
    countries: Collection[str],
    language: Language,
    common_words: Collection[str] = frozenset(),
    actors: Sequence[Actor] = (),
) -> list[Location]:
    """Every place mention in the article, in text order. `countries` (ISO3) are known to be in play;
    so are the countries of the article's `actors`, except of those named by a place the finder reads
    itself ("Paris police" is evidence through "Paris" alone, which may be in Texas).
    `common_words` are lower-case dictionary words (a capitalised "Bell" or "Lincoln" with no other
    sign of being a place is not taken for a town)."""
    reader = MentionReader(doc, gazetteer, language, common_words)
    features = reader.named_features()
    mentions = [
        m for m in reader.mentions() if not _inside_feature(m, features) and not reader.names_a_paper(m)
    ]
    countries = set(countries) | _actor_countries(doc, actors, mentions)
    context = _context(doc, mentions, countries)
    mentions = _accepted(doc, mentions, context, common_words)
    context = replace(context, supported=supported_places(doc, mentions))
    qualifiers = _qualifiers(doc, mentions)
    mentions = _countries_listed(doc, mentions)
    chosen = _resolve(mentions, qualifiers, context)
    context = _refined(context, mentions, qualifiers, chosen)
    chosen = _resolve(mentions, qualifiers, context)
    places = [
        _location(place, doc[m.start : m.end], m.demonym)
        for m, place in zip(mentions, chosen, strict=True)
        if place
    ]
    taken = {i for m in mentions for i in range(m.start, m.end)}
    places += [_unresolved(f) for f in features if not any(i in taken for i in range(f.start, f.end))]
    return sorted(places, key=lambda p: p.start or 0)


def _inside_feature(mention: Mention, features: Sequence[Span]) -> bool:
    """ "Memphis" in "Memphis Street": part of a street's or a river's name, not the town."""
    return any(
        f.start <= mention.start and mention.end <= f.end and (f.start, f.end) != (mention.start, mention.end)
        for f in features
    )


def _countries_listed(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "China, Mexico and Norway": names of countries listed together name the countries, though
    each is also a town (all three are in Maine)."""
    country_names = [_names_a_country(m) for m in mentions]
    listed: set[int] = set()
    for index in range(len(mentions) - 1):
        here, after = mentions[index], mentions[index + 1]
        gap = doc[here.end : after.start]
        joined = 0 < len(gap) <= 2 and all(t.text == "," or t.pos_ == POS_CCONJ for t in gap)
        if joined and country_names[index] and country_names[index + 1]:
            listed.update((index, index + 1))
    return [
        replace(m, candidates=tuple(c for c in m.candidates if c.place.feature == "country"))
        if index in listed
        else m
        for index, m in enumerate(mentions)
    ]


def _names_a_country(mention: Mention) -> bool:
    return any(c.primary and c.place.feature == "country" for c in mention.candidates)


def _unresolved(span: Span) -> Location:
    """A named feature the gazetteer does not hold: the mention, with no point."""
    return Location(
        name=span.text,
        country=None,
        lat=None,
        lon=None,
        start=span.start_char,
        end=span.end_char,
        text=span.text,
    )


def _actor_countries(doc: Doc, actors: Sequence[Actor], mentions: list[Mention]) -> set[str]:
    """The countries of the actors named by a name of their own ("Foreign Minister Zarif"), not by a
    place the finder reads itself ("Paris police") nor by a pronoun or a noun resolved to one ("it",
    "the country")."""
    spans = [(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])) for m in mentions]
    countries = set()
    for actor in actors:
        if not actor.country or any(start < actor.end and actor.start < end for start, end in spans):
            continue
        span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        if span is not None and any(token.pos_ == POS_PROPN for token in span):
            countries.add(actor.country)
    return countries


def _accepted(
    doc: Doc, mentions: list[Mention], context: PlaceContext, common_words: Collection[str]
) -> list[Mention]:
    """The mentions with a cue, and those without one that are safe: a name the article uses as a
    place elsewhere (one sense per article), a name listed with a place ("Darfur and Malakal"), or a
    notable place in a country in play that is neither a dictionary word nor the first word of a
    sentence (areas, "Georgia", may be either). One-word person names need a locative or an address."""
    confirmed = {_key(doc, m) for m in mentions if m.cue != CUE_NONE and not (m.person or m.person_label)}
    accepted: list[Mention] = []
    strong = (CUE_LOCATIVE, CUE_ADDRESS, CUE_LOCAL)
    for index, mention in enumerate(mentions):
        key = _key(doc, mention)
        if mention.person and key not in confirmed and mention.cue not in strong:
            continue
        if mention.person_label and key not in confirmed and mention.cue not in strong:
            # a one-word "person" nobody in the article is named after: a notable place in play
            if _safe_alone(doc, mention, context, ()):
                accepted.append(mention)
            continue
        unsupported = mention.cue == CUE_NONE and key not in confirmed and not _listed(doc, mentions, index)
        if unsupported and not (
            _safe_alone(doc, mention, context, common_words) or _in_a_named_state(doc, mention, context)
        ):
            continue
        accepted.append(mention)
    return accepted


def _in_a_named_state(doc: Doc, mention: Mention, context: PlaceContext) -> bool:
    """ "the city of Elkhart", "Tarrant County, its neighbour": a town or county standing as the object
    of a preposition or in apposition, in a first-level division the article names."""
    if doc[mention.start : mention.end].root.dep_ not in (POBJ, APPOS):
        return False
    place = choose_place(mention.candidates, context)
    return (
        place is not None
        and place.feature in ("city", "admin2")
        and f"{place.country}.{place.admin1}" in context.states
    )


def _key(doc: Doc, mention: Mention) -> str:
    return name_key(doc[mention.start : mention.end].text)


def _listed(doc: Doc, mentions: list[Mention], index: int) -> bool:
    """Whether the mention is joined by "and"/"or" to a mention with a cue ("Darfur and Malakal")."""
    here = mentions[index]
    for other in mentions[max(0, index - 1) : index] + mentions[index + 1 : index + 2]:
        if other.cue == CUE_NONE or other.person or other.person_label:
            continue
        gap = doc[other.end : here.start] if other.start < here.start else doc[here.end : other.start]
        if len(gap) == 1 and gap[0].pos_ == POS_CCONJ:
            return True
    return False


def _safe_alone(doc: Doc, mention: Mention, context: PlaceContext, common_words: Collection[str]) -> bool:
    place = choose_place(mention.candidates, context)
    if place is not None and place.feature == "country":
        return True  # a country's name is its own sign of being a place
    if place is None or place.country not in context.countries or not _notable(place):
        return False
    if place.feature in ("admin1", "region", "continent"):
        return True
    first = doc[mention.start]
    if first.is_sent_start:
        return False
    if not (mention.end - mention.start == 1 and first.lower_ in common_words):
        return True
    # "Gainesville Police", "the Huntsville Times": a city's name opening an organisation's name,
    # though a dictionary word ("University Medical Center" is no town called University)
    after = doc[mention.end] if mention.end < len(doc) else None
    opens_name = (first.ent_type_ == ENT_ORG and first.ent_iob_ == IOB_BEGIN) or (
        after is not None and _capitalised(after) and after.lower_ in common_words
    )
    return opens_name and place.population >= CITY_POPULATION


def _resolve(
    mentions: list[Mention], qualifiers: dict[int, Mention], context: PlaceContext
) -> list[Place | None]:
    chosen = []
    for index, mention in enumerate(mentions):
        within = None
        if index in qualifiers:
            within = _area(qualifiers[index].candidates, context)
        candidates = mention.candidates
        if mention.divisions_only:
            candidates = tuple(c for c in candidates if c.place.feature in ("admin1", "admin2")) or candidates
        elif mention.towns_only:
            candidates = tuple(c for c in candidates if c.place.feature == "city") or candidates
        # "Randolph, New Hampshire" with no such Randolph listed: None, and the state stands alone
        chosen.append(choose_place(candidates, context, within))
    return chosen


def _location(place: Place, span: Span, demonym: bool) -> Location:
    feature = place.feature if place.country else "continent"  # a region across countries: no GeoType
    codes = precision_table().get((feature, place.country == "USA"))
    return Location(
        name=place.name,
        country=place.country,
        lat=place.lat,
        lon=place.lon,
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        geonameid=place.geonameid,
        feature=place.feature,
        admin1=place.admin1,
        admin2=place.admin2,
        precision=codes.precision if codes else None,
        geo_type=codes.geo_type if codes else None,
        demonym=demonym,
    )


# -- reading mentions ---------------------------------------------------------------------------------


class MentionReader:
    """The place mentions of one parsed article (see the module doc)."""

    def __init__(
        self, doc: Doc, gazetteer: Gazetteer, language: Language, common_words: Collection[str] = frozenset()
    ) -> None:
        self.common_words = common_words
        self.doc = doc
        self.gazetteer = gazetteer
        self.words = language.places
        self.speech_lemmas = language.speech_verbs.keys()
        self.first_names = language.first_names
        self.definite_articles = language.words.definite_articles
        self.entity_of = {token.i: ent for ent in doc.ents for token in ent}
        # The words of the people the article names in full: "Bell" after "Tyrise M. Bell" is him.
        self.person_words = frozenset(
            token.text for ent in doc.ents if ent.label_ == ENT_PERSON and len(ent) > 1 for token in ent
        )

    def mentions(self) -> list[Mention]:
        found: list[Mention] = []
        taken: set[int] = set()
        for ent in self.doc.ents:
            if ent.label_ in PLACE_ENTITIES and any(t.text[:1].isupper() for t in ent):  # not "the gulf"
                parts = self._entity_mentions(ent)
            elif ent.label_ == ENT_NORP:
                parts = self._adjective(ent)
            elif ent.label_ == ENT_PERSON and len(ent) > 1:
                parts = self._place_taken_for_a_person(ent) or self._adjective(ent)
            else:
                continue
            found += parts
            taken.update(i for m in parts for i in range(m.start, m.end))
        found += self._proper_noun_mentions(taken)
        return sorted((self._person_checked(m) for m in found), key=lambda m: m.start)

    def named_features(self) -> list[Span]:
        """Streets, rivers, lakes and islands the gazetteer does not hold ("Neches River", "Main
        Street"): a place entity of two words or more ending in a feature word, or a run of capitalised
        words ending in one whatever the NER made of it ("Memphis Street", "Danielsville Road")."""
        found = {
            (ent.start, ent.end): ent
            for ent in self.doc.ents
            if ent.label_ in PLACE_ENTITIES
            and len(ent) > 1
            and ent.text[:1].isupper()
            and ent[-1].lower_ in self.words.features
        }
        for i in range(len(self.doc)):
            span = self._feature_ending_at(i)
            if span is not None and not any(s <= span.start and span.end <= e for s, e in found):
                found[(span.start, span.end)] = span
        return sorted(found.values(), key=lambda span: span.start)

    def _feature_ending_at(self, i: int) -> Span | None:
        """ "Augusta St." in "of 420 Augusta St., Alexandria": capitalised names, then a capitalised
        feature word that ends the name (not "Lake" in "Lake City Bank")."""
        doc, words, tokens = self.doc, self.words, tokens_of(self.doc)
        token = tokens[i]
        if token.lower_ not in words.features or not _capitalised(token):
            return None
        if i + 1 < len(tokens) and _capitalised(tokens[i + 1]) and not tokens[i + 1].is_sent_start:
            return None
        start = i
        while start > 0 and i - start < MAX_NAME_TOKENS - 1 and self._feature_name_word(tokens[start - 1]):
            start -= 1
        name = doc[start:i]
        if not len(name) or all(t.lower_ in words.directions for t in name):
            return None
        return doc[start : i + 1]

    def _feature_name_word(self, token: Token) -> bool:
        """A word of a street's or a river's name: capitalised, not an article nor another feature
        word, not a person's; a sentence's first word only as a proper noun."""
        if not _capitalised(token) or token.lower_ in self.definite_articles:
            return False
        if token.lower_ in self.words.features or token.ent_type_ == ENT_PERSON:
            return False
        return not token.is_sent_start or token.pos_ == POS_PROPN

    def names_a_paper(self, mention: Mention) -> bool:
        """ "the Los Angeles Times", "The Atlanta Journal-Constitution": the place names a newspaper."""
        after = self.doc[mention.end] if mention.end < len(self.doc) else None
        return after is not None and after.text[:1].isupper() and after.lower_ in self.words.publications

    def _person_checked(self, mention: Mention) -> Mention:
        """Marks a mention that reads as a person: a first name before a person's name ("Nadia
        Moayyad"), or a small town's name as the subject of a speech verb ("Petrova said")."""
        doc = self.doc
        after = doc[mention.end] if mention.end < len(doc) else None
        given_name = (
            mention.end - mention.start == 1
            and doc[mention.start].lower_ in self.first_names
            and not any(_well_known(c.place) for c in mention.candidates)
        )
        # "Nadia Moayyad said": a first name before a capitalised word that is no dictionary word
        first_name = after is not None and _capitalised(after) and (
            after.ent_type_ == ENT_PERSON
            or (given_name and after.pos_ == POS_PROPN and after.lower_ not in self.common_words)
        )
        root = doc[mention.start : mention.end].root
        speaker = (
            root.dep_ in NOMINAL_SUBJECT_DEPS
            and root.head.lemma_ in self.speech_lemmas
            and not any(_notable(c.place) for c in mention.candidates)
        )
        # "Nadia", "Casey", "Amelia": a first name that is only the name of small places is a person's
        given = given_name and not any(_notable(c.place) for c in mention.candidates)  # "Tanya" is no town
        return replace(mention, person=True) if first_name or speaker or given else mention

    # -- entities

    def _entity_mentions(self, ent: Span) -> list[Mention]:
        if len(ent) == 1 and (adjective := self._adjective(ent)):
            return adjective  # "Canadian" is the country's adjective before it is a town in Texas
        whole = self._abbreviation(ent.start, ent.end, alone=True) or self._lookup(ent.start, ent.end)
        if whole is not None:
            return [whole]
        if adjective := self._adjective(ent):  # "Sri Lankan" tagged as a place
            return adjective
        # "Pandi, Bulacan", "Iran and Iraq": the parts between commas and conjunctions
        mentions = []
        for start, end in _parts(ent):
            mention = self._abbreviation(start, end) or self._lookup(start, end)
            if mention is not None:
                mentions.append(mention)
        return mentions

    def _place_taken_for_a_person(self, ent: Span) -> list[Mention]:
        """ "Rock Hill", "Anderson County", "Lakki Marwat district" tagged PERSON: a place's own name
        word for word, or a division's name before a division word."""
        exact = tuple(
            c for c in self.gazetteer.candidates(ent.text) if c.primary and c.place.name == ent.text
        )
        divisions = tuple(c for c in self._named(ent.text) if c.place.feature in ("admin1", "admin2"))
        if divisions and (ent[-1].lower_ in self.words.divisions or self._division_follows(ent.end)):
            return [Mention(ent.start, ent.end, divisions, CUE_DIVISION, True)]
        return [Mention(ent.start, ent.end, exact, CUE_NONE, person_label=True)] if exact else []

    def _adjective(self, ent: Span) -> list[Mention]:
        candidates = tuple(c for c in self.gazetteer.candidates(ent.text) if c.kind == "adjective")
        return [Mention(ent.start, ent.end, candidates, CUE_ENTITY, demonym=True)] if candidates else []

    def _lookup(self, start: int, end: int, cue: Cue = CUE_ENTITY) -> Mention | None:
        """The span as a place name: whole, else without leading direction words and articles;
        "<name> County" or "<name> state" reads as a division."""
        doc, words = self.doc, self.words
        droppable = words.directions | self.definite_articles
        while start < end - 1 and doc[start].lower_ in self.definite_articles:
            start += 1  # "the Middle East" names the Middle East
        if all(token.lower_ in words.directions for token in doc[start:end]):
            return None  # "Northeast", "Central": a part of something, not a division of that name
        while start < end:
            text = doc[start:end].text
            found = tuple(c for c in self._named(text) if not _capitals_of_a_name(doc[start:end], c.place))
            if found:
                person = end - start == 1 and text in self.person_words
                division = self._division_follows(end) and any(
                    c.place.feature in ("admin1", "admin2") for c in found
                )
                town = self._settlement_follows(end)
                return Mention(start, end, found, cue, division, person, towns_only=town)
            if name_key(text) in words.regions or end - start == 1 or doc[start].lower_ not in droppable:
                return None
            start += 1
        return None

    def _abbreviation(self, start: int, end: int, alone: bool = False) -> Mention | None:
        """ "La." in "Alexandria, La.": a division's abbreviation right after "<Capitalised>,"; with
        `alone` (a place entity), also a dotted one on its own ("in S.C.")."""
        doc = self.doc
        address = start >= 2 and doc[start - 1].text == "," and _capitalised(doc[start - 2])
        dotted = alone and "." in doc[start:end].text and len(doc[start:end].text) > 3
        if not (address or dotted):
            return None
        found = tuple(
            replace(c, kind="primary")
            for c in self.gazetteer.candidates(doc[start:end].text)
            if c.kind == "abbreviation"
        )
        return Mention(start, end, found, CUE_ADDRESS) if found else None

    def _named(self, text: str) -> tuple[Candidate, ...]:
        """Places of this name, or of this alternate name if notable ("Titan" is no Tītān)."""
        return tuple(
            c
            for c in self.gazetteer.candidates(text)
            if c.kind == "primary" or (c.kind == "alternate" and _notable(c.place))
        )

    def _division_follows(self, end: int) -> bool:
        return end < len(self.doc) and self.doc[end].lower_ in self.words.divisions

    def _settlement_follows(self, end: int) -> bool:
        return end < len(self.doc) and self.doc[end].lower_ in self.words.settlements

    # -- proper nouns the NER missed or mislabelled

    def _proper_noun_mentions(self, taken: set[int]) -> list[Mention]:
        doc = self.doc
        mentions = []
        i = 0
        while i < len(doc):
            mention = None
            if i not in taken and self._starts_name(i) and not self._in_other_name(i):
                mention = self._abbreviation_run(i) or self._proper_noun_at(i, taken)
            if mention is not None:
                mentions.append(mention)
                taken.update(range(mention.start, mention.end))
                i = mention.end
            else:
                i += 1
        return mentions

    def _abbreviation_run(self, i: int) -> Mention | None:
        for end in range(min(len(self.doc), i + 2), i, -1):
            mention = self._abbreviation(i, end)
            if mention is not None:
                return mention
        return None

    def _proper_noun_at(self, i: int, taken: set[int]) -> Mention | None:
        doc, tokens = self.doc, tokens_of(self.doc)
        last = i
        while last < min(len(doc), i + MAX_NAME_TOKENS) and last not in taken and _capitalised(tokens[last]):
            last += 1
        for end in range(last, i, -1):
            if end < last and not self._names_after(end):
                continue  # "Abu Shok" is no town called Abu; "Gainesville Police" names the town's police
            span = doc[i:end]
            if (
                all(t.lower_ in self.words.directions for t in span)
                or span.text.lower() in self.words.regions
            ):
                continue  # "North", "Central", "Gulf": a direction or a region, not a division of that name
            if end - i == 1 and any(c.kind == "adjective" for c in self.gazetteer.candidates(span.text)):
                break  # "Canadian", "Mexican": the country's adjective, not a town of that name
            exact = tuple(
                c for c in self.gazetteer.candidates(span.text) if c.primary and _as_written(span, c.place)
            )
            if exact and any(t.pos_ == POS_PROPN for t in span):
                # "Police Department" is no division: the word only counts after a division's name
                division = self._division_follows(end) and any(
                    c.place.feature in ("admin1", "admin2") for c in exact
                )
                person = end - i == 1 and span.text in self.person_words
                label = self._label(i) == ENT_PERSON
                return Mention(
                    i, end, exact, self._cue(span, division), division, person, label,
                    towns_only=self._settlement_follows(end),
                )  # fmt: skip
        return self._demonym_at(i)

    def _demonym_at(self, i: int) -> Mention | None:
        """A country's adjective opening a name the NER did not tag as a people ("American Red Cross",
        "the Russian Foreign Ministry"), written as the country table writes it."""
        token = self.doc[i]
        found = tuple(
            c
            for c in self.gazetteer.candidates(token.text)
            if c.kind == "adjective" and token.text[:1].isupper() and self._label(i) != ENT_PERSON
        )
        return Mention(i, i + 1, found, CUE_ENTITY, demonym=True) if found else None

    def _names_after(self, end: int) -> bool:
        """Whether the capitalised word after a place's name makes a name after the place: an
        organisation or facility ("Gainesville Police"), or a dictionary word ("Lancaster General")."""
        token = self.doc[end]
        return token.ent_type_ in (ENT_ORG, ENT_FAC) or token.lower_ in self.common_words

    def _cue(self, span: Span, division: bool) -> Cue:
        """What besides its name says the span is a place."""
        doc = self.doc
        if division:
            return CUE_DIVISION
        if self._address(span.start, span.end) or (span.text.isupper() and _in_dateline(span)):
            return CUE_ADDRESS  # "Macon, Ga.", "BEIRUT (AP) --"
        before = doc[span.start - 1] if span.start else None
        if (
            before is not None
            and before.lower_ in self.words.locative
            and doc[span.start].ent_type_ != ENT_ORG
        ):
            return CUE_LOCATIVE  # "at Columbia University" names the university, not the town
        if (
            span.start >= 2
            and doc[span.start - 1].text == "-"
            and doc[span.start - 2].text.isupper()
            and doc[span.start - 2].lower_ in self.words.parties
        ):
            return CUE_ADDRESS  # "Ricky Moye, D-Raleigh": a legislator's home town
        if self._of_a_place_noun(span.start):
            return CUE_LOCATIVE  # "the outskirts of Bakhmut", "residential districts of Kharkiv"
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.lower_ in self.words.local_nouns:
            return CUE_LOCAL  # "Roselle police", "a Buford home", "an Alexandria woman"
        return CUE_NONE

    def _of_a_place_noun(self, start: int) -> bool:
        doc = self.doc
        return start >= 2 and doc[start - 1].dep_ == PREP and doc[start - 2].lemma_ in self.words.place_nouns

    def _starts_name(self, i: int) -> bool:
        """A capitalised word that opens its run of capitalised proper nouns: "Alexandria" in
        "Alexandria Police Department", not "Street" in "Broad Street" nor "Russia" in "United Russia"."""
        tokens = tokens_of(self.doc)
        if not _capitalised(tokens[i]):
            return False
        before = tokens[i - 1] if i else None
        return before is None or not (
            _capitalised(before) and before.pos_ == POS_PROPN and before.lower_ not in self.words.directions
        )

    def _address(self, start: int, end: int) -> bool:
        """ "<name>, <area>" ("Pandi, Bulacan", "Macon, Ga.") or "<place>, <name>": written as an address."""
        doc = self.doc
        if end + 1 < len(doc) and doc[end].text == "," and _capitalised(doc[end + 1]):
            for stop in (end + 2, end + 3):
                if stop <= len(doc) and any(
                    c.place.is_area for c in self.gazetteer.candidates(doc[end + 1 : stop].text)
                ):
                    return True
        if start >= 2 and doc[start - 1].text == "," and _capitalised(doc[start - 2]):
            return any(c.primary for c in self.gazetteer.candidates(doc[start - 2].text))
        return False

    def _label(self, i: int) -> str | None:
        ent = self.entity_of.get(i)
        return ent.label_ if ent is not None else None

    def _in_other_name(self, i: int) -> bool:
        """Part of a person's name of two words or more ("Michael Jordan"; one-word PERSON entities are
        often places the small model mislabels: "Gainesville"), or of a date, a number or an amount
        ("in March 2008")."""
        ent = self.entity_of.get(i)
        if ent is None:
            return False
        return (ent.label_ == ENT_PERSON and len(ent) > 1) or ent.label_ in NOT_NAME_ENTITIES


def _capitalised(token: Token) -> bool:
    text = token.text
    return text[:1].isupper() and text.replace(".", "").replace("-", "").replace("'", "").isalpha()


def _notable(place: Place) -> bool:
    return place.feature != "city" or place.population >= NOTABLE_POPULATION


def _capitals_of_a_name(span: Span, place: Place) -> bool:
    """ "UN", "E.U.", "BOE" are acronyms, not Un, Eu or Boe in capitals: a span in capitals (outside a
    dateline) that names a place only as its own name folded to capitals."""
    text = span.text
    if not text.replace(".", "").isupper() or len(text) < 2 or _in_dateline(span):
        return False
    return text != place.name and name_key(text) == name_key(place.name)


def _well_known(place: Place) -> bool:
    """A country, a first-level division or a town of NOTABLE_POPULATION: more often meant than a
    person's first name ("Alaska", "Dallas", "Madison")."""
    return place.feature in ("country", "admin1") or (
        place.feature == "city" and place.population >= NOTABLE_POPULATION
    )


def _as_written(span: Span, place: Place) -> bool:
    """Whether the span is written as the place's name is: a town by its own spelling, with its case
    and accents ("God" is not Göd, "UN" is not Un), or in capitals in a dateline ("BEIRUT --"); a
    country or division by any of its names ("U.S.", "Britain", "NSW")."""
    text = span.text
    if text.isupper() and len(text) > 1 and place.feature not in ("country", "admin1"):
        return _in_dateline(span) and text == place.name.upper()  # "SWAT" is no county Swat
    return place.is_area or text == place.name


def _in_dateline(span: Span) -> bool:
    """A capitalised place opening a wire story: "COLUMBUS, Ohio (AP) --", "BEIRUT --"."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].text in DATELINE_MARKS


def _parts(ent: Span) -> Iterable[tuple[int, int]]:
    start = ent.start
    for token in ent:
        if token.text == "," or token.pos_ == POS_CCONJ:
            if token.i > start:
                yield start, token.i
            start = token.i + 1
    if start < ent.end:
        yield start, ent.end


# -- qualifiers and context -------------------------------------------------------------------------------


def _qualifiers(doc: Doc, mentions: list[Mention]) -> dict[int, Mention]:
    """Mention index -> the area mention right after "<place>," ("Moscow, Idaho", "Alexandria, La.").
    Not in a list of areas of one kind ("Colorado, Delaware, Idaho"): a name that is itself a
    division or a country is listed, not qualified, before an area."""
    found = {}
    for index in range(len(mentions) - 1):
        here, after = mentions[index], mentions[index + 1]
        if after.start != here.end + 1 or doc[here.end].text != ",":
            continue
        areas = [c.place for c in after.candidates if c.place.is_area]
        listed = any(c.primary and c.place.feature in ("country", "admin1") for c in here.candidates)
        if areas and not listed:
            found[index] = after
    return found


def _area(candidates: tuple[Candidate, ...], context: PlaceContext) -> Place | None:
    areas = tuple(c for c in candidates if c.place.is_area)
    countries = [c.place for c in areas if c.place.feature == "country" and c.kind == "primary"]
    if countries:
        return countries[0]
    return choose_place(areas, context) if areas else None


def _context(doc: Doc, mentions: list[Mention], countries: Collection[str]) -> PlaceContext:
    """The actor countries plus the countries the article's place names lie in (a name all of whose
    places are in one country: "Gainesville", "Pennsylvania"; a country it names), the divisions and
    counties it names unambiguously, and the dateline's country. Names without a cue count only when
    they name countries and divisions alone."""
    in_play = set(countries)
    states: set[str] = set()
    counties: set[str] = set()
    named_countries = []
    for mention in mentions:
        places = {c.place for c in mention.candidates}
        if mention.cue == CUE_NONE and not all(p.is_area for p in places):
            continue
        if len(places) == 1:
            _add_area(next(iter(places)), in_play, states, counties)
        elif len({p.country for p in places}) == 1 and not (mention.person or mention.person_label):
            in_play.update(p.country for p in places if p.country)
        elif any(
            c.place.feature == "country" and c.kind in ("primary", "adjective") for c in mention.candidates
        ):
            named_countries.append(mention)
    # "Georgia" puts Georgia in play unless it may be a division of a country already in play
    for mention in named_countries:
        others = [c.place for c in mention.candidates if c.place.feature != "country" and c.primary]
        if not any(p.country in in_play for p in others):
            in_play.update(
                c.place.country
                for c in mention.candidates
                if c.place.feature == "country" and c.place.country
            )
    # "Texas" names the state in an article about the US, though towns in Mexico are called Texas too
    for mention in mentions:
        names_a_state = any(c.primary and c.place.feature == "admin1" for c in mention.candidates)
        if mention.cue != CUE_NONE and names_a_state:
            place = choose_place(mention.candidates, PlaceContext(frozenset(in_play)))
            if place is not None and place.feature == "admin1":
                _add_area(place, in_play, states, counties)
    dateline = _dateline(doc, mentions)
    if dateline is not None:
        place = choose_place(dateline.candidates, PlaceContext(frozenset(in_play)))
        if place is not None and place.country:
            in_play.add(place.country)
    return PlaceContext(frozenset(in_play), frozenset(states), frozenset(counties))


def _refined(
    context: PlaceContext, mentions: list[Mention], qualifiers: dict[int, Mention], chosen: list[Place | None]
) -> PlaceContext:
    """The context after a first pass: the divisions and counties it settled on, the countries of the
    divisions it found and of any two places it found in one country, and the points of the places
    settled without doubt."""
    in_play, states, counties = set(context.countries), set(context.states), set(context.counties)
    for qualifier in qualifiers.values():
        area = _area(qualifier.candidates, context)
        if area is not None:
            _add_area(area, in_play, states, counties)
    by_country: dict[str, set[Place]] = {}
    for place in chosen:
        if place is None:
            continue
        if place.feature in ("admin1", "admin2"):
            _add_area(place, in_play, states, counties)
        elif place.feature == "city" and place.country:
            by_country.setdefault(place.country, set()).add(place)
    in_play.update(country for country, places in by_country.items() if len(places) > 1)
    points = _settled_points(mentions, qualifiers, chosen)
    return PlaceContext(frozenset(in_play), frozenset(states), frozenset(counties), points, context.supported)


def supported_places(doc: Doc, mentions: list[Mention]) -> frozenset[Place]:
    """The candidate places that a candidate of another name in the article supports: a town or county
    within NEARBY_KM of it, a first-level division holding it, or a place that division holds.

    A name of a country or a first-level division ("Norway", "Maine") lends support as that area only:
    the towns named after areas ("China" and "Norway" in Maine, "Vermont" in Wisconsin) would
    otherwise support each other in any list of countries or states."""
    by_name: dict[str, set[Place]] = {}  # the candidates each name may receive support for
    lending: dict[str, set[Place]] = {}  # the candidates through which each name supports others
    area_names = set()
    for mention in mentions:
        key = _key(doc, mention)
        area_name = any(c.primary and c.place.feature in ("country", "admin1") for c in mention.candidates)
        if area_name:
            area_names.add(key)
        for candidate in mention.candidates:
            place = candidate.place
            if place.feature in SUPPORT_FEATURES:
                by_name.setdefault(key, set()).add(place)
                if not (area_name and place.feature == "city"):
                    lending.setdefault(key, set()).add(place)
    cells: dict[tuple[int, int], list[tuple[str, Place]]] = {}
    holders: dict[str, set[str]] = {}  # "ISO3.admin1" -> names with a candidate in that division
    for name, places in lending.items():
        for place in places:
            holders.setdefault(f"{place.country}.{place.admin1}", set()).add(name)
            if place.feature != "admin1" and place.lat is not None and place.lon is not None:
                cells.setdefault(_cell(place.lat, place.lon), []).append((name, place))
    supported = set()
    for mention in mentions:  # a country holding a notable namesake of another name: "Tbilisi"
        key = _key(doc, mention)
        for candidate in mention.candidates:
            if candidate.place.feature == "country" and any(
                p.country == candidate.place.country and _notable(p) for p in _others(lending, key)
            ):
                supported.add(candidate.place)
    for name, places in by_name.items():
        for place in places:
            # a town named like an area needs a neighbour: the state it lies in is no sign ("Italy", Texas)
            held = name not in area_names or place.feature != "city"
            if (held and holders.get(f"{place.country}.{place.admin1}", set()) - {name}) or _has_neighbour(
                name, place, cells
            ):
                supported.add(place)
    return frozenset(supported)


def _others(by_name: dict[str, set[Place]], name: str) -> Iterable[Place]:
    return (place for other, places in by_name.items() if other != name for place in places)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(lat // CELL_DEGREES), int(lon // CELL_DEGREES)


def _has_neighbour(name: str, place: Place, cells: dict[tuple[int, int], list[tuple[str, Place]]]) -> bool:
    if place.feature == "admin1" or place.lat is None or place.lon is None:
        return False
    row, column = _cell(place.lat, place.lon)
    for cell in ((row + i, column + j) for i in (-1, 0, 1) for j in (-1, 0, 1)):
        for other_name, other in cells.get(cell, ()):
            if other_name != name and distance_km(place.lat, place.lon, other.lat, other.lon) <= NEARBY_KM:  # type: ignore[arg-type]
                return True
    return False


def _add_area(place: Place, in_play: set[str], states: set[str], counties: set[str]) -> None:
    if place.country:
        in_play.add(place.country)
    if place.feature in ("admin1", "admin2") and place.admin1:
        states.add(f"{place.country}.{place.admin1}")
    if place.feature == "admin2" and place.admin2:
        counties.add(f"{place.country}.{place.admin1}.{place.admin2}")


def _dateline(doc: Doc, mentions: list[Mention]) -> Mention | None:
    """The place a dateline names: "KABUL, Afghanistan (Reuters) -", "WASHINGTON —"."""
    if not mentions or doc[mentions[0].start].idx > DATELINE_CHARS:
        return None
    first = mentions[0]
    text = doc[first.start : first.end].text
    follows = doc[first.end].text if first.end < len(doc) else ""
    return first if text.isupper() or follows in {"(", "—", "–", "-", "--"} else None


def _settled_points(
    mentions: list[Mention], qualifiers: dict[int, Mention], chosen: list[Place | None]
) -> tuple[tuple[float, float], ...]:
    """Points of the places settled without doubt: qualified, unambiguous, or counties."""
    points = []
    for index, (mention, place) in enumerate(zip(mentions, chosen, strict=True)):
        if place is None or place.lat is None or place.lon is None:
            continue
        unambiguous = len({c.place for c in mention.candidates}) == 1
        if place.feature == "city" and (index in qualifiers or unambiguous) or place.feature == "admin2":
            points.append((place.lat, place.lon))
    return tuple(points)


# ---------------------------------------------------------------------------------------------
# Locating events


def locate_events(events: list[Event], doc: Doc, places: list[Location], language: Language) -> list[Event]:
    """Each event with the place its sentence says it happened in, when it says so.

    A place counts when it is the object of a locative preposition ("in Tehran", "near the border
    town of X") governed by the event verb or the sentence's main verb, even when the event coder took
    it for the target too; or when the verb's object is a part of it ("shelled the district of X").
    Of several ("in X village, Y district, Z state"), the most specific wins.
    """
    return [_located(event, doc, places, language.places) for event in events]


def _located(event: Event, doc: Doc, places: list[Location], words: GeoWords) -> Event:
    verb_span = doc.char_span(event.verb_start, event.verb_end, alignment_mode="expand")
    verb = verb_span.root if verb_span is not None and len(verb_span) else None
    found = []
    for place in places:
        if place.start is None or place.end is None or not event.start <= place.start < event.end:
            continue
        if place.lat is None:
            continue
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is not None and _where_event_happened(span.root, verb, words):
            found.append(place)
    if not found:
        return event
    return replace(event, location=min(found, key=_coarseness))


def _coarseness(place: Location) -> tuple[int, int]:
    """Finer places first (a village before its district before its state), then text order."""
    return (place.precision or 9, place.start or 0)


def _where_event_happened(token: Token, verb: Token | None, words: GeoWords) -> bool:
    """A place in a locative phrase on the event verb (or the sentence's main verb), or in the event
    verb's object named as a part of a place ("shelled the Abu Salim district of Tripoli")."""
    prep = locative_preposition(token, words)
    if prep is None:
        return verb is not None and _in_object_of(token, verb, words)
    governor = governing_verb(prep)
    return governor is not None and (governor == verb or governor == prep.sent.root)


def _in_object_of(token: Token, verb: Token, words: GeoWords) -> bool:
    current = token
    for _ in range(4):  # Tripoli -> of -> district -> shelled
        head = current.head
        if current.dep_ in OBJECT_DEPS and head == verb:
            return current.lemma_ in words.place_nouns
        if current.dep_ == POBJ and head.dep_ == PREP and head.head.lemma_ in words.place_nouns:
            current = head.head
        elif current.dep_ in PLACE_LINK_DEPS and head != current:
            current = head
        else:
            return False
    return False


def locative_preposition(token: Token, words: GeoWords) -> Token | None:
    """The locative preposition whose object is (or contains) the token: "in" for "in southern
    Lebanon", "near" for "near the border town of Qamishli", "in" for "Y" in "in X village, Y district"."""
    locative = words.locative
    current = token
    for _ in range(6):  # place -> of -> town -> near, or place -> appos/conj chain -> in: a few steps
        head = current.head
        if current.dep_ == POBJ and head.dep_ == PREP:
            if head.lower_ in locative:
                return head
            if head.lower_ != "of":
                return None
            current = head.head
        elif current.dep_ in PLACE_LINK_DEPS and head != current:
            current = head
        else:
            return None
    return None
