"""The built-in export formats, registered in `tidings.plugins.exporters`: parquet, csv, jsonl (tables as
stored), gdelt (the GDELT 2.0 event table) and plover (PLOVER JSON). A plugin adds a format through the
entry-point group `tidings.exporters`: a function `(con, out, table) -> rows written`."""

from __future__ import annotations

from . import gdelt, plover, tables  # noqa: F401  (each registers its formats)
