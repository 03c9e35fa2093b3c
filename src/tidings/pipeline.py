"""The whole coding job for one article: parse, then the stages (actors, events, quotes, places, dates,
where, tone), in this process or in worker processes that each load the stages once.

`Tidings` is built from `PipelineSettings` (the spaCy model, the actor dictionary folders, the ontology
and the language, by name): every stage receives the dictionary, lexicon, ontology, gazetteer and
language it uses through its constructor, and the loaders behind them are keyed by what they load.
A stage is anything with `name` and `run(findings) -> findings` (`Stage`); `Tidings.stages` lists them
in order.

With the prefilter on (the default), sentences that cannot hold an event or a quote are blanked before
parsing (see `prefilter`); the coded sentences still list every sentence of the article.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import threading
import warnings
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import chain, islice
from typing import Protocol, TypeAlias

from spacy.language import Language as SpacyPipeline
from spacy.tokens import Doc

from . import nlp as nlp_stage
from .annotate.dates import EventDater
from .annotate.tone import Toner, tone_lexicon
from .coding.actors import ActorCoder, ActorDictionary, ArticleActors, load_actor_dictionary
from .coding.actors.dictionary import actor_folders, actor_on_day
from .coding.actors.people import event_day
from .coding.events import EventCoder, EventLexicon, load_event_lexicon
from .errors import TidingsError
from .lang import DEFAULT_LANGUAGE, Language, load_language
from .ontology import DEFAULT_ONTOLOGY, EventOntology, load_ontology
from .places.gazetteer import Gazetteer, load_gazetteer
from .places.locate import PlaceFinder
from .plugins import languages as language_packs
from .prefilter import Prefilter, SentenceSpan, build_prefilter
from .quotes import QuoteFinder
from .records import Article, CodedArticle, Event, InputError, Location, Quote, Sentence

# Chunks handed to worker processes but not yet collected, per worker: enough to keep every worker
# busy while the main process writes, few enough to keep memory flat on a corpus of any size.
IN_FLIGHT_PER_WORKER = 2
# Characters of text in one spaCy batch: the parser's memory grows with the tokens of a batch, and its
# CPU per word falls as a batch grows (on Reuters, batches of 4 articles cost 20 % more than of 50).
# So a batch is as many articles as fit in this many characters: a whole chunk of short wire copy,
# a few long features.
PARSE_BATCH_CHARS = 40_000

# Told about each article the pipeline could not code, when the caller asks to go on after failures.
ErrorHandler: TypeAlias = Callable[[InputError], None]


def default_workers() -> int:
    """All cores."""
    return os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    """What a pipeline is made of, by name: enough for a worker process to build the same one."""

    model: str
    prefilter: bool = True
    actors: tuple[str, ...] = ()  # actor dictionary folders over the default one, later ones winning
    ontology: str = DEFAULT_ONTOLOGY
    language: str = DEFAULT_LANGUAGE


@dataclass(frozen=True, slots=True)
class Findings:
    """What the stages have found in one parsed article so far."""

    article: Article
    doc: Doc
    actors: ArticleActors = field(default_factory=lambda: ArticleActors(mentions=()))
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    places: tuple[Location, ...] = ()
    tone: float | None = None


class Stage(Protocol):
    """One step of coding a parsed article: it reads what earlier stages found and adds its own."""

    @property
    def name(self) -> str: ...

    def run(self, found: Findings) -> Findings: ...


class Tidings:
    """The pipeline: spaCy plus the stages. Build it with `Tidings.load()`. Each stage loads once, on
    first use, so a process that only hands articles to worker processes never loads any."""

    def __init__(self, settings: PipelineSettings) -> None:
        self.settings = settings
        self._started: _WorkerPool | None = None  # worker processes started ahead (`start_workers`)

    @classmethod
    def load(
        cls,
        model: str | None = None,
        *,
        prefilter: bool = True,
        lazy: bool = False,
        actors: Iterable[str | os.PathLike] = (),
        ontology: str = DEFAULT_ONTOLOGY,
        language: str = DEFAULT_LANGUAGE,
    ) -> Tidings:
        """The pipeline for `model`, coding with the default actor dictionary overlaid by the folders in
        `actors` (later ones win), the ontology and the language registered under those names.
        Every stage is loaded now, or with `lazy` when first used; the model is checked to be
        installed and the actor folders to be valid either way (DataFileError names a bad row).
        `prefilter=False` parses every sentence."""
        settings = PipelineSettings(
            model=nlp_stage.pipeline_name(model),
            prefilter=prefilter,
            actors=actor_folders(actors)[1:],
            ontology=ontology,
            language=language,
        )
        tidings = cls(settings)
        if lazy:
            nlp_stage.require_pipeline(settings.model)
            if settings.actors:
                _ = tidings.dictionary
        else:
            tidings.load_stages()
        return tidings

    @property
    def model(self) -> str:
        return self.settings.model

    @property
    def use_prefilter(self) -> bool:
        return self.settings.prefilter

    def load_stages(self) -> None:
        """Load every stage now rather than on first use."""
        _ = (self.nlp, self.stages, self.prefilter)

    # -- what the stages read, each loaded once and keyed by what it is ---------------------------------

    @cached_property
    def nlp(self) -> SpacyPipeline:
        return nlp_stage.load_pipeline(self.model)

    @cached_property
    def language(self) -> Language:
        return load_language(self.settings.language)

    @cached_property
    def ontology(self) -> EventOntology:
        return load_ontology(self.settings.ontology)

    @cached_property
    def dictionary(self) -> ActorDictionary:
        return load_actor_dictionary(self.settings.actors, self.settings.language, self.settings.ontology)

    @cached_property
    def lexicon(self) -> EventLexicon:
        return load_event_lexicon(language=self.settings.language)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return load_gazetteer(self.settings.language)

    # -- the stages --------------------------------------------------------------------------------------

    @cached_property
    def actor_coder(self) -> ActorCoder:
        return ActorCoder(self.dictionary, self.gazetteer, self.language, self.ontology)

    @cached_property
    def event_coder(self) -> EventCoder:
        return EventCoder(self.lexicon, self.ontology, self.gazetteer, self.language)

    @cached_property
    def dater(self) -> EventDater:
        return EventDater(self.language)

    @cached_property
    def stages(self) -> tuple[Stage, ...]:
        places = PlaceFinder(self.gazetteer, self.language, nlp_stage.dictionary_words(self.nlp))
        return (
            ActorStage(self.actor_coder),
            EventStage(self.event_coder),
            QuoteStage(QuoteFinder(self.language, self.dictionary.person_titles)),
            PlaceStage(places),
            DateStage(self.dater),
            TenureStage(self.dictionary),
            LocateStage(places),
            ToneStage(Toner(tone_lexicon(self.settings.language))),
        )

    @cached_property
    def prefilter(self) -> Prefilter | None:
        if not self.use_prefilter:
            return None
        return build_prefilter(
            self.nlp, self.dictionary, self.gazetteer, self.language, self.lexicon, self.ontology
        )

    def code_doc(
        self, article: Article, doc: Doc, spans: Sequence[SentenceSpan] | None = None
    ) -> CodedArticle:
        """Everything tidings finds in one parsed article; `spans` are the prefilter's sentences when
        `doc` parsed a masked text."""
        found = Findings(article=article, doc=doc)
        for stage in self.stages:
            found = stage.run(found)
        events, quotes = list(found.events), list(found.quotes)
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
            places=found.places,
            tone=found.tone,
            actors=found.actors.mentions,
        )

    def parse(
        self, articles: Iterable[Article], batch_size: int = nlp_stage.DEFAULT_BATCH_SIZE
    ) -> Iterator[tuple[Article, Doc, list[SentenceSpan] | None]]:
        """Each article with its parse (of the masked text when the prefilter is on) and its sentences."""
        if self.prefilter is None:
            for article, doc in nlp_stage.parse_articles(self.nlp, articles, batch_size=batch_size):
                yield article, doc, None
            return
        prefilter = self.prefilter
        masked = ((prefilter.mask(article.text), article) for article in articles)
        pairs = ((text, (article, spans)) for (text, spans), article in masked)
        for doc, (article, spans) in nlp_stage.parse_texts(self.nlp, pairs, batch_size=batch_size):
            yield article, doc, spans

    def parse_bounded(
        self, articles: Sequence[Article], batch_size: int, max_chars: int = PARSE_BATCH_CHARS
    ) -> Iterator[tuple[Article, Doc, list[SentenceSpan] | None]]:
        """`parse`, in spaCy batches of at most `batch_size` articles and `max_chars` characters."""
        for batch in parse_batches(articles, batch_size, max_chars):
            yield from self.parse(batch, batch_size=len(batch))

    def code(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = nlp_stage.DEFAULT_BATCH_SIZE,
        workers: int = 1,
        on_error: ErrorHandler | None = None,
    ) -> Iterator[CodedArticle]:
        """Code articles in input order; with workers > 1, in that many worker processes (unless the
        input fits in one batch: starting workers would then cost more than it saves).

        With `on_error`, an article the pipeline fails on (whatever it raises) is left out and reported
        to it as an InputError naming the article, and the others are coded as if it were not there;
        without, the first failure propagates.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        started = self._take_started(workers)
        if started is not None:
            return _WorkerStream(started, articles, batch_size, on_error)
        iterator = iter(articles)
        first = list(islice(iterator, batch_size))
        if workers > 1 and len(first) == batch_size:
            pool = _WorkerPool(self.settings, workers)
            return _WorkerStream(pool, chain(first, iterator), batch_size, on_error)
        return self._code_here(chain(first, iterator), batch_size, on_error)

    def start_workers(self, workers: int) -> None:
        """Start `workers` worker processes now, so that they load the pipeline while this process gets
        on with its own start-up (opening a database, reading the first articles); the next `code` with
        as many workers codes with them, whatever the size of its input. `stop_workers` ends them if
        no `code` call takes them."""
        if workers > 1 and self._started is None:
            self._started = _WorkerPool(self.settings, workers, fork=_fork_is_safe())

    def stop_workers(self) -> None:
        """End the worker processes `start_workers` started, if no `code` call took them."""
        started, self._started = self._started, None
        if started is not None:
            started.close()

    def _take_started(self, workers: int) -> _WorkerPool | None:
        if self._started is not None and self._started.workers != workers:
            self.stop_workers()
        started, self._started = self._started, None
        return started

    def _code_here(
        self, articles: Iterable[Article], batch_size: int, on_error: ErrorHandler | None
    ) -> Iterator[CodedArticle]:
        """`code` in this process."""
        for chunk in _chunks(articles, batch_size):
            if on_error is not None:
                yield from _reporting(self.code_isolated(chunk), on_error)
                continue
            codable = [article for article in chunk if self.skip_reason(article) is None]
            coded = iter([self.code_doc(*parsed) for parsed in self.parse_bounded(codable, batch_size)])
            for article in chunk:
                reason = self.skip_reason(article)
                yield next(coded) if reason is None else CodedArticle(article, (), skipped=reason)

    def code_isolated(self, articles: Sequence[Article]) -> list[CodedArticle | InputError]:
        """Each article coded (or skipped for its language), or an InputError for each the pipeline
        fails on: a failure to parse the batch is retried article by article, so one poison article
        costs only itself."""
        codable = [article for article in articles if self.skip_reason(article) is None]
        try:
            parsed = iter(list(self.parse_bounded(codable, len(codable) or 1)))
        except Exception:
            parsed = None
        out: list[CodedArticle | InputError] = []
        for article in articles:
            reason = self.skip_reason(article)
            if reason is not None:
                out.append(CodedArticle(article, (), skipped=reason))
                continue
            try:
                if parsed is None:
                    [(_, doc, spans)] = list(self.parse([article], batch_size=1))
                else:
                    _, doc, spans = next(parsed)
                out.append(self.code_doc(article, doc, spans))
            except Exception as exc:
                out.append(coding_failure(article, exc))
        return out

    def skip_reason(self, article: Article) -> str | None:
        """Why `article` cannot be coded by this pipeline (its language), or None when it can. An
        article in another language is skipped, never coded as empty: its words mean nothing to the
        pipeline's word lists and parser."""
        language = article.language or self.settings.language
        if language == self.settings.language:
            return None
        if language in language_packs.names():
            return f"in language {language!r}: this pipeline codes {self.settings.language!r}"
        packs = ", ".join(language_packs.names())
        return f"in language {language!r}: no language pack for it (installed: {packs})"


