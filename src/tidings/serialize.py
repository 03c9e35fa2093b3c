"""Plain JSON-ready views of the records, as `tidings code` prints them."""

from __future__ import annotations

from dataclasses import asdict

from .records import MAGNITUDE_KINDS, Actor, CodedArticle, Event, Location, Magnitude, Quote, Sentence


def _actor_fields(prefix: str, actor: Actor | None) -> dict:
    if actor is None:
        return {prefix: None, f"{prefix}_text": None, f"{prefix}_name": None}
    return {prefix: actor.code, f"{prefix}_text": actor.text, f"{prefix}_name": actor.name}


def location_dict(location: Location | None) -> dict | None:
    return None if location is None else asdict(location)


def event_coding(event: Event) -> dict:
    """The event's code and its ontology values, as both `tidings code` and the database store them."""
    return {
        "code": event.code,
        "root_code": event.root_code,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "plover": event.plover,
        "plover_mode": event.plover_mode,
    }


def magnitude_dict(magnitude: Magnitude | None) -> dict | None:
    return None if magnitude is None else asdict(magnitude)


def event_dict(event: Event) -> dict:
    return {
        **_actor_fields("source", event.source),
        **_actor_fields("target", event.target),
        **event_coding(event),
        "verb": event.verb,
        "sentence_index": event.sentence_index,
        "sentence": event.sentence,
        "start": event.start,
        "end": event.end,
        "rule": event.rule,
        "date": event.date,
        "date_end": event.date_end,
        "date_precision": event.date_precision,
        "date_source": event.date_source,
        "date_text_start": event.date_text_start,
        "date_text_end": event.date_text_end,
        "location": location_dict(event.location),
        "tone": event.tone,
        **{kind: magnitude_dict(event.magnitude(kind)) for kind in MAGNITUDE_KINDS},
    }


def quote_dict(quote: Quote) -> dict:
    return {
        "speaker": quote.speaker,
        "speaker_code": quote.speaker_code,
        "text": quote.text,
        "kind": quote.kind,
        "start": quote.start,
        "end": quote.end,
        "sentence_index": quote.sentence_index,
    }


def sentence_dict(sentence: Sentence) -> dict:
    return {"index": sentence.index, "start": sentence.start, "end": sentence.end, "text": sentence.text}


def coded_article_dict(coded: CodedArticle) -> dict:
    article = coded.article
    return {
        "id": article.id,
        "title": article.title,
        "date": article.published.isoformat() if article.published else None,
        "url": article.url,
        "source": article.source,
        "language": article.language,
        "skipped": coded.skipped,
        "text": article.text,
        "tone": coded.tone,
        "sentences": [sentence_dict(s) for s in coded.sentences],
        "events": [event_dict(e) for e in coded.events],
        "quotes": [quote_dict(q) for q in coded.quotes],
        "places": [location_dict(p) for p in coded.places],
    }
