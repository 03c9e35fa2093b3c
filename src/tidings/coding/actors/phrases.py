"""Coding one noun phrase: its head and left modifiers -> a CAMEO actor (country/IGO + sectors + name).

`PhraseCoder` codes the phrase headed by each token of one doc (memoised, no coreference); what it
reads (dictionary, gazetteer, words, the ontology's sectors) comes from the `PhraseRules` of the actor
coder that made it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from ...lang import Language, Words
from ...nlp.parse import children_of, text_of, tokens_of
from ...nlp.syntax import (
    ACL,
    ACTOR_ROLE_DEPS,
    ADVCL,
    AMOD,
    APPOS,
    CCOMP,
    COMPOUND,
    CONJ,
    DATIVE,
    DET,
    DOBJ,
    EDGE_DEPS,
    ENT_GPE,
    ENT_PERSON,
    NOMINAL_POS,
    NOMINAL_SUBJECT_DEPS,
    NOT_PERSON_ENTITIES,
    NOUN_POS,
    OWN_DEPS,
    PARTICIPLE_TARGET_DEPS,
    PLACE_ENTITIES,
    PLURAL_TAGS,
    POBJ,
    POS_PRON,
    POS_PROPN,
    POSS,
    PREP,
    REGION_ENTITIES,
    RELCL,
    TAG_PARTICIPLE,
    VERB_POS,
    XCOMP,
    entity_span,
    listed_with,
    name_span,
    preposition_objects,
)
from ...ontology import EventOntology
from ...places.gazetteer import Gazetteer
from ...records import Actor
from .dictionary import ActorDictionary, Agent, AgentKind, DictionaryMatcher, Match, Term, V
from .people import NameContext, Person, fold_name
from .scene import SceneFinder

# The verb's dependents that name what its subject acts on (its objects; not a prepositional phrase on
# the verb, which may compare or set a scene: "paid more to X than to the United States").
VERB_OBJECT_DEPS = frozenset({DOBJ, DATIVE})
CLAUSE_DEPS = frozenset({ACL, RELCL, ADVCL, CCOMP, XCOMP})
# Term kinds naming a state itself (not its people or a nationality).
STATE_KINDS = frozenset({"name", "capital"})
# Term kinds of an institution whose table country a nationality before it overrides.
INSTITUTION_KINDS = frozenset({"metonym", "group"})
# Entities a surname never is (a place may be NER's slip for a famous one).
NOT_PLACE_OR_PERSON = NOT_PERSON_ENTITIES - PLACE_ENTITIES
# Role words whose phrase is an actor only with an origin ("the Rwandan capital", not "the capital").
NEEDS_ORIGIN = frozenset({"place", "document"})
# Term kinds that name a nationality or people; a people lives where the phrase says ("Bosnian Serbs").
NATIONALITY_KINDS = frozenset({"name", "adj", "people", "ethnic", "epithet"})


@dataclass(frozen=True, kw_only=True)
class PhraseInfo:
    """What the coder learned about the phrase headed by one token (used by coreference)."""

    actor: Actor
    tokens: tuple[int, ...]  # token indices the phrase covers
    role: str | None = None  # person role word ("minister") when the phrase is a titled person
    person: bool = False
    plural: bool = False
    # False for phrases headed by a non-actor noun ("US sanctions"): they have an actor for
    # actors_for(), but the mention is their modifier ("US").
    names_actor: bool = True
    also: tuple[Actor, ...] = ()  # further actors of coordinated modifiers ("US and British activists")
    # "the group", "the militants" with nothing of their own to code them: the last named group
    refers_back: bool = False


class PhraseRules:
    """What phrase coding reads, loaded once per pipeline: the dictionary and its matcher, the
    gazetteer, the language's words and the ontology's sector classes."""

    def __init__(
        self, dictionary: ActorDictionary, gazetteer: Gazetteer, language: Language, ontology: EventOntology
    ) -> None:
        self.dictionary = dictionary
        self.matcher = DictionaryMatcher(dictionary, language, gazetteer)
        self.gazetteer = gazetteer
        self.words: Words = language.words
        # Calendar words ("on Sunday", "in March"): read into a title, they make no actor
        self.calendar_words = frozenset(language.dates.weekdays) | frozenset(language.dates.months)
        sectors = ontology.sectors.values()
        self.local_sectors = frozenset(s.code for s in sectors if s.local)
        self.domestic_sectors = frozenset(s.code for s in sectors if s.domestic)
        self.former_sectors = {s.code: s.former for s in sectors if s.former}
        self.armed_sectors = frozenset(s.code for s in sectors if s.armed)
        self.scenes = SceneFinder(gazetteer, language)  # the one place policy for phrases and events
        self.plural_forms = language.morphology.plural_forms
        words = language.words
        # Prepositions whose object gives a role word its country ("president of Russia", "rebels in
        # Chad"), by the kind of role word.
        self.origin_preps: dict[AgentKind, frozenset[str]] = {
            "person": words.origin_preps_person,
            "group": words.origin_preps_group,
            "body": words.origin_preps_body,
            "place": words.origin_preps_place,
            "document": words.origin_preps_document,
        }


class PhraseCoder:
    """Codes the noun phrase headed by each token of one doc (memoised; no coreference)."""

    def __init__(self, doc: Doc, rules: PhraseRules, day: dt.date | None = None):
        self.doc = doc
        self.text = text_of(doc)
        self.ents = doc.ents  # rebuilt on every access too: read once (entity_span finds one entity)
        self.rules = rules
        self.words = rules.words
        self.people = rules.dictionary.people
        self.day = day  # the article's date: people are coded by the office they held then
        self._name_context: NameContext | None = None
        self._name_heads: dict[str, int] = {}  # people named in full: folded name -> the mention's head
        terms = [
            m
            for m in rules.matcher.terms(doc, day)
            if not (self.names_division(doc, m) or self.names_creed(doc, m))
        ]
        term_starts = {m.start for m in terms}
        self.term_at = index_matches(self.division_namesake(doc, m, term_starts) for m in terms)
        agent_matches = [m for m in rules.matcher.agents(doc) if not self._overlaps_term(m)]
        self.agent_at = index_matches(agent_matches)
        self.article_countries = {m.value.country for m in self.term_at.values() if m.value.country}
        self.scene = rules.scenes.scene(doc, self.term_at)
        self.memo: dict[int, PhraseInfo | None] = {}
        self.origin_prep: dict[int, Token] = {}
        self.origin_token: dict[int, Token] = {}  # the modifier that gave a phrase its country
        self.possessed: set[int] = set()  # heads whose origin is their possessor ("Starmer's decision")
        self.known_people: set[int] = set()  # heads coded from the people tables
        # titled people of no stated country: the countries their verb acts on, never theirs
        self.acted_on: dict[int, frozenset[str]] = {}

    def names_division(self, doc: Doc, match: Match[Term]) -> bool:
        """A country's name used as the name of a division or a place in another country: Nigeria's
        "Niger state" is not Niger."""
        after = match.end
        return (
            match.value.kind == "name"
            and after < len(doc)
            and doc[after].lemma_.lower() in self.words.place_nouns
        )

    def division_namesake(self, doc: Doc, match: Match[Term], term_starts: set[int]) -> Match[Term]:
        """A country's name listed with another country's divisions or towns names that country's
        division of the same name: "stops in Pennsylvania, Georgia and Iowa" (the US state)."""
        term = match.value
        if term.kind != "name" or not term.country:
            return match
        gazetteer = self.rules.gazetteer
        name = doc[match.start : match.end].text
        divisions = {
            c.place.country for c in gazetteer.notable(name) if c.primary and c.place.feature == "admin1"
        }
        for partner in listed_with(doc[match.end - 1]):
            span = name_span(partner)
            if span.start in term_starts or partner.pos_ != POS_PROPN:
                continue  # another country's name: "Georgia and Armenia"
            country = home_country(gazetteer, span.text)
            if country and country != term.country and country in divisions:
                return Match(match.start, match.end, replace(term, country=country))
        return match

    def _overlaps_term(self, match: Match) -> bool:
        return any(i in self.term_at for i in range(match.start, match.end))

    def code_all(self) -> dict[int, PhraseInfo]:
        """The phrase of every nominal head; a multi-word name is one phrase, at its `name_head`."""
        nominal = (t for t in self.doc if t.pos_ in NOMINAL_POS or t.i in self.term_at)
        coded = {t.i: self.code(t) for t in nominal if self.name_head(t) == t.i}
        return {i: info for i, info in coded.items() if info is not None}

    def name_words(self) -> dict[int, int]:
        """The other words of multi-word names, each with the token standing for its name."""
        return {i: head for i in self.term_at if (head := self.name_head(self.doc[i])) != i}

    def country_in_play(self, head: Token) -> Term | None:
        """For a titled person of no stated nationality ("President Michel Suleiman"): the country most
        named in the sentence (else in the article), leaving out the countries of other people there."""
        sentence = head.sent
        others = (
            (t, self.code(t))
            for t in sentence
            if t.pos_ in NOUN_POS and not (t.is_ancestor(head) or head.is_ancestor(t) or t == head)
        )
        # Other people's own nationality ("the American commander", "talks with U.S. officials") is theirs,
        # but a body they lead ("leader of the Algerian government") shares the titled person's country,
        # and so may people the person acts on ("Judge X opened investigations against 28 Chilean officials").
        acted_on_tokens = self.object_tokens(head) | self.verb_prep_objects(head)
        people = {
            info.actor.country
            for t, info in others
            if info
            and (info.person or (info.role and t.i not in acted_on_tokens))
            and self._own_nationality(t, info)
        }
        acted_on = self.countries_acted_on(head)
        if acted_on:
            self.acted_on[head.i] = frozenset(c for c in acted_on if c)
        people |= acted_on
        country = self.most_named_country(sentence.start, sentence.end, people) or self.most_named_country(
            0, len(self.doc), people
        )
        return Term(kind="derived", country=country) if country else None

    def note_acted_on(self, head: Token) -> None:
        """ "The finance ministry is considering the U.S. request", "the administration brokered deals
        between Israel and the UAE": a generic subject is not of the state its verb acts on, even where
        that state is the place its sentence names."""
        acted_on = frozenset(c for c in self.countries_acted_on(head) if c)
        if acted_on:
            self.acted_on[head.i] = acted_on

    def object_tokens(self, head: Token) -> set[int]:
        """The tokens of the objects of the verb `head` is the subject of: their own phrases, not clauses
        inside them ("a story alleging ...")."""
        while head.dep_ == COMPOUND and head.head.i != head.i:  # "Theodore" of "Theodore Roosevelt"
            head = head.head
        if head.dep_ not in NOMINAL_SUBJECT_DEPS:
            return set()
        inside: set[int] = set()
        stack = [c for c in children_of(head.head) if c.dep_ in VERB_OBJECT_DEPS]
        while stack:
            token = stack.pop()
            inside.add(token.i)
            stack += [c for c in children_of(token) if c.dep_ not in CLAUSE_DEPS]
        return inside

    def verb_prep_objects(self, head: Token) -> set[int]:
        """The prepositional objects of the verb `head` is the subject of ("opened investigations against
        X": X), not those nested deeper ("said on return from talks with X")."""
        while head.dep_ == COMPOUND and head.head.i != head.i:
            head = head.head
        if head.dep_ not in NOMINAL_SUBJECT_DEPS:
            return set()
        preps = [p for p in children_of(head.head) if p.dep_ == PREP]
        return {o.i for p in preps for o in children_of(p) if o.dep_ == POBJ}

    def countries_acted_on(self, head: Token) -> set[str | None]:
        """ "President X mediated between Japan and Russia", "President X visited Lebanon": the countries
        named in the objects of the verb a titled person is the subject of are what the person acts on,
        not the person's own."""
        inside = self.object_tokens(head)
        # A state named there is acted on; its nationals may be the person's own ("Judge X opened
        # investigations against 28 Chilean officials")
        return {
            m.value.country
            for i, m in self.term_at.items()
            if i in inside and m.value.country and m.value.kind in STATE_KINDS
        }

    def listed_nationality(self, head: Token) -> Term | None:
        """ "Israeli prime minister X and energy minister Y, Greek prime minister Z and energy minister
        W": a titled person of no stated nationality listed right after one of a stated nationality
        shares it (a nationality stated for a group of the list is that group's, not the next one's)."""
        first = min((t.i for t in self.surface_title(head)), default=head.i)
        before = [c for c in head.conjuncts if c.i < first]  # not a title word parsed as a conjunct
        if not before:
            return None
        previous = max(before, key=lambda c: c.i)
        info = self.code(previous)
        if info is None or not info.person or not info.actor.country:
            return None
        origin = self.origin_token.get(previous.i)
        if origin is None or origin.i > previous.i or origin.i not in info.tokens or origin.dep_ == POBJ:
            return None  # the nationality must be the partner's own modifier ("Israeli prime minister X")
        return Term(kind="derived", country=info.actor.country)

    def _own_nationality(self, token: Token, info: PhraseInfo) -> bool:
        if token.i in self.known_people:
            return False  # "President Andrzej Duda ... Interior Minister X": a known leader is no foreigner
        origin = self.origin_token.get(token.i)
        direct = origin is not None and origin.head.i == token.i and origin.dep_ != PREP
        return bool(info.actor.name) or direct

    def most_named_country(self, start: int, end: int, leave_out: set[str | None]) -> str | None:
        named = [
            m.value.country
            for i, m in self.term_at.items()
            if start <= i < end and i == m.start and m.value.country and m.value.kind != "epithet"
        ]
        ranked = Counter(c for c in named if c not in leave_out).most_common(2)
        if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None  # two countries named as often: the text does not say which one is meant
        return ranked[0][0]

    def code(self, head: Token) -> PhraseInfo | None:
        name_head = self.name_head(head)
        if name_head != head.i:  # a word of a longer name ("al" of "al-Shabaab"): the name's phrase
            return self.code(self.doc[name_head])
        if head.i not in self.memo:
            self.memo[head.i] = None  # guards against cycles through appositions
            self.memo[head.i] = self._code(head)
        return self.memo[head.i]

    def _code(self, head: Token) -> PhraseInfo | None:
        own = own_tokens(head, self.text)
        if self.dated_title(head, own):
            return None
        own += [t for t in self.surface_title(head) if t not in own]
        own += [t for t in self.name_tokens(head) if t not in own]
        origin = self.origin(head, own)
        refers_back = origin is None and self.is_group_reference(head)
        sectors, role, head_is_role = self.sectors(head, own, origin)
        named = self.named_right_after(head)
        if named is not None:  # "the militant group al-Shabab": the name's code, not the description's
            origin, sectors = named, named.sectors
        elif origin is not None and origin.group and head_is_role and self.fights_for(head):
            sectors = origin.sectors  # "ISWAP fighters", "militants from JNIM": the group itself
        group = origin.group if origin is not None and origin.group and sectors == origin.sectors else None
        name = self.person_name(head, role, has_origin=origin is not None)
        # a thing owned by a known person is re-coded with them for its event's date
        known = origin.person if origin and head.i in self.possessed and not head_is_role else None
        if origin is None and name:
            origin = self.known_leader(name, head, titled=role is not None)
            if origin is not None:
                self.known_people.add(head.i)
            stated = self.appositive_title(head) if origin and not sectors else None
            if stated is not None:  # "Netanyahu, the opposition leader": the text's office wins
                sectors = stated
            elif origin:
                # The tables' code for the day, unless the text titles the person ("former President X")
                known = origin.person if not sectors else None
                sectors = sectors or origin.sectors
        if origin is None and name and role and self.rules.domestic_sectors & set(sectors):
            origin = self.listed_nationality(head) or self.country_in_play(head)
        if origin is None and not head_is_role and not name:
            origin = self.place_origin(head)
        if origin is None and head_is_role and not name:
            origin = self.shared_origin(head)
        local = self.head_kind(head) == "group" and set(sectors) <= self.rules.local_sectors
        if origin is None and head_is_role and local:
            origin = self.place_of_action(head)
        if origin is None and head_is_role and not name:
            self.note_acted_on(head)
        uncoded = self.head_kind(head) in NEEDS_ORIGIN or not sectors
        if head_is_role and origin is None and uncoded and not refers_back:
            return None
        if origin is None and not head_is_role and not name:
            return None
        tokens = self.phrase_tokens(head, own)
        actor = Actor(
            text=span_text(self.doc, self.text, tokens),
            start=self.doc[tokens[0]].idx,
            end=end_char(self.doc[tokens[-1]]),
            country=origin.country if origin else None,
            igo=origin.igo if origin else None,
            sectors=sectors,
            name=name,
            org=origin.org if origin and not (origin.country or origin.igo) else None,
            person=known,
            group=group,
        )
        plural = self.is_plural(head) or self.capitalised_plural(head, role)
        person = bool(name) or (role is not None and not plural)
        names_actor = head.i in self.term_at or head_is_role or bool(name) or origin_is_place(origin)
        return PhraseInfo(
            actor=actor,
            tokens=tuple(tokens),
            role=role,
            person=person,
            plural=plural,
            names_actor=names_actor,
            also=self.coordinated_origins(head, actor),
            refers_back=refers_back,
        )

    def shared_origin(self, head: Token) -> Term | None:
        """ "U.S. government and industry officials", "Iraqi troops and militiamen": a role listed after
        a body whose country a modifier states shares that country (the modifier is read over the
        list); a role with an adjective of its own ("foreign diplomats") is not in that reading."""
        if head.dep_ != CONJ or any(c.dep_ == AMOD for c in children_of(head)):
            return None
        first = min(head.conjuncts, key=lambda c: c.i)
        info = self.code(first) if first.i < head.i else None
        if info is None or info.person or not (info.actor.country or info.actor.igo):
            return None
        modifier = self.origin_token.get(first.i)
        if modifier is None or modifier.i > first.i or modifier.dep_ == POBJ:
            return None
        return Term(kind="derived", country=info.actor.country, igo=info.actor.igo)

    def dated_title(self, head: Token, own: list[Token]) -> bool:
        """ "on Sunday Presidents X and Y signed": the parser reads the weekday and the title as one
        phrase, but the title is the name's that follows, and the phrase is a time, no actor."""
        if self.head_kind(head) != "person" or head.i + 1 >= len(self.doc):
            return False
        dated = any(t.lower_ in self.rules.calendar_words for t in own if t.i < head.i)
        return dated and self.doc[head.i + 1].pos_ == POS_PROPN

    def coordinated_origins(self, head: Token, actor: Actor) -> tuple[Actor, ...]:
        """ "US and British activists": one more actor per coordinated country modifier."""
        modifier = self.origin_token.get(head.i)
        if modifier is None:
            return ()
        terms = (self.term_for(c) for c in modifier.conjuncts if c.i < head.i)
        return tuple(
            replace(actor, country=t.country, igo=t.igo, org=t.org)
            for t in terms
            if t and (t.country or t.igo or t.org)
        )

    def origin(self, head: Token, own: list[Token]) -> Term | None:
        """Where the phrase's country/IGO comes from: its own term, a modifier, a possessor or "of X"."""
        head_term = self.term_for(head)
        owner = self.igo_owner(head, own) if head_term and head_term.kind == "capital" else None
        if owner is not None:  # "the EC's Brussels Commission": the seat is no owner
            return owner
        if head_term and (head_term.country or head_term.igo):
            if head_term.kind in NATIONALITY_KINDS:
                return self.residence(head, own, head_term)
            return self.stated_nationality(head, own, head_term)
        found = self._modifier_origin(head, own)
        if found and found.kind in NATIONALITY_KINDS and found.country:
            found = self.residence(head, own, found)
        if head_term and found and not head_term.org:
            # "Egypt's Muslim Brotherhood": the group's sectors, the possessor's country (a transnational
            # organisation keeps its own: "Nigeria's ISWAP" is the Islamic State's)
            return replace(head_term, country=found.country, igo=found.igo, org=found.org)
        return head_term or found

    def _modifier_origin(self, head: Token, own: list[Token]) -> Term | None:
        head_match = self.term_at.get(head.i)
        for token in sorted(own, key=lambda t: -t.i):
            if token.i == head.i or (head_match and head_match.start <= token.i < head_match.end):
                continue
            term = self.term_for(token) or self.leader_modifier(token) or self.modifier_place(token, head)
            owner = self.igo_owner(head, own) if term and term.kind == "capital" else None
            if owner is not None:  # "the EC's Brussels Commission": the seat is no owner
                return owner
            if term and (term.country or term.igo or term.org or term.sectors):
                self.origin_token[head.i] = token
                return self.stated_nationality(token, own, term)
        for child in (c for t in own for c in children_of(t)):
            if child.dep_ == POSS or (child.dep_ == APPOS and not self.term_for(head)):
                found = self._coded_origin(child)
                if found:
                    if child.dep_ == POSS:
                        self.possessed.add(head.i)
                    return found
        return self._prep_origin(head, own)

    def igo_owner(self, head: Token, own: list[Token]) -> Term | None:
        """The international organisation a phrase's possessor names ("the EC's Brussels Commission",
        "NATO's Brussels headquarters"): a capital inside such a phrase is the body's seat."""
        for child in (c for t in own for c in children_of(t)):
            found = self._coded_origin(child) if child.dep_ == POSS else None
            if found is not None and found.igo:
                self.possessed.add(head.i)
                return found
        return None

    def stated_nationality(self, token: Token, own: list[Token], term: Term) -> Term:
        """ "Belarusian KGB officers", "the Cuban Communist Party": a nationality written before an
        institution's name says whose it is, over the country the table gives the name."""
        if term.kind not in INSTITUTION_KINDS or not term.country:
            return term
        for word in sorted(own, key=lambda t: t.i):
            if word.i >= token.i:
                break
            stated = self.term_for(word)
            if stated is not None and stated.kind == "adj" and stated.country:
                return replace(term, country=stated.country) if stated.country != term.country else term
        return term

    def residence(self, head: Token, own: list[Token], people: Term) -> Term:
        """Where a people named by nationality lives: "Bosnian Serbs" -> BIH, "the Albanians of southern
        Serbia" and "ethnic Albanians in Serbia" -> SRB; "ethnic Turks" with no place -> the other country
        the sentence names most. Otherwise the nationality's own country."""
        outer = self.outer_nationality(head, own, people)
        if outer is not None:
            return outer
        ethnic = any(t.lower_ in self.words.ethnic_words for t in own)
        is_people = self.is_people_word(head)
        if not (ethnic or is_people):
            return people
        preps = self.words.ethnic_residence_preps if ethnic else self.words.residence_preps
        place = self.place_of_residence(head, preps, people.country, ethnic)
        if place is None and ethnic:
            country = self.most_named_country(head.sent.start, head.sent.end, {people.country})
            place = Term(kind="derived", country=country) if country else None
        return replace(people, country=place.country, igo=None) if place else people

    def is_people_word(self, head: Token) -> bool:
        term = self.term_for(head)
        return term is not None and term.kind in ("people", "ethnic") and head.tag_ in PLURAL_TAGS

    def outer_nationality(self, head: Token, own: list[Token], people: Term) -> Term | None:
        """The leftmost nationality modifier, when it differs from the people's own ("Bosnian Serbs")."""
        for token in sorted(own, key=lambda t: t.i):
            term = self.term_for(token) if token.i != head.i else None
            if term is not None and term.kind in NATIONALITY_KINDS and term.country:
                return term if term.country != people.country else None
        return None

    def place_of_residence(
        self, head: Token, preps: frozenset[str], own_country: str | None, through_verbs: bool
    ) -> Term | None:
        """A country or region after "of"/"in", on the head or (for ethnic groups) a participle after it
        ("ethnic Albanian guerrillas operating in Macedonia")."""
        words = [head]
        if through_verbs:
            words += [c for c in children_of(head) if c.dep_ == ACL]
        for word in words:
            for obj in preposition_objects(word, preps):
                found = self._coded_origin(obj)
                if found and found.country and found.country != own_country:
                    return found
        return None

    def place_of_action(self, head: Token) -> Term | None:
        """ "Hundreds of people blocked streets in Hong Kong": a subject group of local people (civilians,
        protesters, students; not troops or officials, who may act abroad) takes the country where it acts."""
        if head.dep_ not in NOMINAL_SUBJECT_DEPS or not self.is_plural(head):
            return None
        verb = head.head
        words = [verb, *(c for c in children_of(verb) if c.dep_ == DOBJ)]  # "blocked a road in Baghdad"
        objects = [obj for w in words for obj in preposition_objects(w, self.words.action_preps)]
        for obj in objects:
            inner = [
                o for p in children_of(obj) if p.dep_ == PREP and p.lower_ == "in" for o in children_of(p)
            ]
            for place in (obj, *inner):
                found = self._coded_origin(place) if not self.agent_at.get(place.i) else None
                if found and found.country:
                    return Term(kind="place", country=found.country)
        return None

    def named_right_after(self, head: Token) -> Term | None:
        """The named organisation written right after a descriptive group or body word."""
        match = self.term_at.get(head.i + 1)
        if self.head_kind(head) not in ("group", "body") or match is None or match.start != head.i + 1:
            return None
        return match.value if match.value.kind in ("group", "ngo", "igo") else None

    def modifier_place(self, token: Token, head: Token) -> Term | None:
        """ "a Houston investment firm", "New York authorities": a town or state the gazetteer knows,
        written before a generic word, gives that word its country (not the article's or a listed one)."""
        if head.i not in self.agent_at:
            return None  # "a Florida highway" names no actor
        if token.dep_ != COMPOUND or token.pos_ != POS_PROPN or token.head.pos_ == POS_PROPN:
            return None
        if token.ent_type_ != ENT_GPE:
            return None  # a region ("Gulf money markets") may span countries
        place = self.scene.place_at(token)
        if place is None or place.is_country:
            return None
        return Term(kind="place", country=place.country)

    def leader_modifier(self, token: Token) -> Term | None:
        """ "the Bush administration": a known leader's surname as a modifier gives the country only."""
        if token.dep_ != COMPOUND or token.pos_ != POS_PROPN or not token.text[:1].isupper():
            return None
        if token.head.pos_ == POS_PROPN:
            return None  # "Xi Jinping": part of the head's own name
        leader = self.known_leader(token.text, token, titled=False)
        return Term(kind="derived", country=leader.country, igo=leader.igo) if leader else None

    def names_creed(self, doc: Doc, match: Match[Term]) -> bool:
        """A nationality word followed by a denomination names a rite, not its country: "a Greek
        Orthodox church", "Armenian Apostolic" (no country term)."""
        after = match.end
        return (
            match.value.kind in NATIONALITY_KINDS
            and after < len(doc)
            and doc[after].lower_ in self.words.denominations
        )

    def _coded_origin(self, token: Token) -> Term | None:
        """The country/organisation of another phrase; its sectors go along for role heads to adopt
        ("leaders of Egypt's Muslim Brotherhood" -> EGYOPPMUS)."""
        info = self.code(token)
        if info is None:
            return None
        actor = info.actor
        if actor.country or actor.igo or actor.org:
            return Term(
                kind="derived",
                country=actor.country,
                igo=actor.igo,
                org=actor.org,
                sectors=actor.sectors,
                person=actor.person,
                group=actor.group,
            )
        return None

    def _prep_origin(self, head: Token, own: list[Token]) -> Term | None:
        """ "the government of Iran", "King Hassan of Morocco", "ministers from the Georgian government";
        for groups and bodies also "rebels in Ivory Coast"; for documents "a report released in Kigali"."""
        kind = self.phrase_kind(head, own)
        if kind is None or any(c.dep_ == POSS and c.pos_ == POS_PRON for c in children_of(head)):
            return None  # "their embassies in Nairobi": the possessor owns them, the place only hosts them
        heads = [head]
        if kind == "document":
            heads += [c for c in children_of(head) if c.dep_ == ACL and c.tag_ == TAG_PARTICIPLE]
        elif kind in ("group", "body"):  # "a terror group based in Trinidad"
            seat_verbs = self.words.seat_verbs
            heads += [c for c in children_of(head) if c.dep_ == ACL and c.lemma_.lower() in seat_verbs]
        for word in heads:
            preps = self.rules.origin_preps[kind] if word is head else self.words.document_preps
            for prep in children_of(word):
                if prep.dep_ not in PARTICIPLE_TARGET_DEPS or prep.lower_ not in preps:
                    continue
                for obj in children_of(prep):
                    found = self._coded_origin(obj) if obj.dep_ == POBJ else None
                    if found:
                        self.origin_prep[head.i] = prep
                        return found
        return None

    def name_head(self, token: Token) -> int:
        """The token that stands for a multi-word dictionary name ("al", "-", "Shabaab"): the one whose
        syntactic head is outside the name, the last such one when the parse splits the name."""
        match = self.term_at.get(token.i)
        if match is None or match.end - match.start == 1:
            return token.i
        span = range(match.start, match.end)
        outside = [i for i in span if self.doc[i].head.i not in span]
        return outside[-1] if outside else match.end - 1

    def name_tokens(self, head: Token) -> list[Token]:
        match = self.term_at.get(head.i)
        return [] if match is None else list(self.doc[match.start : match.end])

    def is_group_reference(self, head: Token) -> bool:
        """ "the group", "the militants": a definite group noun with no modifier of its own."""
        if head.lower_ not in self.words.group_nouns or head.pos_ == POS_PROPN:
            return False
        children = list(children_of(head))
        definite = any(c.dep_ == DET and c.lower_ in self.words.definite_articles for c in children)
        described = any((c.i < head.i and c.dep_ != DET) or c.dep_ == PREP for c in children)
        return definite and not described  # "the group of lenders" is described, not referred to

    def fights_for(self, head: Token) -> bool:
        """Whether a role word names members of a named group ("fighters", "militants", "members",
        "commander"): no sector of its own, a default one, or only armed ones. "Hamas police" stay police."""
        match = self.agent_at.get(head.i)
        if match is None:
            return False
        agent = match.value
        return agent.default_only or set(agent.sectors) <= self.rules.armed_sectors

    def phrase_kind(self, head: Token, own: list[Token]) -> AgentKind | None:
        """The kind of role the phrase names: its head's, or "person" for a titled name ("King Hassan")."""
        kind = self.head_kind(head)
        if kind is not None:
            return kind
        if head.pos_ == POS_PROPN and head.i not in self.term_at:
            titles = (self.agent_at.get(t.i) for t in own if t.i != head.i)
            if any(m is not None and m.value.kind == "person" for m in titles):
                return "person"
        return None

    def head_kind(self, head: Token) -> AgentKind | None:
        match = self.agent_at.get(head.i)
        return match.value.kind if match is not None and self.heads_match(head, match) else None

    def governs_place(self, word: Token) -> bool:
        """Whether a preposition's head makes its place object a possible actor: a verb or a role word."""
        return word.pos_ in VERB_POS or word.i in self.agent_at

    def heads_match(self, token: Token, match: Match) -> bool:
        """Whether `token` heads a multi-word role ("Secretary" in "Secretary of State", not "State")."""
        return not (match.start <= token.head.i < match.end) or token.head.i == token.i

    def place_origin(self, head: Token) -> Term | None:
        """A city or region standing as an actor ("meet in Zurich" -> CHE): the place the scene reads
        there (the gazetteer's one disambiguation policy, in the article's context)."""
        if head.ent_type_ not in REGION_ENTITIES or head.dep_ not in ACTOR_ROLE_DEPS or head.is_lower:
            return None
        if head.dep_ == POBJ and not self.governs_place(head.head.head):
            return None  # "a driver from Albuquerque" names no actor; "meet in Zurich" may
        place = self.scene.place_at(head)
        if place is None or any(t in self.term_at for t in range(place.start, place.end)):
            return None
        return Term(kind="place", country=place.country)

    def term_for(self, token: Token) -> Term | None:
        match = self.term_at.get(token.i)
        if match is None:
            return None
        term = match.value
        return self.settle_epithet(term) if term.kind == "epithet" else term

    def settle_epithet(self, term: Term) -> Term | None:
        for country in term.candidates:
            if not term.needs_mention or country in self.article_countries:
                return replace(term, country=country)
        return None

    def sectors(
        self, head: Token, own: list[Token], origin: Term | None
    ) -> tuple[tuple[str, ...], str | None, bool]:
        """The phrase's sectors, its person role word (if any), and whether the head is a role word."""
        found: list[str] = list(origin.sectors) if origin and origin.kind != "derived" else []
        # A role word of an organisation takes the organisation's sectors when it has none of its own.
        defaults: list[str] = list(origin.sectors) if origin and origin.kind == "derived" else []
        agent_defaults: list[str] = []
        role, seen = None, set()
        for token in sorted(own, key=lambda t: t.i):
            match = self.agent_at.get(token.i)
            if match is None or match.start in seen:
                continue
            seen.add(match.start)
            agent: Agent = match.value
            (agent_defaults if agent.default_only else found).extend(agent.sectors)
            if agent.kind == "person":
                role = agent.role
        head_is_role = self.head_kind(head) is not None
        # A role word adopts its organisation's sectors; so does a thing owned by an actor ("Starmer's
        # decision", "the Trump administration's cuts": what the event is about is the owner).
        adopts = head_is_role or (head.i in self.possessed and head.pos_ != POS_PROPN)
        sectors = found or (defaults if adopts else []) or agent_defaults
        former = self.rules.former_sectors
        if role and former.keys() & set(sectors) and self.is_former(own):
            sectors = [former.get(s, s) for s in sectors]
        return tuple(dict.fromkeys(sectors)), role, head_is_role

    def is_former(self, own: list[Token]) -> bool:
        """ "former President X", "ex-minister": the words in the phrase or right before it."""
        first = min(t.i for t in own)
        before = [self.doc[i] for i in range(max(first - 2, 0), first) if self.doc[i].text != "-"]
        return any(t.lower_ in self.words.former_words for t in [*own, *before[-1:]])

    def person_name(self, head: Token, role: str | None, has_origin: bool) -> str | None:
        """The name of a titled or known person: the run of proper nouns ending at the head.

        A bare proper noun with no title ("Jagarian", which NER may call NORP) is kept as a name only
        when nothing else codes the phrase: coreference then looks it up among earlier titled people.
        """
        capitalised = head.text[:1].isupper() or self.people.is_known_name(head.text)  # "President obama"
        if self.misread_name(head):  # "Morales, who ...": a name the tagger took for a noun
            return head.text
        if head.pos_ != POS_PROPN or not capitalised or not self._is_name_part(head):
            return self._appositive_name(head)
        name = self.text[self.name_run(head)[0].idx : end_char(head)]
        if role or head.ent_type_ == ENT_PERSON or self.known_leader(name, head, titled=False):
            return name
        if has_origin or head.ent_type_ in NOT_PERSON_ENTITIES:
            return None
        return name

    def known_leader(self, name: str, head: Token, titled: bool) -> Term | None:
        """A known person's code on the article's day, by full name or alias; by surname alone only
        when the name is nothing but a surname (or follows a title, or comes with the person's own
        first name: "Mahmud Abbas", not the port of "Bandar Abbas"). A surname of someone the article
        names in full takes the code of that mention ("Foreign Minister Mohammad Javad Zarif ... Zarif")."""
        person = self.known_person(name, head, titled)
        if person is None:
            return None
        full = self._name_heads.get(fold_name(person.name))
        if full is not None and full != head.i:
            info = self.code(self.doc[full])
            # the full mention's code came from its title ("UN Secretary-General Kofi Annan"), not the tables
            titled = info is not None and info.actor.person is None and bool(info.actor.sectors)
            actor = info.actor if info is not None and titled else None
            if actor is not None and (actor.country or actor.igo or actor.org):
                return Term(
                    kind="leader",
                    country=actor.country,
                    igo=actor.igo,
                    org=actor.org,
                    sectors=actor.sectors,
                    person=actor.person,
                )
        standing = person.standing(self.day, self.people.former)
        return Term(
            kind="leader",
            country=standing.country,
            igo=standing.igo,
            org=standing.org,
            sectors=standing.sectors,
            person=person.name,
        )

    def known_person(self, name: str, head: Token, titled: bool) -> Person | None:
        if not self.people:
            return None
        context = self.name_context()
        person = self.people.by_full_name(name, self.day, context)
        if person is not None:
            return person
        words = fold_name(name).split()
        if not words or head.ent_type_ in NOT_PLACE_OR_PERSON:
            return None  # "in May": a date, not a surname
        whole = self.people.by_surname(name, self.day, context)  # "Assad", "al-Assad", "Suu Kyi"
        if head.ent_type_ in NOT_PERSON_ENTITIES and whole is not None and not whole.surname_alone:
            return None  # "Sabah state": a place; NER's place for a famous surname ("Erdogan") is its slip
        if whole is not None or len(words) == 1:
            return whole
        last = self.people.by_surname(words[-1], self.day, context)
        if last is not None and (titled or fold_name(last.name).split()[0] == words[0]):
            return last
        return None

    def name_context(self) -> NameContext:
        """The countries and the people of the tables the article names, and the surnames of other
        people it names in full: what a bare surname is read against."""
        if self._name_context is None:
            countries: set[str] = {
                code
                for m in self.term_at.values()
                if m.value.kind != "epithet" and (code := m.value.country or m.value.igo)
            }
            others: set[str] = set()
            for head, text, is_person in self._full_names():
                person = self.people.by_full_name(text, self.day, NameContext(frozenset(countries)))
                if person is not None:
                    self._name_heads.setdefault(fold_name(person.name), head)
                    countries |= person.countries
                elif is_person:
                    words = fold_name(text).split()
                    others |= {words[0], words[-1]}
            named = frozenset(self._name_heads)
            self._name_context = NameContext(frozenset(countries), named, frozenset(others) - named)
        return self._name_context

    def _full_names(self) -> list[tuple[int, str, bool]]:
        """Names of two words or more: (last token, text, whether NER calls it a person), from NER's
        person names and from runs of proper nouns."""
        found = [
            (ent.end - 1, ent.text.removesuffix("'s").removesuffix("’s"), True)
            for ent in self.ents
            if ent.label_ == ENT_PERSON and len(ent) > 1
        ]
        tokens = tokens_of(self.doc)
        for token in tokens:
            if token.pos_ != POS_PROPN:
                continue
            ends_run = token.i + 1 == len(tokens) or not self._is_name_part(tokens[token.i + 1])
            if ends_run and self._is_name_part(token):
                run = self.name_run(token)
                if len(run) > 1:
                    found.append((token.i, self.text[run[0].idx : end_char(token)], False))
        return found

    def appositive_title(self, head: Token) -> tuple[str, ...] | None:
        """The sectors of a title set beside a name ("Medvedev, the deputy chairman of Russia's Security
        Council"; "Netanyahu, the opposition leader"): what the text says the person is."""
        for child in children_of(head):
            if child.dep_ != APPOS or self.head_kind(child) != "person":
                continue
            info = self.code(child)
            if info is not None and info.actor.sectors:
                return info.actor.sectors
        return None

    def misread_name(self, head: Token) -> bool:
        """A sentence's first word, the subject, tagged as a common noun but a known person's name
        ("Morales, who has been barred ..."): the tagger's guess at sentence start."""
        return bool(
            head.is_sent_start
            and head.pos_ in NOUN_POS
            and head.pos_ != POS_PROPN
            and head.text[:1].isupper()
            and head.dep_ in NOMINAL_SUBJECT_DEPS
            and head.i not in self.term_at
            and head.i not in self.agent_at
            and self.known_leader(head.text, head, titled=False) is not None
        )

    def name_run(self, head: Token) -> list[Token]:
        """The proper-noun words running up to `head` in the text ("Bashar al-Assad")."""
        tokens = tokens_of(self.doc)
        start = head.i
        while start > 0 and self._is_name_part(tokens[start - 1]) and not self._line_break(start - 1, start):
            start -= 1
        person = entity_span(head) if head.ent_type_ == ENT_PERSON else None
        if person is not None:  # NER knows where the name starts ("Energy Jeffrey Kupfer")
            start = max(start, person.start)
        while start < head.i and not tokens[start].text[:1].isupper():
            start += 1
        return list(tokens[start : head.i + 1])

    def surface_title(self, head: Token) -> list[Token]:
        """Title words written right before a person's name ("Syrian President"), whatever the parse says."""
        if head.pos_ != POS_PROPN or not self._is_name_part(head):
            return []
        run = self.name_run(head)
        i, title = run[0].i - 1, []
        while i >= 0 and (i in self.agent_at or i in self.term_at) and not self._line_break(i, i + 1):
            match = self.agent_at.get(i) or self.term_at[i]
            if match.start > 0 and self.doc[match.start - 1].lower_ in self.words.title_breaking_preps:
                break  # "Ambassador to Iran X": the country after "to" is not the person's
            title += list(self.doc[match.start : i + 1])
            i = match.start - 1
        return run + title

    def _line_break(self, left: int, right: int) -> bool:
        tokens = tokens_of(self.doc)
        return "\n" in self.text[tokens[left].idx : tokens[right].idx]

    def _is_name_part(self, token: Token) -> bool:
        if token.i in self.term_at or token.i in self.agent_at:
            return False
        return token.pos_ == POS_PROPN or token.lower_ in self.words.name_particles

    def _appositive_name(self, head: Token) -> str | None:
        # "The US commander in Iraq, General David Petraeus": the title phrase takes the name.
        if head.i not in self.agent_at:
            return None
        for child in children_of(head):
            if child.dep_ == APPOS and child.pos_ == POS_PROPN and child.ent_type_ == ENT_PERSON:
                return self.text[self.name_run(child)[0].idx : end_char(child)]
        return None

    def phrase_tokens(self, head: Token, own: list[Token]) -> list[int]:
        indices = {t.i for t in own} | {head.i}
        for child in children_of(head):
            if child.dep_ == POSS:
                indices |= {t.i for t in child.subtree}
        if head.i in self.origin_prep:
            indices |= {t.i for t in self.origin_prep[head.i].subtree}
        while len(indices) > 1 and self.doc[min(indices)].dep_ in EDGE_DEPS:
            indices.discard(min(indices))
        return sorted(indices)

    def capitalised_plural(self, head: Token, role: str | None) -> bool:
        """ "the Prime Ministers of Belgium and Spain": a plural role word written in capitals, which
        the tagger reads as a singular proper noun."""
        if role is None or head.tag_ in PLURAL_TAGS:
            return False
        word = role.split()[-1]
        return head.lower_ != word and head.lower_ in set(self.rules.plural_forms(word))

    def is_plural(self, head: Token) -> bool:
        term = self.term_for(head)
        return head.tag_ in PLURAL_TAGS or bool(term and term.kind == "people")


def home_country(gazetteer: Gazetteer, name: str) -> str | None:
    """The country of the most populous division or town a name stands for as its own name."""
    places = [c.place for c in gazetteer.notable(name) if c.primary and c.place.feature in ("admin1", "city")]
    best = max(places, key=lambda place: place.population, default=None)
    return best.country if best is not None else None


def origin_is_place(origin: Term | None) -> bool:
    return origin is not None and origin.kind == "place"


def own_tokens(head: Token, text: str) -> list[Token]:
    """The head and its modifier words, following compound/amod/nmod chains (not possessors or preps)."""
    found, stack = [head], [head]
    while stack:
        for child in children_of(stack.pop()):
            if child.dep_ in OWN_DEPS and child.i < head.i and "\n" not in text[child.idx : head.idx]:
                found.append(child)
                stack.append(child)
    return found


def index_matches(matches: Iterable[Match[V]]) -> dict[int, Match[V]]:
    return {i: m for m in matches for i in range(m.start, m.end)}


def end_char(token: Token) -> int:
    return token.idx + len(token.text)


def span_text(doc: Doc, text: str, tokens: list[int]) -> str:
    return text[doc[tokens[0]].idx : end_char(doc[tokens[-1]])]
