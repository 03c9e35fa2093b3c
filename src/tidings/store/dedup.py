"""Event de-duplication across reports: one cluster per real-world event, however many reports.

Two event records report the same real-world event when
- their actors are the same countries (or IGOs, or groups), in the same direction;
- they are the same kind of event: the same CAMEO root code, or the same PLOVER type;
- their dates are compatible within their precision: days at most `DATE_SLACK_DAYS` apart, a month or
  a year holds the day; an event dated only by its article's publication happened on that day or up
  to `REPORT_LAG_DAYS` before it (news reports yesterday's events);
- they happened at the same place: within `MAX_DISTANCE_KM`, or in the same first-level division when
  only that is known, or in the same country when only that is known. A report that names no place
  does not contradict one that does.

Clusters grow at ingest: a new report joins the cluster whose every member it is compatible with
(complete linkage, so clusters do not chain from Monday to Friday one day at a time), else it opens
a new cluster. The candidates come from an SQL join on the `cluster_members` table, so nothing is
kept in memory between batches. Re-coding an article removes its old memberships first; removing a
member never makes the rest incompatible, so clusters never need splitting.

`ExactKeyClustering` is the clustering tidings had before (same source code, target code, event code
and date): kept for comparison benchmarks.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import pyarrow as pa
from duckdb import DuckDBPyConnection

from ..records import Actor, Article, Event, Location, date_bounds
from .formats.gdelt import GEO_COUNTRY, GEO_US_STATE, geo_type
from .rows import stable_id

DATE_SLACK_DAYS = 1
REPORT_LAG_DAYS = 2
MAX_DISTANCE_KM = 50.0
EARTH_RADIUS_KM = 6371.0
NO_ACTOR = ""
POINT, ADMIN1, COUNTRY = "point", "admin1", "country"
_NEW = "_tidings_new_reports"
_MEMBER_COLUMNS = (
    "event_id, cluster_id, article_id, source_key, target_key, root_code, plover, day_lo, day_hi, "
    "place_country, place_admin1, place_level, lat, lon"
)


@dataclass(frozen=True, slots=True)
class Report:
    """One event record as the clustering sees it."""

    event_id: int
    article_id: str
    source_key: str
    target_key: str
    root_code: str
    plover: str | None
    day_lo: dt.date | None  # the days the event may have happened on; None: undated
    day_hi: dt.date | None
    place_country: str | None = None
    place_admin1: str | None = None
    place_level: str | None = None  # POINT, ADMIN1 or COUNTRY; None: no place
    lat: float | None = None
    lon: float | None = None
    # Only for the exact-key comparison clustering:
    code: str = ""
    source_code: str = ""
    target_code: str = ""
    day: str | None = None


def actor_key(country: str | None, igo: str | None, org: str | None, code: str | None) -> str:
    """Who an actor is for de-duplication: its country, else its IGO, else its organisation class,
    else its code's head (RUSGOV and RUSMIL are both RUS: reports name the same side with different
    precision)."""
    if country:
        return country
    if igo:
        return "IGO" + igo
    return org or (code or NO_ACTOR)[:3]


def _actor(actor: Actor | None) -> str:
    return NO_ACTOR if actor is None else actor_key(actor.country, actor.igo, actor.org, actor.code)


def _shift(day: dt.date, days: int) -> dt.date:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max


def date_span(
    date: str | None,
    precision: str | None,
    source: str | None,
    published: dt.date | None,
    date_end: str | None = None,
) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day an event may have happened on, from its date written at its precision
    (a day, ISO week, month, quarter or year) and the end of its range."""
    if date and source != "article":
        try:
            first, last = date_bounds(date)
            return first, date_bounds(date_end)[1] if date_end else last
        except ValueError:
            pass
    if published is None and date:
        try:
            published = dt.date.fromisoformat(date[:10])
        except ValueError:
            return None, None
    if published is None:
        return None, None
    return _shift(published, -REPORT_LAG_DAYS), published