# ---------------------------------------------------------------- the stages


@dataclass(frozen=True)
class ActorStage:
    coder: ActorCoder
    name: str = "actors"

    def run(self, found: Findings) -> Findings:
        return replace(found, actors=self.coder.resolve(found.doc, found.article.published))


@dataclass(frozen=True)
class EventStage:
    coder: EventCoder
    name: str = "events"

    def run(self, found: Findings) -> Findings:
        return replace(found, events=tuple(self.coder.code_doc(found.doc, found.article, found.actors)))


@dataclass(frozen=True)
class QuoteStage:
    finder: QuoteFinder
    name: str = "quotes"

    def run(self, found: Findings) -> Findings:
        return replace(found, quotes=tuple(self.finder.find(found.doc, found.article, found.actors)))


@dataclass(frozen=True)
class PlaceStage:
    finder: PlaceFinder
    name: str = "places"

    def run(self, found: Findings) -> Findings:
        return replace(found, places=tuple(self.finder.find(found.doc, found.article, found.actors.mentions)))


@dataclass(frozen=True)
class DateStage:
    dater: EventDater
    name: str = "dates"

    def run(self, found: Findings) -> Findings:
        return replace(found, events=tuple(self.dater.date(list(found.events), found.doc, found.article)))


@dataclass(frozen=True)
class TenureStage:
    """Known people and named groups re-coded for their event's own date when the text dates it ("in
    2015, Obama met Putin" in a 2022 article): the actor stage coded them for the article's date."""

    dictionary: ActorDictionary
    name: str = "tenure"

    def run(self, found: Findings) -> Findings:
        published = found.article.published
        return replace(found, events=tuple(self.recode(event, published) for event in found.events))

    def recode(self, event: Event, published: dt.date | None) -> Event:
        day = event_day(event.date, published) if event.date_source == "sentence" else None
        if day is None or day == published:
            return event
        source = actor_on_day(self.dictionary, event.source, day)
        target = actor_on_day(self.dictionary, event.target, day) if event.target else None
        return replace(event, source=source, target=target)


