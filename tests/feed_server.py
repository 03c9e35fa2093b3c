"""A real HTTP server on 127.0.0.1 for the feed tests and the soak benchmark.

Routes are set per test: a feed that honours ETag / If-Modified-Since, fixed statuses, slow answers,
endless or huge bodies, redirects, robots.txt. Every request is logged (path, headers) for assertions.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0  # seconds before answering
    headers: dict[str, str] = field(default_factory=dict)
    stream_bytes: int = 0  # send this many filler bytes instead of `body`, without Content-Length
    trickle: float = 0.0  # seconds between streamed chunks


@dataclass(frozen=True)
class Item:
    guid: str
    title: str
    text: str
    link: str | None = None
    date: str = "Tue, 16 Apr 2019 09:00:00 GMT"


def rss(items: list[Item], title: str = "Test feed") -> bytes:
    entries = []
    for item in items:
        link = f"<link>{escape(item.link)}</link>" if item.link else ""
        entries.append(
            f'<item><guid isPermaLink="false">{escape(item.guid)}</guid><title>{escape(item.title)}</title>'
            f"{link}<pubDate>{item.date}</pubDate><description>{escape(item.text)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://127.0.0.1/</link><description>test</description>"
        + "".join(entries)
        + "</channel></rss>"
    ).encode("utf-8")


def html_page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{escape(title)}</title></head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article><footer>Contact us</footer></body></html>"
    ).encode()


class FeedServer:
    """ThreadingHTTPServer on 127.0.0.1 (a free port); `routes` maps a path to a Route or a callable."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[], Route]] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                with server.lock:
                    server.log.append((self.path, dict(self.headers.items())))
                    found = server.routes.get(self.path)
                route = found() if callable(found) else found
                if route is None:
                    route = Route(404, b"not found", "text/plain")
                server.answer(self, route)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, address: None  # clients that give up are expected
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def requests_to(self, path: str) -> list[dict[str, str]]:
        with self.lock:
            return [headers for logged, headers in self.log if logged == path]

    def start(self) -> FeedServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @staticmethod
    def answer(handler: BaseHTTPRequestHandler, route: Route) -> None:
        if route.delay:
            time.sleep(route.delay)
        try:
            if route.status == 200 and _not_modified(handler, route):
                handler.send_response(304)
                _validators(handler, route)
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return
            handler.send_response(route.status)
            handler.send_header("Content-Type", route.content_type)
            _validators(handler, route)
            for name, value in route.headers.items():
                handler.send_header(name, value)
            if route.stream_bytes:
                handler.send_header("Connection", "close")
                handler.end_headers()
                _stream(handler, route)
                return
            handler.send_header("Content-Length", str(len(route.body)))
            handler.end_headers()
            handler.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (size cap, timeout): that is what some tests want


def _not_modified(handler: BaseHTTPRequestHandler, route: Route) -> bool:
    if route.etag and handler.headers.get("If-None-Match") == route.etag:
        return True
    return bool(route.last_modified) and handler.headers.get("If-Modified-Since") == route.last_modified


def _validators(handler: BaseHTTPRequestHandler, route: Route) -> None:
    if route.etag:
        handler.send_header("ETag", route.etag)
    if route.last_modified:
        handler.send_header("Last-Modified", route.last_modified)


def _stream(handler: BaseHTTPRequestHandler, route: Route) -> None:
    chunk = (b"<item>" + b"x" * 1018 + b"</item>") * 64  # 64 KiB
    sent = 0
    while sent < route.stream_bytes:
        handler.wfile.write(chunk)
        sent += len(chunk)
        if route.trickle:
            time.sleep(route.trickle)
    handler.close_connection = True


def http_date(seconds: float) -> str:
    return formatdate(seconds, usegmt=True)
