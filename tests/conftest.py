"""Shared fixtures: the spaCy pipeline and the full tidings pipeline load once per test session."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED = SHARED / "examples" / "seed-article.txt"


@pytest.fixture(scope="session")
def nlp():
    from tidings.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def tidings_pipeline():
    from tidings.pipeline import Tidings

    return Tidings.load()


@lru_cache(maxsize=1)
def default_stages():
    """The default pipeline's stages, loaded lazily once per process (dictionary, lexicon, gazetteer)."""
    from tidings.pipeline import Tidings

    return Tidings.load(lazy=True)


@pytest.fixture(scope="session")
def code(nlp):
    """Code one text with the default actor and event coders: the events of `code(text)`."""
    from tidings.records import Article

    actor_coder, event_coder = default_stages().actor_coder, default_stages().event_coder

    def run(text: str):
        doc = nlp(text)
        return event_coder.code_doc(doc, Article(id="t", title="", text=text), actor_coder.resolve(doc))

    return run


@pytest.fixture(scope="session")
def english():
    from tidings.lang import load_language

    return load_language("en")


def actor_table(name: str) -> list:
    """The rows of a default actor table, read by the one validated reader."""
    from tidings.coding.actors.dictionary import DEFAULT_ACTORS, TABLES
    from tidings.resources import read_table

    table = TABLES[name]
    return read_table(DEFAULT_ACTORS / name, table.columns, optional=table.optional)


def lexicon_table(name: str) -> list:
    """The rows of a lexicon table in data/cameo/ (verb_patterns.tsv), by the one reader."""
    from tidings.coding.events.lexicon import LEXICON_DIR, PATTERN_COLUMNS
    from tidings.resources import read_table

    return read_table(LEXICON_DIR / name, PATTERN_COLUMNS, optional=("notes",))


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip("../shared is not present")
    return SEED


# The web tests share one database and one live server per session (see web_fixtures).
from web_fixtures import live_server, web_db  # noqa: E402, F401


@pytest.fixture(scope="session")
def grammar(english):
    """The dependency walks of `tidings.nlp.syntax` with the English word lists."""
    from tidings.nlp.syntax import Grammar

    return Grammar(english.words)


def triples(events) -> set[tuple[str, str | None, str]]:
    """(source, target, code) of coded events: what the precision tests compare."""
    return {(e.source.code, e.target.code if e.target else None, e.code) for e in events}


def token(doc, text: str):
    """The first token of `doc` written `text`."""
    return next(tok for tok in doc if tok.text == text)
