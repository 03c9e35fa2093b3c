"""Export events as PLOVER-style JSON lines: one object per event record, with its evidence."""

from __future__ import annotations

import json
from pathlib import Path

from duckdb import DuckDBPyConnection

from ...plugins import exporters
from ..filters import sortable_date
from ..runs import tidings_version

_ROWS_SQL = f"""
    SELECT e.*, a.title, a.url, a.source AS article_source, a.published, a.domain,
           c.mentions, c.sources AS cluster_sources, c.articles AS cluster_articles
    FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN event_clusters c ON c.id = e.cluster_id
    ORDER BY {sortable_date("coalesce(e.date, CAST(a.published AS VARCHAR))")} NULLS LAST,
             e.article_id, e.sentence_index, e.id"""


def _party(row: dict, role: str, name: str) -> dict:
    """The event's source or target as PLOVER's actor or recipient."""
    return {
        name: row[f"{role}_code"],
        f"{name}_text": row[f"{role}_text"],
        f"{name}_country": row[f"{role}_country"],
        f"{name}_sectors": row[f"{role}_sectors"] or [],
    }


def _location(row: dict) -> dict | None:
    if row["location_name"] is None:
        return None
    return {
        "name": row["location_name"],
        "country": row["location_country"],
        "lat": row["location_lat"],
        "lon": row["location_lon"],
    }


def _date(row: dict) -> tuple[str | None, str | None, str | None]:
    """The event's date, the end of its range and its resolution (day, week, month, quarter, year)."""
    if row["date"]:
        return row["date"], row["date_end"], row["date_precision"]
    published = row["published"]
    return (published.isoformat(), None, "day") if published else (None, None, None)


def plover_record(row: dict, coder: str) -> dict:
    """One event row (events joined with its article and cluster) as a PLOVER-style record."""
    date, date_end, resolution = _date(row)
    return {
        "id": str(row["id"]),
        "date": date,
        "date_end": date_end,
        "date_resolution": resolution,
        **_party(row, "source", "actor"),
        **_party(row, "target", "recipient"),
        "event": row["plover"],
        "mode": row["plover_mode"],
        # counts as stated (PLOVER's dead, injured and crowd size); a vague "dozens" gives none
        "dead": row["fatalities"],
        "injured": row["injured"],
        "size": row["crowd_size"],
        "context": [],
        "event_text": row["verb"],
        "event_loc": _location(row),
        "text": row["sentence"],
        "cameo": {
            "code": row["code"],
            "root_code": row["root_code"],
            "quad_class": row["quad_class"],
            "goldstein": row["goldstein"],
        },
        "tone": row["tone"],
        "cluster": {
            "id": str(row["cluster_id"]),
            "mentions": row["mentions"],
            "sources": row["cluster_sources"],
            "articles": row["cluster_articles"],
        },
        "cite_info": {
            "article_id": row["article_id"],
            "title": row["title"],
            "source": row["article_source"],
            "domain": row["domain"],
            "published": row["published"].isoformat() if row["published"] else None,
            "sentence_index": row["sentence_index"],
        },
        "url": row["url"],
        "coder": coder,
        "rule": row["rule"],
    }


def export_plover(con: DuckDBPyConnection, out: str | Path, table: str = "events") -> int:
    """Write one PLOVER JSON object per event line; returns the number of lines."""
    coder = f"tidings {tidings_version()}"
    count = 0
    with open(out, "w", encoding="utf-8") as handle:
        for batch in con.sql(_ROWS_SQL).to_arrow_reader(10_000):
            for row in batch.to_pylist():
                handle.write(json.dumps(plover_record(row, coder), ensure_ascii=False) + "\n")
                count += 1
    return count


exporters.register("plover", export_plover)
