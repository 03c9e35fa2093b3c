"""The built-in article readers, one per file format, registered by extension in `tidings.plugins.readers`.

A reader takes the file's name (for error messages) and its bytes and yields `Article`s, or an
`InputError` for each bad record; a whole bad file raises `BadInput`. Plugins add readers for other
formats through the entry-point group `tidings.readers` (see `tidings.plugins`).
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import warnings
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from typing import Any, BinaryIO

from ..plugins import readers, reads_stream
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
# Longest JSONL line read: a record beyond this is not an article.
MAX_RECORD_BYTES = 32 * 2**20


# ---------------------------------------------------------------- plain text


def _read_txt(source: str, data: bytes) -> Iterator[Item]:
    title, paragraphs, published = split_seed_layout(decode(data))
    yield make_article(source, title=title, body="\n\n".join(paragraphs), published=published)


# ---------------------------------------------------------------- JSON and JSONL


def read_jsonl_records(source: str, data: bytes) -> Iterator[Item]:
    """Articles (or errors, with `source:LINE`) from the bytes of a JSONL file."""
    yield from read_jsonl_stream(source, io.BytesIO(data))


@reads_stream
def read_jsonl_stream(
    source: str, stream: BinaryIO, max_line_bytes: int = MAX_RECORD_BYTES
) -> Iterator[Item]:
    """Articles (or errors, with `source:LINE`) from a JSONL file, read line by line: memory holds one
    line, at most `max_line_bytes` of it (a longer line is skipped as an error). A bad line, whatever
    is wrong with it, is one error and the next line is read."""
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[type-var]
    head = buffered.peek(4096)[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # lines are not bytes apart
        lines = decode(buffered.read(MAX_RECORD_BYTES + 1)).split("\n")
        yield from _jsonl_lines(source, enumerate(lines, start=1))
        return
    require_text(head)  # a binary file is one error, not one per line
    yield from _jsonl_lines(source, _decoded_lines(source, buffered, max_line_bytes))


def _decoded_lines(
    source: str, stream: BinaryIO, max_line_bytes: int
) -> Iterator[tuple[int, str | InputError]]:
    number = 0
    while line := stream.readline(max_line_bytes + 1):
        number += 1
        if len(line) > max_line_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(max_line_bytes)) and not rest.endswith(b"\n"):
                pass  # skip to the end of the overlong line without holding it
            too_long = f"line longer than {max_line_bytes} bytes; skipped"
            yield number, InputError(f"{source}:{number}", too_long)
            continue
        try:
            yield number, decode(line) if line.strip() else ""
        except BadInput as exc:
            yield number, InputError(f"{source}:{number}", str(exc))


def _jsonl_lines(source: str, lines: Iterable[tuple[int, str | InputError]]) -> Iterator[Item]:
    any_line = False
    for number, line in lines:
        if isinstance(line, InputError):
            any_line = True
            yield line
            continue
        if not line.strip():
            continue
        any_line = True
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except (ValueError, RecursionError) as exc:  # 4,300-digit integers, nesting past the stack
            yield InputError(where, f"unreadable JSON: {_reason(exc)}")
            continue
        yield from record_items(where, record)
    if not any_line:
        yield InputError(source, "empty file")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:199] + "…"


def _read_json(source: str, data: bytes) -> Iterator[Item]:
    try:
        value = json.loads(decode(data))
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # one object per line in a .json file: read it as JSONL
            yield from read_jsonl_records(source, data)
            return
        raise BadInput(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
    except (ValueError, RecursionError) as exc:
        raise BadInput(f"unreadable JSON: {_reason(exc)}") from exc
    if isinstance(value, dict):
        yield from record_items(source, value)
    elif isinstance(value, list) and value:
        for index, record in enumerate(value):
            yield from record_items(f"{source}[{index}]", record)
    else:
        raise BadInput("expected a JSON object or a non-empty array of objects")


def record_to_article(where: str, record: object) -> Item:
    """One JSON record as an Article, or an InputError naming `where` and the record."""
    item, _ = record_with_warning(where, record)
    return item


def record_items(where: str, record: object) -> Iterator[Item]:
    """One JSON record's article (or error), after a warning about its date when it has one."""
    item, warning = record_with_warning(where, record)
    if warning is not None:
        yield warning
    yield item


def record_with_warning(where: str, record: object) -> tuple[Item, InputError | None]:
    """One JSON record as an Article (or an InputError), with a warning when its metadata date could
    not be read: the article is kept, dated by its dateline or not at all (a wrong date would mislead
    every relative date in it)."""
    if not isinstance(record, dict):
        return InputError(where, "record is not a JSON object"), None
    label = f"record {record['id']!r}" if record.get("id") not in (None, "") else "record"
    warning = None
    try:
        published = parse_date(_first_field(record, _DATE_FIELDS))
    except (ValueError, OverflowError) as exc:
        published = None
        warning = InputError(where, f"{label}: {exc}; coded without a published date", warning=True)
    return _record_article(where, record, label, published), warning


def _record_article(where: str, record: dict, label: str, published: dt.date | None) -> Item:
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError(where, f"{label} has no text")
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
            published=_stamp_date(stamp),
            language=language,
        )
    except BadInput:
        return InputError(where, f"feed entry {title or '(untitled)'!r} has no text")


def _stamp_date(stamp: Any) -> dt.date | None:
    """A feed entry's parsed time as a date; None when absent or impossible (year 0)."""
    try:
        return dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
    except (ValueError, TypeError, AttributeError):
        return None


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
        yield from record_items(f"{source}:{number}", record)


for _extension in (".txt", ".text"):
    readers.register(_extension, _read_txt)
for _extension in (".jsonl", ".ndjson"):
    readers.register(_extension, read_jsonl_stream)
readers.register(".json", _read_json)
for _extension in (".html", ".htm"):
    readers.register(_extension, _read_html)
for _extension in (".rss", ".atom"):
    readers.register(_extension, _read_feed)
readers.register(".xml", _read_xml)
readers.register(".parquet", _read_parquet)
