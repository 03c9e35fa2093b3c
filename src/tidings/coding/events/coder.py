"""Event coding: verb + source + target from each sentence's dependency parse, coded in the ontology.

For every verb the most specific lexicon pattern (verb_patterns.tsv) is found (`patterns`); its source is
the subject (or a passive verb's agent), its target the object the pattern points at (`arguments`).
Then the frames above the verb re-code it (`frames`): "vowed to continue ties" is an intent (03x),
"asked X to help" an appeal (02x) to X, "refused to ..." a rejection (12x), and "said that Iraq
attacked" an accusation (112). Negated events are dropped or become rejections.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from itertools import permutations

from spacy.tokens import Doc, Span, Token

from ...lang import Language
from ...nlp.parse import children_of, sentences_of, text_of, tokens_in
from ...nlp.quotations import inside_any, quoted_spans
from ...nlp.syntax import (
    ACL,
    ADVCL,
    CCOMP,
    CONJ,
    EVENT_POS,
    NOMINAL_DEPS,
    POBJ,
    POS_NOUN,
    POS_PRON,
    RELCL,
    SUBJECT_DEPS,
    VERB_POS,
    Grammar,
    children_with,
    clause_head,
    direct_objects,
    doers_and_circumstances,
    hidden_agent,
    in_title,
    inner_modifiers,
    is_adjectival_participle,
    is_bare_participle,
    is_passive,
    is_purpose,
    is_result_participle,
    lemma,
    names_person,
    nominal_owners,
    participle_agents,
    relative_antecedent,
)
from ...ontology import EventOntology, QuadClass
from ...places.gazetteer import Gazetteer
from ...records import MAGNITUDE_KINDS, Actor, Article, Event, Sentence
from ..actors import ArticleActors
from .arguments import Arguments, TargetSource, foreign, has_identity, known_first, others, same_actor
from .frames import Found, Frames
from .incidents import Incidents
from .lexicon import EventLexicon, VerbPattern
from .magnitudes import Count, CountFinder, with_counts
from .patterns import PatternMatcher
from .violence import Violence, Weapon

# Clauses of their own inside a verb's subtree: a weapon named there belongs to another event.
OWN_CLAUSE_DEPS = frozenset({CONJ, CCOMP})
# Verbs that only describe a noun ("the 1994 genocide, in which ... were killed"): background, not an
# event whose unnamed attacker should be coded.
BACKGROUND_DEPS = frozenset({RELCL, ACL})
# Frames whose word reports what its subject says or claims ("said", "claimed", "denied").
SPEAKER_FRAMES = frozenset({"speech", "claim", "deny"})

# Acts of words: the quad classes of what an actor says or holds rather than does.
VERBAL_QUADS = frozenset({QuadClass.VERBAL_COOPERATION, QuadClass.VERBAL_CONFLICT})
# An article in which at least this many sentences, and this share of them, speak as "I" or "we" outside
# quotation marks with no speaker named is an interview or a first-person account: it reports no events.
INTERVIEW_MIN_SENTENCES = 3
INTERVIEW_SHARE = 0.2


class EventCoder:
    """The event stage: codes the events of a parsed article with one lexicon, ontology, gazetteer and
    language."""

    def __init__(
        self, lexicon: EventLexicon, ontology: EventOntology, gazetteer: Gazetteer, language: Language
    ):
        self.lexicon = lexicon
        self.ontology = ontology
        self.gazetteer = gazetteer  # places the actor dictionary misses still give a target's country
        self.grammar = Grammar(language.words)
        self.patterns = PatternMatcher(lexicon, language)
        self.violence = Violence(lexicon.violence, ontology, language.words.place_nouns)
        self.counter = CountFinder(language)
        self.locative = language.places.locative | language.words.route_preps
        self.quote_marks = language.quote_marks
        self.employer_nouns = language.words.employer_nouns
        # reporting verbs: a sentence with "I" or "we" is an actor's words when one of them names the speaker
        self.speech_verbs = frozenset(language.speech_verbs) | frozenset(
            word for word, frame in lexicon.frames.items() if frame.self_frame in SPEAKER_FRAMES
        )

    def code_doc(self, doc: Doc, article: Article, actors: ArticleActors) -> list[Event]:
        sentences = sentences_of(doc)
        starts = [sentence.start for sentence in sentences]
        if self.is_interview(doc):
            return []
        coder = self.sentence_coder(actors)
        incidents = Incidents(self.ontology, self.counter, actors.scene)
        for span in doc.sents:
            sentence = sentence_for(span, sentences, starts)
            if sentence is not None:
                incidents.add(span, sentence, coder.code(span))
        events: list[Event] = []
        for reported in incidents.reported:
            found = reported.found
            events.extend(self.to_events(found, article, reported.sentence, reported.counts, actors))
        return unique_events(events)

    def is_interview(self, doc: Doc) -> bool:
        """An interview or a first-person account: enough of its sentences are someone speaking as "I" or
        "we" outside quotation marks, with no speaker named ("I went to the police and they ...")."""
        quoted = quoted_spans(text_of(doc), self.quote_marks)
        spans = list(doc.sents)
        accounts = sum(1 for span in spans if self.speaks_unquoted(span, quoted))
        return accounts >= INTERVIEW_MIN_SENTENCES and accounts >= INTERVIEW_SHARE * len(spans)

    def speaks_unquoted(self, span: Span, quoted: list[tuple[int, int]]) -> bool:
        grammar = self.grammar
        tokens = tokens_in(span)
        unquoted = any(grammar.is_first_person(tok) and not inside_any(tok.idx, quoted) for tok in tokens)
        return unquoted and not grammar.has_named_speaker(span, self.speech_verbs)

    def sentence_coder(self, actors: ArticleActors) -> SentenceCoder:
        arguments = Arguments(
            actors, self.lexicon, self.grammar, self.patterns, self.gazetteer, self.violence, self.locative
        )
        frames = Frames(self.lexicon, self.grammar, arguments, self.patterns, self.ontology)
        return SentenceCoder(
            self.lexicon,
            self.grammar,
            self.patterns,
            arguments,
            frames,
            self.violence,
            self.ontology,
            self.speech_verbs,
        )

    def to_events(
        self,
        found: Found,
        article: Article,
        sentence: Sentence,
        counts: Sequence[Count],
        actors: ArticleActors,
    ) -> list[Event]:
        """The event's actor pairs as events; its counts go on the first only, so that sums over events
        count each person once."""
        rule = f"vp:{found.pattern.id}/" + "+".join(found.trace)
        counts = list(counts)
        if self.ontology.is_protest(found.code):
            crowd = self.counter.crowd(self.grammar.subject_tokens(found.inner))
            counts += [crowd] if crowd is not None else []
        events: list[Event] = []
        for source, target, code in actor_pairs(found):
            employer = self.employer_struck(found, source, target, code)
            target = employer or self.addressed(found, source, target, code)
            if target is not None and self.ontology.is_protest(code) and target.code == source.code:
                continue  # a government "holding rallies" at home protests against no one: a campaign
            if self.at_home(found, source, target, code):
                continue  # "made stops in Georgia": a trip at home visits no one
            own_people = partial(self.own_people_named, found, source, actors)
            source, target = (
                self.domestic_source(source, target, code),
                self.domestic_target(source, target, code, own_people),
            )
            if target is None and self.ontology.needs_addressee(code):
                continue  # "Trump refused to disavow the theory": a refusal of no one
            code = self.violence.role_code(code, None if found.unnamed_source else source, target)
            event = self.make_event(found, article, sentence, source, target, code, rule)
            events.append(with_counts(event, counts) if not events else event)
        return events

    def employer_struck(self, found: Found, source: Actor, target: Actor | None, code: str) -> Actor | None:
        """Workers striking with no addressee named, in a sentence that names their employer ("the union
        walked out after employers tabled an offer"), strike against that employer, not the state."""
        strike = self.ontology.strike_code
        if not strike or not code.startswith(strike) or (target is not None and found.target_from != "place"):
            return None
        sectors = self.ontology.sectors
        employers = [sectors[s].employer for s in source.sectors if s in sectors and sectors[s].employer]
        employer = employers[0] if employers else None
        if employer is None or not source.country:
            return None
        words = self.employer_nouns
        named = next(
            (
                tok
                for tok in found.inner.sent
                if tok.lemma_.lower() in words and not source.start <= tok.idx < source.end
            ),
            None,
        )
        if named is None:
            return None
        end = named.idx + len(named.text)
        return Actor(text=named.text, start=named.idx, end=end, country=source.country, sectors=(employer,))

    def at_home(self, found: Found, source: Actor, target: Actor | None, code: str) -> bool:
        """A trip to a place of the traveller's own country (the country as a whole, no one named) is no
        visit: "made campaign stops in Georgia", "the president flew to Magnitogorsk"."""
        if target is None or "abroad" not in found.pattern.flags:
            return False
        bare = not (target.sectors or target.name or target.igo or target.org)
        return bare and bool(source.country) and target.country == source.country

    def addressed(self, found: Found, source: Actor, target: Actor | None, code: str) -> Actor | None:
        """A protest that names no addressee is aimed at the government of its country (the place it
        happens in, else the protesters'): the unnamed target of unnamed_parties.tsv stands for a place."""
        if target is not None and found.target_from != "place":
            return target
        sector = self.violence.unnamed_sector("target", code, lemma(found.inner))
        country = (target.country if target is not None else None) or source.country
        if sector is None or country is None:
            return target
        at = target or source
        return Actor(text=at.text, start=at.start, end=at.end, country=country, sectors=(sector,))

    def domestic_target(
        self, source: Actor, target: Actor | None, code: str, own_people: Callable[[], Actor | None]
    ) -> Actor | None:
        """A protest, threat, coercion or use of force whose target has no country is aimed at the
        source's own state ("Egyptian demonstrators rioted", "Turkish police dispersed demonstrators":
        EGY/EGY, TUR/TUR); so is any conflictual act whose object names the source's own people ("reneged
        on his commitment to the Zambian people": those people). Other demands, refusals or criticisms with
        no addressee have none: "Trump refused to disavow the theory" rejects no one."""
        if target is not None and (has_identity(target) or target.org):
            return target
        if not self.ontology.is_conflict(code) or not source.country or source.igo:
            return target
        if not self.ontology.is_aimed_at_home(code):
            return own_people() or target  # asked last: it walks the clause
        if target is None:
            return Actor(text=source.text, start=source.start, end=source.end, country=source.country)
        # unnamed people ("fired on demonstrators") are the source's own only when force is used
        return replace(target, country=source.country) if self.ontology.uses_force(code) else target

    def own_people_named(self, found: Found, source: Actor, actors: ArticleActors) -> Actor | None:
        """The first people of the source's own country the act's object phrase names, not the source
        itself ("declined the prime minister's offer": the prime minister; "rejected an invitation
        to a meeting of Palestinian factions"); the subject, clauses of their own and pronouns ("and
        defended his policies") are not the act's object, nor what stands before the verb ("According to
        the El Paso mayor, police were investigating") or a relative clause ("At his town hall, which The
        Hill described as combative, Trump refused ...")."""
        verb = found.inner
        apart = {tok.i for sub in children_with(verb, SUBJECT_DEPS | OWN_CLAUSE_DEPS) for tok in sub.subtree}
        apart |= {tok.i for sub in verb.subtree if sub.dep_ == RELCL for tok in sub.subtree}
        own = [
            actor
            for tok in verb.subtree
            if tok.i > verb.i and tok.i not in apart and tok.pos_ != POS_PRON
            for actor in actors.actors_for(tok)
            if actor.country == source.country and not same_actor(actor, source)
            and not any(doer.start < actor.end and actor.start < doer.end for doer in found.sources)
        ]  # a passive's agent ("rejected by union negotiators") is the doer, not the people acted on
        # the people themselves before a bare country word that only says where they are from
        return next((actor for actor in own if actor.sectors or actor.name), own[0] if own else None)

    def domestic_source(self, source: Actor, target: Actor | None, code: str) -> Actor:
        """Unnamed protesters protesting a government's act are its own people ("workers went on strike
        over a bill signed by the Serbian minister": SRB/SRB); protests against a bare country may be
        abroad."""
        if target is None or not (target.country and target.sectors):
            return source
        if self.ontology.is_protest(code) and not (has_identity(source) or source.org):
            return replace(source, country=target.country)
        return source

    def make_event(
        self,
        found: Found,
        article: Article,
        sentence: Sentence,
        source: Actor,
        target: Actor | None,
        code: str,
        rule: str,
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


def sentence_for(
    span: Span, sentences: tuple[Sentence, ...], starts: list[int] | None = None
) -> Sentence | None:
    """The first of `sentences` (in text order; `starts` their start offsets) starting inside `span`."""
    starts = [sentence.start for sentence in sentences] if starts is None else starts
    index = bisect_left(starts, span.start_char)
    if index < len(sentences) and sentences[index].start < span.end_char:
        return sentences[index]
    return None


def actor_pairs(found: Found) -> list[tuple[Actor, Actor | None, str]]:
    """(source, target, code) triples: compound actors fan out, reciprocal verbs code both ways."""
    pattern = found.pattern
    # "X and Y negotiated": each with the other; "X and Y urged Z to negotiate": Z, a third party
    # a place the parties meet in is no third party ("X and Y met in Brussels": each with the other)
    third_party = (
        bool(found.targets)
        and found.target_from != "place"
        and len(foreign(list(found.targets), list(found.sources))) == len(found.targets)
    )
    # "X and Y met", "X and Y resumed talks in Caracas": each with the other
    each_other = "recip" in pattern.flags or "mutual" in pattern.flags
    if each_other and len(found.sources) > 1 and not third_party:
        known = [actor for actor in found.sources if has_identity(actor) or actor.org]
        each: list[tuple[Actor, Actor | None, str]] = [
            (a, b, found.code) for a, b in permutations(found.sources, 2) if a.code != b.code and known
        ]
        first, second = found.sources[0], found.sources[1]
        if not each and known and first.start != second.start:
            return [(first, second, found.code)]  # "clashes between farmers and herders"
        return each
    sources, targets = known_first(found.sources), known_first(found.targets)
    if not targets:
        return [(source, None, found.code) for source in sources if has_identity(source)]
    pairs: list[tuple[Actor, Actor | None, str]] = []
    domestic = found.target_from == "place"  # a place in the source's own country: "protested in Lagos"
    for source in sources:
        for target in targets:
            anonymous = not (has_identity(source) or has_identity(target))
            if anonymous or (same_actor(source, target) and not domestic):  # "a mob beat a man": two
                continue
            if found.unnamed_source and target.sectors and target.code == source.code:
                continue  # "police caught them and they were jailed": the unnamed jailer is no victim
            pairs.append((source, target, found.code))
            if "mutual" in pattern.flags and found.direct:
                pairs.append((target, source, found.code))
            if pattern.reverse_code:
                pairs.append((target, source, pattern.reverse_code))
    return pairs


def unique_events(events: list[Event]) -> list[Event]:
    """One event per sentence, actors and code; a repeat's counts go to the event kept when it has none
    ("police fired tear gas at protesters and shot dead 2 demonstrators": one repression, 2 dead)."""
    kept: dict[tuple, int] = {}
    out: list[Event] = []
    for event in events:
        key = (
            event.sentence_index,
            event.source.code,
            event.target.code if event.target else None,
            event.code,
        )
        if key not in kept:
            kept[key] = len(out)
            out.append(event)
        else:
            out[kept[key]] = merged_counts(out[kept[key]], event)
    return out


def merged_counts(kept: Event, repeat: Event) -> Event:
    missing = {
        kind: found
        for kind in MAGNITUDE_KINDS
        if kept.magnitude(kind) is None and (found := repeat.magnitude(kind))
    }
    return replace(kept, **missing) if missing else kept  # type: ignore[arg-type]


class SentenceCoder:
    """Finds the events of one sentence: verb patterns first, then the frames above each verb."""

    def __init__(
        self,
        lexicon: EventLexicon,
        grammar: Grammar,
        patterns: PatternMatcher,
        arguments: Arguments,
        frames: Frames,
        violence: Violence,
        ontology: EventOntology,
        speech_verbs: frozenset[str] = frozenset(),
    ) -> None:
        self.lexicon = lexicon
        self.speech_verbs = speech_verbs
        self.grammar = grammar
        self.patterns = patterns
        self.arguments = arguments
        self.frames = frames
        self.violence = violence
        self.ontology = ontology
        self.mishaps = grammar.words.mishap_nouns

    def code(self, span: Span) -> list[Found]:
        if self.grammar.is_question(span) or self.grammar.is_personal_account(span, self.speech_verbs):
            return []  # a question asks; an interview answer is the words of a speaker nobody codes
        framed, consumed = self.framed_events(span)
        demands, demanded = self.frames.obligations(span, framed)
        results = [found for found in framed if found.complete and found.inner.i not in demanded] + demands
        results += self.nominal_events(span)
        kept = [found for found in results if found.verb.i not in consumed or found.verb.i != found.inner.i]
        kept = [found for found in kept if not self.is_consequence(found, kept)]
        kept = [found for found in kept if not self.is_hypothetical(found)]
        return [found for found in kept if not self.reports_casualties(found, kept)]

    def is_hypothetical(self, found: Found) -> bool:
        """ "a bill that would have allowed extradition", "it would probably destroy Mercury", "would prefer
        to agree": possible, wished or counterfactual acts did not happen; a frame that reads the modal as
        an intent or a conditional threat ("said it would free", "may halt aid if ...") keeps its event."""
        inner = found.inner
        if inner.pos_ not in EVENT_POS:
            return False  # an event noun carries no modal of its own
        if self.grammar.is_standing(inner):
            return True
        if self.grammar.is_counterfactual(inner) or self.grammar.is_permitted(inner):
            return True
        if self.grammar.is_arranged(inner) and not found.steps:
            return True
        unreal = self.grammar.is_irrealis(inner) or bool(self.grammar.conditions(inner))
        return unreal and not found.steps  # "if they were residents then she meets the requirement"

    def reports_casualties(self, found: Found, others: list[Found]) -> bool:
        """ "... were killed" beside the attack that killed them reports that incident's toll, not another
        incident: an unnamed killing gives way to coercion or violence in the same sentence with a named
        doer ("police fired tear gas ...; 3 protesters were shot dead"), or with the weapon it was done
        with ("were killed when a missile struck ...")."""
        if not (found.unnamed_source and self.is_violence(found)):
            return False
        incidents = [
            other for other in others if other is not found and self.ontology.has_victims(other.code)
        ]
        return any(not other.unnamed_source or (other.weapon and not found.weapon) for other in incidents)

    def is_violence(self, found: Found) -> bool:
        """Violence, also when a frame re-coded it ("the military claimed dozens were killed")."""
        return self.ontology.is_violent(found.code) or self.ontology.is_violent(found.pattern.code)

    def framed_events(self, span: Span) -> tuple[list[Found], set[int]]:
        """Every verb's pattern event after its frames, and the frame words used up on the way."""
        matches = {tok.i: p for tok in tokens_in(span) if (p := self.verb_pattern(tok))}
        results: list[Found] = []
        consumed: set[int] = set()
        for index, pattern in matches.items():
            base = self.base_event(span.doc[index], pattern)
            if base is None:
                continue
            framed, used = self.frames.apply_frames(base)
            consumed |= used
            if framed is not None:
                results.append(framed)
        return results, consumed

    def verb_pattern(self, token: Token) -> VerbPattern | None:
        """The pattern an event verb fires: its lexicon row, or the attack of the weapon that is its subject
        ("a shell landed on a house"). A protest stated as a purpose ("drove tractors into Berlin to protest
        ...") is the protest when the verb it serves codes nothing."""
        if self.is_event_verb(token):
            return self.patterns.best_pattern(token) or self.instrument_pattern(token)
        if not is_purpose(token) or self.patterns.best_pattern(token.head) is not None:
            return None
        pattern = self.patterns.best_pattern(token)
        return pattern if pattern is not None and self.ontology.is_protest(pattern.code) else None

    def instrument_pattern(self, verb: Token) -> VerbPattern | None:
        if lemma(verb) not in self.grammar.words.impact_verbs:
            return None
        weapons = [self.violence.weapon_of(tok) for tok in self.grammar.subject_tokens(verb)]
        weapon = min((w for w in weapons if w and w.code), key=lambda w: w.rank, default=None)
        if weapon is None or weapon.code is None:
            return None
        return VerbPattern(id=f"weapon_subject:{lemma(verb)}", verb=lemma(verb), code=weapon.code)

    def is_event_verb(self, token: Token) -> bool:
        """Verbs, but not verbs used as nouns or adjectives ("in tank shelling", "government-held"),
        nor purposes ("held talks to end the war"), unless a frame word governs them, nor acts
        that did not happen: conditions ("unless Baghdad accepted") and reasons ("jailed him for helping")."""
        if token.pos_ not in EVENT_POS or token.dep_ in NOMINAL_DEPS or self.grammar.is_unasserted(token):
            return False
        if self.grammar.warns_of_a_state(token) or self.grammar.asks_a_question(token):
            return False
        if in_title(token):
            return False  # "Capitol Hill Occupied Protest": a word of a name
        return not self.frames.serves_a_purpose(token)

    def is_consequence(self, found: Found, others: list[Found]) -> bool:
        """ "Insurgents bombarded the city, killing eight", "resigned as the opposition threatened ...":
        a participle or a time/reason clause adds detail to the sentence's main event, when there is one."""
        clause = self.grammar.circumstance_clause(found.verb)
        if clause is None:
            return False
        inside = {tok.i for tok in clause.subtree}
        return any(other.verb.i not in inside for other in others)

    def nominal_events(self, span: Span) -> list[Found]:
        """Events named by a noun outside any coded verb: "Obama's visit to Japan came as ...", "talks
        between Iran and Russia ended", "the attack on Kabul by Pakistan" (the light-verb rows, verb "*")."""
        found = []
        for noun in tokens_in(span):
            pattern = self.nominal_pattern(noun) if noun.pos_ == POS_NOUN else None
            event = self.nominal_event(noun, pattern) if pattern is not None else None
            if event is not None and event.complete:
                found.append(event)
        return found

    def nominal_pattern(self, noun: Token) -> VerbPattern | None:
        governor = noun.head.head if noun.dep_ == POBJ else noun.head
        patterns = self.patterns
        if (
            governor.pos_ in EVENT_POS
            and noun in patterns.object_nouns(governor)
            and patterns.best_pattern(governor)
        ):
            return None  # the verb codes it ("held talks with ...")
        return patterns.nominal_pattern(noun)

    def nominal_event(self, noun: Token, pattern: VerbPattern) -> Found | None:
        if self.grammar.unrealized(noun):
            return None  # "the planned trip to Warsaw, which was cancelled"
        sources = self.arguments.actors_of(nominal_owners(noun))
        parties = self.arguments.actors_of(self.grammar.nominal_parties(noun, pattern.prep))
        if not sources and len(parties) > 1 and "recip" in pattern.flags:
            sources, parties = parties, []  # "talks between Iran and Russia"
        targets = others(parties, sources)
        if not sources:
            return None
        return Found(
            verb=noun,
            inner=noun,
            pattern=pattern,
            code=pattern.code,
            sources=tuple(sources),
            targets=tuple(targets),
            own_subject=True,
            source_head=None,
            open_target=False,
            extraction="nominal",
        )

    def base_event(self, verb: Token, pattern: VerbPattern) -> Found | None:
        if self.done_to_speaker(verb, pattern):
            return None
        passive = is_passive(verb)
        own, sources, source_head = self.subject_of(verb, passive)
        if self.grammar.is_document(own):
            return None  # "the constitution requires consent", "the law bans": a rule, no act
        if "enabling" in pattern.flags and is_result_participle(verb):
            return None  # "closed the border, allowing troops to regroup": the closure's result
        if is_adjectival_participle(verb) and self.is_verbal(pattern.code):
            return None  # "Italy is opposed to the plan": a stance its subject holds, no act
        weapon = self.violence.weapon_in(self.event_tokens(verb))
        code = weapon.recode(pattern.code) if weapon else pattern.code
        if self.ontology.is_violent(code) and (self.caused_by_hazard(verb) or self.is_aircraft_crash(verb)):
            return None  # "a fire killed five girls", "a helicopter crashed": nobody attacked
        if not sources and (self.ontology.is_protest(code) or self.ontology.is_violent(code)):
            sources = self.arguments.people_named(own)  # "thousands of women marched"
        targets, target_from = self.targets_of(verb, pattern, code, sources, weapon)
        between = (
            self.arguments.actors_of(self.grammar.parties_between(verb)) if "recip" in pattern.flags else []
        )
        if len(between) > 1:  # "a deal it brokered to normalize relations between Sudan and Israel"
            sources, targets, target_from = between, [], "object"
        if self.names_no_weapon(verb, weapon) and self.is_verbal_attack(verb, code, sources, targets):
            code = self.ontology.criticize_code
        swapped = "swap" in pattern.flags
        doers = own
        if swapped:  # "their vehicle hit a roadside bomb": the bomb did it; a place is no doer
            doers = direct_objects(verb) + self.patterns.preps_around(verb).get(pattern.prep, [])
            sources, targets = self.arguments.actors_of(doers), sources
        if not sources:  # "an IED planted by Al Shabaab struck ...", "a mine planted by ELN guerrillas"
            sources = self.arguments.actors_of(t for tok in doers for t in participle_agents(tok))
        unnamed = not sources
        if unnamed:
            subject = own or ([] if passive else self.clause_subject(verb))
            source = self.unnamed_source(verb, subject, code, weapon, swapped)
            if source is None or not targets:
                return None
            sources = [source]
        open_target = "solo" in pattern.flags and not self.arguments.has_unresolved_object(verb, pattern)
        return Found(
            verb=verb,
            inner=verb,
            pattern=pattern,
            code=code,
            sources=tuple(sources),
            targets=tuple(targets),
            own_subject=bool(own),
            source_head=source_head,
            open_target=open_target,
            extraction="passive" if passive else "active",
            target_from=target_from,
            unnamed_source=unnamed,
            weapon=weapon.key if weapon and code == weapon.code else None,
        )

    def is_verbal(self, code: str) -> bool:
        """Verbal cooperation or conflict: what an actor says or holds, not what it does to anyone."""
        return self.ontology.get(code).quad_class in VERBAL_QUADS

    def names_no_weapon(self, verb: Token, weapon: Weapon | None) -> bool:
        """No weapon noun in the event: a verb read as one ("attacked Biden and blasted her") names none."""
        if weapon is None:
            return True
        nouns = [tok for tok in self.event_tokens(verb) if tok.pos_ not in VERB_POS]
        return self.violence.weapon_in(nouns) is None

    def is_verbal_attack(self, verb: Token, code: str, sources: list[Actor], targets: list[Actor]) -> bool:
        """ "Biden attacked Trump for the comment": one named person attacking another, neither armed and no
        weapon named, attacks with words."""
        if not (self.ontology.criticize_code and sources and targets) or not self.ontology.is_violent(code):
            return False
        if lemma(verb) not in self.grammar.words.verbal_attack_verbs:
            return False
        return all(self.is_unarmed_person(actor, verb.doc) for actor in [*sources, *targets])

    def is_unarmed_person(self, actor: Actor, doc: Doc) -> bool:
        """A person named as such ("Donald Trump", "Drudge") who carries no arms."""
        if self.violence.has_arms(actor):
            return False
        if actor.name:
            return True
        mention = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        return actor.end > actor.start and mention is not None and names_person(mention)

    def subject_of(self, verb: Token, passive: bool) -> tuple[list[Token], list[Actor], int | None]:
        """The verb's own subject words, the actors they name (or the subject it inherits), and the token
        whose subject was inherited."""
        hidden = hidden_agent(verb, self.lexicon.event_nouns) if passive else []
        own = self.grammar.subject_tokens(verb) or hidden
        if any(self.grammar.is_personal(tok) for tok in own):
            return own, *self.speaker_sources(verb, own)
        sources = self.arguments.actors_of(own)
        if passive and not own:
            return own, [], None  # a passive verb's subject is its patient; a frame's is no agent of it
        antecedents = [a for tok in own if (a := relative_antecedent(tok)) is not None]
        if not sources and antecedents:
            # "a state of emergency, which he said would allow him to act": the relative pronoun is
            # its noun, not the subject of the clause above it
            return own, self.arguments.actors_of(antecedents), None
        if not sources and all(tok.pos_ == POS_PRON for tok in own):
            # no subject, or a pronoun coreference left open ("X claimed that they had attacked")
            inherited, head = self.arguments.inherited_sources(verb)
            return own, inherited, head
        return own, sources, None

    def speaker_sources(self, verb: Token, own: list[Token]) -> tuple[list[Actor], int | None]:
        """ "I" and "we" are the speaker a reporting verb above names ("'We will retaliate,' the army
        said"); "you", and "I" that no reporting verb names, are no actor."""
        first = all(self.grammar.is_first_person(tok) for tok in own)
        if not first or self.named_speaker(verb) is None:
            return [], None
        return self.arguments.inherited_sources(verb)

    def named_speaker(self, verb: Token) -> Token | None:
        """The reporting verb the verb's clause is the words of, when its subject is a third party."""
        above = self.frames.frame_above(verb)
        if above is None or above[1].self_frame not in SPEAKER_FRAMES:
            return None
        subjects = self.grammar.subject_tokens(above[0])
        if not subjects or any(self.grammar.is_personal(tok) for tok in subjects):
            return None
        return above[0]

    def done_to_speaker(self, verb: Token, pattern: VerbPattern) -> bool:
        """ "spoke to me", "helped us", "sanctioned you": an act done to the speaker or the addressee,
        whom the event coder cannot name; "me" and "us" are the speaker a reporting verb names ("'Police
        arrested me,' a journalist said")."""
        objects = direct_objects(verb) + self.patterns.preps_around(verb).get(pattern.prep, [])
        personal = [tok for tok in objects if self.grammar.is_personal(tok)]
        if not personal:
            return False
        first = all(self.grammar.is_first_person(tok) for tok in personal)
        return not first or self.named_speaker(verb) is None

    def clause_subject(self, verb: Token) -> list[Token]:
        """The subject words of the clause a subject-less verb hangs from ("A suicide bomber rammed a car
        into a convoy, killing seven soldiers": the bomber)."""
        head = clause_head(verb, self.lexicon.frames)
        return self.grammar.subject_tokens(head) if head is not None else []

    def targets_of(
        self, verb: Token, pattern: VerbPattern, code: str, sources: list[Actor], weapon: Weapon | None
    ) -> tuple[list[Actor], TargetSource]:
        """Coercion and violence hit people, never places, and at home as often as abroad: the people
        its consequence names first ("struck a convoy, killing 2 soldiers": the soldiers), then the
        first victim named, not the first of another country. A place taken is no victim: the force that
        held it is the target, else the state (unnamed_parties.tsv)."""
        persons = self.only_people_suffer(verb, sources, weapon)
        victims = self.ontology.has_victims(code)
        loser = self.violence.unnamed_sector("target", code, lemma(verb)) if victims else None
        if self.ontology.is_violent(code) and not loser:
            hurt = others(self.consequence_victims(verb), sources)
            aimed = self.arguments.complement_actors(verb, sources, depth=1) if hurt else []
            if aimed:
                return aimed, "complement"  # "fired to disperse protesters, killing one": the protesters
            if hurt:
                return hurt, "object"
        targets, target_from = self.arguments.targets(
            verb, pattern, exclude=sources, victims=victims, foreign_first=not victims, persons=persons
        )
        if loser is None:
            return targets, target_from
        held = [t for t in targets if self.violence.has_arms(t) or self.is_state(t)] or self.retreating(verb)
        if held:
            return held, target_from
        country = self.arguments.scene.country_at(verb)
        at = verb.idx
        return (
            ([Actor(text="", start=at, end=at, country=country, sectors=(loser,))], "place")
            if country
            else ([], "none")
        )

    def retreating(self, verb: Token) -> list[Actor]:
        """The forces the sentence says withdrew ("captured Rubaya after Congolese troops withdrew")."""
        retreat = self.ontology.retreat_code
        found: list[Actor] = []
        for token in verb.sent:
            pattern = self.patterns.best_pattern(token) if token.pos_ in EVENT_POS and retreat else None
            if pattern is not None and pattern.code.startswith(retreat):
                found += [
                    a
                    for a in self.arguments.actors_of(self.grammar.subject_tokens(token))
                    if self.violence.has_arms(a)
                ]
        return found

    def is_state(self, actor: Actor) -> bool:
        return any(self.ontology.sectors[s].state for s in actor.sectors if s in self.ontology.sectors)

    def consequence_victims(self, verb: Token) -> list[Actor]:
        """The people a participle of casualties names ("..., killing 32 residents", "..., wounding 11")."""
        found: list[Actor] = []
        for clause in children_with(verb, (ADVCL,)):
            if not is_bare_participle(clause) or lemma(clause) not in self.grammar.words.person_patient_verbs:
                continue
            for obj in direct_objects(clause):
                found.extend(self.arguments.victims(obj, persons=True))
        return [actor for actor in found if has_identity(actor) or actor.org]

    def only_people_suffer(self, verb: Token, sources: list[Actor], weapon: Weapon | None) -> bool:
        """ "killed a shepherd", "kidnapped a tapper": what armed men, a weapon or nobody named kill, wound
        or kidnap is a person, whatever the noun; a legislature that "killed the bill" killed none."""
        words = self.grammar.words
        if lemma(verb) in words.person_only_verbs:
            return True  # "lynched a butcher", "abducted a tapper": whoever did it
        armed = not sources or weapon is not None or any(map(self.violence.has_arms, sources))
        return armed and lemma(verb) in words.person_patient_verbs

    def event_tokens(self, verb: Token) -> list[Token]:
        """The words of the verb's own event: its subtree without clauses that have a subject of their
        own ("..., and Israeli forces responded with artillery fire" is another event)."""
        skipped: set[int] = set()
        for child in children_of(verb):
            if child.dep_ in OWN_CLAUSE_DEPS and children_with(child, SUBJECT_DEPS):
                skipped |= {tok.i for tok in child.subtree}
        return [tok for tok in verb.subtree if tok.i not in skipped]

    def unnamed_source(
        self, verb: Token, subject: list[Token], code: str, weapon: Weapon | None, swapped: bool
    ) -> Actor | None:
        """The party behind an event that names nobody as its doer ("three civilians were killed", "a bomb
        exploded in the market", "200 people were arrested"): the country of the place the sentence is
        about with the sector its weapon or its code calls for; None when the event cannot stand without
        a named doer, is background ("the genocide in which ... were killed") or a mishap."""
        if verb.dep_ in BACKGROUND_DEPS or self.caused_by_mishap(verb) or self.is_unreal(verb):
            return None
        if weapon is None and self.ontology.is_violent(code) and self.follows_a_mishap(verb):
            return None
        instrument = bool(subject) and all(self.names_instrument(tok) for tok in subject)
        if not (is_passive(verb) or instrument or swapped):
            return None  # an active verb whose subject is no actor ("prices hit a record")
        at = verb.idx
        if weapon is not None and code == weapon.code and weapon.source is None:
            return Actor(text="", start=at, end=at)  # nobody attacked: a mine left from past fighting
        sector = weapon.source if weapon is not None and code == weapon.code else None
        sector = sector or self.violence.unnamed_sector("source", code, lemma(verb))
        country = self.arguments.scene.country_at(verb)
        if sector is None or country is None:
            return None
        return Actor(text="", start=at, end=at, country=country, sectors=(sector,))

    def is_unreal(self, verb: Token) -> bool:
        """ "would soon be indicted", "could be killed": not an event that happened."""
        words = self.grammar.words
        return self.grammar.is_future(verb) or self.grammar.has_modal(
            verb, words.conditional_modals | words.obligation_modals
        )

    def names_instrument(self, token: Token) -> bool:
        """A weapon or an event noun standing as the subject ("a bomb exploded", "clashes erupted")."""
        weapon = self.violence.weapon_of(token)
        return (weapon is not None and weapon.code is not None) or lemma(token) in self.lexicon.event_nouns

    def caused_by_hazard(self, verb: Token) -> bool:
        """A fire, a virus or an animal did it or it happened in one ("a fire killed five girls", "were
        injured in the fire", "was killed by his lions"); "artillery fire" or "Israeli fire" names a weapon
        or an actor, and stays an attack."""
        hazards = self.grammar.words.hazard_nouns
        return any(
            lemma(tok) in hazards and not any(self.arms_or_actor(mod) for mod in inner_modifiers(tok))
            for tok in doers_and_circumstances(verb)
        )

    def arms_or_actor(self, token: Token) -> bool:
        return self.violence.weapon_of(token) is not None or bool(self.arguments.actors.actors_for(token))

    def follows_a_mishap(self, verb: Token) -> bool:
        """ "A fire swept through the flats overnight. Two adults were seriously injured.": a death or an
        injury with no doer and no weapon, told right after a sentence that names a fire, a crash or a
        storm and no violence, is that mishap's toll, not an attack by an unnamed armed group."""
        sentence = verb.sent
        if sentence.start == 0:
            return False
        previous = list(verb.doc[sentence.start - 1].sent)
        if any(self.violence.weapon_of(tok) or self.tells_violence(tok) for tok in previous):
            return False
        causes = self.grammar.words.hazard_nouns | self.mishaps
        return any(
            lemma(tok) in causes
            and tok.pos_ == POS_NOUN
            and not any(self.arms_or_actor(mod) for mod in inner_modifiers(tok))
            for tok in previous
        )

    def tells_violence(self, token: Token) -> bool:
        if token.pos_ not in EVENT_POS:
            return False
        pattern = self.patterns.best_pattern(token)
        return pattern is not None and self.ontology.is_violent(pattern.code)

    def is_aircraft_crash(self, verb: Token) -> bool:
        """An aircraft that crashes had a mishap: the verb itself or a clause telling when it happened
        ("a helicopter crashed", "killed when a bomber crashed"); "before the jet crashed, Iran launched
        missiles" is another event."""
        words = self.grammar.words
        return any(
            lemma(clause) in words.mishap_nouns and lemma(subject) in words.aircraft_nouns
            for clause in self.event_tokens(verb)
            if clause.i == verb.i or (clause.pos_ in EVENT_POS and self.tells_how(clause))
            for subject in self.grammar.subject_tokens(clause)
        )

    def tells_how(self, clause: Token) -> bool:
        return any(lemma(child) in self.grammar.words.simultaneity_marks for child in children_of(clause))

    def caused_by_mishap(self, verb: Token) -> bool:
        """A mishap named by a noun ("killed in a road accident") or a verb ("were killed when a bomber
        crashed"); a weapon's impact ("a shell fell on the house") is no mishap."""
        impact = self.grammar.words.impact_verbs
        return any(
            lemma(tok) in self.mishaps
            and (tok.pos_ == POS_NOUN or (tok.pos_ in EVENT_POS and lemma(tok) not in impact))
            for tok in self.event_tokens(verb)
        )
