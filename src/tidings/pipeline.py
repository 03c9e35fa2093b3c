"""The whole coding job for one article: parse, actors, events, quotes, dates, places, tone.

`Tidings` holds the loaded stages; `Tidings.code` turns articles into `CodedArticle`s, in input
order, in this process or in worker processes that each load the stages once.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from . import nlp as nlp_stage
from .actors import ActorCoder, load_actor_coder
from .enrich.dates import date_events
from .enrich.geo import Gazetteer, find_places, load_gazetteer, locate_events
from .enrich.quotes import find_quotes
from .enrich.tone import article_tone, tone_events
from .events import EventCoder, load_event_coder
from .records import Article, CodedArticle


@dataclass(frozen=True)
class Tidings:
    """The loaded pipeline: spaCy plus the coders. Build it with `Tidings.load()`."""

    nlp: Language
    actor_coder: ActorCoder
    event_coder: EventCoder
    gazetteer: Gazetteer
    model: str

    @classmethod
    def load(cls, model: str | None = None) -> Tidings:
        name = nlp_stage.pipeline_name(model)
        return cls(
            nlp=nlp_stage.load_pipeline(name),
            actor_coder=load_actor_coder(),
            event_coder=load_event_coder(),
            gazetteer=load_gazetteer(),
            model=name,
        )

    def code_doc(self, article: Article, doc: Doc) -> CodedArticle:
        """Everything tidings finds in one parsed article."""
        actors = self.actor_coder.resolve(doc)
        events = self.event_coder.code_doc(doc, article, actors)
        quotes = find_quotes(doc, article, actors)
        countries = {a.country for a in actors.mentions if a.country}
        places = find_places(doc, article, self.gazetteer, countries)
        events = date_events(events, doc, article)
        events = locate_events(events, doc, places)
        events = tone_events(events)
        return CodedArticle(
            article=article,
            sentences=nlp_stage.sentences_of(doc),
            events=tuple(events),
            quotes=tuple(quotes),
            places=tuple(places),
            tone=article_tone(article),
            actors=tuple(actors.mentions),
        )

    def code(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = nlp_stage.DEFAULT_BATCH_SIZE,
        workers: int = 1,
    ) -> Iterator[CodedArticle]:
        """Code articles in input order; with workers > 1, in that many worker processes."""
        if workers > 1:
            yield from _code_in_workers(self.model, articles, batch_size, workers)
            return
        for article, doc in nlp_stage.parse_articles(self.nlp, articles, batch_size=batch_size):
            yield self.code_doc(article, doc)


def code_articles(
    articles: Iterable[Article], *, model: str | None = None, **options
) -> Iterator[CodedArticle]:
    """Convenience for notebooks: load the pipeline and code `articles`."""
    return Tidings.load(model).code(articles, **options)


_worker_tidings: Tidings | None = None


def _init_worker(model: str) -> None:
    global _worker_tidings  # one pipeline per worker process, loaded once
    _worker_tidings = Tidings.load(model)


def _code_chunk(chunk: list[Article]) -> list[CodedArticle]:
    assert _worker_tidings is not None
    return list(_worker_tidings.code(chunk, batch_size=len(chunk) or 1))


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _code_in_workers(
    model: str, articles: Iterable[Article], batch_size: int, workers: int
) -> Iterator[CodedArticle]:
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(model,)) as pool:
        # imap keeps input order, so results are identical to a single-process run.
        for coded in pool.imap(_code_chunk, _chunks(articles, batch_size)):
            yield from coded
