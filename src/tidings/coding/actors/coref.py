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

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from ...lang import Language, Sex, Words
from ...nlp.parse import children_of, text_of, tokens_of
from ...nlp.quotations import inside_any, quoted_spans
from ...nlp.syntax import (
    APPOS,
    CLAUSAL_DEPS,
    CONJ,
    DET,
    DETERMINER_DEPS,
    ENT_ORG,
    ENT_PERSON,
    EXPL,
    INNER_MODIFIER_DEPS,
    NON_WORD_POS,
    NSUBJPASS,
    OBJECT_DEPS,
    PLURAL_TAGS,
    POBJ,
    POS_NOUN,
    POS_PRON,
    POS_PROPN,
    POSS,
    PREDICATE_DEPS,
    PREP_DEPS,
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
    # coordinated or plural actors "they" may refer to: (actors, sentence start token)
    groups: list[tuple[tuple[Actor, ...], int]] = field(default_factory=list)
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
    for token in tokens_of(doc):
        actors = refer(token, phrases.get(token.i), history, words)
        if actors:
            history.resolved[token.i] = actors
        remember(token, phrases, actors, history, words)
    return history.resolved


def refer(token: Token, info: PhraseInfo | None, history: History, words: Words) -> tuple[Actor, ...]:
    lower = token.lower_
    if token.pos_ == POS_PRON and lower in words.person_pronouns:
        return as_mention(token, latest_person(history, token))
    if token.pos_ == POS_PRON and lower in words.thing_pronouns and not is_expletive(token, words):
        return as_mention(token, latest_body(history, token))
    if lower in words.group_pronouns and token.dep_ not in QUANTIFIER_DEPS:
        return tuple(as_mention(token, a)[0] for a in latest_plural(history, token))
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
    clauses = [head, *(c for c in children_of(head) if c.dep_ in PREDICATE_DEPS)]
    if any(c.lemma_.lower() in words.disposition_adjectives for c in clauses):
        return False
    clause_child = any(c.dep_ in CLAUSAL_DEPS for t in clauses for c in children_of(t))
    return clause_child and (head.lemma_ == "be" or token.dep_ == NSUBJPASS)


def latest_body(history: History, token: Token) -> Actor | None:
    """The subject country/organisation of this sentence if any came before, else the subject of the
    sentence before, else the latest one of either (an "it" further away codes no actor)."""
    recent = recent_sentences(token)
    for sentence_start in sorted(recent, reverse=True):  # this sentence's subject, then the last one's
        for actor, start, was_subject in reversed(history.bodies):
            if start == sentence_start and was_subject:
                return actor
    if token.dep_ in SUBJECT_DEPS and thing_subject_before(token, history):
        return None
    latest = history.bodies[-1] if history.bodies else None
    return latest[0] if latest is not None and latest[1] in recent else None


def thing_subject_before(token: Token, history: History) -> bool:
    """ "The meeting in Doha reaffirmed the OPEC accord. It also discussed prices": after a sentence
    whose subject is a thing (a singular common noun coding no actor, owned by none), a subject "it"
    with no body subject near is that thing, not an organisation the sentence named further on."""
    start = token.sent.start
    if start == 0:
        return False
    root = token.doc[start - 1].sent.root
    subject = next((c for c in children_of(root) if c.dep_ in SUBJECT_DEPS), None)
    return (
        subject is not None
        and subject.pos_ == POS_NOUN
        and subject.tag_ not in PLURAL_TAGS
        and subject.i not in history.resolved
        and not any(c.dep_ == POSS for c in children_of(subject))
    )


def latest_plural(history: History, token: Token) -> tuple[Actor, ...]:
    """The latest coordinated or plural actors for "they"/"them", named in this sentence or the one
    before; none further away. An object "them" is never its own clause's subject ("police fired tear
    gas at them": not the police), so the actors before that subject are meant."""
    subject = own_subject(token)
    for actors, start in reversed(history.groups):
        if subject is not None and any(a.start <= subject.idx < a.end for a in actors):
            continue
        return actors if start in recent_sentences(token) else ()
    return ()


def own_subject(token: Token) -> Token | None:
    """The subject of the clause a pronoun is the object of ("them" in "police fired at them")."""
    verb = token.head
    if token.dep_ == POBJ and verb.dep_ in PREP_DEPS:
        verb = verb.head
    elif token.dep_ not in OBJECT_DEPS:
        return None
    return next((c for c in children_of(verb) if c.dep_ in SUBJECT_DEPS), None)


def recent_sentences(token: Token) -> frozenset[int]:
    """The start tokens of the token's sentence and of the sentence before it."""
    start = token.sent.start
    return frozenset({start, token.doc[start - 1].sent.start}) if start > 0 else frozenset({start})


def with_possessor(token: Token, info: PhraseInfo, history: History) -> PhraseInfo:
    """ "his government", "its troops": the role phrase takes its possessor's country or organisation;
    "their embassies" after "the United States and Britain" names one actor per possessor."""
    for child in children_of(token):
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
    """ "the minister" -> the latest person with that role; only with a definite article. One
    minister is no earlier list of them ("the prime ministers of Belgium and Spain")."""
    if not any(c.dep_ == DET and c.lower_ in words.definite_articles for c in children_of(token)):
        return None
    for earlier, _ in reversed(history.persons):
        if earlier.plural and not info.plural:
            continue
        if earlier.role == info.role and (earlier.actor.country or earlier.actor.igo):
            return earlier.actor
    return None


def countries_referred(token: Token, history: History, words: Words) -> tuple[Actor, ...]:
    """ "the two countries", "both sides" -> the latest pair; "the country" -> the latest country."""
    before = {c.lower_ for c in children_of(token) if c.dep_ in DETERMINER_DEPS}
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
    token: Token,
    phrases: dict[int, PhraseInfo],
    actors: tuple[Actor, ...],
    history: History,
    words: Words,
) -> None:
    """Record this token's resolved actors as antecedents for what follows."""
    info = phrases.get(token.i)
    for actor in actors:
        if actor.country and not actor.sectors and actor.country not in history.countries[-1:]:
            history.countries.append(actor.country)
    subject = token.dep_ in SUBJECT_DEPS or (token.dep_ == APPOS and token.head.dep_ in SUBJECT_DEPS)
    if info is None and len(actors) == 1 and token.lower_ in words.thing_pronouns:
        history.bodies.append((actors[0], token.sent.start, subject))  # "It said ... Then it ...": a chain
    if info is None or not actors:
        return
    fighting = len(actors) == 1 and actors[0].group and is_fighting_group(actors[0], history)
    if fighting and not info.refers_back:
        history.named_groups.append(actors[0])
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
        history.groups.append((group, token.sent.start))
        codes = tuple(dict.fromkeys(a.country for a in group if a.country))
        if len(codes) == 2 and all(not a.sectors for a in group):
            history.pairs.append(codes)
    elif (info.plural or len(actors) > 1) and all(is_coded(a) for a in actors):
        history.groups.append((actors, token.sent.start))


