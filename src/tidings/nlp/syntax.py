"""Dependency-parse helpers for the event coder: who is the subject, what are the objects, is it negated.

These read only the spaCy parse (dependency labels of en_core_web_sm, ClearNLP style) and the
`ArticleActors` of the article; the lexicon decides what the words mean.
"""

from __future__ import annotations

from collections.abc import Container, Iterable

from spacy.tokens import Token

from .actors import ArticleActors
from .records import Actor

SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
PREP_DEPS = frozenset({"prep", "agent", "dative"})
MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod", "appos"})
# "calls by Belarus's rulers", "an offer from Kabul", "sanctions against Iran": who a phrase is about
MODIFIER_PREPS = frozenset({"of", "from", "in", "to", "against", "on", "toward", "towards", "over", "by"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Subordinators of a condition: "... unless Israel rescinds", "... if the United States deploys".
CONDITION_MARKS = frozenset({"if", "unless"})
# Subordinators of a clause that sets the scene for the main event: "... as the opposition threatened".
CIRCUMSTANCE_MARKS = frozenset(
    {"as", "after", "before", "while", "when", "since", "because", "although", "though", "whereas", "until"}
)
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "wo"})
# "by no means", "in no way": a preposition whose object carries "no" negates the verb.
NEGATING_POBJS = frozenset({"means", "way", "account", "circumstance"})
# Clause links through which a verb without a subject of its own takes its head's subject.
SUBJECT_SHARING_DEPS = frozenset({"conj", "xcomp", "advcl", "ccomp", "pcomp", "acomp"})


def lemma(token: Token) -> str:
    return token.lemma_.lower()


def with_conjuncts(token: Token) -> list[Token]:
    """The token and the tokens coordinated with it ("Iran and Russia" -> [Iran, Russia]).

    A list the parser split into an apposition ("The US, Russia, and Switzerland") counts too."""
    listed = [token, *(c for c in token.conjuncts if c.i != token.i)]
    for appos in children_with(token, ("appos",)):
        if appos.conjuncts:
            listed += [appos, *(c for c in appos.conjuncts if c.i != appos.i)]
    return listed


def is_passive(verb: Token) -> bool:
    return any(child.dep_ in PASSIVE_SUBJECT_DEPS or child.dep_ == "auxpass" for child in verb.children)


def children_with(token: Token, deps: Iterable[str]) -> list[Token]:
    wanted = set(deps)
    return [child for child in token.children if child.dep_ in wanted]


def prep_objects(token: Token) -> dict[str, list[Token]]:
    """Preposition lemma -> its objects (with their conjuncts), for prepositions attached to `token`."""
    found: dict[str, list[Token]] = {}
    for prep in children_with(token, PREP_DEPS):
        objects = [obj for pobj in children_with(prep, ("pobj", "pcomp")) for obj in with_conjuncts(pobj)]
        found.setdefault(lemma(prep), []).extend(objects)
    return found


def direct_objects(verb: Token) -> list[Token]:
    """Direct objects of an active verb, or the subject of a passive one ("X was attacked")."""
    deps = PASSIVE_SUBJECT_DEPS if is_passive(verb) else ("dobj", "obj", "attr")
    return [obj for head in children_with(verb, deps) for obj in with_conjuncts(head)]


def object_keys(nouns: Iterable[Token]) -> set[str]:
    """Lemmas of the nouns, plus "modifier_head" keys ("air_strike", "hunger_strike", "martial_law")."""
    nouns = list(nouns)
    return {key for noun in nouns for key in (lemma(noun), noun.lower_)} | modifier_keys(nouns)


def modifier_keys(nouns: Iterable[Token]) -> set[str]:
    """Only the "modifier_head" keys: a pattern matched on one is more specific than a head-noun match."""
    return {
        f"{lemma(child)}_{lemma(noun)}"
        for noun in nouns
        for child in children_with(noun, ("compound", "amod", "nmod"))
    }


def through_quantities(nouns: Iterable[Token], quantities: Container[str]) -> list[Token]:
    """The nouns, plus what a measure or container noun is of: "25,000 tons of food aid" -> aid,
    "a series of bombings" -> bombings, "$5m of aid" -> aid."""
    found: list[Token] = []
    for noun in nouns:
        found.append(noun)
        if lemma(noun) in quantities or noun.lower_ in quantities:
            found += prep_objects(noun).get("of", [])
    return found


def particles(verb: Token) -> set[str]:
    return {lemma(child) for child in children_with(verb, ("prt",))}


def is_negated(token: Token) -> bool:
    """Marked "not"/"never"/"no" on the token itself, or "by no means"."""
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ in ("advmod", "det") and lemma(child) in ("never", "no")):
            return True
        if child.dep_ == "prep" and any(_negating_object(obj) for obj in children_with(child, ("pobj",))):
            return True
    return False


