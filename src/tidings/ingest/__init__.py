"""Ingest: read text, JSON/JSONL, HTML, RSS/Atom and Parquet files into `Article` records.

`read_articles(paths)` walks files and folders and reads each file with the reader registered for its
extension (`tidings.plugins.readers`); `text` cleans article text; `formats` holds the built-in readers.
"""

from __future__ import annotations

from . import formats  # noqa: F401  (registers the built-in readers)
from .files import Item, Reader, read_articles, source_file
from .formats import read_jsonl_records, record_to_article
from .text import article_id, clean_text, dateline_date, parse_date, split_paragraphs

__all__ = [
    "Item",
    "Reader",
    "article_id",
    "clean_text",
    "dateline_date",
    "parse_date",
    "read_articles",
    "read_jsonl_records",
    "record_to_article",
    "source_file",
    "split_paragraphs",
]
