"""The actors of an article: every coded mention, and the actor(s) behind each noun phrase.

`ActorCoder.resolve(doc, day)` makes one pass over an article: it finds dictionary terms and sector words,
codes every noun phrase from its head and left modifiers (`phrases`), then resolves references
(pronouns, "the minister", "the two countries", surnames of titled people) with `coref`. Generic
actors still without a country ("police", "gunmen", "villagers") then take the country of the place
their sentence is about, else the article's (`scene`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from ...lang import Language, Words
from ...nlp.parse import children_of
from ...nlp.syntax import DETERMINER_DEPS, PLURAL_TAGS, POSS, lemma
from ...ontology import EventOntology
from ...places.gazetteer import Gazetteer
from ...records import Actor
from .coref import PeopleResolver, Referent, resolve_references
from .dictionary import ActorDictionary
from .phrases import PhraseCoder, PhraseInfo, PhraseRules
from .scene import EMPTY_SCENE, Scene

# The sector of a government's office holders ("ministers"), as against "opposition leaders".
GOVERNMENT = "GOV"


@dataclass(frozen=True)
class ArticleActors:
    """Every coded actor mention of an article, and the actor(s) behind each phrase head."""

    mentions: tuple[Actor, ...]
    by_token: dict[int, tuple[Actor, ...]] = field(default_factory=dict, repr=False)
    countries: frozenset[str] = frozenset()  # the countries the article's dictionary terms name
    scene: Scene = EMPTY_SCENE  # where the article's sentences happen
    # whom pronouns and "the senator" stand for, coded or not (token index -> Referent)
    referents: dict[int, Referent] = field(default_factory=dict, repr=False)

    def actors_for(self, token: Token) -> tuple[Actor, ...]:
        """The actor(s) the noun phrase headed by `token` refers to; () when it is no actor."""
        return self.by_token.get(token.i, ())

    def actor_at(self, start: int, end: int) -> Actor | None:
        """The first mention overlapping the character span [start, end), if any."""
        for actor in self.mentions:
            if actor.start < end and start < actor.end:
                return actor
        return None


class ActorCoder:
    """The actor stage: codes the actors of a parsed article with one dictionary, gazetteer and language."""

    def __init__(
        self, dictionary: ActorDictionary, gazetteer: Gazetteer, language: Language, ontology: EventOntology
    ) -> None:
        self.dictionary = dictionary
        self.language = language
        self.rules = PhraseRules(dictionary, gazetteer, language, ontology)
        self.people = PeopleResolver(language, dictionary.person_titles)

    def resolve(self, doc: Doc, day: dt.date | None = None) -> ArticleActors:
        """The actors of a parsed article; known people are coded by where they stood on `day` (the
        article's date; None: as of the tables' latest knowledge)."""
        coder = PhraseCoder(doc, self.rules, day)
        phrases = coder.code_all()
        scene = coder.scene
        by_token = resolve_references(doc, phrases, self.language.words, self.rules.armed_sectors)
        for word, head in coder.name_words().items():  # "al" of "al-Shabaab" stands for the name too
            if head in by_token:
                by_token.setdefault(word, by_token[head])
        by_token = {
            i: tuple(
                placed(actor, doc[i], scene, self.language.words, coder.acted_on.get(i, frozenset()))
                for actor in actors
            )
            for i, actors in by_token.items()
        }
        return ArticleActors(
            mentions=maximal_mentions(phrases, by_token),
            by_token=by_token,
            countries=frozenset(coder.article_countries),
            scene=scene,
            referents=self.people.resolve(doc, phrases),
        )


def refers_back(token: Token, words: Words | None) -> bool:
    """ "the two leaders": a pair named before ("two police officers" are not)."""
    if words is None:
        return False
    before = {c.lower_ for c in children_of(token) if c.dep_ in DETERMINER_DEPS}
    return bool(before & words.pair_counts) and bool(before & words.definite_articles)


def placed(
    actor: Actor,
    token: Token,
    scene: Scene,
    words: Words | None = None,
    acted_on: frozenset[str] = frozenset(),
) -> Actor:
    """A generic actor with no country of its own ("police", "gunmen", "a village chief") takes the
    country of the place its sentence is about, else the article's; a named person only the place's
    ("activist Sonam Wangchuk began a hunger strike in Leh"): another person's nationality is not his,
    nor a country the person acts on (`acted_on`: "President X mediated between Japan and Russia"); a
    generic actor acting on the sentence's place takes the article's country instead, where that is
    another."""
    if not actor.sectors or actor.country or actor.igo or actor.org:
        return actor
    if refers_back(token, words):
        return actor  # "the two leaders", "both sides": people named before, not people of the place
    if GOVERNMENT in actor.sectors and is_gathering(token, words):
        return actor  # "the foreign ministers agreed": office holders of several states, not the place's
    if actor.name:
        country = scene.sentences.get(token.sent.start)
        return replace(actor, country=country) if country and country not in acted_on else actor
    country = scene.country_at(token)
    if country in acted_on and scene.article and scene.article not in acted_on:
        country = scene.article  # the sentence's place is what the actor acts on: the article's country
    return replace(actor, country=country) if country else actor


def is_gathering(token: Token, words: Words | None) -> bool:
    """ "Ministers resumed talks", "the leaders met": office holders named in the plural with no country
    of their own are in the news a meeting of several states' (EC farm ministers, G7 leaders), not
    officials of the place the article is about."""
    if words is None or token.tag_ not in PLURAL_TAGS or lemma(token) not in words.gathering_titles:
        return False
    # "leaders of his party", "its ministers": whose they are is said, if not as a country
    owned = (c for c in children_of(token) if c.dep_ == POSS or c.lower_ in words.origin_preps_person)
    return next(owned, None) is None


def maximal_mentions(
    phrases: dict[int, PhraseInfo], by_token: dict[int, tuple[Actor, ...]]
) -> tuple[Actor, ...]:
    """One mention per outermost actor phrase: "Russia's Kommersant daily" gives RUSMED, not also RUS."""
    naming = {head: info for head, info in phrases.items() if info.names_actor}
    covered = {i for head, info in naming.items() for i in info.tokens if i != head}
    found = {
        (a.start, a.end, a.code): a
        for i, actors in by_token.items()
        if i not in covered and (i in naming or i not in phrases)
        for a in actors
    }
    return tuple(sorted(found.values(), key=lambda a: (a.start, a.end)))