def place_of(
    location: Location | None,
) -> tuple[str | None, str | None, str | None, float | None, float | None]:
    """(country, admin1, level, lat, lon) of an event's place. A country (placed at its capital by
    the gazetteer) or a US state is an area, not a point: it holds any place inside it."""
    if location is None:
        return None, None, None, None, None
    kind = geo_type(location.name, location.country)
    if kind == GEO_COUNTRY or location.lat is None or location.lon is None:
        return location.country, None, COUNTRY, None, None
    if kind == GEO_US_STATE:
        return location.country, location.name, ADMIN1, None, None
    return location.country, None, POINT, location.lat, location.lon


def stored_reports(con: DuckDBPyConnection, chunk: int = 2000) -> Iterable[list[Report]]:
    """The stored events as reports, in reporting order (oldest article first), `chunk` at a time."""
    # Date ranges came with schema v6; a migration before it reclusters a database that has none yet.
    ranges = con.execute(
        "SELECT count(*) FROM information_schema.columns "
        "WHERE table_name = 'events' AND column_name = 'date_end'"
    ).fetchall()[0][0]
    date_end = "e.date_end" if ranges else "NULL"
    relation = con.sql(
        f"""
        SELECT e.id, e.article_id, a.published, e.source_country, e.source_igo, e.source_org, e.source_code,
               e.target_country, e.target_igo, e.target_org, e.target_code, e.root_code, e.plover, e.code,
               e.date, e.date_precision, e.date_source, e.location_name, e.location_country, e.location_lat,
               e.location_lon, {date_end}
        FROM events e JOIN articles a ON a.id = e.article_id
        ORDER BY a.published NULLS LAST, e.article_id, e.sentence_index, e.id
        """
    )
    rows = relation.fetchall()
    for start in range(0, len(rows), chunk):
        yield [_report_from_event_row(row) for row in rows[start : start + chunk]]


def _report_from_event_row(row: tuple) -> Report:
    (
        event_id,
        article_id,
        published,
        s_country,
        s_igo,
        s_org,
        s_code,
        t_country,
        t_igo,
        t_org,
        t_code,
        root_code,
        plover,
        code,
        date,
        precision,
        date_source,
        place_name,
        place_country,
        lat,
        lon,
        date_end,
    ) = row
    lo, hi = date_span(date, precision, date_source, published, date_end)
    location = None if place_name is None else Location(place_name, place_country, lat, lon)
    country, admin1, level, p_lat, p_lon = place_of(location)
    return Report(
        event_id,
        article_id,
        actor_key(s_country, s_igo, s_org, s_code),
        NO_ACTOR if t_code is None else actor_key(t_country, t_igo, t_org, t_code),
        root_code,
        plover,
        lo,
        hi,
        country,
        admin1,
        level,
        p_lat,
        p_lon,
        code=code,
        source_code=s_code or "",
        target_code=t_code or "",
        day=date or (published.isoformat() if published else None),
    )


def report_of(article: Article, event: Event, event_id: int) -> Report:
    lo, hi = date_span(event.date, event.date_precision, event.date_source, article.published, event.date_end)
    country, admin1, level, lat, lon = place_of(event.location)
    target_code = event.target.code if event.target else ""
    return Report(
        event_id,
        article.id,
        _actor(event.source),
        _actor(event.target),
        event.root_code,
        event.plover,
        lo,
        hi,
        country,
        admin1,
        level,
        lat,
        lon,
        code=event.code,
        source_code=event.source.code,
        target_code=target_code,
        day=event.date or (article.published.isoformat() if article.published else None),
    )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def same_place(a: Report, b: Report) -> bool:
    if a.place_level is None or b.place_level is None:
        return True
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return False
    if a.place_level == POINT and b.place_level == POINT:
        assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
        return distance_km(a.lat, a.lon, b.lat, b.lon) <= MAX_DISTANCE_KM
    if a.place_admin1 and b.place_admin1:
        return a.place_admin1 == b.place_admin1
    return True