# ---------------------------------------------------------------- people and bodies, named or not


@dataclass(frozen=True, slots=True)
class Referent:
    """Whom a pronoun or a definite role phrase stands for: a person the article names (with the sex
    their first name or honorific tells, "-" when unknown), or an organisation for "it"."""

    name: str
    sex: Sex = "-"
    person: bool = True


@dataclass
class _Named:
    """One person or organisation the article names, as mentions accumulate."""

    name: str
    sex: Sex
    person: bool
    roles: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class _Mention:
    who: _Named
    token: int
    sentence: int
    salience: int  # 0 the subject of a speech verb, 1 of the main verb, 2 of another verb, 3 no subject
    quoted: bool


class PeopleResolver:
    """Resolves "he"/"she" to the nearest person of that sex the article names (a subject first, then
    the closest sentence back; names inside quotations are not antecedents of words outside them),
    "it" to the nearest organisation named, and "the senator"/"the nominee" to the latest person
    named with that role word. Every PERSON and ORG entity counts, coded by the dictionary or not."""

    def __init__(self, language: Language, person_titles: frozenset[str]) -> None:
        self.words = language.words
        self.first_names = language.first_names
        self.quote_marks = language.quote_marks
        self.abbreviations = language.title_abbreviations
        self.person_titles = person_titles
        self.speech_verbs = frozenset(language.speech_verbs)
        self.surnames: frozenset[str] = frozenset()

    def resolve(self, doc: Doc, phrases: Mapping[int, PhraseInfo]) -> dict[int, Referent]:
        """Referent per token index: pronouns, definite role phrases, and the names themselves.
        `phrases` are the coded noun phrases: one the dictionary knows as a person is a person."""
        state = _PeopleState(doc, quoted_spans(text_of(doc), self.quote_marks), self.speech_verbs)
        entities = {ent.root.i: ent for ent in doc.ents if ent.label_ in (ENT_PERSON, ENT_ORG)}
        self.surnames = self._surnames(doc, phrases)
        found: dict[int, Referent] = {}
        for token in tokens_of(doc):
            named = self._named_at(token, entities.get(token.i), state)
            if named is None and not token.ent_type_:
                named = state.surname_mention(token)
            if named is None:
                named = self._refer(token, state)
                if named is not None:
                    state.add(named, token)  # "He said ... He added": the pronoun is a mention too
            if named is not None:
                found[token.i] = Referent(named.name, named.sex, named.person)
        return found

    # -------------------------------------------------------- names

    def _surnames(self, doc: Doc, phrases: Mapping[int, PhraseInfo]) -> frozenset[str]:
        """Last words of the article's people: of names in two or more words, and of coded persons."""
        names = [ent.text.split() for ent in doc.ents if ent.label_ == ENT_PERSON]
        names += [
            info.actor.name.split()
            for info in phrases.values()
            if info.person and info.actor.name and is_coded(info.actor)
        ]
        return frozenset(words[-1].lower() for words in names if len(words) > 1)

    def _is_person(self, ent: Span) -> bool:
        """The tagger's PERSON, or an ORG that is a person named elsewhere ("Trump" tagged ORG)."""
        if ent.label_ == ENT_PERSON:
            return True
        words = ent.text.split()
        return len(words) <= 2 and words[-1].lower().removesuffix("’s").removesuffix("'s") in self.surnames

    def _named_at(self, token: Token, ent: Span | None, state: _PeopleState) -> _Named | None:
        if ent is None:
            return None
        if not self._is_person(ent):
            named = state.organisation(" ".join(ent.text.split()))
            state.add(named, token)
            return named
        words = self._name_words(ent)
        if not words:
            return None
        honorific = self._honorific_sex(ent)
        named = state.person(words, self._sex(words, honorific), self.first_names)
        named.roles |= self._roles(ent)
        state.add(named, token)
        return named

    def _name_words(self, ent: Span) -> list[str]:
        """The words of a personal name: the last line of the entity, without titles and a possessive."""
        words = [t.text for t in ent if not t.is_punct and not t.is_space]
        if "\n" in ent.text:
            words = ent.text.split("\n")[-1].split()
        while words and self._is_title(words[0]):
            words = words[1:]
        words = [w.removesuffix("’s").removesuffix("'s") for w in words if w not in ("’s", "'s")]
        return [w for w in words if w and w[0].isupper()]

    def _is_title(self, word: str) -> bool:
        lower = word.lower()
        honorifics = self.words.male_honorifics | self.words.female_honorifics
        return lower.rstrip(".") in self.abbreviations or lower in self.person_titles or lower in honorifics

    def _honorific_sex(self, ent: Span) -> Sex | None:
        before = [t.lower_ for t in ent.doc[max(ent.start - 1, 0) : ent.start + 1]]
        if any(w in self.words.male_honorifics for w in before):
            return "m"
        if any(w in self.words.female_honorifics for w in before):
            return "f"
        return None

    def _sex(self, words: list[str], honorific: Sex | None) -> Sex:
        if honorific is not None:
            return honorific
        return self.first_names.get(words[0].lower(), "-") if len(words) > 1 else "-"

    def _roles(self, ent: Span) -> set[str]:
        """Role words used with the name: "Republican nominee Donald Trump", "Sen. X", "X, the senator"."""
        before = [t for t in ent.root.subtree if t.i < ent.start and t.pos_ not in NON_WORD_POS]
        inside = [
            t for t in ent if t.lower_.rstrip(".") in self.abbreviations or t.lower_ in self.person_titles
        ]
        appositives = [c for c in children_of(ent.root) if c.dep_ == APPOS and c.pos_ == POS_NOUN]
        appositives += [t for c in appositives for t in children_of(c) if t.dep_ in INNER_MODIFIER_DEPS]
        roles = set()
        for token in [*before, *inside, *appositives]:
            word = token.lower_.rstrip(".")
            roles.add(self.abbreviations.get(word, token.lemma_.lower()))
        return roles

    # -------------------------------------------------------- references

    def _refer(self, token: Token, state: _PeopleState) -> _Named | None:
        lower = token.lower_
        if token.pos_ == POS_PRON and lower in self.words.male_pronouns:
            return state.nearest(token, lambda n: n.person and n.sex in ("m", "-"), adopt="m")
        if token.pos_ == POS_PRON and lower in self.words.female_pronouns:
            return state.nearest(token, lambda n: n.person and n.sex in ("f", "-"), adopt="f")
        if token.pos_ == POS_PRON and lower in self.words.thing_pronouns and token.dep_ in SUBJECT_DEPS:
            return state.nearest(token, lambda n: not n.person)
        if token.pos_ == POS_NOUN and token.tag_ not in PLURAL_TAGS and self._definite(token):
            role = token.lemma_.lower()
            return state.latest_with_role(token, role)
        return None

    def _definite(self, token: Token) -> bool:
        """ "the senator", "the Vermont senator": a definite phrase with no owner."""
        before = [c for c in children_of(token) if c.i < token.i]
        return any(c.dep_ == DET and c.lower_ in self.words.definite_articles for c in before) and not any(
            c.dep_ == POSS for c in before
        )


