"""The built-in article readers, one per file format, registered by extension in `tidings.plugins.readers`.

A reader takes the file's name (for error messages) and its bytes and yields `Article`s, or an
`InputError` for each bad record; a whole bad file raises `BadInput`. Plugins add readers for other
formats through the entry-point group `tidings.readers` (see `tidings.plugins`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

from ..plugins import readers
from ..records import Article, InputError
from .text import (
    BadInput,
    clean_text,
    decode,
    lenient_date,
    make_article,
    normalise_chars,
    parse_date,
    require_text,
    same_text,
    split_seed_layout,
    squash,
    take_dateline_line,
    words,
)

Item = Article | InputError
_DATE_FIELDS = ("date", "published")
_URL_FIELDS = ("url", "source_url", "link")
_LANGUAGE_FIELDS = ("language", "lang")
# Below this many words an HTML page's "main text" is navigation residue, not an article.
MIN_HTML_WORDS = 5


# ---------------------------------------------------------------- plain text


def _read_txt(source: str, data: bytes) -> Iterator[Item]:
    title, paragraphs, published = split_seed_layout(decode(data))
    yield make_article(source, title=title, body="\n\n".join(paragraphs), published=published)


# ---------------------------------------------------------------- JSON and JSONL


def read_jsonl_records(source: str, data: bytes) -> Iterator[Item]:
    """Articles (or errors, with `source:LINE`) from the bytes of a JSONL file."""
    # str.splitlines would also split at U+2028 etc., which JSON strings may contain raw.
    for number, line in enumerate(decode(data).split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        yield record_to_article(where, record)


def _read_json(source: str, data: bytes) -> Iterator[Item]:
    try:
        value = json.loads(decode(data))
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # one object per line in a .json file: read it as JSONL
            yield from read_jsonl_records(source, data)
            return
        raise BadInput(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
    if isinstance(value, dict):
        yield record_to_article(source, value)
    elif isinstance(value, list) and value:
        for index, record in enumerate(value):
            yield record_to_article(f"{source}[{index}]", record)
    else:
        raise BadInput("expected a JSON object or a non-empty array of objects")


def record_to_article(where: str, record: object) -> Item:
    """One JSON record as an Article, or an InputError naming `where` and the record."""
    if not isinstance(record, dict):
        return InputError(where, "record is not a JSON object")
    label = f"record {record['id']!r}" if record.get("id") not in (None, "") else "record"
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError(where, f"{label} has no text")
    try:
        published = parse_date(_first_field(record, _DATE_FIELDS))
    except ValueError as exc:
        return InputError(where, f"{label}: {exc}")
    lines, dateline = take_dateline_line(normalise_chars(text).split("\n"))
    try:
        return make_article(
            where,
            title=str(record.get("title") or ""),
            body="\n".join(lines),
            published=published or dateline,
            url=_first_field(record, _URL_FIELDS),
            record_id=record.get("id"),
            language=_first_field(record, _LANGUAGE_FIELDS),
        )
    except BadInput as exc:
        return InputError(where, f"{label}: {exc}")


def _first_field(record: dict, names: tuple[str, ...]) -> object:
    return next((record[name] for name in names if record.get(name) not in (None, "")), None)


# ---------------------------------------------------------------- HTML


def _read_html(source: str, data: bytes) -> Iterator[Item]:
    import trafilatura  # imported on first use: slow to import, and only HTML needs it

    require_text(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # lxml deprecation noise inside trafilatura
        page = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    text = (page.text or "") if page is not None and not isinstance(page, dict) else ""
    if page is None or isinstance(page, dict) or len(words(text)) < MIN_HTML_WORDS:
        raise BadInput("no article text could be extracted from the HTML")
    title = squash(page.title or "")
    paragraphs = [line for line in text.split("\n") if line.strip()]
    if paragraphs and same_text(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    yield make_article(
        source, title=title, body="\n\n".join(paragraphs), published=lenient_date(page.date), url=page.url
    )


# ---------------------------------------------------------------- RSS and Atom


def _read_feed(source: str, data: bytes) -> Iterator[Item]:
    yield from _feed_articles(source, _parse_feed(data))


def _read_xml(source: str, data: bytes) -> Iterator[Item]:
    """Any XML file: read only if it is a recognised RSS or Atom feed (feedparser is lenient otherwise)."""
    feed = _parse_feed(data)
    if not feed.get("version"):
        raise BadInput("not an RSS or Atom feed")
    yield from _feed_articles(source, feed)


def _parse_feed(data: bytes) -> Any:
    import feedparser  # imported on first use, like trafilatura

    require_text(data)
    # A stream, never a string: feedparser treats strings that look like URLs as addresses to fetch.
    return feedparser.parse(io.BytesIO(data))


def _feed_articles(source: str, feed: Any) -> Iterator[Item]:
    if not feed.entries:
        raise BadInput("feed has no entries" if feed.get("version") else "not an RSS or Atom feed")
    language = feed.get("feed", {}).get("language")  # the channel's <language>, if it states one
    for number, entry in enumerate(feed.entries, start=1):
        yield _entry_article(f"{source}#{number}", entry, language)


def _entry_article(where: str, entry: dict, language: object = None) -> Item:
    title = squash(_html_to_text(entry.get("title", "")))
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else entry.get("summary", "")
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return make_article(
            where,
            title=title,
            body=_html_to_text(html),
            url=entry.get("link"),
            record_id=entry.get("id"),
            published=dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None,
            language=language,
        )
    except BadInput:
        return InputError(where, f"feed entry {title or '(untitled)'!r} has no text")


class _TextCollector(HTMLParser):
    """Collects the text of an HTML fragment, with a paragraph break at each block element."""

    BLOCKS = frozenset(
        (
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "tr",
            "table",
            "section",
            "article",
        )
    )
    SKIPPED = frozenset(("script", "style"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIPPED:
            self.skipping += 1
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _html_to_text(fragment: str) -> str:
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return clean_text("".join(collector.parts))


# ---------------------------------------------------------------- Parquet


def _read_parquet(source: str, data: bytes) -> Iterator[Item]:
    """One article per row of a Parquet table with the JSON records' columns (id, text, title, date, url)."""
    import pyarrow.parquet as pq  # imported on first use

    try:
        table = pq.read_table(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise BadInput(f"not a readable Parquet file: {exc}") from exc
    for number, row in enumerate(table.to_pylist(), start=1):
        record = {k: v.isoformat() if isinstance(v, dt.date | dt.datetime) else v for k, v in row.items()}
        yield record_to_article(f"{source}:{number}", record)


for _extension in (".txt", ".text"):
    readers.register(_extension, _read_txt)
for _extension in (".jsonl", ".ndjson"):
    readers.register(_extension, read_jsonl_records)
readers.register(".json", _read_json)
for _extension in (".html", ".htm"):
    readers.register(_extension, _read_html)
for _extension in (".rss", ".atom"):
    readers.register(_extension, _read_feed)
readers.register(".xml", _read_xml)
readers.register(".parquet", _read_parquet)
