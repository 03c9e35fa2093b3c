"""HTML rendering: one Jinja2 environment with autoescaping on for everything it renders.

No template marks user data safe; links to other sites pass `safe_url` (http/https only), links on
this server are built from percent-encoded path parts and urlencoded query strings.
"""

from __future__ import annotations

import datetime as dt
from importlib.resources import files
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse

from .views import QUAD_CLASSES, QUAD_COLOURS, path_part, safe_url

TEMPLATES = files("tidings.api").joinpath("templates")


def query_string(request: Request, **changes: object) -> str:
    """The request's query string with `changes` applied (None removes a parameter)."""
    params = {k: v for k, v in request.query_params.items() if k not in changes}
    params.update({k: str(v) for k, v in changes.items() if v is not None})
    return "?" + urlencode(params) if params else "?"


def number(value: object, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def day(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(safe_url=safe_url, path=path_part, number=number, day=day)
    env.globals.update(QUAD_CLASSES=QUAD_CLASSES, QUAD_COLOURS=QUAD_COLOURS, query_string=query_string)
    return env


class Pages:
    """Renders a template into a response."""

    def __init__(self) -> None:
        self.env = make_environment()

    def render(self, request: Request, name: str, status_code: int = 200, **context: object) -> HTMLResponse:
        html = self.env.get_template(name).render(request=request, **context)
        return HTMLResponse(html, status_code=status_code)
