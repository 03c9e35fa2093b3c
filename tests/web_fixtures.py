"""A real server for the web tests: a temporary database made by ingesting our own articles (the demo
articles plus hostile ones), served by uvicorn on 127.0.0.1 at a free port, once per test session.

The hostile articles carry markup and script in every field a page shows: title, text, URL, and (in
a hand-made coded article) a speaker, an actor's name and a place name.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from tidings.api.app import create_app
from tidings.api.database import Database
from tidings.api.worldmap import load_world_outline
from tidings.ontology import load_ontology
from tidings.records import Actor, Article, CodedArticle, Event, Location, Quote, Sentence
from tidings.store import ingest, open_store, write_batch
from tidings.store.runs import start_run

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "articles"
ARTIFACTS = REPO / "test-artifacts"
SCRIPT = '<script>alert("xss")</script>'
ATTRIBUTE = '" onmouseover="alert(1)" x="'
JS_URL = "javascript:alert(2)"
IMG = "<img src=x onerror=alert(3)>"
XSS_ID = "xss-hand-made"


def hostile_records() -> list[dict]:
    """Articles whose title, text and URL try to inject markup and script."""
    return [
        {
            "id": "xss-title",
            "title": f"{SCRIPT} Russia and Iran {ATTRIBUTE}",
            "text": (
                f"Russia's foreign minister met Iran's foreign minister in Tehran on Monday. {SCRIPT} "
                f'"We will cooperate {IMG}," the Russian minister told reporters {ATTRIBUTE}.'
            ),
            "date": "2021-03-02",
            "url": JS_URL,
        },
        {
            "id": "xss-url-attribute",
            "title": "China criticised Japan",
            "text": f"China criticised Japan over the islands {ATTRIBUTE} on Tuesday.",
            "date": "2021-03-03",
            "url": f'https://example.org/a"{ATTRIBUTE}',
        },
    ]


def hand_made_hostile_article() -> CodedArticle:
    """A coded article whose speaker, actor name and place name are markup."""
    text = "Speaker said Moscow would meet Tehran."
    moscow = Actor("Moscow", text.index("Moscow"), text.index("Moscow") + 6, "RUS", name=SCRIPT)
    tehran = Actor("Tehran", text.index("Tehran"), text.index("Tehran") + 6, "IRN")
    place = Location(IMG, "IRN", 35.69, 51.42, tehran.start, tehran.end)
    event = Event(
        XSS_ID,
        0,
        text,
        0,
        len(text),
        moscow,
        tehran,
        "036",
        "03",
        1,
        4.0,
        "CONSULT",
        None,
        "meet",
        text.index("meet"),
        text.index("meet") + 4,
        "test",
        "2021-03-04",
        "day",
        "article",
        place,
        0.0,
    )
    quote = Quote(XSS_ID, SCRIPT, "RUSGOV", "Moscow would meet Tehran", "indirect", 13, len(text) - 1, 0)
    article = Article(XSS_ID, ATTRIBUTE, text, dt.date(2021, 3, 4), "hand-made", JS_URL)
    return CodedArticle(
        article, (Sentence(0, 0, len(text), text),), (event,), (quote,), (place,), 0.0, (moscow, tehran)
    )


def build_web_database(path: Path, pipeline) -> Path:
    """The demo articles and the hostile ones, ingested with the real pipeline, plus the hand-made one."""
    hostile = path.parent / "hostile.jsonl"
    hostile.write_text("\n".join(json.dumps(r) for r in hostile_records()) + "\n", encoding="utf-8")
    summary = ingest([EXAMPLES, hostile], path, tidings=pipeline, workers=1)
    assert summary.errors == 0 and summary.articles == 10
    with open_store(path) as store:
        write_batch(store.con, [hand_made_hostile_article()], start_run(store.con, "hand-made", []))
    return path


@dataclass
class LiveServer:
    """A uvicorn server in a thread of this process, over its own copy of the database."""

    url: str
    database: Database
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.database.close()


def start_server(db_path: Path, pipeline) -> LiveServer:
    database = Database.open(db_path)
    app = create_app(
        database, ontology=load_ontology(), outline=load_world_outline(), pipeline=lambda: pipeline
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    return LiveServer(f"http://127.0.0.1:{port}", database, server, thread)


@pytest.fixture(scope="session")
def web_db(tmp_path_factory, tidings_pipeline) -> Path:
    """The web tests' database, built once; each server gets its own copy."""
    return build_web_database(tmp_path_factory.mktemp("web") / "web.duckdb", tidings_pipeline)


@pytest.fixture(scope="session")
def live_server(web_db, tmp_path_factory, tidings_pipeline):
    copy = tmp_path_factory.mktemp("served") / "served.duckdb"
    shutil.copy(web_db, copy)
    server = start_server(copy, tidings_pipeline)
    yield server
    server.stop()
