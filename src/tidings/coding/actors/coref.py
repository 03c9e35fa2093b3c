"""Rule-based coreference for actors, in one left-to-right pass over an article.

Resolves "he"/"she"/"his" to the latest person (preferring one who was a subject), "it"/"its" to
the latest country or organisation (preferring the subject of its own sentence), "they"/"them"/"both"
to the latest coordinated or plural actors, "his government"/"its troops" to the possessor's country,
"the minister" to the latest person with that role, "the group" to the latest named group,
"the two countries"/"both sides" to the latest
pair of countries, "the country" to the latest country, and a bare surname to the titled person first
named in full. A resolved mention keeps the referring words' own text and offsets but takes the
antecedent's codes and name.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from ...lang import Words
from ...nlp.syntax import (
    APPOS,
    CLAUSAL_DEPS,
    CONJ,
    DET,
    DETERMINER_DEPS,
    EXPL,
    INNER_MODIFIER_DEPS,
    NSUBJPASS,
    PLURAL_TAGS,
    POS_NOUN,
    POS_PRON,
    POSS,
    PREDICATE_DEPS,
    QUANTIFIER_DEPS,
    SUBJECT_DEPS,
)
from ...records import Actor
from .phrases import PhraseInfo


@dataclass
class History:
    """What has been mentioned so far, most recent last."""

    persons: list[tuple[PhraseInfo, bool]] = field(default_factory=list)  # (phrase, was a subject)
    countries: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # coordinated countries ("Iran and Russia")
    groups: list[tuple[Actor, ...]] = field(default_factory=list)
    names: dict[str, Actor] = field(default_factory=dict)  # surname / full name -> titled actor
    # countries and organisations "it" may refer to: (actor, sentence start token, was a subject)
    bodies: list[tuple[Actor, int, bool]] = field(default_factory=list)
    resolved: dict[int, tuple[Actor, ...]] = field(default_factory=dict)  # token index -> actors so far
    named_groups: list[Actor] = field(default_factory=list)  # named groups ("al-Shabaab"), latest last
    armed: frozenset[str] = frozenset()  # the ontology's armed sectors ("the militants" need such a group)


def resolve_references(
    doc: Doc, phrases: dict[int, PhraseInfo], words: Words, armed: frozenset[str] = frozenset()
) -> dict[int, tuple[Actor, ...]]:
    """Actors per phrase-head token, with references resolved against earlier mentions (`armed`: the
    sectors of fighters, which "the militants" must share with a named group to mean it)."""
    history = History(armed=armed)
    for token in doc:
        actors = refer(token, phrases.get(token.i), history, words)
        if actors:
            history.resolved[token.i] = actors
        remember(token, phrases, actors, history)
    return history.resolved


def refer(token: Token, info: PhraseInfo | None, history: History, words: Words) -> tuple[Actor, ...]:
    lower = token.lower_
    if token.pos_ == POS_PRON and lower in words.person_pronouns:
        return as_mention(token, latest_person(history, token))
    if token.pos_ == POS_PRON and lower in words.thing_pronouns and not is_expletive(token, words):
        return as_mention(token, latest_body(history, token))
    if lower in words.group_pronouns and token.dep_ not in QUANTIFIER_DEPS:
        return tuple(as_mention(token, a)[0] for a in (history.groups[-1] if history.groups else ()))
    if token.pos_ == POS_NOUN and token.lemma_.lower() in words.pair_nouns:
        pair = countries_referred(token, history, words)
        if pair:
            return pair
    if info is None:
        return ()
    if info.refers_back:
        group = latest_group(history, info)
        return as_mention(token, group) if group else ((info.actor,) if is_coded(info.actor) else ())
    if info.actor.sectors and not (info.actor.country or info.actor.igo or info.actor.org):
        info = with_possessor(token, info, history)
    if info.role and not info.actor.country and not info.actor.igo and not info.actor.name:
        return as_mention(token, role_antecedent(token, info, history, words)) or (info.actor,)
    if info.actor.name and not info.actor.country and not info.actor.igo:
        known = history.names.get(info.actor.name.lower())  # a full name matches only the full name
        return as_mention(token, known, span=info.actor) or uncoded_dropped(info.actor)
    return (info.actor, *info.also)


def is_fighting_group(actor: Actor, history: History) -> bool:
    """A named group "the group" may refer to: an armed or transnational one (not a party or the media)."""
    return bool(actor.org) or bool(set(actor.sectors) & history.armed)


def latest_group(history: History, info: PhraseInfo) -> Actor | None:
    """The last named group, for "the group" or "the militants" (an armed noun only for an armed group)."""
    if not history.named_groups:
        return None
    group = history.named_groups[-1]
    armed_noun = bool(info.actor.sectors)  # "the militants" (REB) vs "the group", "the party"
    return group if not armed_noun or group.org or set(group.sectors) & history.armed else None


def is_expletive(token: Token, words: Words) -> bool:
    """ "It seems ...", "it is clear that ...", "it was reported that ...": no referent."""
    if token.dep_ == EXPL:
        return True
    if token.lower_ != "it" or token.dep_ not in SUBJECT_DEPS:
        return False
    head = token.head
    if head.lemma_ in words.expletive_verbs:
        return True
    clauses = [head, *(c for c in head.children if c.dep_ in PREDICATE_DEPS)]
    if any(c.lemma_.lower() in words.disposition_adjectives for c in clauses):
        return False
    clause_child = any(c.dep_ in CLAUSAL_DEPS for t in clauses for c in t.children)
    return clause_child and (head.lemma_ == "be" or token.dep_ == NSUBJPASS)


def latest_body(history: History, token: Token) -> Actor | None:
    """The subject country/organisation of this sentence if any came before, else the latest one."""
    sentence_start = token.sent.start
    for actor, start, was_subject in reversed(history.bodies):
        if start == sentence_start and was_subject:
            return actor
    return history.bodies[-1][0] if history.bodies else None


def with_possessor(token: Token, info: PhraseInfo, history: History) -> PhraseInfo:
    """ "his government", "its troops": the role phrase takes its possessor's country or organisation;
    "their embassies" after "the United States and Britain" names one actor per possessor."""
    for child in token.children:
        owners = history.resolved.get(child.i, ()) if child.dep_ == POSS and child.pos_ == POS_PRON else ()
        owned = [
            replace(info.actor, country=owner.country, igo=owner.igo, org=owner.org)
            for owner in owners
            if owner.country or owner.igo or owner.org
        ]
        if owned:
            return replace(info, actor=owned[0], also=tuple(owned[1:]))
    return info


def uncoded_dropped(actor: Actor) -> tuple[Actor, ...]:
    # A bare name nobody introduced ("David Petraeus") is no actor; a titled one ("President X") is.
    return (actor,) if actor.sectors else ()


def as_mention(token: Token, antecedent: Actor | None, span: Actor | None = None) -> tuple[Actor, ...]:
    """The antecedent's codes on the referring words' own text and offsets."""
    if antecedent is None:
        return ()
    if span is not None:
        return (replace(antecedent, text=span.text, start=span.start, end=span.end),)
    return (replace(antecedent, text=token.text, start=token.idx, end=token.idx + len(token.text)),)


def latest_person(history: History, token: Token) -> Actor | None:
    for info, was_subject in reversed(history.persons):
        if was_subject:
            return info.actor
    return history.persons[-1][0].actor if history.persons else None


def role_antecedent(token: Token, info: PhraseInfo, history: History, words: Words) -> Actor | None:
    """ "the minister" -> the latest person with that role; only with a definite article."""
    if not any(c.dep_ == DET and c.lower_ in words.definite_articles for c in token.children):
        return None
    for earlier, _ in reversed(history.persons):
        if earlier.role == info.role and (earlier.actor.country or earlier.actor.igo):
            return earlier.actor
    return None


def countries_referred(token: Token, history: History, words: Words) -> tuple[Actor, ...]:
    """ "the two countries", "both sides" -> the latest pair; "the country" -> the latest country."""
    before = {c.lower_ for c in token.children if c.dep_ in DETERMINER_DEPS}
    plural = token.tag_ in PLURAL_TAGS
    if plural and before & words.pair_counts:
        return tuple(country_actor(token, code) for code in latest_pair(history))
    definite = bool(before & words.definite_articles)
    if not plural and definite and token.lemma_.lower() in words.country_nouns and len(before) == 1:
        return (country_actor(token, history.countries[-1]),) if history.countries else ()
    return ()


def latest_pair(history: History) -> tuple[str, ...]:
    if history.pairs:
        return history.pairs[-1]
    distinct = list(dict.fromkeys(reversed(history.countries)))
    return tuple(distinct[:2]) if len(distinct) >= 2 else ()


def country_actor(token: Token, code: str) -> Actor:
    phrase = token.doc[min(t.i for t in token.subtree if t.i <= token.i) : token.i + 1]
    start = phrase[0].idx
    return Actor(text=phrase.text, start=start, end=start + len(phrase.text), country=code)


def remember(
    token: Token, phrases: dict[int, PhraseInfo], actors: tuple[Actor, ...], history: History
) -> None:
    """Record this token's resolved actors as antecedents for what follows."""
    info = phrases.get(token.i)
    for actor in actors:
        if actor.country and not actor.sectors and actor.country not in history.countries[-1:]:
            history.countries.append(actor.country)
    if info is None or not actors:
        return
    fighting = len(actors) == 1 and actors[0].group and is_fighting_group(actors[0], history)
    if fighting and not info.refers_back:
        history.named_groups.append(actors[0])
    subject = token.dep_ in SUBJECT_DEPS or (token.dep_ == APPOS and token.head.dep_ in SUBJECT_DEPS)
    if (
        token.dep_ not in INNER_MODIFIER_DEPS
        and info.names_actor  # "the U.S. dollar" names no body "it" may refer to
        and len(actors) == 1
        and not (info.person or info.plural)
        and is_body(actors[0])
    ):
        history.bodies.append((actors[0], token.sent.start, subject))
    if info.person and len(actors) == 1 and is_identified(actors[0]):
        history.persons.append((replace(info, actor=actors[0]), subject))
        remember_name(actors[0], history)
    if actors[0].country and actors[0].sectors and not info.person:
        history.countries.append(actors[0].country)
    remember_groups(token, phrases, actors, info, history)


