"""The parse, read once: every dependency label, part of speech, tag and entity type the coders test, and
every tree walk they share (subjects, objects, passive, negation, future, conditions, governing verb).

The labels are those of spaCy's English pipelines (ClearNLP dependencies, Penn Treebank tags, OntoNotes
entities). No other module writes a label as a string: they use the names below, so another label
scheme changes this module only. Walks that depend on words ("will", "unless", "by no means") are the
methods of `Grammar`, built from a language's word lists; the others are plain functions.
"""

from __future__ import annotations

from collections.abc import Container, Iterable

from spacy.tokens import Span, Token

from ..lang import Words
from .parse import children_of

# ---------------------------------------------------------------- dependency labels

NSUBJ, NSUBJPASS, CSUBJ, CSUBJPASS, EXPL = "nsubj", "nsubjpass", "csubj", "csubjpass", "expl"
DOBJ, OBJ, ATTR, DATIVE, OPRD = "dobj", "obj", "attr", "dative", "oprd"
PREP, POBJ, PCOMP, AGENT = "prep", "pobj", "pcomp", "agent"
AUX, AUXPASS, NEG, ADVMOD, PRT, MARK = "aux", "auxpass", "neg", "advmod", "prt", "mark"
DET, PREDET, PRECONJ, NUMMOD, CASE, PUNCT = "det", "predet", "preconj", "nummod", "case", "punct"
AMOD, COMPOUND, NMOD, APPOS, POSS, FLAT, NPADVMOD = (
    "amod",
    "compound",
    "nmod",
    "appos",
    "poss",
    "flat",
    "npadvmod",
)
ACL, RELCL, ADVCL, XCOMP, CCOMP, ACOMP, CONJ = "acl", "relcl", "advcl", "xcomp", "ccomp", "acomp", "conj"
PARATAXIS = "parataxis"
# "The economy, he said, is strong" / "..., analysts say.": a speech verb the parser hangs from its content
PARENTHETICAL_DEPS = frozenset({PARATAXIS, CCOMP, ADVCL})

# One family of subject labels: active, passive, all; the expletive "it"/"there" counts where said.
ACTIVE_SUBJECT_DEPS = frozenset({NSUBJ, CSUBJ})
PASSIVE_SUBJECT_DEPS = frozenset({NSUBJPASS, CSUBJPASS})
SUBJECT_DEPS = ACTIVE_SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS
ACTIVE_OR_EXPLETIVE_DEPS = ACTIVE_SUBJECT_DEPS | {EXPL}
SUBJECT_OR_EXPLETIVE_DEPS = SUBJECT_DEPS | {EXPL}
NOMINAL_SUBJECT_DEPS = frozenset({NSUBJ, NSUBJPASS})
OBJECT_DEPS = frozenset({DOBJ, OBJ, ATTR})
PREP_DEPS = frozenset({PREP, AGENT, DATIVE})
# Modifiers that name whom a phrase is about or belongs to ("US sanctions", "Iran's nuclear deal").
MODIFIER_DEPS = frozenset({POSS, COMPOUND, AMOD, NMOD, APPOS})
# Modifiers inside a noun phrase's own words, which give no antecedent of "it" ("Palestinian prisoners").
INNER_MODIFIER_DEPS = frozenset({AMOD, COMPOUND, NMOD})
# Dependents that belong to a noun phrase's own words ("Russian Ambassador", "Foreign Minister Zarif").
OWN_DEPS = frozenset({COMPOUND, AMOD, NMOD, FLAT, NUMMOD, DET, PUNCT, CASE, NPADVMOD})
# Words a phrase may start with that are no part of a name ("the", ",", "'s").
EDGE_DEPS = frozenset({DET, PUNCT, CASE})
# Determiners and counts before a noun ("the two countries", "both sides").
DETERMINER_DEPS = frozenset({DET, NUMMOD, PREDET, AMOD})
QUANTIFIER_DEPS = frozenset({DET, PREDET, PRECONJ})
# Relations in which a verb is used as a noun or adjective ("in tank shelling", "government-held").
NOMINAL_DEPS = frozenset({POBJ, NSUBJ, NSUBJPASS, DOBJ, COMPOUND, AMOD, POSS})
# Roles in which a place name stands for an actor ("Moscow said", "talks with Beijing").
ACTOR_ROLE_DEPS = frozenset({NSUBJ, NSUBJPASS, DOBJ, POBJ, POSS})
# Clause links through which a verb without a subject of its own takes its head's subject.
SUBJECT_SHARING_DEPS = frozenset({CONJ, XCOMP, ADVCL, CCOMP, PCOMP, ACOMP})
# Clauses a frame word embeds ("vowed to visit", "said that ...", "a plan to visit").
EMBEDDED_CLAUSE_DEPS = frozenset({XCOMP, CCOMP, ACL, ADVCL})
COMPLEMENT_DEPS = frozenset({XCOMP, CCOMP})
PREDICATE_DEPS = frozenset({ACOMP, ATTR})  # "it is clear that", "it is willing to"
CLAUSAL_DEPS = frozenset({CCOMP, XCOMP, CSUBJ})
EVALUATION_DEPS = frozenset({OPRD, ACOMP, XCOMP, CCOMP})  # "called X illegal", "described X as ..."
ADJECTIVE_DEPS = frozenset({AMOD, ACOMP})
AS_COMPLEMENT_DEPS = frozenset({AMOD, ACOMP, POBJ, ADVMOD})
NOUN_MODIFIER_DEPS = frozenset({NUMMOD, COMPOUND, AMOD, NMOD, POSS})  # "the 2015 nuclear deal"
ATTRIBUTIVE_DEPS = frozenset({AMOD, COMPOUND})  # "a speech verb used as an adjective"
OWNER_DEPS = frozenset({COMPOUND, POSS})  # "a ministry spokesman", "his spokesman"
NOMINAL_OWNER_DEPS = frozenset({COMPOUND, AMOD})  # "Iran-Russia talks"
SPEAKER_SHARING_DEPS = frozenset({ADVCL, CONJ, XCOMP})  # "..., adding that": the head's speaker
PLACE_LINK_DEPS = frozenset({APPOS, COMPOUND, CONJ})  # "the town of X, a city", "X and Y"
PARTICIPLE_TARGET_DEPS = frozenset({PREP, AGENT})
TIME_DEPS = frozenset({NPADVMOD, ADVMOD, PREP})  # "leaves tomorrow", "meets next week", "in the coming days"