def _negating_object(obj: Token) -> bool:
    return lemma(obj) in NEGATING_POBJS and any(lemma(det) == "no" for det in children_with(obj, ("det",)))


def is_future(verb: Token) -> bool:
    """Future or conditional: "will continue", "would free", "is going to visit"."""
    for child in children_with(verb, ("aux",)):
        if lemma(child) in FUTURE_AUX or child.lower_ in FUTURE_AUX:
            return True
    return verb.dep_ == "xcomp" and lemma(verb.head) == "go" and verb.head.tag_ == "VBG"


def subject_tokens(verb: Token) -> list[Token]:
    """The verb's own subject: the agent of a passive verb, the nsubj of an active one."""
    if is_passive(verb):
        agents = [obj for agent in children_with(verb, ("agent",)) for obj in children_with(agent, ("pobj",))]
        return [tok for agent in agents for tok in with_conjuncts(agent)]
    subjects = children_with(verb, SUBJECT_DEPS)
    if verb.dep_ == "relcl" and subjects and lemma(subjects[0]) in RELATIVE_PRONOUNS:
        return with_conjuncts(verb.head)
    return [tok for subject in subjects for tok in with_conjuncts(subject) if subject.dep_ != "expl"]


def hidden_agent(verb: Token, event_nouns: Container[str]) -> list[Token]:
    """A passive verb's agent hidden in a prepositional phrase naming an event: "killed in an air strike
    by government forces", "killed in Israeli tank shelling", "fired from the Gaza Strip" -- but not
    a place it happened in ("declared in the one-time French colony")."""
    for prep, objects in prep_objects(verb).items():
        for noun in objects:
            if prep != "from" and not names_event(noun, event_nouns):
                continue
            by_objects = prep_objects(noun).get("by", [])
            if by_objects:
                return by_objects
            if children_with(noun, ("amod", "compound")):
                return [noun]
    return []


def names_event(noun: Token, event_nouns: Container[str]) -> bool:
    """The noun names an event, or is the modifier the parser split from one ("tank | shelling")."""
    words = [noun] + ([noun.nbor(1)] if noun.i + 1 < len(noun.doc) else [])
    return any(lemma(word) in event_nouns or word.lower_ in event_nouns for word in words)


def clause_head(verb: Token, frame_nouns: Container[str] = ()) -> Token | None:
    """The verb whose subject a subject-less verb shares ("vowed to continue", "met X and signed");
    through a noun only when it is a frame noun ("has no plans to visit")."""
    head = verb.head
    if head.i == verb.i:
        return None
    if verb.dep_ in SUBJECT_SHARING_DEPS and head.pos_ not in ("NOUN", "PROPN"):
        return head
    nominal = verb.dep_ in SUBJECT_SHARING_DEPS or verb.dep_ == "acl"
    if nominal and head.pos_ == "NOUN" and lemma(head) in frame_nouns and head.dep_ in ("dobj", "attr"):
        return head.head
    return None


def controller(verb: Token) -> list[Token]:
    """Who does what an embedded verb says: the subject, or the passive subject ("Obama is scheduled
    to attend", "Obama was pressured to help")."""
    subjects = children_with(verb, SUBJECT_DEPS - {"expl"}) or children_with(verb, PASSIVE_SUBJECT_DEPS)
    return [tok for subject in subjects for tok in with_conjuncts(subject)]


def np_actors(token: Token, actors: ArticleActors) -> list[Actor]:
    """Actors of the noun phrase headed by `token` and of the phrases coordinated with it."""
    found: list[Actor] = []
    for head in with_conjuncts(token):
        found.extend(actors.actors_for(head) or modifier_actors(head, actors))
    if not found:
        # A name the parser took for a preposition ("Barack" ADP -> pobj "Obama").
        for pobj in children_with(token, ("pobj",)):
            found.extend(np_actors(pobj, actors))
    return unique_actors(found)


def modifier_actors(head: Token, actors: ArticleActors, depth: int = 2) -> tuple[Actor, ...]:
    """Actors named inside a phrase whose head is no actor: "US sanctions", "a part of Syria's city"."""
    if depth == 0:
        return ()
    for child in sorted(head.children, key=lambda child: lemma(child) != "by"):  # "attack on X by Y": Y
        for inner in _modifier_heads(child):
            found = actors.actors_for(inner) or modifier_actors(inner, actors, depth - 1)
            if found:
                return found
    return ()