@dataclass(frozen=True)
class LocateStage:
    finder: PlaceFinder
    name: str = "where"

    def run(self, found: Findings) -> Findings:
        located = self.finder.locate(list(found.events), found.doc, list(found.places))
        return replace(found, events=tuple(located))


@dataclass(frozen=True)
class ToneStage:
    toner: Toner
    name: str = "tone"

    def run(self, found: Findings) -> Findings:
        return replace(
            found, events=tuple(self.toner.events(list(found.events))), tone=self.toner.article(found.article)
        )


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


# ---------------------------------------------------------------- failures


# Longest exception text kept in an error line: enough to recognise it, never a whole article.
MAX_FAILURE_CHARS = 300


def coding_failure(article: Article, exc: BaseException) -> InputError:
    """The error line for an article the pipeline failed on: where it came from, and what was raised."""
    what = " ".join(str(exc).split())
    if len(what) > MAX_FAILURE_CHARS:
        what = what[: MAX_FAILURE_CHARS - 1] + "…"
    return InputError(
        article.source or f"article {article.id!r}",
        f"article {article.id!r} could not be coded: {type(exc).__name__}: {what}".rstrip(": "),
    )


def _reporting(items: Iterable[CodedArticle | InputError], on_error: ErrorHandler) -> Iterator[CodedArticle]:
    for item in items:
        if isinstance(item, InputError):
            on_error(item)
        else:
            yield item


