"""Turn coded articles into table rows (plain dicts keyed by column name), and the ids they need."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from urllib.parse import urlsplit

from ..records import (
    MAGNITUDE_KINDS,
    Actor,
    Article,
    CodedArticle,
    Event,
    Location,
    Quote,
    Sentence,
    date_bounds,
)
from ..serialize import event_coding

# Ids are 63-bit so they fit a signed BIGINT and GDELT's integer GLOBALEVENTID.
ID_BITS = 63


def stable_id(*parts: str) -> int:
    """A deterministic integer id for the given parts: the same parts give the same id in any database."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> (64 - ID_BITS)


def content_hash(article: Article) -> str:
    """What decides whether a stored article must be coded again: everything the coders read."""
    fields = [
        article.title,
        article.text,
        article.published.isoformat() if article.published else None,
        article.url,
        article.language,
    ]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


def domain_of(url: str | None) -> str | None:
    """The outlet an article came from, as its URL's host without "www." ("tasnimnews.com")."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else "//" + url).hostname
    return host.removeprefix("www.") if host else None


def event_day(date: str | None, published: dt.date | None) -> str | None:
    """The day an event is counted under: its own date, else its article's publication date; written to
    sort and compare with ISO days, months and years (a week as its Monday "2019-04-15", a quarter as its
    first month "2019-04")."""
    if not date:
        return published.isoformat() if published else None
    if date[5:6] == "W":
        return date_bounds(date)[0].isoformat()
    if date[5:6] == "Q":
        return date_bounds(date)[0].isoformat()[:7]
    return date


def event_id(article_id: str, ordinal: int) -> int:
    return stable_id("event", article_id, str(ordinal))


def article_row(coded: CodedArticle, run_id: int) -> dict:
    article = coded.article
    return {
        "id": article.id,
        "title": article.title,
        "text": article.text,
        "published": article.published,
        "source": article.source,
        "url": article.url,
        "language": article.language,
        "content_hash": content_hash(article),
        "run_id": run_id,
        "tone": coded.tone,
        "domain": domain_of(article.url),
    }


def sentence_row(article_id: str, sentence: Sentence) -> dict:
    return {"article_id": article_id, "index": sentence.index, "start": sentence.start, "end": sentence.end}


def actor_row(article_id: str, actor: Actor) -> dict:
    return {
        "article_id": article_id,
        "text": actor.text,
        "start": actor.start,
        "end": actor.end,
        "code": actor.code,
        "country": actor.country,
        "igo": actor.igo,
        "sectors": list(actor.sectors),
        "name": actor.name,
        "org": actor.org,
    }


def _role_columns(role: str, actor: Actor | None) -> dict:
    if actor is None:
        names = ("code", "country", "igo", "org", "name", "text", "start", "end")
        return dict.fromkeys((f"{role}_{name}" for name in names), None) | {f"{role}_sectors": []}
    return {
        f"{role}_code": actor.code,
        f"{role}_country": actor.country,
        f"{role}_igo": actor.igo,
        f"{role}_org": actor.org,
        f"{role}_sectors": list(actor.sectors),
        f"{role}_name": actor.name,
        f"{role}_text": actor.text,
        f"{role}_start": actor.start,
        f"{role}_end": actor.end,
    }


def _place_details(place: Location | None, prefix: str = "") -> dict:
    """The columns of a place beyond its name, country and point (schema v4)."""
    return {
        f"{prefix}text": place.text if place else None,
        f"{prefix}geonameid": place.geonameid if place else None,
        f"{prefix}feature": place.feature if place else None,
        f"{prefix}admin1": place.admin1 if place else None,
        f"{prefix}admin2": place.admin2 if place else None,
        f"{prefix}precision": place.precision if place else None,
        f"{prefix}geo_type": place.geo_type if place else None,
        f"{prefix}demonym": place.demonym if place else None,
    }


def _location_columns(location: Location | None) -> dict:
    return {
        "location_name": location.name if location else None,
        "location_country": location.country if location else None,
        "location_lat": location.lat if location else None,
        "location_lon": location.lon if location else None,
        "location_start": location.start if location else None,
        "location_end": location.end if location else None,
        **_place_details(location, "location_"),
    }


def magnitude_columns(event: Event) -> dict:
    """The counts an event reports: per kind its number (None when vague), words and span."""
    columns: dict = {}
    for kind in MAGNITUDE_KINDS:
        found = event.magnitude(kind)
        columns[kind] = found.number if found else None
        columns[f"{kind}_text"] = found.text if found else None
        columns[f"{kind}_start"] = found.start if found else None
        columns[f"{kind}_end"] = found.end if found else None
    return columns


def event_row(article_id: str, event: Event, ordinal: int, cluster_id: int) -> dict:
    return {
        "id": event_id(article_id, ordinal),
        "article_id": article_id,
        "sentence_index": event.sentence_index,
        "sentence": event.sentence,
        "start": event.start,
        "end": event.end,
        **_role_columns("source", event.source),
        **_role_columns("target", event.target),
        **event_coding(event),
        "verb": event.verb,
        "verb_start": event.verb_start,
        "verb_end": event.verb_end,
        "rule": event.rule,
        "date": event.date,
        "date_end": event.date_end,
        "date_precision": event.date_precision,
        "date_source": event.date_source,
        "date_text_start": event.date_text_start,
        "date_text_end": event.date_text_end,
        **_location_columns(event.location),
        "tone": event.tone,
        "cluster_id": cluster_id,
        **magnitude_columns(event),
    }


def quote_row(article_id: str, quote: Quote) -> dict:
    return {
        "article_id": article_id,
        "speaker": quote.speaker,
        "speaker_code": quote.speaker_code,
        "text": quote.text,
        "kind": quote.kind,
        "start": quote.start,
        "end": quote.end,
        "sentence_index": quote.sentence_index,
    }


def place_row(article_id: str, place: Location) -> dict:
    return {
        "article_id": article_id,
        "name": place.name,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "start": place.start,
        "end": place.end,
        **_place_details(place),
    }
