"""tidings: an offline news event coder (CAMEO/PLOVER) with evidence for every record."""

__version__ = "0.1.0"


def open(path=None):  # noqa: A001 - mirrors the built-in on purpose: tidings.open("file.duckdb")
    """Open (creating or upgrading) a tidings DuckDB database for queries from Python."""
    from .store import open_store

    return open_store(path)
