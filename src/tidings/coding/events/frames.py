"""Frames above an event verb: the words that embed it re-code it (event_frames.tsv, frame_codes.tsv).

"vowed to continue ties" is an intent (03x), "asked X to help" an appeal (02x) to X, "refused to ..."
a rejection (12x), "said that Iraq attacked" an accusation (112). `Frames` works on `Found` events
with the article's `Arguments` (who the actors are) and the `PatternMatcher` (a frame verb's own event).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, cast

from spacy.tokens import Span, Token

from ...nlp.parse import tokens_in
from ...nlp.syntax import (
    ACL,
    ADVCL,
    ATTR,
    CCOMP,
    CONJ,
    DOBJ,
    EMBEDDED_CLAUSE_DEPS,
    EVENT_POS,
    NOUN_POS,
    POS_NOUN,
    POS_VERB,
    Grammar,
    direct_objects,
    is_copular,
    is_past,
    is_purpose,
    lemma,
    prep_objects,
)
from ...ontology import EventOntology
from ...records import Actor
from .arguments import MAX_FRAME_DEPTH, Arguments, TargetSource
from .lexicon import EventLexicon, FrameChoice, FrameName, FrameVerb, VerbPattern
from .patterns import PatternMatcher

# Frames whose own word becomes the event ("asked X to help" is an appeal by the asker to X).
OWNING_FRAMES = frozenset({"appeal", "demand", "absorb"})
# Frames in which a negated cooperative act is a rejection rather than a non-event.
INTENT_FRAMES = frozenset({"intent", "promise", "keep", "speech"})
# Frames that only say when or whether an act happens ("began to", "tried to").
ASPECT_FRAMES = frozenset({"keep", "attempt"})
# Frames whose word, with an object of its own, takes an infinitive as that object's purpose ("began a
# hunger strike to demand", "plans tariff cuts to help narrow the surplus"), not as what it frames.
OBJECT_PURPOSE_FRAMES = ASPECT_FRAMES | {"intent", "promise"}
Extraction = Literal["active", "passive", "nominal"]
# A step in an event's coding after its extraction: a frame, or a reported obligation.
Step = FrameName | Literal["obligation"]
# Target sources written in the rule trace (an object target is the plain case, left out).
TRACED_TARGETS = frozenset({"clause", "nested", "complement", "place"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    """An event at one verb, before or after frames re-code it."""

    verb: Token  # the word the event is reported at (the frame verb for owning frames)
    inner: Token  # the verb whose pattern fired
    pattern: VerbPattern
    code: str
    sources: tuple[Actor, ...]
    targets: tuple[Actor, ...]
    own_subject: bool  # the inner verb has a subject of its own
    source_head: int | None  # the token whose subject was inherited, when the verb has none of its own
    open_target: bool  # the event may stand without a target ("protesters marched")
    extraction: Extraction
    target_from: TargetSource = "object"
    demanded: str | None = None  # for an obligation: the pattern of the demanded act, when known
    unnamed_source: bool = False  # nobody is named as doing it: the source is the unnamed party
    weapon: str | None = None  # the weapons.tsv row that gave the code or the unnamed source
    steps: tuple[Step, ...] = ()  # frames applied, in order

    @property
    def complete(self) -> bool:
        recip = "recip" in self.pattern.flags and len(self.sources) > 1
        return bool(self.targets) or recip or self.open_target

    @property
    def direct(self) -> bool:
        """The verb's own act on its own object: no frame re-coded it, no rule looked further for the
        target, and it is no reported obligation."""
        return self.target_from not in TRACED_TARGETS and self.demanded is None and not self.steps

    @property
    def trace(self) -> tuple[str, ...]:
        """The extraction rule, target rule, demanded pattern and frames, for `Event.rule`."""
        target = (self.target_from,) if self.target_from in TRACED_TARGETS else ()
        demanded = (self.demanded,) if self.demanded else ()
        unnamed = ("unnamed",) if self.unnamed_source else ()
        weapon = (f"weapon:{self.weapon}",) if self.weapon else ()
        return (self.extraction, *unnamed, *weapon, *target, *demanded, *self.steps)

    def with_step(self, step: Step, **changes) -> Found:
        return replace(self, steps=(*self.steps, step), **changes)


def subtree_indexes(token: Token) -> set[int]:
    return {tok.i for tok in token.subtree}


class Frames:
    """Re-coding of events by the frame words above them, for one article."""

    def __init__(
        self,
        lexicon: EventLexicon,
        grammar: Grammar,
        arguments: Arguments,
        patterns: PatternMatcher,
        ontology: EventOntology,
    ) -> None:
        self.lexicon = lexicon
        self.grammar = grammar
        self.arguments = arguments
        self.patterns = patterns
        self.ontology = ontology
        # The event of a reported obligation whose demanded act the lexicon does not know.
        self.obligation = VerbPattern(id="obligation", verb="", code=ontology.demand_code)

    def speaker_of(self, frame_token: Token) -> list[Actor]:
        """Who the frame word's subject is (or the subject it inherits)."""
        subjects = self.grammar.subject_tokens(frame_token)
        return self.arguments.actors_of(subjects) or self.arguments.inherited_sources(frame_token)[0]

    def is_conditional_threat(self, verb: Token, code: str) -> bool:
        """ "will boycott the elections unless ...", "may halt mediation if ...": a hostile act that is
        held out on a condition is a threat (13x), not done."""
        if not self.ontology.is_hostile(code) or not self.grammar.conditions(verb):
            return False
        return self.grammar.has_modal(verb, self.grammar.words.conditional_modals)

    def obligations(self, span: Span, framed: list[Found]) -> tuple[list[Found], set[int]]:
        """ "X said (that) Y must do Z" is X's demand (10x) on Y; the demanded act is no event itself.
        Returns the demands and the token indexes of the demanded clauses."""
        demands: list[Found] = []
        demanded: set[int] = set()
        for clause in tokens_in(span):
            # "argued they should not be mandatory": a copula states what should be, it asks no act
            obliged = self.grammar.is_obligation(clause) and not is_copular(clause)
            speech = self.speech_verb_of(clause) if obliged else None
            demand = self.demand_in(speech, clause, framed) if speech is not None else None
            if demand is not None:
                demands.append(demand)
                demanded |= subtree_indexes(clause)
        return demands, demanded

    def speech_verb_of(self, clause: Token) -> Token | None:
        """The verb reporting a clause: "said (that) ...", or the verb of a noun the clause explains
        ("issued a reminder to Iraq that it must ...")."""
        if clause.dep_ == ACL and clause.head.pos_ == POS_NOUN and clause.head.dep_ in (DOBJ, ATTR):
            verb = clause.head.head
            return verb if verb.pos_ in EVENT_POS else None
        if clause.dep_ != CCOMP or clause.head.pos_ not in EVENT_POS:
            return None
        frame = self.frame_of(clause.head)
        return clause.head if frame is not None and frame.self_frame == "speech" else None

    def frame_of(self, word: Token) -> FrameVerb | None:
        """The frame row of a word, also when the lemmatizer slips ("hopes" -> "hop")."""
        frames = self.lexicon.frames
        bases = [lemma(word)]
        if word.pos_ in EVENT_POS:
            bases = self.patterns.verb_bases(word.lower_, lemma(word))
        return next((frames[base] for base in bases if base in frames), None)

    def demand_in(self, frame_token: Token, clause: Token, framed: list[Found]) -> Found | None:
        if not self.grammar.is_obligation(clause):
            return None
        # "a third believe he should resign", "argued that firms should decide": an opinion of what
        # ought to be done, asked of no one
        if lemma(frame_token) in self.grammar.words.opinion_verbs:
            return None
        speaker = self.speaker_of(frame_token)
        speaker_codes = {actor.code for actor in speaker}
        speaker_countries = {actor.country for actor in speaker if actor.country}
        # "Johnson stated that Britain must leave": the speaker's own country as a whole is his plan
        addressees = [
            a
            for a in self.arguments.actors_of(self.grammar.subject_tokens(clause))
            if a.code not in speaker_codes and not (a.country in speaker_countries and not a.sectors)
        ]
        if not speaker or not addressees:
            return None
        inside = subtree_indexes(clause)
        demanded = next((found for found in framed if found.inner.i in inside), None)
        code = self.lexicon.reframe("demand", demanded.code) if demanded else None
        return Found(
            verb=frame_token,
            inner=clause,
            pattern=self.obligation,
            code=code or self.obligation.code,
            sources=tuple(speaker),
            targets=tuple(addressees),
            own_subject=True,
            source_head=None,
            open_target=False,
            extraction="active",
            demanded=demanded.pattern.id if demanded else None,
            steps=("obligation",),
        )

    def frame_above(self, verb: Token) -> tuple[Token, FrameVerb] | None:
        """The frame word that embeds this verb ("vowed to", "asked X to", "plans to", "said that")."""
        while verb.dep_ == CONJ and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ not in EMBEDDED_CLAUSE_DEPS or verb.head.i == verb.i:
            return None
        head = verb.head
        frame = self.frame_of(head)
        if frame is None or (verb.dep_ == ADVCL and head.pos_ == POS_VERB and not is_purpose(verb)):
            return None
        if verb.dep_ == ADVCL and frame.self_frame in OBJECT_PURPOSE_FRAMES and direct_objects(head):
            return None  # "began a hunger strike to demand ...": a purpose, not "began to demand"
        return head, frame

    def serves_a_purpose(self, verb: Token) -> bool:
        """An act stated as the aim of another ("held talks to end the war"), also through the frame
        words above it ("lowered rates to encourage firms to invest"), or framed by a word given as a
        reason ("was savaged for failing to help"): not reported as done."""
        for _ in range(MAX_FRAME_DEPTH):
            above = self.frame_above(verb)
            if above is None:
                return is_purpose(verb)
            verb = above[0]
            if self.grammar.is_unasserted(verb):
                return True
        return False

    def apply_frames(self, found: Found) -> tuple[Found | None, set[int]]:
        consumed: set[int] = set()
        if self.is_forecast(found) or self.is_expected_effect(found):
            return None, consumed
        result: Found | None = self.apply_negation(found)
        if result is not None and self.is_conditional_threat(found.inner, result.code):
            result = self.recode(result, "threat")
        current = found.inner
        reported = False  # a frame word above speaks of the act ("said it would", "vowed to", "asked X to")
        for _ in range(MAX_FRAME_DEPTH):
            above = self.frame_above(current)
            if above is None or result is None:
                break
            frame_token, frame = above
            consumed.add(frame_token.i)
            reported = reported or not {frame.self_frame, frame.other_frame} <= ASPECT_FRAMES | {"keep"}
            result = self.reframe(result, current, frame_token, frame)
            current = frame_token
        if result is None or reported or result.steps:
            return result, consumed
        return self.unreported(result, current), consumed

    def unreported(self, found: Found, top: Token) -> Found | None:
        """An act no frame word reports, in the future: "will visit Britain", "leaves for Washington
        tomorrow", "is scheduled to meet" are announced plans, coded as the intent (042 -> 036, 19 -> 138),
        like "said it would visit" (the "future" rows of frame_codes.tsv). A conditional ("would", "if")
        is left to the coder's test of unreal acts; an unnamed doer ("will be tried") announces nothing.
        A proposed act ("recommended that X be charged") and an act a plan only sets as a condition ("if
        X decides to offer") are no event."""
        inner = found.inner
        if inner.pos_ not in EVENT_POS:
            return found
        grammar = self.grammar
        if grammar.is_subjunctive(inner) or (top != inner and grammar.is_unasserted(top)):
            return None  # "recommended that X be charged"; "if X decides to offer wheat"
        future = grammar.is_future(inner) or grammar.is_future(top)
        unreal = grammar.is_irrealis(inner) or bool(grammar.conditions(inner))
        if not future or unreal or found.unnamed_source:
            return found  # "would free", "will press for it if ...": left to the coder's test of unreal acts
        if grammar.is_arranged(inner) and is_past(inner.head):
            return found  # "millions were to storm Area 51": what was arranged then, left to the coder
        return self.recode(found, "future")

    def is_forecast(self, found: Found) -> bool:
        """ "is likely to visit", "would probably request", "will have to resign": a forecast or a
        requirement, whoever reports it, is no act (neither done nor announced by its doer)."""
        inner = found.inner
        if inner.pos_ not in EVENT_POS:
            return False
        return self.grammar.is_predicted(inner) or self.grammar.is_required(inner)

    def is_expected_effect(self, found: Found) -> bool:
        """ "It is a useful alternative and will permit the banks to say ...": what "it" (a thing, or an
        actor nobody here speaks for) will make possible is a forecast, unless the speaker says it of
        itself ("Iraq said it would allow the inspectors back")."""
        inner = found.inner
        if "enabling" not in found.pattern.flags or not self.grammar.is_future(inner):
            return False
        subjects = self.grammar.subject_tokens(inner)
        while not subjects and inner.dep_ == CONJ and inner.head.i != inner.i:
            inner = inner.head
            subjects = self.grammar.subject_tokens(inner)
        thing_pronouns = self.grammar.words.thing_pronouns
        if not subjects or any(tok.lower_ not in thing_pronouns for tok in subjects):
            return False
        above = self.frame_above(found.inner)
        return above is None or not self.same_actor(found, above[0], self.speaker_of(above[0]))

    def apply_negation(self, found: Found) -> Found | None:
        inner = found.inner
        if not (self.grammar.is_negated(inner) or self.grammar.has_no_argument(inner)):
            return found
        above = self.frame_above(found.inner)
        intended = above is not None and (above[1].self_frame in INTENT_FRAMES - {"speech"})
        if not (self.grammar.is_future(found.inner) or intended):
            return None
        return self.recode(found, "negated")

    def recode(self, found: Found, frame: FrameName) -> Found | None:
        code = self.lexicon.reframe(frame, found.code)
        if code is None:
            return None
        return found.with_step(frame, code=code)

    def reframe(self, found: Found, embedded: Token, frame_token: Token, frame: FrameVerb) -> Found | None:
        speaker = self.speaker_of(frame_token)
        same = self.same_actor(found, frame_token, speaker)
        name: FrameChoice = frame.self_frame if same else frame.other_frame
        if self.grammar.is_negated(frame_token):
            # "there are no plans to renew talks": a plan nobody has is no act, not a rejection
            planned = name in INTENT_FRAMES - {"speech"} and frame_token.pos_ not in NOUN_POS
            name = "negated" if planned else ""
        if name in ("", "keep"):
            return found if name else None
        # a toll reported ("said 20 people were killed") accuses no one: only a named doer is accused
        accusing = name == "accuse" and frame_token.i < embedded.i and not found.unnamed_source
        if accusing and self.lexicon.reframe("accuse", found.code) != found.code:
            return self.accusation(found, frame_token, speaker)
        if name in ("speech", "accuse"):
            return self.recode(found, "future") if self.grammar.is_future(embedded) else found
        if name in OWNING_FRAMES:
            return self.owned(found, frame_token, cast(FrameName, name), speaker)
        return self.recode(found, cast(FrameName, name))

    def same_actor(self, found: Found, frame_token: Token, speaker: list[Actor]) -> bool:
        """Is the embedded event done by the frame's own subject ("vowed to", "said it would")?"""
        if found.unnamed_source:
            return False  # "claimed 90 civilians were wounded": a toll told, no doer owned up to
        if found.source_head == frame_token.i or not speaker:
            return True
        return any(self.same_side(a, b) for a in speaker for b in found.sources)

    def same_side(self, one: Actor, other: Actor) -> bool:
        """One actor for a frame: the same country or IGO, unless both name sectors of different sides
        ("the Syrian Observatory said government forces ...": a rights group is not the army; "the
        government said its troops ..." is one state)."""
        if actor_identity(one) != actor_identity(other):
            return False
        if not one.sectors or not other.sectors or set(one.sectors) & set(other.sectors):
            return True
        state = {code for code, sector in self.ontology.sectors.items() if sector.state}
        return set(one.sectors) <= state and set(other.sectors) <= state

    def accusation(self, found: Found, frame_token: Token, speaker: list[Actor]) -> Found | None:
        code = self.lexicon.reframe("accuse", found.code)
        if code is None or not speaker:
            return found
        return found.with_step(
            "accuse", verb=frame_token, code=code, sources=tuple(speaker), targets=found.sources
        )

    def owned(self, found: Found, frame_token: Token, name: FrameName, speaker: list[Actor]) -> Found | None:
        """The frame verb is the event: "asked Obama to help Iran" -> appeal, asker -> Obama."""
        own_pattern = self.own_pattern(frame_token)
        if not speaker or (name == "absorb" and own_pattern is None):
            return None
        if self.grammar.is_document(self.grammar.subject_tokens(frame_token)):
            return None  # "the plan calls for troops to withdraw": what a document says, no appeal
        code = (
            own_pattern.code if name == "absorb" and own_pattern else self.lexicon.reframe(name, found.code)
        )
        if code is None:
            return None
        targets = tuple(a for a in self.addressee(found, frame_token) if a not in speaker)
        return found.with_step(name, verb=frame_token, code=code, sources=tuple(speaker), targets=targets)

    def addressee(self, found: Found, frame_token: Token) -> list[Actor]:
        if found.own_subject:
            return list(found.sources)
        for obj in direct_objects(frame_token) + prep_objects(frame_token).get("on", []):
            actors = self.arguments.np_actors(obj)
            if actors:
                return actors
        return list(found.targets)

    def own_pattern(self, token: Token) -> VerbPattern | None:
        return self.patterns.best_pattern(token) if token.pos_ in EVENT_POS else None


def actor_identity(actor: Actor) -> str:
    """Who an actor is, for "same actor" tests: its country (or organisation class), or the IGO itself.
    Two IGOs are different actors ("The United Nations said NATO had bombed Serbia")."""
    return "IGO" + actor.igo if actor.igo else actor.code[:3]
