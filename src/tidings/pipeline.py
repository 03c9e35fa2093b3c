"""The whole coding job for one article: parse, actors, events, quotes, dates, places, tone.

`Tidings` holds the loaded stages; `Tidings.code` turns articles into `CodedArticle`s, in input
order, in this process or in worker processes that each load the stages once.

With the prefilter on (the default), sentences that cannot hold an event or a quote are blanked before
parsing (see `prefilter`); the coded sentences still list every sentence of the article.
"""

from __future__ import annotations

import multiprocessing
import os
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cached_property
from itertools import chain, islice

from spacy.language import Language
from spacy.tokens import Doc

from . import nlp as nlp_stage
from .actors import ActorCoder, load_actor_coder
from .enrich.dates import date_events
from .enrich.geo import Gazetteer, find_places, load_gazetteer, locate_events
from .enrich.quotes import find_quotes
from .enrich.tone import article_tone, tone_events
from .events import EventCoder, load_event_coder
from .prefilter import Prefilter, SentenceSpan, load_prefilter
from .records import Article, CodedArticle, Event, Sentence

# Chunks handed to worker processes but not yet collected, per worker: enough to keep every worker
# busy while the main process writes, few enough to keep memory flat on a corpus of any size.
IN_FLIGHT_PER_WORKER = 2
# spaCy batch inside a worker: the parser's memory grows with the tokens of a batch, its speed hardly
# at all beyond a few documents.
WORKER_PARSE_BATCH = 4


def default_workers() -> int:
    """All cores."""
    return os.cpu_count() or 1


class Tidings:
    """The pipeline: spaCy plus the coders. Build it with `Tidings.load()`. Each stage loads once, on
    first use, so a process that only hands articles to worker processes never loads any."""

    def __init__(self, model: str, use_prefilter: bool = True) -> None:
        self.model = model
        self.use_prefilter = use_prefilter

    @classmethod
    def load(cls, model: str | None = None, *, prefilter: bool = True, lazy: bool = False) -> Tidings:
        """The pipeline for `model`; every stage loaded now, or with `lazy` when first used (the model
        is checked to be installed either way). `prefilter=False` parses every sentence."""
        name = nlp_stage.pipeline_name(model)
        tidings = cls(name, prefilter)
        if lazy:
            nlp_stage.require_pipeline(name)
        else:
            tidings.load_stages()
        return tidings

    def load_stages(self) -> None:
        """Load every stage now rather than on first use."""
        _ = (self.nlp, self.actor_coder, self.event_coder, self.gazetteer, self.prefilter)

    @cached_property
    def nlp(self) -> Language:
        return nlp_stage.load_pipeline(self.model)

    @cached_property
    def actor_coder(self) -> ActorCoder:
        return load_actor_coder()

    @cached_property
    def event_coder(self) -> EventCoder:
        return load_event_coder()

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return load_gazetteer()

    @cached_property
    def prefilter(self) -> Prefilter | None:
        return load_prefilter(self.nlp) if self.use_prefilter else None

    def code_doc(
        self, article: Article, doc: Doc, spans: Sequence[SentenceSpan] | None = None
    ) -> CodedArticle:
        """Everything tidings finds in one parsed article; `spans` are the prefilter's sentences when
        `doc` parsed a masked text."""
        actors = self.actor_coder.resolve(doc)
        events = self.event_coder.code_doc(doc, article, actors)
        quotes = find_quotes(doc, article, actors)
        countries = {a.country for a in actors.mentions if a.country}
        places = find_places(doc, article, self.gazetteer, countries)
        events = date_events(events, doc, article)
        events = locate_events(events, doc, places)
        events = tone_events(events)
        sentences = nlp_stage.sentences_of(doc)
        if spans is not None and not all(span.keep for span in spans):
            sentences = article_sentences(article.text, doc, spans)
            events = [event_in(sentences, e) for e in events]
            quotes = [replace(q, sentence_index=sentence_at(sentences, q.start)) for q in quotes]
        return CodedArticle(
            article=article,
            sentences=sentences,
            events=tuple(events),
            quotes=tuple(quotes),
            places=tuple(places),
            tone=article_tone(article),
            actors=tuple(actors.mentions),
        )

    def parse(
        self, articles: Iterable[Article], batch_size: int = nlp_stage.DEFAULT_BATCH_SIZE
    ) -> Iterator[tuple[Article, Doc, list[SentenceSpan] | None]]:
        """Each article with its parse (of the masked text when the prefilter is on) and its sentences."""
        if self.prefilter is None:
            for article, doc in nlp_stage.parse_articles(self.nlp, articles, batch_size=batch_size):
                yield article, doc, None
            return
        masked = ((self.prefilter.mask(article.text), article) for article in articles)
        pairs = ((text, (article, spans)) for (text, spans), article in masked)
        for doc, (article, spans) in nlp_stage.parse_texts(self.nlp, pairs, batch_size=batch_size):
            yield article, doc, spans

    def code(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = nlp_stage.DEFAULT_BATCH_SIZE,
        workers: int = 1,
    ) -> Iterator[CodedArticle]:
        """Code articles in input order; with workers > 1, in that many worker processes (unless the
        input fits in one batch: starting workers would then cost more than it saves)."""
        iterator = iter(articles)
        first = list(islice(iterator, batch_size))
        if workers > 1 and len(first) == batch_size:
            rest = chain(first, iterator)
            yield from _code_in_workers(self.model, self.use_prefilter, rest, batch_size, workers)
            return
        for article, doc, spans in self.parse(chain(first, iterator), batch_size):
            yield self.code_doc(article, doc, spans)


