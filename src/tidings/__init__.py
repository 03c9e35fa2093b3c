"""tidings: an offline news event coder (CAMEO/PLOVER) with evidence for every record.

    import tidings
    coder = tidings.Tidings.load(actors=["my_actors/"])      # also: from tidings import Tidings
    articles = [a for a in tidings.read_articles(["news/"]) if isinstance(a, tidings.Article)]
    db = tidings.open("tidings.duckdb")

The names below are loaded on first use, so `import tidings.records` stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .version import __version__

# name -> the module that defines it
_EXPORTS = {
    "Tidings": "tidings.pipeline",
    "code_articles": "tidings.pipeline",
    "read_articles": "tidings.ingest",
    "Article": "tidings.records",
    "CodedArticle": "tidings.records",
    "Event": "tidings.records",
    "Actor": "tidings.records",
    "Quote": "tidings.records",
    "Location": "tidings.records",
    "InputError": "tidings.records",
    "load_ontology": "tidings.ontology",
    "load_language": "tidings.lang",
    "open_store": "tidings.store",
}

__all__ = [
    "Actor",
    "Article",
    "CodedArticle",
    "Event",
    "InputError",
    "Location",
    "Quote",
    "Tidings",
    "__version__",
    "code_articles",
    "load_language",
    "load_ontology",
    "open",
    "open_store",
    "read_articles",
]

if TYPE_CHECKING:
    from .ingest import read_articles
    from .lang import load_language
    from .ontology import load_ontology
    from .pipeline import Tidings, code_articles
    from .records import Actor, Article, CodedArticle, Event, InputError, Location, Quote
    from .store import Store, open_store


def open(path=None) -> Store:  # noqa: A001 - mirrors the built-in on purpose: tidings.open("file.duckdb")
    """Open (creating or upgrading) a tidings DuckDB database for queries from Python."""
    from .store import open_store

    return open_store(path)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'tidings' has no attribute {name!r}")
