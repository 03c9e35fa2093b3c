"""The NLP stage: `parse` loads the spaCy pipeline and parses texts; `syntax` reads the parse."""

from __future__ import annotations

from .parse import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_PIPELINE,
    PIPELINE_ENV,
    PipelineMissing,
    dictionary_words,
    load_pipeline,
    parse_articles,
    parse_texts,
    pipeline_name,
    require_pipeline,
    sentences_of,
    text_pieces,
)

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_PIPELINE",
    "PIPELINE_ENV",
    "PipelineMissing",
    "dictionary_words",
    "load_pipeline",
    "parse_articles",
    "parse_texts",
    "pipeline_name",
    "require_pipeline",
    "sentences_of",
    "text_pieces",
]
