"""An event's arguments: who did it (the source) and to whom (the target), from the parse and the
article's actors.

The source is the verb's subject (a passive verb's agent, or the subject it inherits from the clause it
hangs from); the target is the object the pattern points at, else a nested object, the subject of a
complement clause, or the country of a place the clause names. Violence hits people, never places: a
village, a market or a named town it is done to stands for the people there (`victims`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Literal

from spacy.tokens import Token

from ...lang import Words
from ...nlp.parse import children_of
from ...nlp.syntax import (
    ACL,
    ACTIVE_OR_EXPLETIVE_DEPS,
    ADVCL,
    CCOMP,
    COMPLEMENT_DEPS,
    MODIFIER_DEPS,
    NEVER_PLACE_ENTITIES,
    PLACE_ENTITIES,
    POS_NOUN,
    POS_PRON,
    POS_PROPN,
    POSS,
    PREP,
    XCOMP,
    Grammar,
    agent_objects,
    children_with,
    clause_head,
    controller,
    direct_objects,
    entity_span,
    is_passive,
    is_purpose,
    lemma,
    object_keys,
    place_clause,
    pobjects,
    through_quantities,
    with_conjuncts,
)
from ...places.gazetteer import Gazetteer, PlaceContext
from ...records import Actor
from ..actors import ArticleActors
from .lexicon import EventLexicon, VerbPattern
from .patterns import PatternMatcher
from .violence import A_CIVILIAN, Violence

# Where an event's target came from: its own objects, or a rule that looked further.
TargetSource = Literal["object", "clause", "nested", "complement", "place", "none"]
# How far up embedding clauses a subject or a frame is looked for.
MAX_FRAME_DEPTH = 4


class Arguments:
    """Sources and targets of the events of one article."""

    def __init__(
        self,
        actors: ArticleActors,
        lexicon: EventLexicon,
        grammar: Grammar,
        patterns: PatternMatcher,
        gazetteer: Gazetteer,
        violence: Violence,
        locative: frozenset[str] = frozenset(),
    ) -> None:
        self.actors = actors
        self.lexicon = lexicon
        self.grammar = grammar
        self.words: Words = grammar.words
        self.patterns = patterns
        self.gazetteer = gazetteer
        self.violence = violence
        self.scene = actors.scene
        self.locative = locative  # prepositions of place: "in", "near", "between"
        self.place_context = PlaceContext(actors.countries, frozenset())

    # -- the actors of noun phrases ------------------------------------------------------------------

    def np_actors(self, token: Token) -> list[Actor]:
        """Actors of the noun phrase headed by `token` and of the phrases coordinated with it."""
        found: list[Actor] = []
        for head in with_conjuncts(token):
            found.extend(self.actors.actors_for(head) or self.modifier_actors(head))
        if not found:
            # A name the parser took for a preposition ("Barack" ADP -> pobj "Obama").
            for pobj in pobjects(token):
                found.extend(self.np_actors(pobj))
        return unique_actors(found)

    def modifier_actors(self, head: Token, depth: int = 2) -> tuple[Actor, ...]:
        """Actors named inside a phrase whose head is no actor: "US sanctions", "a part of Syria's city"."""
        if depth == 0:
            return ()
        # "attack on X by Y": Y first
        for child in sorted(children_of(head), key=lambda child: lemma(child) != "by"):
            for inner in self._modifier_heads(child):
                found = self.actors.actors_for(inner) or self.modifier_actors(inner, depth - 1)
                if found:
                    return found
        return ()

    def _modifier_heads(self, child: Token) -> list[Token]:
        if child.dep_ in MODIFIER_DEPS:
            return [child]
        if child.dep_ == ACL:  # "crimes committed by Croat forces": the participle's agent
            return agent_objects(child)
        if child.dep_ == PREP and lemma(child) in self.words.modifier_preps:
            return pobjects(child)
        return []

    def actors_of(self, tokens: Iterable[Token]) -> list[Actor]:
        found: list[Actor] = []
        for token in tokens:
            found.extend(a for a in self.np_actors(token) if a not in found)
        return found

    # -- sources -------------------------------------------------------------------------------------

    def inherited_sources(self, verb: Token) -> tuple[list[Actor], int | None]:
        """The subject of the clause this verb hangs from; an object controls a to-infinitive
        ("urged Iran to talk": Iran talks)."""
        current, head = verb, clause_head(verb, self.lexicon.frames)
        for _ in range(MAX_FRAME_DEPTH):
            if head is None:
                return [], None
            objects = direct_objects(head) if current.dep_ == XCOMP and not is_passive(head) else []
            controllers = objects or controller(head)
            if controllers:
                return self.actors_of(controllers), head.i
            current, head = head, clause_head(head, self.lexicon.frames)
        return [], None

    # -- targets -------------------------------------------------------------------------------------

    def targets(
        self,
        verb: Token,
        pattern: VerbPattern,
        exclude: list[Actor],
        victims: bool = False,
        foreign_first: bool = True,
        persons: bool = False,
    ) -> tuple[list[Actor], TargetSource]:
        """The target and where it came from: for events that hit `victims`, the people a place stands
        for (and, when only `persons` can suffer the act, a civilian in any noun that is no actor);
        with `foreign_first`, a candidate of another country than the source's before the first."""
        if "ccomp_target" in pattern.flags:
            clauses = children_with(verb, (CCOMP,))
            subjects = [s for clause in clauses for s in self.grammar.subject_tokens(clause)]
            return self.actors_of(subjects), "clause"
        conditional = [
            subject
            for clause in self.grammar.conditions(verb)
            for subject in self.grammar.subject_tokens(clause)
        ]
        candidates = self.target_candidates(verb, pattern.prep) + conditional
        named = [
            other_people(self.victims(c, persons), exclude, c)
            if victims
            else others(self.np_actors(c), exclude)
            for c in candidates
        ]
        foreign_named = [foreign(actors, exclude) for actors in named] if foreign_first else []
        best = best_named(foreign_named) or best_named(named)
        if best:
            return best, "object"
        # "called for diversification of relations between the two countries": the other country
        nested = [n for c in candidates if not self.np_actors(c) for n in self.grammar.nested_objects(c)]
        best = best_named([foreign(self.np_actors(n), exclude) for n in nested])
        if best:
            return best, "nested"
        complement = self.complement_actors(verb, exclude)
        if complement:
            return complement, "complement"
        # A place in the source's own country makes a domestic event ("protested in Lagos": NGA/NGA).
        places = self.place_actors(verb)
        if victims:
            places = [self.occupants(a.country, "CVL", a) for a in places if a.country]
        places = others(places, exclude)  # "was opposed by Ghana": the doer's own name is no place it acts on
        return places[:1], "place" if places else "none"

    # -- victims of violence -------------------------------------------------------------------------

    def victims(self, token: Token, persons: bool = False) -> list[Actor]:
        """Who violence done to the phrase hits: its actors, or the people at a site or a place it names
        ("attacked a village" -> the villagers, CVL, of the village's country)."""
        found: list[Actor] = []
        for head in [token, *(c for c in token.conjuncts if c.i != token.i)]:  # not the places in apposition
            found.extend(self.victims_at(head, persons))
        return unique_actors(found) or self.np_actors(token)

    def people_named(self, tokens: Iterable[Token]) -> list[Actor]:
        """Civilians named by person nouns that are no actors ("women marched", "a man stabbed three"):
        they act in protests and violence, as the people they are."""
        found: list[Actor] = []
        for token in tokens:
            victim = self.violence.victim(token)
            if victim is not None and victim.kind == "person" and not self.actors.actors_for(token):
                found.extend(self.victims_at(token))
        return found

    def victims_at(self, head: Token, persons: bool = False) -> list[Actor]:
        actors = list(self.actors.actors_for(head) or self.modifier_actors(head))
        victim = self.violence.victim(head)
        if victim is None and persons and not actors and self.is_common_noun(head):
            victim = A_CIVILIAN  # "killed a shepherd": only people are killed
        if any(a.sectors or a.igo or a.org for a in actors):
            # people, or a site with its owner ("an army base", "a WFP warehouse"); a military site keeps
            # its sector under a civil owner ("government positions" are held by troops)
            if (
                victim
                and self.violence.is_armed(victim.sector)
                and not any(map(self.violence.has_arms, actors))
            ):
                return [replace(a, sectors=(victim.sector,)) for a in actors]
            return actors
        place = self.scene.place_at(head)
        if place is not None and place.is_country:
            return actors  # a country attacked is the country ("attacked Ukraine")
        inside = self.country_inside(head)
        if victim is not None and victim.kind == "place" and actors and not (inside or place):
            return actors  # a nationality on a building names its owner ("the Russian embassy")
        unknown_name = head.pos_ == POS_PROPN and not actors and head.ent_type_ not in NEVER_PLACE_ENTITIES
        if victim is None and not (place or unknown_name or self.is_place_actor(head, actors)):
            return actors
        own = next((a.country for a in actors if a.country), None)
        # a person's own nationality first ("two Brazilian men"); a place's country is where it lies
        country = own or inside if victim is not None and victim.kind == "person" else inside or own
        country = country or self.scene.country_at(head)
        sector = victim.sector if victim is not None else "CVL"
        return [self.occupants(country, sector, head)] if country else actors

    def is_common_noun(self, head: Token) -> bool:
        """A noun that names neither a weapon nor an event ("a shepherd", not "the assault")."""
        weapon = self.violence.weapon_of(head)
        return head.pos_ == POS_NOUN and weapon is None and lemma(head) not in self.lexicon.event_nouns

    def is_place_actor(self, head: Token, actors: list[Actor]) -> bool:
        """A bare country coded from a place name ("Kherson", "in Kaduna"), not from a country's name."""
        return bool(actors) and all(not a.sectors for a in actors) and head.ent_type_ in PLACE_ENTITIES

    def country_inside(self, head: Token) -> str | None:
        """The country of the surest place named inside the phrase ("the village of Dembo in Burkina
        Faso"; "a home in Avondale, Harare" is in Zimbabwe: a dictionary name beats a gazetteer guess)."""
        places = [
            place for token in head.subtree if (place := self.scene.place_at(token)) and place.weight > 0
        ]
        best = max(places, key=lambda place: place.weight, default=None)
        return best.country if best else None

    def occupants(self, country: str | None, sector: str, at: Token | Actor) -> Actor:
        """The people at a place, as an actor over the place's words."""
        if isinstance(at, Actor):
            return replace(at, country=country, sectors=(sector,), igo=None, org=None, name=None)
        span = at.doc[min(t.i for t in at.subtree) : at.i + 1]
        return Actor(
            text=span.text, start=span.start_char, end=span.end_char, country=country, sectors=(sector,)
        )

    def complement_actors(self, verb: Token, exclude: list[Actor], depth: int = 2) -> list[Actor]:
        """The target named inside the verb's complement clause: "threatened to cut off electricity to
        X", "demanded that X withdraw", "threatened to quit the talks if X deploys missiles", or in its
        purpose ("began a hunger strike to protest X's policies")."""
        purposes = [clause for clause in children_with(verb, (ADVCL,)) if is_purpose(clause)]
        clauses = children_with(verb, COMPLEMENT_DEPS) + purposes
        for clause in clauses if depth else ():
            candidates = self.grammar.subject_tokens(clause) + self.target_candidates(clause, "")
            candidates += [
                s for cond in self.grammar.conditions(clause) for s in self.grammar.subject_tokens(cond)
            ]
            for candidate in candidates:
                actors = others(self.np_actors(candidate), exclude)
                if actors:
                    return actors
            deeper = self.complement_actors(clause, exclude, depth - 1)
            if deeper:
                return deeper
        return []

    def place_actors(self, verb: Token) -> list[Actor]:
        """Places named in the verb's own clause, outside its subject: their country is the target
        when nothing else is ("protested in Beijing", "exercises in Alaska")."""
        subjects = {
            tok.i for subject in children_with(verb, ACTIVE_OR_EXPLETIVE_DEPS) for tok in subject.subtree
        }
        found: list[Actor] = []
        for token in verb.subtree:
            if token.i in subjects or token.ent_type_ not in PLACE_ENTITIES or place_clause(token) != verb:
                continue
            found += [a for a in self.actors.actors_for(token) if not a.sectors] or self.gazetteer_actor(
                token
            )
        return found

    def gazetteer_actor(self, token: Token) -> list[Actor]:
        """The country of a place the dictionary does not know ("in Zurich" -> CHE), chosen by the
        gazetteer's one disambiguation policy in the article's context."""
        span = entity_span(token)
        if span is None or token.i != span.end - 1:
            return []
        place = self.gazetteer.place_named(span.text, self.place_context, notable=True)
        if place is None or not place.country:
            return []
        return [Actor(text=span.text, start=span.start_char, end=span.end_char, country=place.country)]

    def target_candidates(self, verb: Token, prep: str) -> list[Token]:
        """Noun phrases that may be the target, best first: the pattern's preposition, the objects,
        then any other preposition on the verb or its object."""
        preps = self.patterns.preps_around(verb)
        ordered = list(preps.get(prep, [])) if prep else []
        ordered += direct_objects(verb)
        ordered += [
            obj
            for name, objs in preps.items()
            if name not in ("by", "as")
            for obj in objs
            if name == prep or not self.is_place_named_after(name, obj)
        ]
        return ordered

    def is_place_named_after(self, prep: str, obj: Token) -> bool:
        """ "met in Brussels", "talks in Caracas": a town or region named after a locative preposition is
        where the event happened, not a party to it (the place rule may still make it the target); a
        country stays a party ("fired at Russia")."""
        place = self.scene.place_at(obj)
        return prep in self.locative and place is not None and not place.is_country

    def has_unresolved_object(self, verb: Token, pattern: VerbPattern) -> bool:
        """The verb has an object that is no actor ("killed eight people"): no target-less event then."""
        objects = [
            obj
            for obj in direct_objects(verb)
            if not pattern.objects & object_keys(through_quantities([obj], self.lexicon.quantities))
        ]
        return bool(objects)


