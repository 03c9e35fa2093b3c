"""The web explorer and HTTP API: `tidings serve`.

One process owns the database: it holds DuckDB's single writer connection for as long as it runs,
reads through per-thread cursors of it, and stores articles pushed to `POST /api/v1/articles`
through the same `store` code `tidings ingest` uses. Nothing else imports this package.
"""

from .app import create_app

__all__ = ["create_app"]