def code_articles(
    articles: Iterable[Article], *, model: str | None = None, **options
) -> Iterator[CodedArticle]:
    """Convenience for notebooks: load the pipeline and code `articles`."""
    return Tidings.load(model).code(articles, **options)


# ---------------------------------------------------------------- sentences of a masked parse


def article_sentences(text: str, doc: Doc, spans: Sequence[SentenceSpan]) -> tuple[Sentence, ...]:
    """Every sentence of the article: the parser's sentences where it read the text, the prefilter's
    sentences where it was masked. Offsets index `text`; whitespace is trimmed."""
    masked = [(span.start, span.end) for span in spans if not span.keep]
    masked_starts = [start for start, _ in masked]

    def inside_masked(char: int) -> bool:
        i = bisect_right(masked_starts, char) - 1
        return i >= 0 and masked[i][0] < char < masked[i][1]

    cuts = {0, len(text)} | {c for pair in masked for c in pair}
    cuts |= {sent.start_char for sent in doc.sents if not inside_masked(sent.start_char)}
    ordered = sorted(cuts)
    out: list[Sentence] = []
    for start, end in zip(ordered, ordered[1:], strict=False):
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            first = start + len(piece) - len(piece.lstrip())
            out.append(Sentence(index=len(out), start=first, end=first + len(stripped), text=stripped))
    return tuple(out)


def sentence_at(sentences: Sequence[Sentence], char: int) -> int:
    """Index of the sentence holding character `char` (the one before it when `char` is between two)."""
    starts = [s.start for s in sentences]
    return max(bisect_right(starts, char) - 1, 0)


def event_in(sentences: Sequence[Sentence], event: Event) -> Event:
    """The event with its sentence fields taken from the article's sentence list, found by its verb."""
    if not sentences:
        return event
    sentence = sentences[sentence_at(sentences, event.verb_start)]
    return replace(
        event, sentence_index=sentence.index, sentence=sentence.text, start=sentence.start, end=sentence.end
    )


# ---------------------------------------------------------------- worker processes


_worker_tidings: Tidings | None = None


def _init_worker(model: str, prefilter: bool) -> None:
    global _worker_tidings  # one pipeline per worker process, loaded once
    _worker_tidings = Tidings.load(model, prefilter=prefilter)


def _code_chunk(chunk: list[Article]) -> list[CodedArticle]:
    assert _worker_tidings is not None
    return list(_worker_tidings.code(chunk, batch_size=min(len(chunk), WORKER_PARSE_BATCH) or 1))


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _code_in_workers(
    model: str, prefilter: bool, articles: Iterable[Article], batch_size: int, workers: int
) -> Iterator[CodedArticle]:
    """Chunks of `batch_size` articles coded in a pool, collected in input order (so results equal a
    one-process run), with at most IN_FLIGHT_PER_WORKER chunks per worker read ahead."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(model, prefilter)) as pool:
        pending: deque = deque()
        for chunk in _chunks(articles, batch_size):
            pending.append(pool.apply_async(_code_chunk, (chunk,)))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