def _modifier_heads(child: Token) -> list[Token]:
    if child.dep_ in MODIFIER_DEPS:
        return [child]
    if child.dep_ == "acl":  # "crimes committed by Croat forces": the participle's agent
        return [obj for agent in children_with(child, ("agent",)) for obj in children_with(agent, ("pobj",))]
    if child.dep_ == "prep" and lemma(child) in MODIFIER_PREPS:
        return children_with(child, ("pobj",))
    return []


def unique_actors(found: Iterable[Actor]) -> list[Actor]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for actor in found:
        key = (actor.start, actor.end, actor.code)
        if key not in seen:
            seen.add(key)
            out.append(actor)
    return out


def clause_of(token: Token) -> Token:
    """The verb heading the clause the token is in."""
    current = token.head
    while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
        current = current.head
    return current


def conditions(verb: Token) -> list[Token]:
    """Conditional clauses on the verb: "if X goes ahead", "unless X agrees"."""
    return [
        clause
        for clause in children_with(verb, ("advcl",))
        if any(lemma(mark) in CONDITION_MARKS for mark in children_with(clause, ("mark",)))
    ]


def place_clause(token: Token) -> Token:
    """The clause a place belongs to, seen through participles on nouns: in "an attack targeting
    non-Muslims at a mall in Kenya's capital" the place is part of the attack's clause."""
    clause = clause_of(token)
    while clause.dep_ == "acl" and clause.head.i != clause.i:
        clause = clause_of(clause)
    return clause


def first_conjunct(verb: Token) -> Token:
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb


def is_unasserted(verb: Token) -> bool:
    """A condition ("... unless Baghdad accepted"), a reason given as a gerund ("jailed a student for
    helping militants") or the content of a noun ("demanded an admission that its forces murdered ..."):
    the sentence does not report it as done."""
    if verb in conditions(verb.head):
        return True
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and lemma(verb.head) == "for":
        return True
    return is_content_clause(verb)


def is_content_clause(verb: Token) -> bool:
    """ "an admission that forces murdered", "reports that rebels attacked": a that-clause on a noun."""
    if verb.dep_ not in ("acl", "ccomp") or verb.head.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(lemma(mark) in ("that", "whether") for mark in children_with(verb, ("mark",)))


def circumstance_clause(verb: Token) -> Token | None:
    """The nearest adverbial clause above the verb that gives a circumstance of another event: a time
    or reason ("resigned as the opposition threatened to storm ...") or the verb itself as a participle
    without a subject ("bombarded the city, killing eight"); what a participle reports ("vowing that
    Moscow will continue ties") is an event of its own."""
    current = verb
    while current.head.i != current.i:
        if current.dep_ == "advcl" and is_circumstance(current, own=current == first_conjunct(verb)):
            return current
        current = current.head
    return None


def is_circumstance(clause: Token, own: bool) -> bool:
    """A time/reason clause, or (for the verb's `own` clause) a participle without a subject."""
    return is_marked_circumstance(clause) or (own and is_bare_participle(clause))


def is_marked_circumstance(clause: Token) -> bool:
    return any(lemma(mark) in CIRCUMSTANCE_MARKS for mark in children_with(clause, ("mark",)))


def is_bare_participle(clause: Token) -> bool:
    return clause.tag_ == "VBG" and not children_with(clause, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)


# Prepositions that name the other party of an event noun: "visit to Y", "talks with Y", "attack on Y".
NOMINAL_TARGET_PREPS = ("to", "with", "on", "against", "between")


def nominal_owners(noun: Token) -> list[Token]:
    """Who does what an event noun names: "the attack by Y", "Obama's visit", "Iran-Russia talks"."""
    by = prep_objects(noun).get("by", [])
    if by:
        return by
    owners = children_with(noun, ("poss",))
    return owners or [child for child in children_with(noun, ("compound", "amod")) if child.pos_ != "NOUN"]


def nominal_parties(noun: Token, prep: str) -> list[Token]:
    """The other party of an event noun, the pattern's preposition first."""
    objects = prep_objects(noun)
    return [obj for name in (prep, *NOMINAL_TARGET_PREPS) if name for obj in objects.get(name, [])]


def verb_bases(verb: Token) -> list[str]:
    """The verb's lemma, then base forms guessed from its spelling for when the lemmatizer slips
    ("staged" -> "stag")."""
    text = verb.lower_
    bases = [lemma(verb)]
    for suffix, endings in (("ed", ("e", "", "_")), ("ing", ("e", "", "_")), ("es", ("", "e")), ("s", ("",))):
        if text.endswith(suffix) and len(text) > len(suffix) + 2:
            stem = text[: -len(suffix)]
            bases += [stem[:-1] if end == "_" else stem + end for end in endings]
    return list(dict.fromkeys(bases))


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