class PipelineLoadError(TidingsError, RuntimeError):
    """A worker process could not load the pipeline (the same failure would hit every article)."""


# ---------------------------------------------------------------- worker processes


_worker_tidings: Tidings | None = None
_worker_failure: str | None = None


def _init_worker(settings: PipelineSettings) -> None:
    """Load the pipeline once per worker. Ctrl-C and SIGTERM are the main process's to handle: it
    stops the pool, so a worker never prints a traceback of its own. A load failure is kept and
    reported with the first chunk (an initializer that raises makes the pool restart workers forever)."""
    global _worker_tidings, _worker_failure  # one pipeline per worker process, loaded once
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        _worker_tidings = Tidings(settings)
        _worker_tidings.load_stages()
    except Exception as exc:
        _worker_failure = f"a worker process could not load the pipeline: {type(exc).__name__}: {exc}"


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while worker processes start: a child started with SIGINT ignored keeps it so
    (Python installs its KeyboardInterrupt handler only over the default action), so a Ctrl-C during
    a worker's start-up cannot print a traceback from inside its imports."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _code_chunk(chunk: list[Article], isolate: bool) -> list[CodedArticle | InputError]:
    if _worker_failure is not None:
        raise PipelineLoadError(_worker_failure)
    assert _worker_tidings is not None
    if isolate:
        return _worker_tidings.code_isolated(chunk)
    return list(_worker_tidings.code(chunk, batch_size=len(chunk) or 1))


