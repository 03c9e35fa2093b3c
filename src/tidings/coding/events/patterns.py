"""Which lexicon pattern a verb fires: the most specific row whose particle, preposition, objects and
evaluation fit the verb in the parse."""

from __future__ import annotations

from functools import cached_property

from spacy.tokens import Doc, Token

from ...lang import Language
from ...nlp.syntax import (
    ADJECTIVE_DEPS,
    AS_COMPLEMENT_DEPS,
    EVALUATION_DEPS,
    PREP,
    adjective_complements,
    children_with,
    direct_objects,
    lemma,
    modifier_keys,
    not_dates,
    noun_complements,
    object_keys,
    particles,
    prep_objects,
    rates_its_object,
    through_quantities,
)
from .lexicon import ANY_VERB, EventLexicon, VerbPattern


class PatternMatcher:
    """Matches verbs (and event nouns) against one lexicon."""

    def __init__(self, lexicon: EventLexicon, language: Language) -> None:
        self.lexicon = lexicon
        self.verb_bases = language.morphology.verb_bases
        self.naming_verbs = language.words.naming_verbs
        # best_pattern per token of the doc read last: the event coder, the frames and the arguments
        # ask it again and again about the same verbs. The doc is held (so its id cannot be reused), and
        # with its table in one tuple, replaced whole: threads coding other docs never share a table.
        self._memo: tuple[Doc | None, dict[int, VerbPattern | None]] = (None, {})

    def best_pattern(self, verb: Token) -> VerbPattern | None:
        """The most specific fitting row; a modifier + noun match ("air_strike") and then a block row
        win ties. A block row as the best match means no event."""
        doc, memo = self._memo
        if doc is not verb.doc:
            memo = {}
            self._memo = (verb.doc, memo)
        if verb.i not in memo:
            memo[verb.i] = self._best_pattern(_VerbFacts(self, verb))
        return memo[verb.i]

    def _best_pattern(self, facts: _VerbFacts) -> VerbPattern | None:
        verb = facts.verb
        for base in self.verb_bases(verb.lower_, lemma(verb)):
            candidates = [p for p in self.lexicon.patterns_for(base) if self._fits(p, facts)]
            if candidates:
                compounds = modifier_keys(facts.object_nouns)
                best = max(candidates, key=lambda p: (p.specificity, bool(p.objects & compounds), p.blocks))
                return None if best.blocks else best
        return None

    def nominal_pattern(self, noun: Token) -> VerbPattern | None:
        """The light-verb row (verb "*") an event noun names on its own: "talks", "the attack on X"."""
        keys, compounds = object_keys([noun]), modifier_keys([noun])
        candidates = [p for p in self.lexicon.by_verb.get(ANY_VERB, ()) if p.objects & keys and not p.prep]
        best = max(candidates, key=lambda p: (bool(p.objects & compounds), p.blocks), default=None)
        return None if best is None or best.blocks else best

    def pattern_fits(self, pattern: VerbPattern, verb: Token) -> bool:
        return self._fits(pattern, _VerbFacts(self, verb))

    def _fits(self, pattern: VerbPattern, facts: _VerbFacts) -> bool:
        if pattern.particle and pattern.particle not in facts.particles:
            return False
        if pattern.prep and pattern.prep not in facts.preps:
            return False
        keys = facts.light_object_keys if pattern.verb == ANY_VERB else facts.object_keys
        if pattern.objects and not pattern.objects & keys:
            return False
        if "no_object" in pattern.flags and facts.has_direct_object:
            return False
        if facts.names_its_object and pattern.evaluation is None:
            return False
        return pattern.evaluation is None or facts.evaluation == pattern.evaluation

    def preps_around(self, verb: Token) -> dict[str, list[Token]]:
        """Prepositions on the verb and on its direct objects ("imposed sanctions on X")."""
        found = prep_objects(verb)
        for obj in direct_objects(verb):
            for prep, objects in prep_objects(obj).items():
                found.setdefault(prep, []).extend(objects)
        return found

    def object_nouns(self, verb: Token) -> list[Token]:
        nouns = direct_objects(verb) + [obj for objs in prep_objects(verb).values() for obj in objs]
        nouns += noun_complements(verb)
        return not_dates(through_quantities(nouns, self.lexicon.quantities))

    def evaluation_of(self, verb: Token) -> str | None:
        """Polarity of "described X as <adjective>" / "called X <adjective>"."""
        words = children_with(verb, EVALUATION_DEPS) + as_complements(verb)
        for word in words:
            for candidate in (word, *children_with(word, ADJECTIVE_DEPS)):
                polarity = self.lexicon.evaluative.get(lemma(candidate))
                if polarity:
                    return polarity
        return None


def as_complements(token: Token) -> list[Token]:
    """What "as" makes of a word's object: "described X as illegal", "regards the pact as void"."""
    return [
        word
        for prep in children_with(token, (PREP,))
        if lemma(prep) == "as"
        for word in children_with(prep, AS_COMPLEMENT_DEPS)
    ]


class _VerbFacts:
    """What the lexicon's rows ask of one verb, each read from the parse once, when first asked: a
    verb is held against every row of its lemma."""

    def __init__(self, matcher: PatternMatcher, verb: Token) -> None:
        self.matcher = matcher
        self.verb = verb

    @cached_property
    def particles(self) -> set[str]:
        return particles(self.verb)

    @cached_property
    def preps(self) -> dict[str, list[Token]]:
        return self.matcher.preps_around(self.verb)

    @cached_property
    def object_nouns(self) -> list[Token]:
        return self.matcher.object_nouns(self.verb)

    @cached_property
    def object_keys(self) -> set[str]:
        # "pleaded guilty": an adjective completing the verb is read as a row's object
        return object_keys(self.object_nouns) | {lemma(adj) for adj in adjective_complements(self.verb)}

    @cached_property
    def light_object_keys(self) -> set[str]:
        """What a light verb's noun may be: its object, or with none the object of its preposition ("went on
        strike"); "announced the change at a rally" stages no rally."""
        if not self.has_direct_object:
            return self.object_keys
        nouns = direct_objects(self.verb) + noun_complements(self.verb)
        return object_keys(not_dates(through_quantities(nouns, self.matcher.lexicon.quantities)))

    @cached_property
    def names_its_object(self) -> bool:
        """ "called the probe a witch hunt", "considered it unwise": only an evaluation row reads it."""
        if lemma(self.verb) not in self.matcher.naming_verbs:
            return False
        rated_object = any(as_complements(obj) for obj in direct_objects(self.verb))
        return rates_its_object(self.verb) or rated_object

    @cached_property
    def has_direct_object(self) -> bool:
        return bool(direct_objects(self.verb))

    @cached_property
    def evaluation(self) -> str | None:
        return self.matcher.evaluation_of(self.verb)
