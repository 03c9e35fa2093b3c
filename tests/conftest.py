"""Shared fixtures: the spaCy pipeline and the full tidings pipeline load once per test session."""

from __future__ import annotations

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


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip("../shared is not present")
    return SEED


# The web tests share one database and one live server per session (see web_fixtures).
from web_fixtures import live_server, web_db  # noqa: E402, F401
