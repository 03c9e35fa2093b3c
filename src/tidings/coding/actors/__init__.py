"""Actors: the dictionary (tables + matching), phrase coding, coreference, and the article's mentions."""

from __future__ import annotations

from .dictionary import ActorDictionary, Agent, Term, load_actor_dictionary
from .mentions import ActorCoder, ArticleActors
from .phrases import PhraseInfo

__all__ = [
    "ActorCoder",
    "ActorDictionary",
    "Agent",
    "ArticleActors",
    "PhraseInfo",
    "Term",
    "load_actor_dictionary",
]
