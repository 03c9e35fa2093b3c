"""The database schema as numbered migrations, applied in order when a database is opened.

A database records every migration it has had in `schema_version`; opening an older database
applies the missing ones in place, each in its own transaction. Never edit a shipped migration:
add a new one, so every database ever written can still be upgraded.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
from duckdb import DuckDBPyConnection

from ..errors import StoreError
from ..records import MAGNITUDE_KINDS
from .clusters import CLUSTER_COUNTS, COPY_CLUSTER_COUNTS
from .recluster import recluster
from .rows import domain_of


class SchemaError(StoreError):
    """The database cannot be used by this version of tidings."""


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]
    # Data changes that SQL alone cannot make (e.g. ids computed in Python); runs after `statements`.
    backfill: Callable[[DuckDBPyConnection], None] | None = None


def _actor_columns(role: str) -> str:
    return (
        f"{role}_code VARCHAR, {role}_country VARCHAR, {role}_igo VARCHAR, {role}_sectors VARCHAR[], "
        f"{role}_name VARCHAR, {role}_text VARCHAR, {role}_start INTEGER, {role}_end INTEGER"
    )


V1 = Migration(
    1,
    "articles, sentences, actors, events, quotes, places, runs, errors",
    (
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description VARCHAR, "
        "applied TIMESTAMP DEFAULT current_timestamp)",
        "CREATE TABLE runs (id INTEGER PRIMARY KEY, tidings_version VARCHAR, pipeline VARCHAR, "
        "started TIMESTAMP, finished TIMESTAMP, status VARCHAR, inputs VARCHAR[], "
        "articles INTEGER DEFAULT 0, skipped INTEGER DEFAULT 0, events INTEGER DEFAULT 0, "
        "quotes INTEGER DEFAULT 0, errors INTEGER DEFAULT 0)",
        "CREATE TABLE errors (run_id INTEGER, source VARCHAR, message VARCHAR, "
        "recorded TIMESTAMP DEFAULT current_timestamp)",
        "CREATE TABLE articles (id VARCHAR PRIMARY KEY, title VARCHAR, text VARCHAR, published DATE, "
        "source VARCHAR, url VARCHAR, language VARCHAR, content_hash VARCHAR, run_id INTEGER)",
        'CREATE TABLE sentences (article_id VARCHAR, "index" INTEGER, "start" INTEGER, "end" INTEGER)',
        'CREATE TABLE actors (article_id VARCHAR, text VARCHAR, "start" INTEGER, "end" INTEGER, '
        "code VARCHAR, country VARCHAR, igo VARCHAR, sectors VARCHAR[], name VARCHAR)",
        "CREATE TABLE events (id BIGINT PRIMARY KEY, article_id VARCHAR, sentence_index INTEGER, "
        f'sentence VARCHAR, "start" INTEGER, "end" INTEGER, {_actor_columns("source")}, '
        f"{_actor_columns('target')}, code VARCHAR, root_code VARCHAR, quad_class INTEGER, goldstein DOUBLE, "
        "plover VARCHAR, plover_mode VARCHAR, verb VARCHAR, verb_start INTEGER, verb_end INTEGER, "
        "rule VARCHAR, date VARCHAR, date_precision VARCHAR, date_source VARCHAR, location_name VARCHAR, "
        "location_country VARCHAR, location_lat DOUBLE, location_lon DOUBLE)",
        "CREATE TABLE quotes (article_id VARCHAR, speaker VARCHAR, speaker_code VARCHAR, text VARCHAR, "
        'kind VARCHAR, "start" INTEGER, "end" INTEGER, sentence_index INTEGER)',
        "CREATE TABLE places (article_id VARCHAR, name VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE, "
        '"start" INTEGER, "end" INTEGER)',
    ),
)


def _backfill_domains(con: DuckDBPyConnection) -> None:
    rows = con.execute("SELECT id, url FROM articles WHERE url IS NOT NULL").fetchall()
    updates = [(domain_of(url), article_id) for article_id, url in rows]
    if updates:
        con.executemany("UPDATE articles SET domain = ? WHERE id = ?", updates)


def _backfill_v2(con: DuckDBPyConnection) -> None:
    # v2 also filled its exact-key event clusters here; v4 replaces them, so that step is gone.
    _backfill_domains(con)


V2 = Migration(
    2,
    "tone, source domains and event clusters (duplicate reports of one event)",
    (
        "ALTER TABLE articles ADD COLUMN tone DOUBLE",
        "ALTER TABLE articles ADD COLUMN domain VARCHAR",
        "ALTER TABLE events ADD COLUMN tone DOUBLE",
        "ALTER TABLE events ADD COLUMN cluster_id BIGINT",
        "CREATE TABLE event_clusters (id BIGINT PRIMARY KEY, source_code VARCHAR, target_code VARCHAR, "
        "code VARCHAR, root_code VARCHAR, quad_class INTEGER, goldstein DOUBLE, date VARCHAR, "
        "event_id BIGINT, mentions INTEGER, articles INTEGER, sources INTEGER, tone DOUBLE, "
        "first_published DATE, is_root BOOLEAN)",
    ),
    _backfill_v2,
)


def _org_backfill(table: str, prefix: str) -> str:
    """The organisation class of stored actors with neither country nor IGO: their code without the
    sectors that follow it ("NGOHRIAMN" with sectors HRI AMN -> "NGO"); "---" is no organisation."""
    code, sectors = f"{prefix}code", f"{prefix}sectors"
    org = f"left({code}, length({code}) - length(coalesce(array_to_string({sectors}, ''), '')))"
    return (
        f"UPDATE {table} SET {prefix}org = {org} WHERE {prefix}country IS NULL AND {prefix}igo IS NULL "
        f"AND {code} IS NOT NULL AND NOT starts_with({code}, '---')"
    )


V3 = Migration(
    3,
    "organisation class of actors (Actor.org) for actor mentions and event sources and targets",
    (
        "ALTER TABLE actors ADD COLUMN org VARCHAR",
        "ALTER TABLE events ADD COLUMN source_org VARCHAR",
        "ALTER TABLE events ADD COLUMN target_org VARCHAR",
        _org_backfill("actors", ""),
        _org_backfill("events", "source_"),
        _org_backfill("events", "target_"),
    ),
)


def _backfill_v4(con: DuckDBPyConnection) -> None:
    """Group the stored articles into syndicated stories and their events into real-world events."""
    recluster(con)


def _place_columns(table: str, prefix: str) -> tuple[str, ...]:
    columns = (
        "text VARCHAR",
        "geonameid BIGINT",
        "feature VARCHAR",
        "admin1 VARCHAR",
        "admin2 VARCHAR",
        "precision INTEGER",
        "geo_type INTEGER",
        "demonym BOOLEAN",
    )
    return tuple(f"ALTER TABLE {table} ADD COLUMN {prefix}{column}" for column in columns)


V4 = Migration(
    4,
    "feeds and their entries; syndicated stories; event clusters of real-world events",
    (
        "CREATE TABLE feeds (url VARCHAR PRIMARY KEY, title VARCHAR, added TIMESTAMP, "
        "last_poll TIMESTAMP, last_success TIMESTAMP, next_poll TIMESTAMP, etag VARCHAR, "
        "last_modified VARCHAR, last_status INTEGER, consecutive_errors INTEGER DEFAULT 0, "
        "errors INTEGER DEFAULT 0, polls INTEGER DEFAULT 0, entries INTEGER DEFAULT 0, "
        "stored INTEGER DEFAULT 0, last_error VARCHAR)",
        "CREATE TABLE feed_entries (feed_url VARCHAR, entry_key VARCHAR, article_id VARCHAR, "
        "entry_hash VARCHAR, first_seen TIMESTAMP, last_seen TIMESTAMP, PRIMARY KEY (feed_url, entry_key))",
        "CREATE TABLE article_fingerprints (article_id VARCHAR PRIMARY KEY, shingles INTEGER, "
        "signature BLOB)",
        "CREATE TABLE article_bands (article_id VARCHAR, band SMALLINT, hash BIGINT)",
        "CREATE TABLE syndication_links (article_id VARCHAR, copy_id VARCHAR, similarity DOUBLE)",
        "CREATE TABLE article_stories (article_id VARCHAR PRIMARY KEY, story_id VARCHAR, is_copy BOOLEAN)",
        "CREATE TABLE cluster_members (event_id BIGINT PRIMARY KEY, cluster_id BIGINT, article_id VARCHAR, "
        "source_key VARCHAR, target_key VARCHAR, root_code VARCHAR, plover VARCHAR, day_lo DATE, "
        "day_hi DATE, "
        "place_country VARCHAR, place_admin1 VARCHAR, place_level VARCHAR, lat DOUBLE, lon DOUBLE)",
        "ALTER TABLE event_clusters ADD COLUMN independent_sources INTEGER",
        "ALTER TABLE event_clusters ADD COLUMN syndicated_copies INTEGER",
    ),
    _backfill_v4,
)


# The explorer (`tidings serve`) filters, sorts and pages events and quotes by day without joining
# articles, and shows one article's rows by point look-ups.
V5 = Migration(
    5,
    "event day, date expression offsets and quote publication date stored with the rows; article_id indexes",
    (
        "ALTER TABLE events ADD COLUMN day VARCHAR",
        "ALTER TABLE events ADD COLUMN date_start INTEGER",
        "ALTER TABLE events ADD COLUMN date_end INTEGER",
        "UPDATE events SET day = coalesce(events.date, CAST(a.published AS VARCHAR)) "
        "FROM articles a WHERE a.id = events.article_id",
        "ALTER TABLE quotes ADD COLUMN published DATE",
        "UPDATE quotes SET published = a.published FROM articles a WHERE a.id = quotes.article_id",
        *(
            f"CREATE INDEX {table}_article ON {table} (article_id)"
            for table in ("sentences", "actors", "events", "quotes", "places")
        ),
    ),
)


V6 = Migration(
    6,
    "runs count the articles skipped for their language (no language pack)",
    ("ALTER TABLE runs ADD COLUMN skipped_language INTEGER DEFAULT 0",),
)

# Counts an event reports (issue 10): the number as stated (NULL for a vague "dozens"), its words and
# their span in the article text.
V7 = Migration(
    7,
    "events carry the counts they report: fatalities, injured, arrested, kidnapped, crowd size",
    tuple(
        f"ALTER TABLE events ADD COLUMN {kind}{suffix} {kind_type}"
        for kind in MAGNITUDE_KINDS
        for suffix, kind_type in (
            ("", "INTEGER"),
            ("_text", "VARCHAR"),
            ("_start", "INTEGER"),
            ("_end", "INTEGER"),
        )
    ),
)


V8 = Migration(
    8,
    "places: GeoNames id, feature, admin1/admin2 codes, precision (ACLED) and GeoType (GDELT), mention text;"
    " the same for event locations, with the location's span",
    (
        *_place_columns("places", ""),
        *_place_columns("events", "location_"),
        "ALTER TABLE events ADD COLUMN location_start INTEGER",
        "ALTER TABLE events ADD COLUMN location_end INTEGER",
    ),
)


# An event date may be a range ("between 3 and 5 May"): its last unit is `date_end`, written at the
# date's precision ("2019-05-05", "2019-W16", "2019-Q2"). The name was taken by the offsets of the date
# expression (v5), which become `date_text_start`/`date_text_end`; DuckDB renames a column only while
# no index depends on its table, so the article index is dropped and made again.
V9 = Migration(
    9,
    "event date ranges (events.date_end) and week and quarter dates; the date expression's offsets "
    "renamed date_text_start and date_text_end",
    (
        "DROP INDEX events_article",
        "ALTER TABLE events RENAME COLUMN date_start TO date_text_start",
        "ALTER TABLE events RENAME COLUMN date_end TO date_text_end",
        "ALTER TABLE events ADD COLUMN date_end VARCHAR",
        "CREATE INDEX events_article ON events (article_id)",
    ),
)

# The explorer's lists read one table each (issue 12): an event row carries its article's title and URL
# and its cluster's report counts, a quote its article's title and URL, an article its number of events
# and quotes; quotes and articles keep their publication date as text too (`day`, like events), which
# sorts and compares as the lists need it without casting every row. The writer fills them when it
# writes the rows (and `clusters.refresh_clusters` when it recounts a cluster); this migration fills
# them for the rows already stored.
EVENT_COPIES = (
    ("article_title", "VARCHAR"),
    ("article_url", "VARCHAR"),
    *((f"cluster_{count}", "INTEGER") for count in CLUSTER_COUNTS),
)
V10 = Migration(
    10,
    "list read model: events carry their article's title and URL and their cluster's counts, quotes "
    "their article's title and URL, articles their event and quote counts; quotes and articles their "
    "day as text",
    (
        *(f"ALTER TABLE events ADD COLUMN {name} {kind}" for name, kind in EVENT_COPIES),
        "ALTER TABLE quotes ADD COLUMN article_title VARCHAR",
        "ALTER TABLE quotes ADD COLUMN article_url VARCHAR",
        "ALTER TABLE articles ADD COLUMN event_count INTEGER DEFAULT 0",
        "ALTER TABLE articles ADD COLUMN quote_count INTEGER DEFAULT 0",
        "ALTER TABLE quotes ADD COLUMN day VARCHAR",
        "ALTER TABLE articles ADD COLUMN day VARCHAR",
        "UPDATE quotes SET day = CAST(published AS VARCHAR)",
        "UPDATE articles SET day = CAST(published AS VARCHAR)",
        "UPDATE events SET article_title = a.title, article_url = a.url FROM articles a "
        "WHERE a.id = events.article_id",
        COPY_CLUSTER_COUNTS + " WHERE events.cluster_id = c.id",
        "UPDATE quotes SET article_title = a.title, article_url = a.url FROM articles a "
        "WHERE a.id = quotes.article_id",
        *(
            f"UPDATE articles SET {column} = n.count FROM (SELECT article_id, count(*) AS count FROM {table} "
            f"GROUP BY article_id) n WHERE n.article_id = articles.id"
            for table, column in (("events", "event_count"), ("quotes", "quote_count"))
        ),
    ),
)

# Ingest recounts the clusters its batches touched every few batches and at the end of the run, not
# after every batch (the recount reads every event: per batch it grew with the database). A batch
# notes the clusters it touched here, in its own transaction, so a run killed before its recount leaves
# them for the next writing open of the database to recount (`clusters.recount_waiting`).
V11 = Migration(
    11,
    "clusters waiting to be recounted: ingest recounts the clusters it touched every few batches",
    ("CREATE TABLE clusters_to_recount (id BIGINT)",),
)

MIGRATIONS: tuple[Migration, ...] = (V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11)
LATEST = MIGRATIONS[-1].version


def current_version(con: DuckDBPyConnection) -> int:
    """The schema version of the database; 0 for an empty one."""
    has_table = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()[0][0]
    if not has_table:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0]


def apply_migration(con: DuckDBPyConnection, migration: Migration) -> None:
    """Apply one migration atomically: all of it or, on any failure, none of it."""
    con.execute("BEGIN TRANSACTION")
    try:
        for statement in migration.statements:
            con.execute(statement)
        if migration.backfill is not None:
            migration.backfill(con)
        con.execute(
            "INSERT INTO schema_version (version, description) VALUES (?, ?)",
            [migration.version, migration.description],
        )
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise


def rollback(con: DuckDBPyConnection) -> None:
    """Roll back the open transaction, if DuckDB still has one: after a failed write (a full disk)
    it may have ended it already, and "cannot rollback" must not hide the real cause."""
    with contextlib.suppress(duckdb.Error):
        con.execute("ROLLBACK")


def migrate(con: DuckDBPyConnection, target: int = LATEST) -> int:
    """Bring the database up to schema `target`; returns the version it is at afterwards."""
    version = current_version(con)
    if version > LATEST:
        raise SchemaError(
            f"database schema v{version} is newer than this tidings understands (v{LATEST}); upgrade tidings"
        )
    for migration in MIGRATIONS:
        if version < migration.version <= target:
            apply_migration(con, migration)
            version = migration.version
    return version