class _PeopleState:
    """The people and organisations named so far, and their mentions in text order."""

    def __init__(self, doc: Doc, quoted: list[tuple[int, int]], speech_verbs: frozenset[str]) -> None:
        self.doc = doc
        self.quoted = quoted
        self.speech_verbs = speech_verbs
        self.people: list[_Named] = []
        self.bodies: dict[str, _Named] = {}
        self.mentions: list[_Mention] = []
        self.sentence_of = {sent.start: n for n, sent in enumerate(doc.sents)}

    def _sentence(self, token: Token) -> int:
        return self.sentence_of.get(token.sent.start, 0)

    def add(self, named: _Named, token: Token) -> None:
        quoted = inside_any(token.idx, self.quoted)
        self.mentions.append(_Mention(named, token.i, self._sentence(token), self._salience(token), quoted))

    def _salience(self, token: Token) -> int:
        if token.dep_ == APPOS and token.head.dep_ in SUBJECT_DEPS:
            token = token.head
        if token.dep_ not in SUBJECT_DEPS:
            return 3
        verb = token.head
        if verb.lemma_.lower() in self.speech_verbs:
            return 0
        return 1 if verb.head.i == verb.i else 2

    def organisation(self, name: str) -> _Named:
        return self.bodies.setdefault(name.lower(), _Named(name, "-", person=False))

    def person(self, words: list[str], sex: Sex, first_names: Mapping[str, Sex]) -> _Named:
        """The person these name words refer to: someone named before with the same surname (or whose
        first name is this single word), else a new person."""
        surname = words[-1].lower()
        for earlier in reversed(self.people):
            parts = earlier.name.lower().split()
            same = parts[-1] == surname and (
                len(words) == 1 or len(parts) == 1 or parts[0] == words[0].lower()
            )
            if same or (len(words) == 1 and parts[0] == surname and len(parts) > 1):
                if len(words) > len(parts):
                    earlier.name = " ".join(words)
                if earlier.sex == "-":
                    earlier.sex = sex
                return earlier
        named = _Named(" ".join(words), sex, person=True)
        self.people.append(named)
        return named

    def surname_mention(self, token: Token) -> _Named | None:
        """ "Trump blamed ...", left untagged by the tagger: the surname of someone named in full."""
        if token.pos_ not in (POS_PROPN, POS_NOUN) or not token.text[:1].isupper():
            return None
        for earlier in reversed(self.people):
            parts = earlier.name.split()
            if len(parts) > 1 and parts[-1] == token.text:
                self.add(earlier, token)
                return earlier
        return None

    def nearest(
        self, token: Token, fits: Callable[[_Named], bool], adopt: Sex | None = None
    ) -> _Named | None:
        """The named one that fits, nearest back: in the token's own sentence the subject before it,
        then sentence by sentence back, a subject first, else the first one named there."""
        here = self._sentence(token)
        quoted = inside_any(token.idx, self.quoted)
        candidates = [
            m for m in self.mentions if m.token < token.i and fits(m.who) and (quoted or not m.quoted)
        ]
        by_sentence: dict[int, list[_Mention]] = {}
        for mention in candidates:
            by_sentence.setdefault(mention.sentence, []).append(mention)
        for sentence in sorted(by_sentence, reverse=True):
            mentions = by_sentence[sentence]
            if sentence == here:
                # "Obama told Biden he ...": only a subject is safe in the same sentence, the closest
                subjects = [m for m in mentions if m.salience < 3]
                if not subjects:
                    continue
                chosen = subjects[-1].who
            else:
                # the last speaker of the sentence, else the subject of its main verb, else the first named
                chosen = min(
                    mentions, key=lambda m: (m.salience, -m.token if m.salience == 0 else m.token)
                ).who
            if adopt and chosen.sex == "-":
                chosen.sex = adopt
            return chosen
        return None

    def latest_with_role(self, token: Token, role: str) -> _Named | None:
        for mention in reversed(self.mentions):
            if mention.token < token.i and mention.who.person and role in mention.who.roles:
                return mention.who
        return None
