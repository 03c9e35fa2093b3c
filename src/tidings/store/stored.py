"""A stored article read back as the `CodedArticle` the pipeline made: the inverse of `rows`.

An event's location comes back without character offsets: only the article's places store them.

The article view and the API show a stored article through the same record the coder produced, so
offsets, actors, events, quotes and places mean exactly what they meant when it was coded.
"""

from __future__ import annotations

from duckdb import DuckDBPyConnection

from ..records import Actor, Article, CodedArticle, Event, Location, Quote, Sentence

_ACTOR_FIELDS = ("text", "start", "end", "country", "igo", "sectors", "name", "org")


def _rows(con: DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    result = con.execute(sql, params)  # Python values straight from DuckDB: no Arrow table between
    names = [column[0] for column in result.description or ()]
    return [dict(zip(names, values, strict=True)) for values in result.fetchall()]


def _actor(row: dict, prefix: str = "") -> Actor | None:
    values = {name: row[prefix + name] for name in _ACTOR_FIELDS}
    if values["text"] is None:
        return None
    return Actor(**{**values, "sectors": tuple(values["sectors"] or ())})


def _location(name: str | None, country, lat, lon, start=None, end=None) -> Location | None:
    return None if name is None else Location(name, country, lat, lon, start, end)


def _event(row: dict) -> Event:
    source = _actor(row, "source_")
    assert source is not None, "an event always has a source"
    return Event(
        article_id=row["article_id"],
        sentence_index=row["sentence_index"],
        sentence=row["sentence"],
        start=row["start"],
        end=row["end"],
        source=source,
        target=_actor(row, "target_"),
        code=row["code"],
        root_code=row["root_code"],
        quad_class=row["quad_class"],
        goldstein=row["goldstein"],
        plover=row["plover"],
        plover_mode=row["plover_mode"],
        verb=row["verb"],
        verb_start=row["verb_start"],
        verb_end=row["verb_end"],
        rule=row["rule"],
        date=row["date"],
        date_precision=row["date_precision"],
        date_source=row["date_source"],
        location=_location(
            row["location_name"], row["location_country"], row["location_lat"], row["location_lon"]
        ),
        tone=row["tone"],
        date_end=row["date_end"],
        date_text_start=row["date_text_start"],
        date_text_end=row["date_text_end"],
    )


def stored_article(con: DuckDBPyConnection, article_id: str) -> CodedArticle | None:
    """The stored article `article_id` with everything found in it, or None when there is none."""
    found = _rows(con, "SELECT * FROM articles WHERE id = ?", [article_id])
    if not found:
        return None
    row = found[0]
    article = Article(
        row["id"],
        row["title"] or "",
        row["text"],
        row["published"],
        row["source"] or "",
        row["url"],
        row["language"] or "en",
    )
    by_article = [article_id]
    sentences = tuple(
        Sentence(r["index"], r["start"], r["end"], article.text[r["start"] : r["end"]])
        for r in _rows(con, 'SELECT * FROM sentences WHERE article_id = ? ORDER BY "index"', by_article)
    )
    actors = tuple(
        a
        for r in _rows(con, 'SELECT * FROM actors WHERE article_id = ? ORDER BY "start", "end"', by_article)
        if (a := _actor(r)) is not None
    )
    events = tuple(
        _event(r) for r in _rows(con, "SELECT * FROM events WHERE article_id = ? ORDER BY id", by_article)
    )
    events = tuple(sorted(events, key=lambda e: (e.sentence_index, e.verb_start)))
    quotes = tuple(
        Quote(
            article_id,
            r["speaker"],
            r["speaker_code"],
            r["text"],
            r["kind"],
            r["start"],
            r["end"],
            r["sentence_index"],
        )
        for r in _rows(con, 'SELECT * FROM quotes WHERE article_id = ? ORDER BY "start"', by_article)
    )
    places = tuple(
        p
        for r in _rows(con, 'SELECT * FROM places WHERE article_id = ? ORDER BY "start"', by_article)
        if (p := _location(r["name"], r["country"], r["lat"], r["lon"], r["start"], r["end"])) is not None
    )
    return CodedArticle(article, sentences, events, quotes, places, row["tone"], actors)