def compatible_days(a: Report, b: Report) -> bool:
    if a.day_lo is None or a.day_hi is None or b.day_lo is None or b.day_hi is None:
        return False
    return a.day_lo <= _shift(b.day_hi, DATE_SLACK_DAYS) and b.day_lo <= _shift(a.day_hi, DATE_SLACK_DAYS)


def same_event(a: Report, b: Report) -> bool:
    """Whether two reports tell of the same real-world event (see the module docstring)."""
    return (
        a.source_key == b.source_key
        and a.target_key == b.target_key
        and (a.root_code == b.root_code or (a.plover is not None and a.plover == b.plover))
        and compatible_days(a, b)
        and same_place(a, b)
    )


# ---------------------------------------------------------------- clustering strategies


class Clustering(Protocol):
    def assign(self, con: DuckDBPyConnection, reports: Sequence[Report]) -> dict[int, int]:
        """Cluster ids for the new `reports` (event id -> cluster id), stored in cluster_members."""
        ...


def _member_table(reports: Sequence[Report], clusters: dict[int, int]) -> pa.Table:
    def column(name: str, kind: pa.DataType) -> pa.Array:
        return pa.array([getattr(r, name) for r in reports], kind)

    return pa.table(
        {
            "event_id": column("event_id", pa.int64()),
            "cluster_id": pa.array([clusters.get(r.event_id) for r in reports], pa.int64()),
            "article_id": column("article_id", pa.string()),
            "source_key": column("source_key", pa.string()),
            "target_key": column("target_key", pa.string()),
            "root_code": column("root_code", pa.string()),
            "plover": column("plover", pa.string()),
            "day_lo": column("day_lo", pa.date32()),
            "day_hi": column("day_hi", pa.date32()),
            "place_country": column("place_country", pa.string()),
            "place_admin1": column("place_admin1", pa.string()),
            "place_level": column("place_level", pa.string()),
            "lat": column("lat", pa.float64()),
            "lon": column("lon", pa.float64()),
        }
    )


def store_members(con: DuckDBPyConnection, reports: Sequence[Report], clusters: dict[int, int]) -> None:
    if not reports:
        return
    con.register(_NEW, _member_table(reports, clusters))
    try:
        con.execute(f"INSERT INTO cluster_members BY NAME SELECT * FROM {_NEW}")
    finally:
        con.unregister(_NEW)


def forget_members(con: DuckDBPyConnection, article_ids: Sequence[str]) -> None:
    con.execute("DELETE FROM cluster_members WHERE article_id IN (SELECT unnest(?))", [list(article_ids)])


def exact_key_cluster_id(
    source_code: str | None, target_code: str | None, code: str, day: str | None, article_id: str
) -> int:
    """The cluster id of the exact-key clustering: one cluster per (source, target, code, date)."""
    when = day if day is not None else "undated:" + article_id
    return stable_id("cluster", source_code or "", target_code or "", code, when)


class ExactKeyClustering:
    """Same source code, target code, event code and date (the event's own date, else the article's
    publication date): the clustering of tidings' schema v2, kept for comparisons."""

    def assign(self, con: DuckDBPyConnection, reports: Sequence[Report]) -> dict[int, int]:
        clusters = {
            r.event_id: exact_key_cluster_id(r.source_code, r.target_code, r.code, r.day, r.article_id)
            for r in reports
        }
        store_members(con, reports, clusters)
        return clusters


def _report_from_row(row: tuple) -> tuple[int, Report]:
    (
        event_id,
        cluster_id,
        article_id,
        source_key,
        target_key,
        root_code,
        plover,
        day_lo,
        day_hi,
        country,
        admin1,
        level,
        lat,
        lon,
    ) = row
    report = Report(
        event_id,
        article_id,
        source_key,
        target_key,
        root_code,
        plover,
        day_lo,
        day_hi,
        country,
        admin1,
        level,
        lat,
        lon,
    )
    return cluster_id, report


