"""The web application: pages, the /api/v1 routes, static files, limits and error handling."""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..ontology import EventOntology
from ..store.runs import tidings_version
from .cache import AnswerCache, CacheMiddleware
from .database import Database, PipelineHolder
from .render import Pages
from .routes_api import router as api_router
from .routes_pages import router as pages_router
from .settings import API_PREFIX, DEFAULT_CACHE_ENTRIES, DEFAULT_MAX_BODY
from .worldmap import WorldOutline

if TYPE_CHECKING:
    from ..pipeline import Tidings

log = logging.getLogger("tidings.api")
STATIC = Path(__file__).parent / "static"
# Scripts and styles come only from this server; the page may fetch nothing from anywhere else.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class BodyTooLarge(BaseException):
    """Raised from inside the app's body reads; not an Exception, so no handler in between turns it
    into a 400 before the middleware answers 413."""


class LimitsMiddleware:
    """Caps request bodies at `max_body` bytes (413) and adds the security headers to every response."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await _too_large(scope, send, self.max_body)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        try:
            await self.app(scope, counting_receive, send_with_headers)
        except BodyTooLarge:
            if not started:
                await _too_large(scope, send, self.max_body)


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    response = JSONResponse({"detail": f"request body larger than {limit} bytes"}, status_code=413)
    await response(scope, _nothing_to_receive, send)


async def _nothing_to_receive() -> Message:
    return {"type": "http.disconnect"}


def plotly_js() -> Path | None:
    """plotly.js as shipped inside the pinned plotly wheel."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations)), "package_data", "plotly.min.js")
    return path if path.is_file() else None


def wants_json(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def create_app(
    database: Database,
    *,
    ontology: EventOntology,
    outline: WorldOutline | None = None,
    pipeline: Callable[[], Tidings] | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    cache_entries: int = DEFAULT_CACHE_ENTRIES,
) -> FastAPI:
    """The app over an open `database`. `pipeline` makes the coder for POST /api/v1/articles when first
    needed; `outline` draws the map (None: the map shows points on a blank background); up to
    `cache_entries` GET answers are kept until the next write (0: none)."""
    app = FastAPI(
        title="tidings",
        version=tidings_version(),
        description="Events (who did what to whom), quotes and places coded from news, with their evidence.",
        docs_url=None,  # FastAPI's own docs page loads its assets from a CDN; /docs is ours
        redoc_url=None,
        openapi_url=f"{API_PREFIX}/openapi.json",
    )
    app.state.db = database
    app.state.ontology = ontology
    app.state.outline = outline
    app.state.pipeline = PipelineHolder(pipeline)
    app.state.pages = Pages()
    app.include_router(api_router, prefix=API_PREFIX)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _add_vendor_routes(app)
    _add_error_handlers(app)
    app.state.cache = AnswerCache(cache_entries)
    app.add_middleware(CacheMiddleware, cache=app.state.cache, generation=lambda: database.generation)
    app.add_middleware(LimitsMiddleware, max_body=max_body)
    return app


def _add_vendor_routes(app: FastAPI) -> None:
    plotly = plotly_js()

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_script() -> Response:
        if plotly is None:
            return Response("/* plotly is not installed */", media_type="text/javascript", status_code=404)
        return FileResponse(plotly, media_type="text/javascript", headers={"cache-control": "max-age=86400"})


def _error(request: Request, status: int, message: str, details: list[str] | None = None) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": message, "errors": details or []}, status_code=status)
    return request.app.state.pages.render(
        request, "error.html", status_code=status, status=status, message=message, details=details or []
    )


def _validation_details(exc: RequestValidationError) -> list[str]:
    details = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body"))
        details.append(f"{where or 'request'}: {error.get('msg', 'invalid')}")
    return details


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, "invalid request", _validation_details(exc))

    @app.exception_handler(ValueError)
    async def invalid_value(request: Request, exc: ValueError) -> Response:
        return _error(request, 422, str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        return _error(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        return _error(request, 500, "internal error: the server log has the details")