def unique_actors(found: Iterable[Actor]) -> list[Actor]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for actor in found:
        key = (actor.start, actor.end, actor.code)
        if key not in seen:
            seen.add(key)
            out.append(actor)
    return out


def others(actors: list[Actor], exclude: list[Actor]) -> list[Actor]:
    """The actors that are not one of `exclude` (by code: "its war" is no target of Iran's attack)."""
    codes = {actor.code for actor in exclude}
    return [actor for actor in actors if actor.code not in codes]


def other_people(actors: list[Actor], exclude: list[Actor], phrase: Token) -> list[Actor]:
    """Like `others`, but a noun phrase of its own naming people of the doer's kind is another group of
    them ("a mob beat a man to death": civilians on civilians); a pronoun or a possessed phrase ("their
    strike") is the doer again."""
    if phrase.pos_ == POS_PRON or any(c.dep_ == POSS and c.pos_ == POS_PRON for c in children_of(phrase)):
        return others(actors, exclude)
    return [actor for actor in actors if not any(same_actor(actor, other) for other in exclude)]


def same_actor(one: Actor, other: Actor) -> bool:
    """One actor: the same code for a country, an organisation or a named person, or the same words."""
    if one.code != other.code:
        return False
    generic = one.sectors and not (one.name or other.name)
    return not generic or (one.start, one.end) == (other.start, other.end)


def foreign(actors: list[Actor], sources: list[Actor]) -> list[Actor]:
    """The actors of another country than every source: "Syria withdrew its troops from Lebanon" is
    about Lebanon, not Syria's own troops; own-country candidates are the fallback."""
    own = {actor.country for actor in sources if actor.country}
    return [actor for actor in actors if actor.country and actor.country not in own]


def known_first(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
    """In a coordinated phrase the nationality covers every member ("Israeli helicopters and tanks"):
    members without a country are left out when another member has one."""
    known = tuple(actor for actor in actors if has_identity(actor))
    return known or actors


def best_named(named: list[list[Actor]]) -> list[Actor]:
    """The first candidate's actors that have a country or an organisation ("mobilized army reservists
    for a war against Iraq" -> Iraq), else the first candidate's actors."""
    with_country = next((actors for actors in named if any(a.org or has_identity(a) for a in actors)), None)
    return with_country or next((actors for actors in named if actors), [])


def has_identity(actor: Actor) -> bool:
    """A country or IGO is known: "---CVL" alone does not say whose civilians they are."""
    return bool(actor.country or actor.igo)
