"""Article text: decoding bytes, cleaning text into paragraphs, datelines and dates, article ids.

`Article.text` is the cleaned body (paragraphs separated by a blank line, whitespace inside paragraphs
squashed); every later offset indexes into it. Readers (`tidings.ingest.formats`) build their articles
with `make_article`, which cleans the body and gives the article its id.
"""

from __future__ import annotations

import calendar
import codecs
import datetime as dt
import email.utils
import hashlib
import re
import textwrap
import unicodedata

from ..records import Article
from .language import detect_language

ID_LENGTH = 16
# Shares used to tell legacy-encoded text (cp1252/latin-1) from binary junk.
MIN_ASCII_SHARE = 0.7
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
_SURROGATE = re.compile("[\ud800-\udfff]")


# A blank line: how paragraphs are split on reading, and joined in an article's cleaned text.
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


class BadInput(Exception):
    """A whole file (or record) is bad input; `read_articles` turns it into one InputError."""


def clean_text(text: str) -> str:
    """Normalise text into paragraphs joined by a blank line, whitespace squashed inside them."""
    return "\n\n".join(split_paragraphs(text))


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs split at blank lines (and at indented lines, the old wire convention)."""
    paragraphs = []
    for block in PARAGRAPH_BREAK.split(normalise_chars(text)):
        paragraphs.extend(_split_at_indents(block))
    return _drop_signoff([squashed for squashed in map(squash, paragraphs) if squashed])


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
        match = pattern.fullmatch(squash(line))
        if match:
            try:
                return dt.date(int(match["year"]), _MONTHS[match["month"].lower()], int(match["day"]))
            except ValueError:
                return None
    return None


def require_text(data: bytes) -> None:
    """BadInput unless `data` may be text (no NUL bytes outside UTF-16)."""
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise BadInput("binary file (contains NUL bytes), not text")


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (BOM allowed) or UTF-16 with BOM, else cp1252/latin-1 if it reads as text."""
    require_text(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise BadInput(f"invalid UTF-16 text: {exc.reason}") from exc
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
    raise BadInput("not UTF-8 text, and not readable as Windows-1252/Latin-1 text either")


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f")
    ascii_share = sum(1 for char in text if char.isascii()) / len(text)
    return controls == 0 and ascii_share >= MIN_ASCII_SHARE


def split_seed_layout(text: str) -> tuple[str, list[str], dt.date | None]:
    """Title, body paragraphs and dateline date of a plain-text article.

    The seed layout is: title, the title again, a teaser ending in "[…]" that repeats the start
    of the body, then the body. Any part may be missing; an optional dateline may follow the title
    or the teaser. A first line too long to be a headline means the file has no title.
    """
    lines = normalise_chars(text).split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    title = squash(lines[0]) if lines else ""
    if len(title) > TITLE_MAX_CHARS:
        title, rest = "", lines
    else:
        rest = _drop_repeated_title(lines[1:], title)
    rest, published = take_dateline_line(rest)
    paragraphs = split_paragraphs("\n".join(rest))
    if published is None:
        paragraphs, published = _take_dateline_paragraph(paragraphs[:2], paragraphs[2:])
    paragraphs = _drop_teaser(paragraphs)
    return title, paragraphs or ([title] if title else []), published


def _drop_repeated_title(lines: list[str], title: str) -> list[str]:
    index = 0
    while index < len(lines) and (not lines[index].strip() or same_text(lines[index], title)):
        index += 1
    return lines[index:]


def take_dateline_line(lines: list[str]) -> tuple[list[str], dt.date | None]:
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
    teaser = words(paragraphs[0][: marker.start()])[:-1]  # the last word may be cut short
    body = words(" ".join(paragraphs[1:]))
    compared = min(len(teaser), TEASER_MATCH_WORDS)
    if compared and teaser[:compared] == body[:compared]:
        return paragraphs[1:]
    return paragraphs


def make_article(
    source: str,
    *,
    title: str,
    body: str,
    published: dt.date | None = None,
    url: object = None,
    record_id: object = None,
    language: object = None,
) -> Article:
    """An article from a reader's fields; its language is the one the record states, else detected."""
    text = clean_text(body)
    if not text:
        raise BadInput("no article text")
    has_id = record_id not in (None, "") and str(record_id).strip()
    title = squash(scrub(title))
    return Article(
        id=scrub(str(record_id).strip()) if has_id else article_id(text),
        title=title,
        text=text,
        published=published,
        source=scrub(source),
        url=scrub(str(url)) if url else None,
        language=stated_language(language) or detect_language(title, text),
    )


def stated_language(value: object) -> str | None:
    """A record's own language field as a lower-case primary code ("en-GB" -> "en"), if it is one."""
    if not isinstance(value, str):
        return None
    match = _LANGUAGE_TAG.fullmatch(value.strip())
    return match[1].lower() if match else None


_LANGUAGE_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")


def lenient_date(value: object) -> dt.date | None:
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


def normalise_chars(text: str) -> str:
    text = unicodedata.normalize("NFC", scrub(text).replace("\r\n", "\n").replace("\r", "\n"))
    return text.translate(_INVISIBLE)


def scrub(text: str) -> str:
    """`text` with lone surrogates (JSON's "\\ud800") replaced by U+FFFD: they are not characters, and
    no encoder (spaCy's string store, the database) accepts them."""
    return _SURROGATE.sub("\ufffd", text)


def _split_at_indents(block: str) -> list[str]:
    """Split a block where a line is indented more than the block itself (a new wire paragraph)."""
    paragraphs: list[list[str]] = []
    for line in textwrap.dedent(block).split("\n"):
        if not paragraphs or (line[:1] in (" ", "\t") and line.strip()):
            paragraphs.append([])
        paragraphs[-1].append(line)
    return ["\n".join(lines) for lines in paragraphs]


def squash(text: str) -> str:
    return " ".join(text.split())


def same_text(left: str, right: str) -> bool:
    return squash(left).casefold() == squash(right).casefold()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())
