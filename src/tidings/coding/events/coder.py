"""Event coding: verb + source + target from each sentence's dependency parse, coded in CAMEO.

For every verb the most specific lexicon pattern (verb_patterns.tsv) is found; its source is the
subject (or a passive verb's agent), its target the object the pattern points at. Then the frames
above the verb re-code it (event_frames.tsv, frame_codes.tsv): "vowed to continue ties" is an intent
(03x), "asked X to help" an appeal (02x) to X, "refused to ..." a rejection (12x), and "said that Iraq
attacked" an accusation (112). Negated events are dropped or become rejections.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from itertools import permutations

from spacy.tokens import Doc, Span, Token

from .actors import ArticleActors
from .enrich.geo import Gazetteer, load_gazetteer
from .event_frames import EVENT_POS, MAX_FRAME_DEPTH, Found, FrameRules, is_purpose
from .event_lexicon import EventLexicon, VerbPattern, load_event_lexicon
from .event_rules import (
    SUBJECT_DEPS,
    best_named,
    children_with,
    circumstance_clause,
    clause_head,
    conditions,
    controller,
    direct_objects,
    foreign,
    has_identity,
    hidden_agent,
    is_passive,
    is_unasserted,
    known_first,
    lemma,
    modifier_keys,
    nominal_owners,
    nominal_parties,
    np_actors,
    object_keys,
    others,
    particles,
    place_clause,
    prep_objects,
    subject_tokens,
    through_quantities,
    verb_bases,
)
from .nlp import sentences_of
from .ontology import Ontology, load_ontology
from .records import Actor, Article, Event, Sentence

NOMINAL_DEPS = frozenset({"pobj", "nsubj", "nsubjpass", "dobj", "compound", "amod", "poss"})
# Places whose country can stand in for a missing target ("staged a protest in Beijing").
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
VERBAL_CONFLICT, MATERIAL_CONFLICT = 3, 4  # CAMEO quad classes
PROTEST_ROOT = "14"
# Prepositions that lead from an abstract noun to the parties it concerns.
NESTED_PREPS = frozenset({"of", "between", "with", "to", "toward", "towards", "against", "on"})


class EventCoder:
    def __init__(self, lexicon: EventLexicon, ontology: Ontology, gazetteer: Gazetteer):
        self.lexicon = lexicon
        self.ontology = ontology
        self.gazetteer = gazetteer  # places the actor tables miss still give a target's country

    def code_doc(self, doc: Doc, article: Article, actors: ArticleActors) -> list[Event]:
        events: list[Event] = []
        sentences = sentences_of(doc)
        for span in doc.sents:
            sentence = sentence_for(span, sentences)
            if sentence is None:
                continue
            for found in SentenceCoder(self.lexicon, actors, self.gazetteer).code(span):
                events.extend(self.to_events(found, article, sentence))
        return unique_events(events)

    def to_events(self, found: Found, article: Article, sentence: Sentence) -> list[Event]:
        rule = f"vp:{found.pattern.id}/" + "+".join(found.steps)
        pairs = [
            (domestic_source(source, target, code), self.domestic_target(source, target, code), code)
            for source, target, code in actor_pairs(found)
        ]
        return [
            self.make_event(found, article, sentence, source, target, code, rule)
            for source, target, code in pairs
        ]

    def domestic_target(self, source: Actor, target: Actor | None, code: str) -> Actor | None:
        """A conflictual event whose target has no country is aimed at the source's own state
        ("Egyptian demonstrators rioted", "Turkish police dispersed demonstrators": EGY/EGY, TUR/TUR)."""
        if target is not None and (has_identity(target) or target.org):
            return target
        quad = self.ontology.get(code).quad_class
        if quad < VERBAL_CONFLICT or not source.country or source.igo:
            return target
        if target is None:
            return Actor(text=source.text, start=source.start, end=source.end, country=source.country)
        # unnamed people ("fired on demonstrators") are the source's own only when force is used
        return replace(target, country=source.country) if quad >= MATERIAL_CONFLICT else target

    def make_event(
        self, found: Found, article: Article, sentence: Sentence, source, target, code, rule
    ) -> Event:
        cameo = self.ontology.get(code)
        return Event(
            article_id=article.id,
            sentence_index=sentence.index,
            sentence=sentence.text,
            start=sentence.start,
            end=sentence.end,
            source=source,
            target=target,
            code=cameo.code,
            root_code=cameo.root,
            quad_class=cameo.quad_class,
            goldstein=cameo.goldstein,
            plover=cameo.plover or None,
            plover_mode=cameo.plover_mode or None,
            verb=found.verb.text,
            verb_start=found.verb.idx,
            verb_end=found.verb.idx + len(found.verb.text),
            rule=rule,
        )


def sentence_for(span: Span, sentences: tuple[Sentence, ...]) -> Sentence | None:
    for sentence in sentences:
        if span.start_char <= sentence.start < span.end_char:
            return sentence
    return None


def actor_pairs(found: Found) -> list[tuple[Actor, Actor | None, str]]:
    """(source, target, code) triples: compound actors fan out, reciprocal verbs code both ways."""
    pattern = found.pattern
    # "X and Y negotiated": each with the other; "X and Y urged Z to negotiate": Z, a third party
    third_party = bool(found.targets) and len(foreign(list(found.targets), list(found.sources))) == len(
        found.targets
    )
    if "recip" in pattern.flags and len(found.sources) > 1 and not third_party:
        return [(a, b, found.code) for a, b in permutations(found.sources, 2) if a.code != b.code]
    sources, targets = known_first(found.sources), known_first(found.targets)
    if not targets:
        return [(source, None, found.code) for source in sources if has_identity(source)]
    pairs = []
    domestic = "place" in found.steps  # a place in the source's own country: "protested in Lagos"
    for source in sources:
        for target in targets:
            anonymous = not (has_identity(source) or has_identity(target))
            if anonymous or (source.code == target.code and not domestic):
                continue
            pairs.append((source, target, found.code))
            if "mutual" in pattern.flags and len(found.steps) == 1:
                pairs.append((target, source, found.code))
            if pattern.reverse_code:
                pairs.append((target, source, pattern.reverse_code))
    return pairs


def domestic_source(source: Actor, target: Actor | None, code: str) -> Actor:
    """Unnamed protesters protesting a government's act are its own people ("workers went on strike over
    a bill signed by the Serbian minister": SRB/SRB); protests against a bare country may be abroad."""
    domestic = target is not None and target.country and target.sectors
    if code.startswith(PROTEST_ROOT) and domestic and not (has_identity(source) or source.org):
        return replace(source, country=target.country)
    return source


