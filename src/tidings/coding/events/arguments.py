"""An event's arguments: who did it (the source) and to whom (the target), from the parse and the
article's actors.

The source is the verb's subject (a passive verb's agent, or the subject it inherits from the clause it
hangs from); the target is the object the pattern points at, else a nested object, the subject of a
complement clause, or the country of a place the clause names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from spacy.tokens import Token

from ...lang import Words
from ...nlp.syntax import (
    ACL,
    ACTIVE_OR_EXPLETIVE_DEPS,
    ADVCL,
    CCOMP,
    COMPLEMENT_DEPS,
    MODIFIER_DEPS,
    PLACE_ENTITIES,
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
    ) -> None:
        self.actors = actors
        self.lexicon = lexicon
        self.grammar = grammar
        self.words: Words = grammar.words
        self.patterns = patterns
        self.gazetteer = gazetteer
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
        for child in sorted(head.children, key=lambda child: lemma(child) != "by"):  # "attack on X by Y": Y
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
        self, verb: Token, pattern: VerbPattern, exclude: list[Actor]
    ) -> tuple[list[Actor], TargetSource]:
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
        named = [others(self.np_actors(c), exclude) for c in candidates]
        best = best_named([foreign(actors, exclude) for actors in named]) or best_named(named)
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
        places = others(places, exclude) or places
        return places[:1], "place" if places else "none"

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
        ordered += [obj for prep, objs in preps.items() if prep not in ("by", "as") for obj in objs]
        return ordered

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
    """The first candidate's actors that have a country ("mobilized army reservists for a war against
    Iraq" -> Iraq), else the first candidate's actors."""
    with_country = next((actors for actors in named if any(map(has_identity, actors))), None)
    return with_country or next((actors for actors in named if actors), [])


def has_identity(actor: Actor) -> bool:
    """A country or IGO is known: "---CVL" alone does not say whose civilians they are."""
    return bool(actor.country or actor.igo)
