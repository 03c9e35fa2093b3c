"""The feeds to watch, from a SOURCES file: one URL per line (with # comments), or an OPML outline."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from ..records import InputError
from .fetch import FetchError, check_scheme

MAX_SOURCES_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FeedSource:
    url: str
    title: str | None = None


def read_sources(path: str | os.PathLike) -> tuple[list[FeedSource], list[InputError]]:
    """The feeds listed in `path` (each URL once, in file order) and an error per unusable line."""
    source = str(path)
    try:
        data = Path(path).read_bytes()[: MAX_SOURCES_BYTES + 1]
    except OSError as exc:
        return [], [InputError(source, f"cannot read: {exc.strerror or exc}")]
    if len(data) > MAX_SOURCES_BYTES:
        return [], [InputError(source, f"over {MAX_SOURCES_BYTES:,} bytes: not a list of feeds")]
    text = data.decode("utf-8-sig", errors="replace")
    if text.lstrip().startswith("<"):
        found, errors = _opml_sources(source, text)
    else:
        found, errors = _text_sources(source, text)
    unique: dict[str, FeedSource] = {}
    for feed in found:
        unique.setdefault(feed.url, feed)
    if not unique and not errors:
        errors.append(InputError(source, "lists no feed URL"))
    return list(unique.values()), errors


def _checked(where: str, url: str, title: str | None) -> FeedSource | InputError:
    try:
        check_scheme(url)
    except FetchError as exc:
        return InputError(where, str(exc))
    return FeedSource(url, title)


def _text_sources(source: str, text: str) -> tuple[list[FeedSource], list[InputError]]:
    found: list[FeedSource] = []
    errors: list[InputError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        url = stripped.split()[0]  # anything after the URL (a "# comment") is ignored
        item = _checked(f"{source}:{number}", url, None)
        if isinstance(item, FeedSource):
            found.append(item)
        else:
            errors.append(item)
    return found, errors


def _opml_sources(source: str, text: str) -> tuple[list[FeedSource], list[InputError]]:
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        # OPML needs neither; refusing them keeps entity expansion tricks out.
        return [], [InputError(source, "OPML with a DOCTYPE or entities is not read")]
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        return [], [InputError(source, f"not a list of URLs and not valid OPML: {exc}")]
    found: list[FeedSource] = []
    errors: list[InputError] = []
    for number, outline in enumerate(root.iter("outline"), start=1):
        url = (outline.get("xmlUrl") or "").strip()
        if not url:
            continue
        item = _checked(f"{source}#outline{number}", url, outline.get("title") or outline.get("text"))
        if isinstance(item, FeedSource):
            found.append(item)
        else:
            errors.append(item)
    return found, errors
