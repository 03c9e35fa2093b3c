"""JSON text of answers, written with the standard library: dates as ISO text, other values as text."""

from __future__ import annotations

import datetime as dt
import json


def _json_value(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def json_text(content: object, *, allow_nan: bool = False) -> str:
    return json.dumps(content, ensure_ascii=False, default=_json_value, allow_nan=allow_nan)
