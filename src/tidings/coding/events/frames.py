"""Frames above an event verb: the words that embed it re-code it (event_frames.tsv, frame_codes.tsv).

"vowed to continue ties" is an intent (03x), "asked X to help" an appeal (02x) to X, "refused to ..."
a rejection (12x), "said that Iraq attacked" an accusation (112). `FrameRules` is mixed into the
sentence coder, which supplies the lexicon, the article's actors and the pattern lookup.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from .event_lexicon import EventLexicon, FrameVerb, VerbPattern
from .event_rules import (
    children_with,
    conditions,
    direct_objects,
    is_future,
    is_negated,
    lemma,
    np_actors,
    prep_objects,
    subject_tokens,
)
from .records import Actor

# Frames whose own word becomes the event ("asked X to help" is an appeal by the asker to X).
OWNING_FRAMES = frozenset({"appeal", "demand", "absorb"})
# Frames in which a negated cooperative act is a rejection rather than a non-event.
INTENT_FRAMES = frozenset({"intent", "promise", "keep", "speech"})
# Frames that only say when or whether an act happens ("began to", "tried to").
ASPECT_FRAMES = frozenset({"keep", "attempt"})
EVENT_POS = frozenset({"VERB"})
MAX_FRAME_DEPTH = 4
# Modals that turn a reported clause into an obligation: "X said Y must withdraw" is X's demand on Y.
OBLIGATION_MODALS = frozenset({"must", "should"})
# Modals that with an "if"/"unless" clause make a hostile act a threat: "may halt aid if ...".
CONDITIONAL_MODALS = frozenset({"will", "would", "shall", "'ll", "wo", "may", "might", "could", "can", "ca"})
# Roots of hostile acts (protest to mass violence), which a condition turns into threats.
HOSTILE_ROOTS = frozenset({"14", "15", "16", "17", "18", "19", "20"})
# The event of a reported obligation whose demanded act the lexicon does not know.
OBLIGATION = VerbPattern("obligation", "", "", "", frozenset(), "100", frozenset(), None, None)


@dataclass(frozen=True, slots=True)
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
    steps: tuple[str, ...]  # extraction rule and frames applied, for Event.rule

    @property
    def complete(self) -> bool:
        recip = "recip" in self.pattern.flags and len(self.sources) > 1
        return bool(self.targets) or recip or self.open_target


def is_purpose(verb: Token) -> bool:
    """An infinitive adverbial clause: "... to mark 515 years", "... to help Iran"."""
    return verb.dep_ == "advcl" and any(child.tag_ == "TO" for child in verb.children)


def is_obligation(verb: Token) -> bool:
    """ "Y must withdraw", "Y should resign": the clause says what Y is obliged to do."""
    return any(aux.lower_ in OBLIGATION_MODALS for aux in children_with(verb, ("aux",)))


def is_conditional_threat(verb: Token, code: str) -> bool:
    """ "will boycott the elections unless ...", "may halt mediation if ...": a hostile act that is
    held out on a condition is a threat (13x), not done."""
    if code[:2] not in HOSTILE_ROOTS or not conditions(verb):
        return False
    return any(aux.lower_ in CONDITIONAL_MODALS for aux in children_with(verb, ("aux",)))


def subtree_indexes(token: Token) -> set[int]:
    return {tok.i for tok in token.subtree}


class FrameRules:
    """Re-coding of events by the frame words above them."""

    lexicon: EventLexicon

    def obligations(self, span: Span, framed: list[Found]) -> tuple[list[Found], set[int]]:
        """ "X said (that) Y must do Z" is X's demand (10x) on Y; the demanded act is no event itself.
        Returns the demands and the token indexes of the demanded clauses."""
        demands: list[Found] = []
        demanded: set[int] = set()
        for clause in span:
            speech = self.speech_verb_of(clause) if is_obligation(clause) else None
            demand = self.demand_in(speech, clause, framed) if speech is not None else None
            if demand is not None:
                demands.append(demand)
                demanded |= subtree_indexes(clause)
        return demands, demanded

    def speech_verb_of(self, clause: Token) -> Token | None:
        """The verb reporting a clause: "said (that) ...", or the verb of a noun the clause explains
        ("issued a reminder to Iraq that it must ...")."""
        if clause.dep_ == "acl" and clause.head.pos_ == "NOUN" and clause.head.dep_ in ("dobj", "attr"):
            verb = clause.head.head
            return verb if verb.pos_ in EVENT_POS else None
        if clause.dep_ != "ccomp" or clause.head.pos_ not in EVENT_POS:
            return None
        frame = self.lexicon.frames.get(lemma(clause.head))
        return clause.head if frame is not None and frame.self_frame == "speech" else None

    def demand_in(self, frame_token: Token, clause: Token, framed: list[Found]) -> Found | None:
        if not is_obligation(clause):
            return None
        speaker = self.actors_of(subject_tokens(frame_token)) or self.inherited_sources(frame_token)[0]
        speaker_codes = {actor.code for actor in speaker}
        addressees = [a for a in self.actors_of(subject_tokens(clause)) if a.code not in speaker_codes]
        if not speaker or not addressees:
            return None
        inside = subtree_indexes(clause)
        demanded = next((found for found in framed if found.inner.i in inside), None)
        code = self.lexicon.reframe("demand", demanded.code) if demanded else None
        steps = ("active", demanded.pattern.id, "obligation") if demanded else ("active", "obligation")
        return Found(
            frame_token,
            clause,
            OBLIGATION,
            code or OBLIGATION.code,
            tuple(speaker),
            tuple(addressees),
            True,
            None,
            False,
            steps,
        )

    def frame_above(self, verb: Token) -> tuple[Token, FrameVerb] | None:
        """The frame word that embeds this verb ("vowed to", "asked X to", "plans to", "said that")."""
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ not in ("xcomp", "ccomp", "acl", "advcl") or verb.head.i == verb.i:
            return None
        head = verb.head
        frame = self.lexicon.frames.get(lemma(head))
        if frame is None or (verb.dep_ == "advcl" and head.pos_ == "VERB" and not is_purpose(verb)):
            return None
        if verb.dep_ == "advcl" and frame.self_frame in ASPECT_FRAMES and direct_objects(head):
            return None  # "began a hunger strike to demand ...": a purpose, not "began to demand"
        return head, frame

    def apply_frames(self, found: Found) -> tuple[Found | None, set[int]]:
        consumed: set[int] = set()
        result: Found | None = self.apply_negation(found)
        if result is not None and is_conditional_threat(found.inner, result.code):
            result = self.recode(result, "threat")
        current = found.inner
        for _ in range(MAX_FRAME_DEPTH):
            above = self.frame_above(current)
            if above is None or result is None:
                break
            frame_token, frame = above
            consumed.add(frame_token.i)
            result = self.reframe(result, current, frame_token, frame)
            current = frame_token
        return result, consumed

    def apply_negation(self, found: Found) -> Found | None:
        if not is_negated(found.inner):
            return found
        above = self.frame_above(found.inner)
        intended = above is not None and (above[1].self_frame in INTENT_FRAMES - {"speech"})
        if not (is_future(found.inner) or intended):
            return None
        return self.recode(found, "negated")

    def recode(self, found: Found, frame: str) -> Found | None:
        code = self.lexicon.reframe(frame, found.code)
        if code is None:
            return None
        return replace(found, code=code, steps=(*found.steps, frame))

    def reframe(self, found: Found, embedded: Token, frame_token: Token, frame: FrameVerb) -> Found | None:
        speaker = self.actors_of(subject_tokens(frame_token)) or self.inherited_sources(frame_token)[0]
        same = self.same_actor(found, frame_token, speaker)
        name = frame.self_frame if same else frame.other_frame
        if is_negated(frame_token):
            name = "negated" if name in INTENT_FRAMES - {"speech"} else ""
        if name in ("", "keep"):
            return found if name else None
        accusing = name == "accuse" and frame_token.i < embedded.i
        if accusing and self.lexicon.reframe("accuse", found.code) != found.code:
            return self.accusation(found, frame_token, speaker)
        if name in ("speech", "accuse"):
            return self.recode(found, "intent") if is_future(embedded) else found
        if name in OWNING_FRAMES:
            return self.owned(found, frame_token, name, speaker)
        return self.recode(found, name)

    def same_actor(self, found: Found, frame_token: Token, speaker: list[Actor]) -> bool:
        """Is the embedded event done by the frame's own subject ("vowed to", "said it would")?"""
        if found.source_head == frame_token.i or not speaker:
            return True
        return bool({a.code[:3] for a in speaker} & {a.code[:3] for a in found.sources})

    def accusation(self, found: Found, frame_token: Token, speaker: list[Actor]) -> Found | None:
        code = self.lexicon.reframe("accuse", found.code)
        if code is None or not speaker:
            return found
        steps = (*found.steps, "accuse")
        return replace(
            found, verb=frame_token, code=code, sources=tuple(speaker), targets=found.sources, steps=steps
        )

    def owned(self, found: Found, frame_token: Token, name: str, speaker: list[Actor]) -> Found | None:
        """The frame verb is the event: "asked Obama to help Iran" -> appeal, asker -> Obama."""
        own_pattern = self.own_pattern(frame_token)
        if not speaker or (name == "absorb" and own_pattern is None):
            return None
        code = own_pattern.code if name == "absorb" else self.lexicon.reframe(name, found.code)
        if code is None:
            return None
        targets = tuple(a for a in self.addressee(found, frame_token) if a not in speaker)
        steps = (*found.steps, name)
        return replace(
            found, verb=frame_token, code=code, sources=tuple(speaker), targets=targets, steps=steps
        )

    def addressee(self, found: Found, frame_token: Token) -> list[Actor]:
        if found.own_subject:
            return list(found.sources)
        for obj in direct_objects(frame_token) + prep_objects(frame_token).get("on", []):
            actors = np_actors(obj, self.actors)
            if actors:
                return actors
        return list(found.targets)

    def own_pattern(self, token: Token) -> VerbPattern | None:
        return self.best_pattern(token) if token.pos_ in EVENT_POS else None