# ---------------------------------------------------------------- parts of speech, tags, entities

POS_NOUN, POS_PROPN, POS_PRON, POS_ADJ, POS_NUM = "NOUN", "PROPN", "PRON", "ADJ", "NUM"
POS_CCONJ = "CCONJ"  # "and", "or": joins the members of a list
POS_DET, POS_VERB, POS_AUX, POS_PUNCT, POS_SPACE = "DET", "VERB", "AUX", "PUNCT", "SPACE"
POS_ADV = "ADV"
VERB_POS = frozenset({POS_VERB, POS_AUX})
EVENT_POS = frozenset({POS_VERB})
NOUN_POS = frozenset({POS_NOUN, POS_PROPN})
NOMINAL_POS = frozenset({POS_NOUN, POS_PROPN, POS_PRON, POS_ADJ, POS_NUM, POS_DET})
NON_WORD_POS = frozenset({POS_DET, POS_PUNCT, POS_SPACE})

TAG_PARTICIPLE, TAG_GERUND, TAG_TO, TAG_PAST, TAG_BASE = "VBN", "VBG", "TO", "VBD", "VB"
TAG_RELATIVE = "WDT"  # "which", "that" heading a relative clause
WH_TAGS = frozenset({"WRB", "WP", TAG_RELATIVE, "WP$"})  # "why", "who", "which", "whose": a question word
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
TAG_PRESENT_PLURAL = "VBP"
PRESENT_TAGS = frozenset({"VBZ", TAG_PRESENT_PLURAL})

