"""The actors of an article: every coded mention, and the actor(s) behind each noun phrase.

`ActorCoder.resolve(doc)` makes one pass over an article: it finds dictionary terms and sector words,
codes every noun phrase from its head and left modifiers (`phrases`), then resolves references
(pronouns, "the minister", "the two countries", surnames of titled people) with `coref`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ...lang import Language
from ...ontology import EventOntology
from ...places.gazetteer import Gazetteer
from ...records import Actor
from .coref import PeopleResolver, Referent, resolve_references
from .dictionary import ActorDictionary
from .phrases import PhraseCoder, PhraseInfo, PhraseRules


@dataclass(frozen=True)
class ArticleActors:
    """Every coded actor mention of an article, and the actor(s) behind each phrase head."""

    mentions: tuple[Actor, ...]
    by_token: dict[int, tuple[Actor, ...]] = field(default_factory=dict, repr=False)
    countries: frozenset[str] = frozenset()  # the countries the article's dictionary terms name
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

    def resolve(self, doc: Doc) -> ArticleActors:
        coder = PhraseCoder(doc, self.rules)
        phrases = coder.code_all()
        by_token = resolve_references(doc, phrases, self.language.words)
        return ArticleActors(
            mentions=maximal_mentions(phrases, by_token),
            by_token=by_token,
            countries=frozenset(coder.article_countries),
            referents=self.people.resolve(doc, phrases),
        )


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