def parse_batches(
    articles: Sequence[Article], size: int, max_chars: int = PARSE_BATCH_CHARS
) -> Iterator[Sequence[Article]]:
    """Consecutive runs of `articles` for one spaCy batch each: at most `size` articles, and no more
    than `max_chars` characters unless one article alone is longer."""
    start = 0
    while start < len(articles):
        end, chars = start + 1, len(articles[start].text)
        while end < len(articles) and end - start < size and chars + len(articles[end].text) <= max_chars:
            chars += len(articles[end].text)
            end += 1
        yield articles[start:end]
        start = end


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _fork_is_safe() -> bool:
    """Whether worker processes may be forked from this process: the platform forks, and no other
    Python thread runs here (one could hold a lock the child would then wait on forever). Native
    threads of numpy's BLAS pool are fork-safe; `start_workers` is called before any database is open."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class _WorkerPool:
    """`workers` worker processes, each loading the pipeline (`_init_worker`) as soon as it starts.

    A process pool from concurrent.futures, not multiprocessing.Pool: a worker killed from outside
    (SIGTERM to the process group, the OOM killer) while it waits for work leaves Pool's queue lock
    held, and Pool then hangs on shutdown; this pool notices the dead worker and stops.

    With `fork`, workers are forked from this process, which has imported spaCy and every stage's
    module already: a spawned worker spends ~1.5 CPU s importing them again before it loads anything."""

    def __init__(self, settings: PipelineSettings, workers: int, *, fork: bool = False) -> None:
        self.workers = workers
        # Workers inherit SIGINT ignored from their first instruction (Ctrl-C hits the whole group).
        with _sigint_ignored(), warnings.catch_warnings():
            # Python >= 3.12 warns on any fork of a process with native threads (numpy's BLAS pool).
            warnings.filterwarnings("ignore", r".*multi-threaded.*fork", DeprecationWarning)
            self.executor = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("fork" if fork else "spawn"),
                initializer=_init_worker,
                initargs=(settings,),
            )
            # Every worker started now, while SIGINT is ignored (the pool would start them lazily).
            for _ in range(workers):
                self.executor.submit(os.getpid)

    def close(self) -> None:
        """Stop the workers: chunks not started are dropped; chunks being coded finish first (a worker
        ignores Ctrl-C)."""
        self.executor.shutdown(wait=True, cancel_futures=True)


class _WorkerStream:
    """Chunks of `batch_size` articles coded in a pool, collected in input order (so results equal a
    one-process run), with at most IN_FLIGHT_PER_WORKER chunks per worker read ahead. With
    `on_error`, failures are isolated per article inside the workers and reported here.

    An iterator with an explicit `close`, not a generator: the pool is stopped by whoever stops
    reading (or when the input ends, or an error or interrupt comes), never from inside a generator's
    GeneratorExit."""

    def __init__(
        self,
        pool: _WorkerPool,
        articles: Iterable[Article],
        batch_size: int,
        on_error: ErrorHandler | None,
    ) -> None:
        self.pool = pool
        self.chunks = _chunks(articles, batch_size)
        self.isolate, self.on_error = on_error is not None, on_error
        self.limit = pool.workers * IN_FLIGHT_PER_WORKER
        self.pending: deque[Future[list[CodedArticle | InputError]]] = deque()
        self.ready: deque[CodedArticle] = deque()
        self.closed = False

    def __iter__(self) -> _WorkerStream:
        return self

    def __next__(self) -> CodedArticle:
        try:
            while not self.ready:
                self._submit()
                if not self.pending:
                    raise StopIteration
                self._collect()
        except BaseException:
            self.close()
            raise
        return self.ready.popleft()

    def _submit(self) -> None:
        while len(self.pending) < self.limit:
            chunk = next(self.chunks, None)
            if chunk is None:
                return
            self.pending.append(self.pool.executor.submit(_code_chunk, chunk, self.isolate))

    def _collect(self) -> None:
        try:
            results = self.pending.popleft().result()
        except BrokenProcessPool as exc:
            raise PipelineLoadError("a worker process died (killed from outside, or out of memory)") from exc
        for item in results:
            if isinstance(item, InputError):
                assert self.on_error is not None  # not isolated: a failure raised in the worker
                self.on_error(item)
            else:
                self.ready.append(item)

    def close(self) -> None:
        """Stop the pool: chunks not started are dropped; chunks being coded finish first (a worker
        ignores Ctrl-C)."""
        if not self.closed:
            self.closed = True
            self.pool.close()

    def __del__(self) -> None:
        if hasattr(self, "pool"):
            self.close()
