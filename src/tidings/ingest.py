"""Article ingest: read text, JSON/JSONL, HTML and RSS/Atom files into `Article` records.

Bad input never raises: each bad file, line or record becomes one `InputError` naming it, and
the rest of the batch is still read. `Article.text` is the cleaned body (paragraphs separated by
a blank line, whitespace inside paragraphs squashed); every later offset indexes into it.
"""

from __future__ import annotations

import calendar
import codecs
import dataclasses
import datetime as dt
import email.utils
import hashlib
import io
import json
import os
import re
import textwrap
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

from .records import Article, InputError

Item = Article | InputError
Reader = Callable[[str, bytes], Iterator[Item]]

ID_LENGTH = 16
# Shares used to tell legacy-encoded text (cp1252/latin-1) from binary junk.
MIN_ASCII_SHARE = 0.7
# Below this many words an HTML page's "main text" is navigation residue, not an article.
MIN_HTML_WORDS = 5
TITLE_MAX_CHARS = 250
# How many leading words a "[…]" teaser must share with the body to count as its repeat.
TEASER_MATCH_WORDS = 20

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH = "|".join(_MONTHS)
_WEEKDAY = "|".join(calendar.day_name)
# Datelines such as "Friday, January 4, 2019" (Wikinews) or "4 January 2019", alone on a line.
_WEEKDAY_PREFIX = rf"(?:(?:{_WEEKDAY}),?\s+)?"
_DATELINE_PATTERNS = (
    re.compile(rf"{_WEEKDAY_PREFIX}(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})", re.I),
    re.compile(rf"{_WEEKDAY_PREFIX}(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH}),?\s+(?P<year>\d{{4}})", re.I),
)
_TEASER_END = re.compile(r"\s*[\[(]\s*(?:…|\.\.\.)\s*[\])]$")
# Wire sign-offs such as Reuters' trailing "REUTER" carry no content.
_SIGNOFF = re.compile(r"(?i)(?:^|(?<=[.!?\"”’')]))\s*reuters?$")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_DATE_FIELDS = ("date", "published")
_URL_FIELDS = ("url", "source_url", "link")


class _BadInput(Exception):
    """A whole file is bad input; `read_articles` turns it into one InputError."""


# ---------------------------------------------------------------- public API


def read_articles(
    paths: Iterable[str | os.PathLike] | str | os.PathLike, *, default_date: dt.date | None = None
) -> Iterator[Item]:
    """Yield the articles in files and folders (walked recursively, sorted), with errors for bad input.

    `paths` is one path or several. `default_date` becomes the published date of articles that have
    none of their own. An article whose id was already read in this call is reported as a duplicate
    and skipped.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]  # a lone string would otherwise be read one character at a time
    first_source: dict[str, str] = {}
    for item in _read_paths(paths):
        if isinstance(item, Article):
            item = _check_unique(item, first_source)
        if isinstance(item, Article) and item.published is None and default_date is not None:
            item = dataclasses.replace(item, published=default_date)
        yield item


def _check_unique(article: Article, first_source: dict[str, str]) -> Item:
    """The article, or an error if its id was already read (ids key the store downstream)."""
    if article.id in first_source:
        return InputError(
            article.source,
            f"duplicate article id {article.id!r} (first read from {first_source[article.id]}); skipped",
        )
    first_source[article.id] = article.source
    return article


def clean_text(text: str) -> str:
    """Normalise text into paragraphs joined by a blank line, whitespace squashed inside them."""
    return "\n\n".join(split_paragraphs(text))


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs split at blank lines (and at indented lines, the old wire convention)."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", _normalise_chars(text)):
        paragraphs.extend(_split_at_indents(block))
    return _drop_signoff([squashed for squashed in map(_squash, paragraphs) if squashed])


def _drop_signoff(paragraphs: list[str]) -> list[str]:
    if not paragraphs:
        return paragraphs
    last = _SIGNOFF.sub("", paragraphs[-1]).strip()
    return paragraphs[:-1] + ([last] if last else [])


def article_id(text: str) -> str:
    """A stable short id for an article text: the first hex digits of its SHA-1."""
    return hashlib.sha1(clean_text(text).encode("utf-8")).hexdigest()[:ID_LENGTH]


def parse_date(value: object) -> dt.date | None:
    """An ISO date/datetime, "YYYYMMDD", RFC 2822 or "January 4, 2019" value as a date.

    Empty values give None; anything else unrecognised raises ValueError.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    for parse in (_iso_date, _rfc2822_date, dateline_date):
        found = parse(text)
        if found is not None:
            return found
    raise ValueError(f"unrecognised date {text!r}")


def dateline_date(line: str) -> dt.date | None:
    """The date of a line that is nothing but a dateline ("Friday, January 4, 2019"), else None."""
    for pattern in _DATELINE_PATTERNS:
        match = pattern.fullmatch(_squash(line))
        if match:
            try:
                return dt.date(int(match["year"]), _MONTHS[match["month"].lower()], int(match["day"]))
            except ValueError:
                return None
    return None


# ---------------------------------------------------------------- files and folders


