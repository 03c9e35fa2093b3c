"""The web explorer and HTTP API: `tidings serve`.

One process owns the database: it holds DuckDB's single writer connection for as long as it runs,
reads through per-thread cursors of it, and stores articles pushed to `POST /api/v1/articles`
through the same `store` code `tidings ingest` uses. Nothing else imports this package.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    """`create_app`, imported on first use: FastAPI and its models take ~0.3 CPU s to import, and every
    `tidings` command imports this package to register `serve`."""
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
