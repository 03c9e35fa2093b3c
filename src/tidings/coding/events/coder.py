"""Event coding: verb + source + target from each sentence's dependency parse, coded in the ontology.

For every verb the most specific lexicon pattern (verb_patterns.tsv) is found (`patterns`); its source is
the subject (or a passive verb's agent), its target the object the pattern points at (`arguments`).
Then the frames above the verb re-code it (`frames`): "vowed to continue ties" is an intent (03x),
"asked X to help" an appeal (02x) to X, "refused to ..." a rejection (12x), and "said that Iraq
attacked" an accusation (112). Negated events are dropped or become rejections.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from itertools import permutations

from spacy.tokens import Doc, Span, Token

from ...lang import Language
from ...nlp.parse import sentences_of
from ...nlp.syntax import (
    EVENT_POS,
    NOMINAL_DEPS,
    POBJ,
    POS_NOUN,
    POS_PRON,
    Grammar,
    hidden_agent,
    is_passive,
    is_purpose,
    nominal_owners,
)
from ...ontology import EventOntology
from ...places.gazetteer import Gazetteer
from ...records import Actor, Article, Event, Sentence
from ..actors import ArticleActors
from .arguments import Arguments, foreign, has_identity, known_first, others
from .frames import Found, Frames
from .lexicon import EventLexicon, VerbPattern
from .patterns import PatternMatcher


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

    def code_doc(self, doc: Doc, article: Article, actors: ArticleActors) -> list[Event]:
        events: list[Event] = []
        sentences = sentences_of(doc)
        starts = [sentence.start for sentence in sentences]
        coder = self.sentence_coder(actors)
        for span in doc.sents:
            sentence = sentence_for(span, sentences, starts)
            if sentence is None:
                continue
            for found in coder.code(span):
                events.extend(self.to_events(found, article, sentence))
        return unique_events(events)

    def sentence_coder(self, actors: ArticleActors) -> SentenceCoder:
        arguments = Arguments(actors, self.lexicon, self.grammar, self.patterns, self.gazetteer)
        frames = Frames(self.lexicon, self.grammar, arguments, self.patterns, self.ontology)
        return SentenceCoder(self.lexicon, self.grammar, self.patterns, arguments, frames)

    def to_events(self, found: Found, article: Article, sentence: Sentence) -> list[Event]:
        rule = f"vp:{found.pattern.id}/" + "+".join(found.trace)
        pairs = [
            (self.domestic_source(source, target, code), self.domestic_target(source, target, code), code)
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
        if not self.ontology.is_conflict(code) or not source.country or source.igo:
            return target
        if target is None:
            return Actor(text=source.text, start=source.start, end=source.end, country=source.country)
        # unnamed people ("fired on demonstrators") are the source's own only when force is used
        return replace(target, country=source.country) if self.ontology.uses_force(code) else target

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
    third_party = bool(found.targets) and len(foreign(list(found.targets), list(found.sources))) == len(
        found.targets
    )
    if "recip" in pattern.flags and len(found.sources) > 1 and not third_party:
        return [(a, b, found.code) for a, b in permutations(found.sources, 2) if a.code != b.code]
    sources, targets = known_first(found.sources), known_first(found.targets)
    if not targets:
        return [(source, None, found.code) for source in sources if has_identity(source)]
    pairs: list[tuple[Actor, Actor | None, str]] = []
    domestic = found.target_from == "place"  # a place in the source's own country: "protested in Lagos"
    for source in sources:
        for target in targets:
            anonymous = not (has_identity(source) or has_identity(target))
            if anonymous or (source.code == target.code and not domestic):
                continue
            pairs.append((source, target, found.code))
            if "mutual" in pattern.flags and found.direct:
                pairs.append((target, source, found.code))
            if pattern.reverse_code:
                pairs.append((target, source, pattern.reverse_code))
    return pairs


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


class SentenceCoder:
    """Finds the events of one sentence: verb patterns first, then the frames above each verb."""

    def __init__(
        self,
        lexicon: EventLexicon,
        grammar: Grammar,
        patterns: PatternMatcher,
        arguments: Arguments,
        frames: Frames,
    ) -> None:
        self.lexicon = lexicon
        self.grammar = grammar
        self.patterns = patterns
        self.arguments = arguments
        self.frames = frames

    def code(self, span: Span) -> list[Found]:
        framed, consumed = self.framed_events(span)
        demands, demanded = self.frames.obligations(span, framed)
        results = [found for found in framed if found.complete and found.inner.i not in demanded] + demands
        results += self.nominal_events(span)
        kept = [found for found in results if found.verb.i not in consumed or found.verb.i != found.inner.i]
        return [found for found in kept if not self.is_consequence(found, kept)]

    def framed_events(self, span: Span) -> tuple[list[Found], set[int]]:
        """Every verb's pattern event after its frames, and the frame words used up on the way."""
        best_pattern = self.patterns.best_pattern
        matches = {tok.i: p for tok in span if self.is_event_verb(tok) and (p := best_pattern(tok))}
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

    def is_event_verb(self, token: Token) -> bool:
        """Verbs, but not verbs used as nouns or adjectives ("in tank shelling", "government-held"),
        nor purposes ("held talks to end the war"), unless a frame word governs them, nor acts
        that did not happen: conditions ("unless Baghdad accepted") and reasons ("jailed him for helping")."""
        if token.pos_ not in EVENT_POS or token.dep_ in NOMINAL_DEPS or self.grammar.is_unasserted(token):
            return False
        return not (is_purpose(token) and self.frames.frame_above(token) is None)

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
        for noun in span:
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
        hidden = hidden_agent(verb, self.lexicon.event_nouns) if is_passive(verb) else []
        own = self.grammar.subject_tokens(verb) or hidden
        source_head = None
        sources = self.arguments.actors_of(own)
        if is_passive(verb) and not own:
            sources = []  # a passive verb's subject is its patient; a frame's subject is no agent of it
        elif not sources and all(tok.pos_ == POS_PRON for tok in own):
            # no subject, or a pronoun coreference left open ("X claimed that they had attacked")
            sources, source_head = self.arguments.inherited_sources(verb)
        targets, target_from = self.arguments.targets(verb, pattern, exclude=sources)
        if "swap" in pattern.flags:
            sources, targets = targets, sources
        if not sources:
            return None
        open_target = "solo" in pattern.flags and not self.arguments.has_unresolved_object(verb, pattern)
        return Found(
            verb=verb,
            inner=verb,
            pattern=pattern,
            code=pattern.code,
            sources=tuple(sources),
            targets=tuple(targets),
            own_subject=bool(own),
            source_head=source_head,
            open_target=open_target,
            extraction="passive" if is_passive(verb) else "active",
            target_from=target_from,
        )