ENT_PERSON, ENT_ORG, ENT_DATE = "PERSON", "ORG", "DATE"
ENT_GPE, ENT_LOC, ENT_FAC = "GPE", "LOC", "FAC"
ENT_NORP = "NORP"  # nationalities, religious and political groups: "Kenyan", "Sunni"
PLACE_ENTITIES = frozenset({ENT_GPE, ENT_LOC, ENT_FAC})
REGION_ENTITIES = frozenset({ENT_GPE, ENT_LOC})  # countries, cities and regions, not buildings
# Entity types that rule out a bare proper noun being a person's name (NER often calls names NORP).
NOT_PERSON_ENTITIES = frozenset(
    {ENT_GPE, ENT_LOC, ENT_FAC, ENT_DATE, "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT"}
)
# Entity types that are never places, whatever a gazetteer holds ("On 11 March" is no English town).
NEVER_PLACE_ENTITIES = frozenset({ENT_DATE, "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"})
# Entity types that are no names at all: a capitalised word inside one is no place ("in March 2008").
NOT_NAME_ENTITIES = frozenset(
    {ENT_DATE, "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY", "LANGUAGE"}
)
# Entity types that say when: "commented on Tuesday" names no topic.
TIME_ENTITIES = frozenset({ENT_DATE, "TIME"})
# Arguments whose "no" negates their verb ("no troops were injured", "put no pressure on").
NEGATABLE_ARGUMENT_DEPS = frozenset({NSUBJ, NSUBJPASS, DOBJ})
# Entity types of names that may hold a verb ("Capitol Hill Occupied Protest", "Gone with the Wind").
TITLE_ENTITIES = frozenset({"ORG", "FAC", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"})
IOB_INSIDE, IOB_BEGIN = "I", "B"


# ---------------------------------------------------------------- plain walks


def lemma(token: Token) -> str:
    return token.lemma_.lower()


def is_plural(token: Token) -> bool:
    return token.tag_ in PLURAL_TAGS


def children_with(token: Token, deps: Iterable[str]) -> list[Token]:
    wanted = set(deps)
    return [child for child in children_of(token) if child.dep_ in wanted]


def with_conjuncts(token: Token) -> list[Token]:
    """The token and the tokens coordinated with it ("Iran and Russia" -> [Iran, Russia]).

    A list the parser split into an apposition ("The US, Russia, and Switzerland") counts too."""
    listed = [token, *(c for c in token.conjuncts if c.i != token.i)]
    for appos in children_with(token, (APPOS,)):
        if appos.conjuncts:
            listed += [appos, *(c for c in appos.conjuncts if c.i != appos.i)]
    return listed


def is_past(verb: Token) -> bool:
    """Simple past, or a past auxiliary ("attacked", "was isolated", "had fled"); not the present perfect."""
    return verb.tag_ == TAG_PAST or any(aux.tag_ == TAG_PAST for aux in children_with(verb, (AUX, AUXPASS)))


def is_progressive(verb: Token) -> bool:
    """ "was endorsing", "are fighting": a gerund with its auxiliary."""
    return verb.tag_ == TAG_GERUND and bool(children_with(verb, (AUX,)))


def is_present_simple(verb: Token) -> bool:
    """ "takes effect", "opens", "is": a present-tense verb with no auxiliary."""
    return verb.tag_ in PRESENT_TAGS and not children_with(verb, (AUX, AUXPASS))


def is_passive(verb: Token) -> bool:
    return any(child.dep_ in PASSIVE_SUBJECT_DEPS or child.dep_ == AUXPASS for child in children_of(verb))


def relative_antecedent(pronoun: Token) -> Token | None:
    """The noun a relative "which" or "that" stands for: "a state of emergency, which he said would allow
    him to act" -> "state" (the head of the relative clause the pronoun is in)."""
    if pronoun.tag_ != TAG_RELATIVE:
        return None
    for ancestor in pronoun.ancestors:
        if ancestor.dep_ == RELCL:
            return ancestor.head
    return None


def is_result_participle(verb: Token) -> bool:
    """ "closed the border, allowing troops to regroup": a present participle after the verb it hangs
    from (with no mark of its own) tells what that act brought about."""
    if verb.tag_ != TAG_GERUND or verb.dep_ != ADVCL or verb.head.i > verb.i:
        return False
    return not children_with(verb, (MARK, NSUBJ))


def is_adjectival_participle(verb: Token) -> bool:
    """ "Italy is opposed to the plan", "was strongly opposed to him": a past participle that is the
    predicate of "be" (parsed as its complement, or as a passive with an active subject and no agent)
    describes its subject's state, not an act. Said for its subject ("Israel is opposed to French
    mediation, an aide said"), it is a stated position and stays."""
    if verb.tag_ != TAG_PARTICIPLE or (verb.head if verb.dep_ == ACOMP else verb).dep_ == CCOMP:
        return False
    if verb.dep_ == ACOMP:
        return verb.head.pos_ == POS_AUX
    auxiliaries = children_with(verb, (AUXPASS,))
    subjects = [s for head in [verb, *auxiliaries] for s in children_with(head, (NSUBJ,))]
    return bool(auxiliaries and subjects) and not children_with(verb, (AGENT, NSUBJPASS))


def prep_objects(token: Token) -> dict[str, list[Token]]:
    """Preposition lemma -> its objects (with their conjuncts), for prepositions attached to `token`."""
    found: dict[str, list[Token]] = {}
    for prep in children_with(token, PREP_DEPS):
        objects = [obj for pobj in children_with(prep, (POBJ, PCOMP)) for obj in with_conjuncts(pobj)]
        found.setdefault(lemma(prep), []).extend(objects)
    return found


def preposition_objects(token: Token, preps: Container[str]) -> list[Token]:
    """Objects of the token's prepositions written as one of `preps` ("in", "at"), without conjuncts."""
    return [
        obj
        for prep in children_of(token)
        if prep.dep_ == PREP and prep.lower_ in preps
        for obj in children_of(prep)
        if obj.dep_ == POBJ
    ]


def listed_with(token: Token) -> list[Token]:
    """The names a name is listed or qualified with: its conjuncts ("Pennsylvania, Georgia and Iowa")
    and its appositive partners ("Atlanta, Georgia")."""
    partners = list(token.conjuncts) + [c for c in children_of(token) if c.dep_ == APPOS]
    if token.dep_ == APPOS and token.head.i != token.i:
        partners.append(token.head)
    return partners


def name_span(token: Token) -> Span:
    """The proper-noun run a name's head closes ("New York" for "York")."""
    start = token.i
    while start > 0 and token.doc[start - 1].pos_ == POS_PROPN and token.doc[start - 1].head.i == token.i:
        start -= 1
    return token.doc[start : token.i + 1]


def pobjects(prep: Token) -> list[Token]:
    return children_with(prep, (POBJ,))


def agent_objects(verb: Token) -> list[Token]:
    """The objects of a passive verb's "by" phrase."""
    return [obj for agent in children_with(verb, (AGENT,)) for obj in pobjects(agent)]


def doers_and_circumstances(verb: Token) -> list[Token]:
    """What may have done the act or what it happened in: an active verb's subjects, a passive verb's
    "by" objects, the objects of the verb's own prepositions and the subjects of its adverbial clauses
    ("a fire killed", "killed by lions", "injured in the fire", "died when the fire spread")."""
    subjects = [] if is_passive(verb) else children_with(verb, ACTIVE_SUBJECT_DEPS)
    clauses = children_with(verb, (ADVCL,))
    circumstances = [sub for clause in clauses for sub in children_with(clause, SUBJECT_DEPS)]
    preps = [obj for objects in prep_objects(verb).values() for obj in objects]
    return [*subjects, *preps, *circumstances]


def inner_modifiers(noun: Token) -> list[Token]:
    """Words that narrow a noun inside its phrase ("artillery fire", "Israeli fire")."""
    return children_with(noun, INNER_MODIFIER_DEPS)


def direct_objects(verb: Token) -> list[Token]:
    """Direct objects of an active verb, or the subject of a passive one ("X was attacked")."""
    deps = PASSIVE_SUBJECT_DEPS if is_passive(verb) else OBJECT_DEPS
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
        for child in children_with(noun, INNER_MODIFIER_DEPS)
    }


def not_dates(nouns: Iterable[Token]) -> list[Token]:
    """The nouns that name no date: "through March and April" holds no march ("the Aurat March",
    a name made with another word, is one, whatever the tagger says)."""
    return [noun for noun in nouns if noun.ent_type_ != ENT_DATE or children_with(noun, (COMPOUND,))]


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
    return {lemma(child) for child in children_with(verb, (PRT,))}


def adjective_complements(verb: Token) -> list[Token]:
    """Adjectives completing the verb itself ("pleaded guilty", "pled not guilty"): a row may name them
    as it names objects."""
    return [child for child in children_with(verb, (ACOMP, OPRD)) if child.pos_ == POS_ADJ]


def rates_its_object(verb: Token) -> bool:
    """The verb puts a predicate on its object, a small clause that names or rates it ("called the
    probe a witch hunt", "calling it an aggression", "considered it unwise", "considers the pact as
    void"): an opinion of the thing, no act done to it."""
    for child in children_of(verb):
        if child.dep_ == OPRD and (child.pos_ != POS_ADJ or children_with(verb, (DOBJ,))):
            return True
        small_clause = child.dep_ in COMPLEMENT_DEPS and child.pos_ in (POS_ADJ, POS_NOUN)
        if small_clause and children_with(child, SUBJECT_DEPS):
            return True
    return False


def noun_complements(verb: Token) -> list[Token]:
    """Nouns the parser attached as the verb's complement clause ("declared martial law")."""
    return [child for child in children_of(verb) if child.dep_ == XCOMP and child.pos_ == POS_NOUN]


def clause_head(verb: Token, frame_nouns: Container[str] = ()) -> Token | None:
    """The verb whose subject a subject-less verb shares ("vowed to continue", "met X and signed");
    through a noun only when it is a frame noun ("has no plans to visit")."""
    head = verb.head
    if head.i == verb.i:
        return None
    if verb.dep_ in SUBJECT_SHARING_DEPS and head.pos_ not in NOUN_POS:
        return head
    nominal = verb.dep_ in SUBJECT_SHARING_DEPS or verb.dep_ == ACL
    if nominal and head.pos_ == POS_NOUN and lemma(head) in frame_nouns and head.dep_ in (DOBJ, ATTR):
        return head.head
    return None


def controller(verb: Token) -> list[Token]:
    """Who does what an embedded verb says: the subject, or the passive subject ("Obama is scheduled
    to attend", "Obama was pressured to help")."""
    subjects = children_with(verb, ACTIVE_SUBJECT_DEPS) or children_with(verb, PASSIVE_SUBJECT_DEPS)
    return [tok for subject in subjects for tok in with_conjuncts(subject)]


def clause_of(token: Token) -> Token:
    """The verb heading the clause the token is in."""
    current = token.head
    while current.pos_ not in VERB_POS and current.head.i != current.i:
        current = current.head
    return current


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above the token in the parse (the token itself when it is one)."""
    current = token
    while current.pos_ not in VERB_POS:
        if current.head.i == current.i:
            return None
        current = current.head
    return current


def place_clause(token: Token) -> Token:
    """The clause a place belongs to, seen through participles on nouns: in "an attack targeting
    non-Muslims at a mall in Kenya's capital" the place is part of the attack's clause."""
    clause = clause_of(token)
    while clause.dep_ == ACL and clause.head.i != clause.i:
        clause = clause_of(clause)
    return clause


def first_conjunct(verb: Token) -> Token:
    while verb.dep_ == CONJ and verb.head.i != verb.i:
        verb = verb.head
    return verb


def is_purpose(verb: Token) -> bool:
    """An infinitive adverbial clause: "... to mark 515 years", "... to help Iran"."""
    return verb.dep_ == ADVCL and any(child.tag_ == TAG_TO for child in children_of(verb))


def in_attribution(token: Token, speech_verbs: Container[str]) -> bool:
    """Whether the token tells who reports the sentence rather than what happened: it lies in the subject
    of a verb of saying ("..., relief officials in Nairobi said") or in an "according to" phrase."""
    child = token
    for head in token.ancestors:
        if lemma(head) in speech_verbs and (child.dep_ in SUBJECT_DEPS or head.dep_ == PREP):
            return True
        child = head
    return False


def is_copular(verb: Token) -> bool:
    """ "they should not be mandatory": the clause's head is "be" itself, which states and does nothing
    ("the US must be ready to mediate" still asks for an act)."""
    return verb.pos_ == POS_AUX and not any(tok.dep_ == XCOMP for tok in verb.subtree)


def names_person(tokens: Iterable[Token]) -> bool:
    """Whether the words name a person ("Drudge", "Donald Trump")."""
    return any(tok.ent_type_ == ENT_PERSON for tok in tokens)


def in_title(token: Token) -> bool:
    """A capitalised word inside the name of an organisation, a work or an event ("Capitol Hill Occupied
    Protest"), not at the start of its sentence."""
    return token.is_title and token.i != token.sent.start and token.ent_type_ in TITLE_ENTITIES


def is_bare_participle(clause: Token) -> bool:
    return clause.tag_ == TAG_GERUND and not children_with(clause, SUBJECT_OR_EXPLETIVE_DEPS)


def names_event(noun: Token, event_nouns: Container[str]) -> bool:
    """The noun names an event, or is the modifier the parser split from one ("tank | shelling")."""
    words = [noun] + ([noun.nbor(1)] if noun.i + 1 < len(noun.doc) else [])
    return any(lemma(word) in event_nouns or word.lower_ in event_nouns for word in words)


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
            if children_with(noun, ATTRIBUTIVE_DEPS):
                return [noun]
    return []


def nominal_owners(noun: Token) -> list[Token]:
    """Who does what an event noun names: "the attack by Y", "Obama's visit", "Iran-Russia talks",
    "a strike called by Y"."""
    by = prep_objects(noun).get("by", []) or participle_agents(noun)
    if by:
        return by
    owners = children_with(noun, (POSS,))
    return owners or [child for child in children_with(noun, NOMINAL_OWNER_DEPS) if child.pos_ != POS_NOUN]


def participle_agents(noun: Token) -> list[Token]:
    """The agent of a participle on a noun: "an IED planted by Al Shabaab", "a strike called by the
    unions"."""
    return [obj for clause in children_with(noun, (ACL,)) for obj in agent_objects(clause)]


def governor_parties(noun: Token, preps: Iterable[str]) -> list[Token]:
    """The parties of an event noun that the verb it is the subject of names: "clashes erupted between
    X and Y"."""
    if noun.dep_ not in NOMINAL_SUBJECT_DEPS or noun.head.i == noun.i:
        return []
    objects = prep_objects(noun.head)
    return [obj for prep in preps for obj in objects.get(prep, [])]


def entity_span(token: Token) -> Span | None:
    """The named entity the token is part of, if any: the entity's own tokens are read from the
    token's IOB tags (`doc.ents` rebuilds every entity of the doc on each access, which made long
    articles quadratic)."""
    if not token.ent_type:
        return None
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I" and doc[start - 1].ent_type == token.ent_type:
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].ent_type == token.ent_type:
        end += 1
    return Span(doc, start, end, label=token.ent_type)


# ---------------------------------------------------------------- walks that read words

# How far up completing and coordinated verbs a modal is looked for ("would prefer to try to agree").
MAX_MODAL_DEPTH = 4


class Grammar:
    """The walks that depend on words of the language ("will", "unless", "by no means")."""

    def __init__(self, words: Words) -> None:
        self.words = words

    def is_future(self, token: Token) -> bool:
        """Future, conditional or planned: "will continue", "would free", "is going to visit", "plans to
        strike", "is to vote", "is scheduled for February", "are due in 2025"; a complement or a conjunct
        shares the tense of its head ("will try to visit", "will meet and sign"); an event noun lies ahead
        when it is what someone is invited to ("has invited X to talks on Thursday").
        The one test of tense, for the event coder (intent) and the dater (next Tuesday, not last)."""
        heads = [token, token.head] if token.dep_ in (XCOMP, CONJ) else [token]
        future = self.words.future_aux
        for head in heads:
            for child in children_with(head, (AUX,)):
                if child.lower_ in future or lemma(child) in future:
                    return True
        if token.pos_ in NOUN_POS:
            return self._invited_to(token)
        going = token.dep_ == XCOMP and lemma(token.head) in self.words.going_verbs
        return (going and token.head.tag_ == TAG_GERUND) or self._planned(token) or self._timed_ahead(token)

    def _timed_ahead(self, verb: Token) -> bool:
        """ "leaves for Washington tomorrow", "is meeting Xi next week": the present tense with a time
        ahead of it is a plan (the past tense with "the next day" tells what followed, so is left out)."""
        auxiliaries = children_with(verb, (AUX, AUXPASS))
        progressive = verb.tag_ == TAG_GERUND and any(aux.tag_ in PRESENT_TAGS for aux in auxiliaries)
        present = is_present_simple(verb) or progressive
        return present and any(self._names_time_ahead(child) for child in children_with(verb, TIME_DEPS))

    def _names_time_ahead(self, word: Token) -> bool:
        """ "tomorrow", "next week", "in the coming days", "on Monday next week"."""
        ahead = self.words.future_time_words
        if word.lower_ in ahead or any(mod.lower_ in ahead for mod in children_with(word, ADJECTIVE_DEPS)):
            return True
        return word.dep_ == PREP and any(self._names_time_ahead(obj) for obj in pobjects(word))

    def is_predicted(self, verb: Token) -> bool:
        """ "is likely to visit", "almost certain to strike", "looks likely to allow", "would probably
        request": someone's forecast of the act, neither done nor announced by its doer."""
        likelihood = self.words.likelihood_words
        if any(lemma(adverb) in likelihood for adverb in children_with(verb, (ADVMOD,))):
            return True  # "would probably request"
        return verb.dep_ == XCOMP and lemma(verb.head) in likelihood

    def is_subjunctive(self, verb: Token) -> bool:
        """ "recommended that X be charged", "urged the troops withdraw": a clause with a subject of its own
        and a bare verb (or a bare "be") states what is proposed, not what was done."""
        if verb.dep_ != CCOMP or not children_with(verb, SUBJECT_DEPS):
            return False
        auxiliaries = children_with(verb, (AUX, AUXPASS))
        if auxiliaries:
            return all(
                aux.tag_ == TAG_BASE and lemma(aux) in self.words.subjunctive_aux for aux in auxiliaries
            )
        # "urged that the army withdraw": a singular subject with the plural form is the bare verb too
        singular = not any(
            is_plural(subject) or subject.pos_ == POS_PRON for subject in children_with(verb, SUBJECT_DEPS)
        )
        return verb.tag_ == TAG_BASE or (verb.tag_ == TAG_PRESENT_PLURAL and singular)

    def is_document(self, subject: list[Token]) -> bool:
        """A law, rule or document as the doer: it states what it says ("NATO guidelines call for 2%")."""
        documents = self.words.document_nouns
        return bool(subject) and all(lemma(tok) in documents for tok in subject)

    def is_required(self, verb: Token) -> bool:
        """ "will have to resign", "needs to lobby Congress": an act required of the subject, not done
        ("had to flee", in the past, was done)."""
        while verb.dep_ == CONJ and verb.head.i != verb.i:
            verb = verb.head  # "needs to tighten rules and encourage firms": both are required
        head = verb.head
        infinitive = any(child.tag_ == TAG_TO for child in children_with(verb, (AUX,)))
        required = verb.dep_ == XCOMP and infinitive and lemma(head) in self.words.obligation_verbs
        return required and not is_past(head)

    def _planned(self, verb: Token) -> bool:
        """ "plans to strike", "is to vote", "expects sales to recover" (an infinitive under a plan word),
        "is scheduled for February" (the plan word in the passive), "are due in 2025" (as a predicate)."""
        plans = self.words.plan_words
        infinitive = any(child.tag_ == TAG_TO for child in children_with(verb, (AUX,)))
        if infinitive and verb.dep_ in COMPLEMENT_DEPS and lemma(verb.head) in plans:
            return True
        if lemma(verb) in plans and children_with(verb, (AUXPASS,)):
            return True
        return any(lemma(child) in plans for child in children_with(verb, (ACOMP,)))

    def _invited_to(self, noun: Token) -> bool:
        """ "invited X to talks", "invited X for a state visit": the noun names the event invited to."""
        prep = noun.head
        return (
            noun.dep_ == POBJ and prep.dep_ in PREP_DEPS and lemma(prep.head) in self.words.invitation_verbs
        )

    def is_negated(self, token: Token) -> bool:
        """Marked "not"/"never"/"no" on the token itself, or "by no means"."""
        for child in children_of(token):
            if child.dep_ == NEG or (
                child.dep_ in (ADVMOD, DET) and lemma(child) in self.words.negation_words
            ):
                return True
            if child.dep_ == PREP and any(self._negating_object(obj) for obj in pobjects(child)):
                return True
        return False

    def has_no_argument(self, verb: Token) -> bool:
        """ "put no pressure on them", "no troops were injured": "no" on the act's subject or object says it
        did not happen (on a reporting verb, "no casualties were reported" says nothing of the act)."""
        return any(self._has_no(child) for child in children_with(verb, NEGATABLE_ARGUMENT_DEPS))

    def _has_no(self, noun: Token) -> bool:
        """ "no troops", "none of the members", "nobody": an argument that names no one."""
        if lemma(noun) in self.words.negative_pronouns:
            return True
        return any(lemma(det) in self.words.negation_words for det in children_with(noun, (DET,)))

    def unrealized(self, noun: Token) -> bool:
        """ "the planned trip", "a proposed meeting", "the cancelled visit": an event that did not happen."""
        return any(lemma(mod) in self.words.unrealized_modifiers for mod in children_with(noun, (AMOD,)))

    def _negating_object(self, obj: Token) -> bool:
        return lemma(obj) in self.words.negating_pobjs and any(
            lemma(det) in self.words.negation_words for det in children_with(obj, (DET,))
        )

    def subject_tokens(self, verb: Token) -> list[Token]:
        """The verb's own subject: the agent of a passive verb, the nsubj of an active one."""
        if is_passive(verb):
            return [tok for agent in agent_objects(verb) for tok in with_conjuncts(agent)]
        subjects = children_with(verb, ACTIVE_OR_EXPLETIVE_DEPS)
        if verb.dep_ == RELCL and subjects and lemma(subjects[0]) in self.words.relative_pronouns:
            return with_conjuncts(verb.head)
        return [tok for subject in subjects for tok in with_conjuncts(subject) if subject.dep_ != EXPL]

    def conditions(self, verb: Token) -> list[Token]:
        """Conditional clauses on the verb: "if X goes ahead", "unless X agrees"."""
        return [
            clause
            for clause in children_with(verb, (ADVCL,))
            if any(lemma(mark) in self.words.condition_marks for mark in children_with(clause, (MARK,)))
        ]

    def is_unasserted(self, verb: Token) -> bool:
        """A condition ("... unless Baghdad accepted"), a reason given as a gerund ("jailed a student for
        helping militants") or the content of a noun ("demanded an admission that its forces murdered ..."):
        the sentence does not report it as done. A conjunct of a condition is part of it ("if the union
        came to us and said they would accept")."""
        if verb in self.conditions(verb.head) or self._joins_a_condition(verb):
            return True
        if verb.dep_ == PCOMP and verb.tag_ == TAG_GERUND and lemma(verb.head) == "for":
            return True
        if verb.dep_ == CCOMP and self.asks_a_question(verb.head):
            return True  # "asked whether Russia attacked": what is asked is not reported done
        if any(lemma(mark) in self.words.open_question_marks for mark in children_with(verb, (MARK,))):
            return True  # "did not disclose whether it received warrants"
        return self.is_content_clause(verb)

    def _joins_a_condition(self, verb: Token) -> bool:
        first = verb
        while first.dep_ == CONJ and first.head.i != first.i:
            first = first.head
        return first is not verb and first in self.conditions(first.head)

    def is_content_clause(self, verb: Token) -> bool:
        """ "an admission that forces murdered", "reports that rebels attacked": a that-clause on a noun."""
        if verb.dep_ not in (ACL, CCOMP) or verb.head.pos_ not in NOUN_POS:
            return False
        return any(lemma(mark) in self.words.content_marks for mark in children_with(verb, (MARK,)))

    def circumstance_clause(self, verb: Token) -> Token | None:
        """The nearest adverbial clause above the verb that gives a circumstance of another event: a time
        or reason ("resigned as the opposition threatened to storm ...") or the verb itself as a participle
        without a subject ("bombarded the city, killing eight"); what a participle reports ("vowing that
        Moscow will continue ties") is an event of its own."""
        current = verb
        while current.head.i != current.i:
            if current.dep_ == ADVCL and self.is_circumstance(current, own=current == first_conjunct(verb)):
                return current
            if current.dep_ == CONJ and children_with(current, SUBJECT_DEPS):
                return None  # "..., and more than 200 people were arrested": a clause of its own
            current = current.head
        return None

    def is_circumstance(self, clause: Token, own: bool) -> bool:
        """A time/reason clause, or (for the verb's `own` clause) a participle without a subject."""
        return self.is_marked_circumstance(clause) or (own and is_bare_participle(clause))

    def is_marked_circumstance(self, clause: Token) -> bool:
        return any(lemma(mark) in self.words.circumstance_marks for mark in children_with(clause, (MARK,)))

    def has_modal(self, verb: Token, modals: Container[str]) -> bool:
        return any(aux.lower_ in modals for aux in children_with(verb, (AUX,)))

    def is_irrealis(self, verb: Token) -> bool:
        """ "would prefer to agree", "could destroy", "can and may declare": a modal of possibility or wish
        on the verb, or on the verb whose complement it is or whose subject it shares; not reported done."""
        return any(self.has_modal(head, self.words.irrealis_modals) for head in self._modal_scope(verb))

    def is_permitted(self, verb: Token) -> bool:
        """ "allowing an Austrian court to require ...", "enabled rebels to seize ...": what someone is
        allowed to do is not reported as done."""
        return verb.dep_ in COMPLEMENT_DEPS and lemma(verb.head) in self.words.permission_verbs

    def is_standing(self, verb: Token) -> bool:
        """ "Both sides oppose the rebels", "the rebels are backed by Iran": a stance verb in the simple
        present (no auxiliary but a present "is/are" of the passive) tells a position held, not an act;
        said or announced ("Iran said it supports the plan"), the stance is stated that day."""
        if lemma(verb) not in self.words.standing_verbs or verb.dep_ == CCOMP:
            return False  # "Iran said it supports the plan": the saying is an act of the day
        if is_present_simple(verb):
            return True
        passive = children_with(verb, (AUXPASS,))  # "are backed by"; not "has backed", "will support"
        return (
            bool(passive)
            and not children_with(verb, (AUX,))
            and verb.tag_ == TAG_PARTICIPLE
            and all(aux.tag_ in PRESENT_TAGS for aux in passive)
        )

    def asks_a_question(self, verb: Token) -> bool:
        """ "asked why Biden did not act", "asked whether talks would resume": a question put, no request."""
        if lemma(verb) not in self.words.question_verbs:
            return False
        for clause in children_with(verb, (CCOMP,)):
            opening = clause.left_edge
            if opening.tag_ in WH_TAGS or opening.lower_ in self.words.question_marks:
                return True
        return False

    def warns_of_a_state(self, verb: Token) -> bool:
        """ "experts warn that the optimism is excessive", "warned he could be a conduit": a caution
        about how things are, no threat of an act ("warned that there will be consequences" is one)."""
        if lemma(verb) not in self.words.caution_verbs:
            return False
        clauses = children_with(verb, (CCOMP,))
        return any(is_copular(clause) and not children_with(clause, (EXPL,)) for clause in clauses)

    def is_arranged(self, verb: Token) -> bool:
        """ "millions were to storm Area 51", "the minister is to visit Cairo": arranged, not done."""
        return verb.dep_ == XCOMP and lemma(verb.head) in self.words.arrangement_verbs

    def is_counterfactual(self, verb: Token) -> bool:
        """ "a bill that would have allowed Hong Kong to extradite suspects": an irrealis modal with the
        perfect, on the verb or on the verb it completes: what did not happen, whoever reports it."""
        return any(self._modal_perfect(head) for head in self._modal_scope(verb))

    def _modal_perfect(self, verb: Token) -> bool:
        auxiliaries = children_with(verb, (AUX,))
        perfect_words = self.words.perfect_aux
        modal = any(aux.lower_ in self.words.irrealis_modals for aux in auxiliaries)
        perfect = any(aux.lower_ in perfect_words or lemma(aux) in perfect_words for aux in auxiliaries)
        return modal and perfect

    @staticmethod
    def _modal_scope(verb: Token) -> list[Token]:
        """The verb and the verbs a modal on them also covers: those it completes ("allowed X to
        extradite") and those whose subject it shares ("can and may declare")."""
        scope = [verb]
        current = verb
        for _ in range(MAX_MODAL_DEPTH):
            own_subject = bool(children_with(current, SUBJECT_DEPS))
            shares = current.dep_ in COMPLEMENT_DEPS or (current.dep_ == CONJ and not own_subject)
            if not shares or current.head.i == current.i:
                break
            current = current.head
            scope.append(current)
        return scope

    def is_question(self, span: Span) -> bool:
        """The sentence asks ("Will Iran retaliate?"), the closing quotation marks aside."""
        for token in reversed(span):
            if token.is_space or token.is_quote:
                continue
            return token.text in self.words.interrogative_ends
        return False

    def is_personal(self, token: Token) -> bool:
        """A first- or second-person pronoun ("I", "me", "we", "you"); "US" in capitals is the country."""
        if token.pos_ != POS_PRON or (len(token.text) > 1 and token.text.isupper()):
            return False
        return token.lower_ in self.words.first_person or token.lower_ in self.words.second_person

    def is_first_person(self, token: Token) -> bool:
        return self.is_personal(token) and token.lower_ in self.words.first_person

    def has_named_speaker(self, span: Span, speech_verbs: Container[str]) -> bool:
        """A reporting verb in the sentence whose subject is someone other than "I", "we" or "you"
        ("'We were attacked,' a villager said")."""
        for token in span:
            if token.pos_ not in VERB_POS or lemma(token) not in speech_verbs:
                continue
            subjects = self.subject_tokens(token)
            if subjects and not any(self.is_personal(subject) for subject in subjects):
                return True
        return False

    def is_personal_account(self, span: Span, speech_verbs: Container[str]) -> bool:
        """An interview answer or a first-person narrative: "I", "we" or "you" in a sentence that names no
        other speaker. Whoever "they" and "she" are there, the sentence is the words of an unknown speaker."""
        personal = any(self.is_personal(token) for token in span)
        return personal and not self.has_named_speaker(span, speech_verbs)

    def is_obligation(self, verb: Token) -> bool:
        """ "Y must withdraw", "Y should resign": the clause says what Y is obliged to do."""
        return self.has_modal(verb, self.words.obligation_modals)

    def nominal_parties(self, noun: Token, prep: str) -> list[Token]:
        """The other party of an event noun, the pattern's preposition first."""
        objects = prep_objects(noun)
        names = (prep, *self.words.nominal_target_preps)
        found = [obj for name in names if name for obj in objects.get(name, [])]
        return found or governor_parties(noun, self.words.mutual_preps)

    def parties_between(self, verb: Token) -> list[Token]:
        """The parties the verb's object names as each other's ("normalize relations between X and Y")."""
        return [
            party
            for obj in direct_objects(verb)
            for prep, parties in prep_objects(obj).items()
            if prep in self.words.mutual_preps
            for party in parties
        ]

    def nested_objects(self, noun: Token, depth: int = 2) -> list[Token]:
        """Objects of the noun's own prepositions, and theirs: "diversification of relations between X"."""
        found: list[Token] = []
        for obj in preposition_objects(noun, self.words.nested_preps):
            found += [obj, *(self.nested_objects(obj, depth - 1) if depth > 1 else [])]
        return found