def nested_objects(noun: Token, depth: int = 2) -> list[Token]:
    """Objects of the noun's own prepositions, and theirs: "diversification of relations between X"."""
    found: list[Token] = []
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in NESTED_PREPS):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            found += [obj, *(nested_objects(obj, depth - 1) if depth > 1 else [])]
    return found


def unique_events(events: list[Event]) -> list[Event]:
    seen: set[tuple] = set()
    out = []
    for event in events:
        key = (
            event.sentence_index,
            event.source.code,
            event.target.code if event.target else None,
            event.code,
        )
        if key not in seen:
            seen.add(key)
            out.append(event)
    return out


class SentenceCoder(FrameRules):
    """Finds the events of one sentence: verb patterns first, then the frames above each verb."""

    def __init__(self, lexicon: EventLexicon, actors: ArticleActors, gazetteer: Gazetteer):
        self.lexicon = lexicon
        self.actors = actors
        self.gazetteer = gazetteer

    def code(self, span: Span) -> list[Found]:
        framed, consumed = self.framed_events(span)
        demands, demanded = self.obligations(span, framed)
        results = [found for found in framed if found.complete and found.inner.i not in demanded] + demands
        results += self.nominal_events(span)
        kept = [found for found in results if found.verb.i not in consumed or found.verb.i != found.inner.i]
        return [found for found in kept if not self.is_consequence(found, kept)]

    def framed_events(self, span: Span) -> tuple[list[Found], set[int]]:
        """Every verb's pattern event after its frames, and the frame words used up on the way."""
        matches = {tok.i: p for tok in span if self.is_event_verb(tok) and (p := self.best_pattern(tok))}
        results: list[Found] = []
        consumed: set[int] = set()
        for index, pattern in matches.items():
            base = self.base_event(span.doc[index], pattern)
            if base is None:
                continue
            framed, used = self.apply_frames(base)
            consumed |= used
            if framed is not None:
                results.append(framed)
        return results, consumed

    def is_event_verb(self, token: Token) -> bool:
        """Verbs, but not verbs used as nouns or adjectives ("in tank shelling", "government-held"),
        nor purposes ("held talks to end the war"), unless a frame word governs them, nor acts
        that did not happen: conditions ("unless Baghdad accepted") and reasons ("jailed him for helping")."""
        if token.pos_ not in EVENT_POS or token.dep_ in NOMINAL_DEPS or is_unasserted(token):
            return False
        return not (is_purpose(token) and self.frame_above(token) is None)

    def is_consequence(self, found: Found, others: list[Found]) -> bool:
        """ "Insurgents bombarded the city, killing eight", "resigned as the opposition threatened ...":
        a participle or a time/reason clause adds detail to the sentence's main event, when there is one."""
        clause = circumstance_clause(found.verb)
        if clause is None:
            return False
        inside = {tok.i for tok in clause.subtree}
        return any(other.verb.i not in inside for other in others)

    def nominal_events(self, span: Span) -> list[Found]:
        """Events named by a noun outside any coded verb: "Obama's visit to Japan came as ...", "talks
        between Iran and Russia ended", "the attack on Kabul by Pakistan" (the light-verb rows, verb "*")."""
        found = []
        for noun in span:
            pattern = self.nominal_pattern(noun) if noun.pos_ == "NOUN" else None
            event = self.nominal_event(noun, pattern) if pattern is not None else None
            if event is not None and event.complete:
                found.append(event)
        return found

    def nominal_pattern(self, noun: Token) -> VerbPattern | None:
        governor = noun.head.head if noun.dep_ == "pobj" else noun.head
        if governor.pos_ in EVENT_POS and noun in self.object_nouns(governor) and self.best_pattern(governor):
            return None  # the verb codes it ("held talks with ...")
        keys, compounds = object_keys([noun]), modifier_keys([noun])
        candidates = [p for p in self.lexicon.by_verb.get("*", ()) if p.objects & keys and not p.prep]
        best = max(candidates, key=lambda p: (bool(p.objects & compounds), p.blocks), default=None)
        return None if best is None or best.blocks else best

    def nominal_event(self, noun: Token, pattern: VerbPattern) -> Found | None:
        sources = self.actors_of(nominal_owners(noun))
        parties = self.actors_of(nominal_parties(noun, pattern.prep))
        if not sources and len(parties) > 1 and "recip" in pattern.flags:
            sources, parties = parties, []  # "talks between Iran and Russia"
        targets = others(parties, sources)
        if not sources:
            return None
        code, steps = pattern.code, ("nominal",)
        return Found(noun, noun, pattern, code, tuple(sources), tuple(targets), True, None, False, steps)

    # -- patterns ---------------------------------------------------------------------------------------

    def best_pattern(self, verb: Token) -> VerbPattern | None:
        """The most specific fitting row; a modifier + noun match ("air_strike") and then a block row
        win ties. A block row as the best match means no event."""
        for base in verb_bases(verb):
            candidates = [p for p in self.lexicon.patterns_for(base) if self.pattern_fits(p, verb)]
            if candidates:
                compounds = modifier_keys(self.object_nouns(verb))
                best = max(candidates, key=lambda p: (p.specificity, bool(p.objects & compounds), p.blocks))
                return None if best.blocks else best
        return None

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
        nouns += [child for child in verb.children if child.dep_ == "xcomp" and child.pos_ == "NOUN"]
        return through_quantities(nouns, self.lexicon.quantities)

    def evaluation_of(self, verb: Token) -> str | None:
        """Polarity of "described X as <adjective>" / "called X <adjective>"."""
        words = children_with(verb, ("oprd", "acomp", "xcomp", "ccomp"))
        for prep in children_with(verb, ("prep",)):
            if lemma(prep) == "as":
                words += children_with(prep, ("amod", "acomp", "pobj", "advmod"))
        for word in words:
            for candidate in (word, *children_with(word, ("amod", "acomp"))):
                polarity = self.lexicon.evaluative.get(lemma(candidate))
                if polarity:
                    return polarity
        return None

    # -- actors -----------------------------------------------------------------------------------------

    def base_event(self, verb: Token, pattern: VerbPattern) -> Found | None:
        hidden = hidden_agent(verb, self.lexicon.event_nouns) if is_passive(verb) else []
        own = subject_tokens(verb) or hidden
        source_head = None
        sources = self.actors_of(own)
        if is_passive(verb) and not own:
            sources = []  # a passive verb's subject is its patient; a frame's subject is no agent of it
        elif not sources and all(tok.pos_ == "PRON" for tok in own):
            # no subject, or a pronoun coreference left open ("X claimed that they had attacked")
            sources, source_head = self.inherited_sources(verb)
        targets, steps = self.targets(verb, pattern, exclude=sources)
        if "swap" in pattern.flags:
            sources, targets = targets, sources
        if not sources:
            return None
        open_target = "solo" in pattern.flags and not self.has_unresolved_object(verb, pattern)
        voice = "passive" if is_passive(verb) else "active"
        return Found(
            verb,
            verb,
            pattern,
            pattern.code,
            tuple(sources),
            tuple(targets),
            bool(own),
            source_head,
            open_target,
            (voice, *steps),
        )

    def actors_of(self, tokens: list[Token]) -> list[Actor]:
        found: list[Actor] = []
        for token in tokens:
            found.extend(a for a in np_actors(token, self.actors) if a not in found)
        return found

    def inherited_sources(self, verb: Token) -> tuple[list[Actor], int | None]:
        """The subject of the clause this verb hangs from; an object controls a to-infinitive
        ("urged Iran to talk": Iran talks)."""
        current, head = verb, clause_head(verb, self.lexicon.frames)
        for _ in range(MAX_FRAME_DEPTH):
            if head is None:
                return [], None
            objects = direct_objects(head) if current.dep_ == "xcomp" and not is_passive(head) else []
            controllers = objects or controller(head)
            if controllers:
                return self.actors_of(controllers), head.i
            current, head = head, clause_head(head, self.lexicon.frames)
        return [], None

    def targets(
        self, verb: Token, pattern: VerbPattern, exclude: list[Actor]
    ) -> tuple[list[Actor], tuple[str, ...]]:
        if "ccomp_target" in pattern.flags:
            clauses = children_with(verb, ("ccomp",))
            return self.actors_of([s for clause in clauses for s in subject_tokens(clause)]), ("clause",)
        conditional = [subject for clause in conditions(verb) for subject in subject_tokens(clause)]
        candidates = self.target_candidates(verb, pattern.prep) + conditional
        named = [others(np_actors(c, self.actors), exclude) for c in candidates]
        best = best_named([foreign(actors, exclude) for actors in named]) or best_named(named)
        if best:
            return best, ()
        # "called for diversification of relations between the two countries": the other country
        nested = [n for c in candidates if not np_actors(c, self.actors) for n in nested_objects(c)]
        best = best_named([foreign(np_actors(n, self.actors), exclude) for n in nested])
        if best:
            return best, ("nested",)
        complement = self.complement_actors(verb, exclude)
        if complement:
            return complement, ("complement",)
        # A place in the source's own country makes a domestic event ("protested in Lagos": NGA/NGA).
        places = self.place_actors(verb)
        places = others(places, exclude) or places
        return places[:1], ("place",) if places else ()

    def complement_actors(self, verb: Token, exclude: list[Actor], depth: int = 2) -> list[Actor]:
        """The target named inside the verb's complement clause: "threatened to cut off electricity to
        X", "demanded that X withdraw", "threatened to quit the talks if X deploys missiles", or in its
        purpose ("began a hunger strike to protest X's policies")."""
        purposes = [clause for clause in children_with(verb, ("advcl",)) if is_purpose(clause)]
        clauses = children_with(verb, ("xcomp", "ccomp")) + purposes
        for clause in clauses if depth else ():
            candidates = subject_tokens(clause) + self.target_candidates(clause, "")
            candidates += [s for cond in conditions(clause) for s in subject_tokens(cond)]
            for candidate in candidates:
                actors = others(np_actors(candidate, self.actors), exclude)
                if actors:
                    return actors
            deeper = self.complement_actors(clause, exclude, depth - 1)
            if deeper:
                return deeper
        return []

    def place_actors(self, verb: Token) -> list[Actor]:
        """Places named in the verb's own clause, outside its subject: their country is the target
        when nothing else is ("protested in Beijing", "exercises in Alaska")."""
        subjects = {tok.i for subject in children_with(verb, SUBJECT_DEPS) for tok in subject.subtree}
        found: list[Actor] = []
        for token in verb.subtree:
            if token.i in subjects or token.ent_type_ not in PLACE_ENTITIES or place_clause(token) != verb:
                continue
            found += [a for a in self.actors.actors_for(token) if not a.sectors] or self.gazetteer_actor(
                token
            )
        return found

    def gazetteer_actor(self, token: Token) -> list[Actor]:
        """The country of a place the actor tables do not know ("in Zurich" -> CHE)."""
        span = next((ent for ent in token.doc.ents if ent.start <= token.i < ent.end), None)
        if span is None or token.i != span.end - 1:
            return []
        candidates = [c.place for c in self.gazetteer.candidates(span.text) if c.primary and c.place.country]
        if not candidates:
            return []
        place = max(candidates, key=lambda p: p.population)
        return [Actor(text=span.text, start=span.start_char, end=span.end_char, country=place.country)]

    def target_candidates(self, verb: Token, prep: str) -> list[Token]:
        """Noun phrases that may be the target, best first: the pattern's preposition, the objects,
        then any other preposition on the verb or its object."""
        preps = self.preps_around(verb)
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


@lru_cache(maxsize=1)
def load_event_coder() -> EventCoder:
    return EventCoder(load_event_lexicon(), load_ontology(), load_gazetteer())
