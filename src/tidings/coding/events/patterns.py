"""Which lexicon pattern a verb fires: the most specific row whose particle, preposition, objects and
evaluation fit the verb in the parse."""

from __future__ import annotations

from spacy.tokens import Token

from ...lang import Language
from ...nlp.syntax import (
    ADJECTIVE_DEPS,
    AS_COMPLEMENT_DEPS,
    EVALUATION_DEPS,
    PREP,
    children_with,
    direct_objects,
    lemma,
    modifier_keys,
    noun_complements,
    object_keys,
    particles,
    prep_objects,
    through_quantities,
)
from .lexicon import ANY_VERB, EventLexicon, VerbPattern


class PatternMatcher:
    """Matches verbs (and event nouns) against one lexicon."""

    def __init__(self, lexicon: EventLexicon, language: Language) -> None:
        self.lexicon = lexicon
        self.verb_bases = language.morphology.verb_bases

    def best_pattern(self, verb: Token) -> VerbPattern | None:
        """The most specific fitting row; a modifier + noun match ("air_strike") and then a block row
        win ties. A block row as the best match means no event."""
        for base in self.verb_bases(verb.lower_, lemma(verb)):
            candidates = [p for p in self.lexicon.patterns_for(base) if self.pattern_fits(p, verb)]
            if candidates:
                compounds = modifier_keys(self.object_nouns(verb))
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
        if pattern.particle and pattern.particle not in particles(verb):
            return False
        if pattern.prep and pattern.prep not in self.preps_around(verb):
            return False
        if pattern.objects and not pattern.objects & object_keys(self.object_nouns(verb)):
            return False
        if "no_object" in pattern.flags and direct_objects(verb):
            return False
        return pattern.evaluation is None or self.evaluation_of(verb) == pattern.evaluation

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
        return through_quantities(nouns, self.lexicon.quantities)

    def evaluation_of(self, verb: Token) -> str | None:
        """Polarity of "described X as <adjective>" / "called X <adjective>"."""
        words = children_with(verb, EVALUATION_DEPS)
        for prep in children_with(verb, (PREP,)):
            if lemma(prep) == "as":
                words += children_with(prep, AS_COMPLEMENT_DEPS)
        for word in words:
            for candidate in (word, *children_with(word, ADJECTIVE_DEPS)):
                polarity = self.lexicon.evaluative.get(lemma(candidate))
                if polarity:
                    return polarity
        return None
