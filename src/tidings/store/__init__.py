"""The tidings event database (DuckDB): store coded articles, query them, export them.

store = open_store("tidings.duckdb")          # also tidings.open(...)
store.events(source="RUS", target="IRN", since="2017-01")   # a pyarrow Table
summary = ingest(["articles/"], "tidings.duckdb", tidings=Tidings.load())
"""

from .db import DB_ENV, DEFAULT_DB, Store, StoreBusy, default_db_path, open_store
from .export import BUILTIN_FORMATS as EXPORT_FORMATS
from .export import export, export_formats
from .loading import RunSummary, ingest
from .sandbox import UnsafeSQL
from .schema import LATEST as SCHEMA_VERSION
from .schema import SchemaError
from .writer import write_batch

__all__ = [
    "DB_ENV",
    "DEFAULT_DB",
    "EXPORT_FORMATS",
    "SCHEMA_VERSION",
    "RunSummary",
    "SchemaError",
    "Store",
    "StoreBusy",
    "UnsafeSQL",
    "default_db_path",
    "export",
    "export_formats",
    "ingest",
    "open_store",
    "write_batch",
]