def is_coded(actor: Actor) -> bool:
    return bool(actor.country or actor.igo or actor.sectors)


def is_body(actor: Actor) -> bool:
    """A country or organisation that "it" can refer to (not a sector-only "the government")."""
    return bool(actor.country or actor.igo or actor.org)


def is_identified(actor: Actor) -> bool:
    """A person "he" can refer to: named, or at least of a known country ("the Russian envoy")."""
    return bool(actor.name or actor.country or actor.igo)


def remember_name(actor: Actor, history: History) -> None:
    if actor.name and (actor.country or actor.igo):
        history.names.setdefault(actor.name.lower(), actor)
        history.names.setdefault(actor.name.split()[-1].lower(), actor)


def remember_groups(
    token: Token,
    phrases: dict[int, PhraseInfo],
    actors: tuple[Actor, ...],
    info: PhraseInfo,
    history: History,
) -> None:
    if token.dep_ == CONJ:
        return  # recorded with the first conjunct
    conjuncts = [
        phrases[c.i].actor
        for c in token.conjuncts
        if c.i > token.i and c.i in phrases and is_coded(phrases[c.i].actor)
    ]
    if conjuncts and is_coded(actors[0]):
        group = (actors[0], *conjuncts)
        history.groups.append(group)
        codes = tuple(dict.fromkeys(a.country for a in group if a.country))
        if len(codes) == 2 and all(not a.sectors for a in group):
            history.pairs.append(codes)
    elif (info.plural or len(actors) > 1) and all(is_coded(a) for a in actors):
        history.groups.append(actors)