class NearDuplicateClustering:
    """The real-world-event clustering described in the module docstring."""

    def assign(self, con: DuckDBPyConnection, reports: Sequence[Report]) -> dict[int, int]:
        members = self._candidate_members(con, reports)
        by_actors: dict[tuple[str, str], list[int]] = {}
        for cluster_id, cluster in members.items():
            by_actors.setdefault((cluster[0].source_key, cluster[0].target_key), []).append(cluster_id)
        assigned: dict[int, int] = {}
        opened: list[int] = []  # provisional (negative) ids of clusters opened in this batch
        for report in reports:
            chosen = self._best_cluster(
                report, by_actors.get((report.source_key, report.target_key), []), members
            )
            if chosen is None:
                chosen = -1 - len(opened)
                opened.append(report.event_id)
                members[chosen] = []
                by_actors.setdefault((report.source_key, report.target_key), []).append(chosen)
            members[chosen].append(report)
            assigned[report.event_id] = chosen
        real = _fresh_cluster_ids(con, opened)
        clusters = {event: real.get(cluster, cluster) for event, cluster in assigned.items()}
        store_members(con, reports, clusters)
        return clusters

    @staticmethod
    def _best_cluster(
        report: Report, candidates: Iterable[int], members: dict[int, list[Report]]
    ) -> int | None:
        if report.day_lo is None:
            return None  # an undated report cannot be told apart from other events: it stands alone
        fitting = [c for c in candidates if all(same_event(report, other) for other in members[c])]
        if not fitting:
            return None
        # The largest cluster, then the earliest opened (stored ones before this batch's new ones).
        return min(fitting, key=lambda c: (-len(members[c]), c < 0, abs(c)))

    @staticmethod
    def _candidate_members(con: DuckDBPyConnection, reports: Sequence[Report]) -> dict[int, list[Report]]:
        """Every member of each stored cluster that one of `reports` might join."""
        dated = [r for r in reports if r.day_lo is not None]
        if not dated:
            return {}
        con.register(_NEW, _member_table(dated, {}))
        try:
            rows = con.execute(
                f"""
                WITH candidates AS (
                    SELECT DISTINCT m.cluster_id
                    FROM {_NEW} n JOIN cluster_members m
                      ON m.source_key = n.source_key AND m.target_key = n.target_key
                     AND (m.root_code = n.root_code OR m.plover = n.plover)
                     AND date_diff('day', n.day_hi, m.day_lo) <= {DATE_SLACK_DAYS}
                     AND date_diff('day', m.day_hi, n.day_lo) <= {DATE_SLACK_DAYS}
                )
                SELECT {_MEMBER_COLUMNS} FROM cluster_members
                WHERE cluster_id IN (SELECT cluster_id FROM candidates)
                ORDER BY cluster_id, event_id
                """
            ).fetchall()
        finally:
            con.unregister(_NEW)
        members: dict[int, list[Report]] = {}
        for row in rows:
            cluster_id, report = _report_from_row(row)
            members.setdefault(cluster_id, []).append(report)
        return members


def _ids_in_use(con: DuckDBPyConnection, ids: Sequence[int]) -> set[int]:
    rows = con.execute(
        "SELECT DISTINCT cluster_id FROM cluster_members WHERE cluster_id IN (SELECT unnest(?))", [list(ids)]
    ).fetchall()
    return {row[0] for row in rows}


def _fresh_cluster_ids(con: DuckDBPyConnection, founders: Sequence[int]) -> dict[int, int]:
    """Real ids for clusters opened in this batch (provisional id -1 - n for founder n): derived from
    the founding event's id, rehashed while an id is taken (a re-coded article's event may found a new
    cluster while its old cluster lives on with other members)."""
    first = [stable_id("cluster", str(founder)) for founder in founders]
    taken = _ids_in_use(con, first) if first else set()
    used: set[int] = set()
    real: dict[int, int] = {}
    for n, founder in enumerate(founders):
        candidate, attempt = first[n], 0
        while candidate in used or candidate in taken:
            attempt += 1
            candidate = stable_id("cluster", str(founder), str(attempt))
            taken |= _ids_in_use(con, [candidate])
        used.add(candidate)
        real[-1 - n] = candidate
    return real