def _read_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Item]:
    for raw in paths:
        for found in _expand(Path(raw)):
            if isinstance(found, InputError):
                yield found
            else:
                yield from _read_file(found)


def _expand(path: Path) -> Iterator[Path | InputError]:
    if path.is_dir():
        found = False
        for found_item in _walk(path):
            found = True
            yield found_item
        if not found:
            yield InputError(str(path), "folder contains no files to read")
    elif path.exists():
        yield path
    else:
        yield InputError(str(path), "no such file or directory")


def _walk(folder: Path) -> Iterator[Path | InputError]:
    """Files under `folder` in name order, depth first; hidden names and linked folders skipped."""
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as exc:
        yield InputError(str(folder), f"cannot list folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if not entry.is_symlink():
                yield from _walk(entry)
        else:
            yield entry


def _read_file(path: Path) -> Iterator[Item]:
    source = str(path)
    extension = path.suffix.lower()
    reader = READERS.get(extension)
    if reader is None:
        supported = ", ".join(sorted(READERS))
        yield InputError(
            source, f"unsupported file type {extension or '(no extension)'!r} (supported: {supported})"
        )
        return
    try:
        yield from reader(source, _read_bytes(path))
    except _BadInput as exc:
        yield InputError(source, str(exc))


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _BadInput(f"cannot read file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise _BadInput("empty file")
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _BadInput("binary file (contains NUL bytes), not text")
    return data


def _decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (BOM allowed) or UTF-16 with BOM, else cp1252/latin-1 if it reads as text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _BadInput(f"invalid UTF-16 text: {exc.reason}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise _BadInput("not UTF-8 text, and not readable as Windows-1252/Latin-1 text either")


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f")
    ascii_share = sum(1 for char in text if char.isascii()) / len(text)
    return controls == 0 and ascii_share >= MIN_ASCII_SHARE


# ---------------------------------------------------------------- plain text


def _read_txt(source: str, data: bytes) -> Iterator[Item]:
    title, paragraphs, published = _split_seed_layout(_decode(data))
    yield _make_article(source, title=title, body="\n\n".join(paragraphs), published=published)


def _split_seed_layout(text: str) -> tuple[str, list[str], dt.date | None]:
    """Title, body paragraphs and dateline date of a plain-text article.

    The seed layout is: title, the title again, a teaser ending in "[…]" that repeats the start
    of the body, then the body. Any part may be missing; an optional dateline may follow the title
    or the teaser. A first line too long to be a headline means the file has no title.
    """
    lines = _normalise_chars(text).split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    title = _squash(lines[0]) if lines else ""
    if len(title) > TITLE_MAX_CHARS:
        title, rest = "", lines
    else:
        rest = _drop_repeated_title(lines[1:], title)
    rest, published = _take_dateline_line(rest)
    paragraphs = split_paragraphs("\n".join(rest))
    if published is None:
        paragraphs, published = _take_dateline_paragraph(paragraphs[:2], paragraphs[2:])
    paragraphs = _drop_teaser(paragraphs)
    return title, paragraphs or ([title] if title else []), published


def _drop_repeated_title(lines: list[str], title: str) -> list[str]:
    index = 0
    while index < len(lines) and (not lines[index].strip() or _same_text(lines[index], title)):
        index += 1
    return lines[index:]


def _take_dateline_line(lines: list[str]) -> tuple[list[str], dt.date | None]:
    """Remove a first non-blank line that is only a dateline, returning its date."""
    for index, line in enumerate(lines):
        if line.strip():
            published = dateline_date(line)
            return (lines[index + 1 :], published) if published else (lines, None)
    return lines, None


def _take_dateline_paragraph(head: list[str], tail: list[str]) -> tuple[list[str], dt.date | None]:
    """Remove the first paragraph of `head` that is only a dateline (before or after a teaser)."""
    for index, paragraph in enumerate(head):
        published = dateline_date(paragraph)
        if published:
            return head[:index] + head[index + 1 :] + tail, published
    return head + tail, None


def _drop_teaser(paragraphs: list[str]) -> list[str]:
    """Drop a first paragraph ending in "[…]" that repeats the start of the body."""
    if len(paragraphs) < 2:
        return paragraphs
    marker = _TEASER_END.search(paragraphs[0])
    if not marker:
        return paragraphs
    teaser = _words(paragraphs[0][: marker.start()])[:-1]  # the last word may be cut short
    body = _words(" ".join(paragraphs[1:]))
    compared = min(len(teaser), TEASER_MATCH_WORDS)
    if compared and teaser[:compared] == body[:compared]:
        return paragraphs[1:]
    return paragraphs


# ---------------------------------------------------------------- JSON and JSONL


def read_jsonl_records(source: str, data: bytes) -> Iterator[Item]:
    """Articles (or errors, with `source:LINE`) from the bytes of a JSONL file; shared with the Ray engine."""
    # str.splitlines would also split at U+2028 etc., which JSON strings may contain raw.
    for number, line in enumerate(_decode(data).split("\n"), start=1):
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
        value = json.loads(_decode(data))
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # one object per line in a .json file: read it as JSONL
            yield from read_jsonl_records(source, data)
            return
        raise _BadInput(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
    if isinstance(value, dict):
        yield record_to_article(source, value)
    elif isinstance(value, list) and value:
        for index, record in enumerate(value):
            yield record_to_article(f"{source}[{index}]", record)
    else:
        raise _BadInput("expected a JSON object or a non-empty array of objects")


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
    lines, dateline = _take_dateline_line(_normalise_chars(text).split("\n"))
    try:
        return _make_article(
            where,
            title=str(record.get("title") or ""),
            body="\n".join(lines),
            published=published or dateline,
            url=_first_field(record, _URL_FIELDS),
            record_id=record.get("id"),
        )
    except _BadInput as exc:
        return InputError(where, f"{label}: {exc}")


def _first_field(record: dict, names: tuple[str, ...]) -> object:
    return next((record[name] for name in names if record.get(name) not in (None, "")), None)


# ---------------------------------------------------------------- HTML


def _read_html(source: str, data: bytes) -> Iterator[Item]:
    import trafilatura  # imported on first use: slow to import, and only HTML needs it

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # lxml deprecation noise inside trafilatura
        page = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    text = (page.text or "") if page is not None else ""
    if len(_words(text)) < MIN_HTML_WORDS:
        raise _BadInput("no article text could be extracted from the HTML")
    title = _squash(page.title or "")
    paragraphs = [line for line in text.split("\n") if line.strip()]
    if paragraphs and _same_text(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    yield _make_article(
        source, title=title, body="\n\n".join(paragraphs), published=_lenient_date(page.date), url=page.url
    )


# ---------------------------------------------------------------- RSS and Atom


def _read_feed(source: str, data: bytes) -> Iterator[Item]:
    yield from _feed_articles(source, _parse_feed(data))


def _read_xml(source: str, data: bytes) -> Iterator[Item]:
    """Any XML file: read only if it is a recognised RSS or Atom feed (feedparser is lenient otherwise)."""
    feed = _parse_feed(data)
    if not feed.get("version"):
        raise _BadInput("not an RSS or Atom feed")
    yield from _feed_articles(source, feed)


def _parse_feed(data: bytes) -> dict:
    import feedparser  # imported on first use, like trafilatura

    # A stream, never a string: feedparser treats strings that look like URLs as addresses to fetch.
    return feedparser.parse(io.BytesIO(data))


def _feed_articles(source: str, feed: dict) -> Iterator[Item]:
    if not feed.entries:
        raise _BadInput("feed has no entries" if feed.get("version") else "not an RSS or Atom feed")
    for number, entry in enumerate(feed.entries, start=1):
        yield _entry_article(f"{source}#{number}", entry)


def _entry_article(where: str, entry: dict) -> Item:
    title = _squash(_html_to_text(entry.get("title", "")))
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else entry.get("summary", "")
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return _make_article(
            where,
            title=title,
            body=_html_to_text(html),
            url=entry.get("link"),
            record_id=entry.get("id"),
            published=dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None,
        )
    except _BadInput:
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


# ---------------------------------------------------------------- shared helpers


def _make_article(
    source: str,
    *,
    title: str,
    body: str,
    published: dt.date | None = None,
    url: object = None,
    record_id: object = None,
) -> Article:
    text = clean_text(body)
    if not text:
        raise _BadInput("no article text")
    has_id = record_id not in (None, "") and str(record_id).strip()
    return Article(
        id=str(record_id).strip() if has_id else article_id(text),
        title=_squash(title),
        text=text,
        published=published,
        source=source,
        url=str(url) if url else None,
    )


def _lenient_date(value: object) -> dt.date | None:
    """A page's metadata date, or None when absent or unreadable (it is a guess anyway)."""
    try:
        return parse_date(value)
    except ValueError:
        return None


def _iso_date(text: str) -> dt.date | None:
    """ISO 8601 dates and datetimes, including the basic "YYYYMMDD" form."""
    candidate = text.replace(" ", "T", 1) if len(text) > 10 else text
    for parse in (dt.date.fromisoformat, lambda value: dt.datetime.fromisoformat(value).date()):
        try:
            return parse(candidate)
        except ValueError:
            continue
    return None


def _rfc2822_date(text: str) -> dt.date | None:
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def _normalise_chars(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.translate(_INVISIBLE)


def _split_at_indents(block: str) -> list[str]:
    """Split a block where a line is indented more than the block itself (a new wire paragraph)."""
    paragraphs: list[list[str]] = []
    for line in textwrap.dedent(block).split("\n"):
        if not paragraphs or (line[:1] in (" ", "\t") and line.strip()):
            paragraphs.append([])
        paragraphs[-1].append(line)
    return ["\n".join(lines) for lines in paragraphs]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _same_text(left: str, right: str) -> bool:
    return _squash(left).casefold() == _squash(right).casefold()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


READERS: dict[str, Reader] = {
    ".txt": _read_txt,
    ".text": _read_txt,
    ".jsonl": read_jsonl_records,
    ".ndjson": read_jsonl_records,
    ".json": _read_json,
    ".html": _read_html,
    ".htm": _read_html,
    ".rss": _read_feed,
    ".atom": _read_feed,
    ".xml": _read_xml,
}
