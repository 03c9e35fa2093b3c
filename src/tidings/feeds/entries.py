"""Feed entries as articles: parsed from the fetched bytes, keyed by source, completed from the page.

Parsing goes through the ingest readers (feedparser over the bytes for feeds: it never fetches a URL
itself; trafilatura for pages), so a feed entry becomes the same `Article` it would be from a file.

Ids are keyed by where the entry comes from, so two feeds numbering their entries "1", "2", ... never
overwrite each other: an entry with a link is named by its link (a URL names one article wherever it
is listed, so the same story in two feeds of one site is one article); one without a link by its
feed's URL plus its own id (a guid is only unique within its feed).

Many feeds carry only a teaser. An entry whose text has fewer than `SUMMARY_WORDS` words is taken to
be a summary, and its linked page is fetched and its main text extracted; the page's text replaces the
teaser when it is longer.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass

from ..ingest.text import BadInput
from ..plugins import readers
from ..records import Article, InputError
from .fetch import Fetcher, FetchError

SUMMARY_WORDS = 120
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
_WORD = re.compile(r"\w+")


class FeedUnreadable(Exception):
    """The fetched body is not a feed tidings can read (malformed XML, HTML, no entries)."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    key: str  # the entry's link, else its id within the feed
    entry_hash: str  # what the feed said about it: title, text, link, date
    article: Article  # as the feed gives it, with its source-keyed id


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def entry_article_id(feed_url: str, key: str, has_link: bool) -> str:
    scope = ("link", key) if has_link else ("feed", feed_url, key)
    return hashlib.sha1("\x1f".join(scope).encode("utf-8")).hexdigest()[:16]


def _entry_hash(article: Article) -> str:
    published = article.published.isoformat() if article.published else None
    fields = [article.title, article.text, article.url, published]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


def parse_feed(feed_url: str, body: bytes) -> tuple[list[FeedEntry], list[InputError]]:
    """The entries of a fetched feed, and an error per entry without usable text.

    Raises FeedUnreadable when the body is not a feed at all."""
    try:
        items = list(readers.get(".rss")(feed_url, body))
    except BadInput as exc:  # no entries, not a feed
        raise FeedUnreadable(str(exc)) from exc
    except Exception as exc:  # the parser failing on hostile bytes is that feed's error, not the watcher's
        raise FeedUnreadable(f"unreadable feed ({type(exc).__name__})") from exc
    entries: dict[str, FeedEntry] = {}
    errors = []
    for item in items:
        if isinstance(item, InputError):
            errors.append(item)
            continue
        key = item.url or item.id
        article = dataclasses.replace(item, id=entry_article_id(feed_url, key, bool(item.url)))
        entries.setdefault(key, FeedEntry(key, _entry_hash(item), article))  # a repeated entry: the first
    if not entries:
        reasons = "; ".join(error.message for error in errors[:3])
        raise FeedUnreadable(f"no usable entry ({reasons})" if reasons else "no usable entry")
    return list(entries.values()), errors


def is_summary(article: Article) -> bool:
    return word_count(article.text) < SUMMARY_WORDS


def complete(fetcher: Fetcher, entry: FeedEntry) -> tuple[Article, str | None]:
    """The entry's article with the linked page's text when the feed holds only a summary; the second
    value says why the page could not be used (the summary is kept then)."""
    article = entry.article
    if not article.url or not is_summary(article):
        return article, None
    try:
        response = fetcher.get(article.url, accept=PAGE_ACCEPT)
        pages = [
            item for item in readers.get(".html")(article.url, response.body) if isinstance(item, Article)
        ]
    except (FetchError, BadInput) as exc:  # BadInput: no article text could be extracted
        return article, f"page {article.url[:100]}: {exc}"
    except Exception as exc:  # the extractor failing on one hostile page must not stop the feed
        return article, f"page {article.url[:100]}: unreadable ({type(exc).__name__})"
    if not pages or word_count(pages[0].text) <= word_count(article.text):
        return article, None
    page = pages[0]
    return dataclasses.replace(article, text=page.text, published=article.published or page.published), None
