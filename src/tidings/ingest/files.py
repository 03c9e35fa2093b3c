"""Reading files and folders of articles: each file is read by the reader registered for its extension.

Bad input never raises: each bad file, line or record becomes one `InputError` naming it, and
the rest of the batch is still read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..plugins import readers
from ..records import Article, InputError
from .text import BadInput

Item = Article | InputError
Reader = Callable[[str, bytes], Iterator[Item]]
# Largest file read whole (text, JSON, HTML, feeds, Parquet): past it memory, not news, is the story.
MAX_INPUT_BYTES = 64 * 2**20


def read_articles(
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
    *,
    default_date: dt.date | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
) -> Iterator[Item]:
    """Yield the articles in files and folders (walked recursively, sorted), with errors for bad input.

    `paths` is one path or several. `default_date` becomes the published date of articles that have
    none of their own. An article whose id was already read in this call is reported as a duplicate
    and skipped. Only regular files are read (a FIFO or a device is an error, never opened), a file
    read whole may hold at most `max_bytes`, and a streaming reader (JSONL) reads line by line.
    Nothing a file holds makes this raise: a reader that fails is one error for its file.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]  # a lone string would otherwise be read one character at a time
    first_source: dict[str, str] = {}
    for item in _read_paths(paths, max_bytes):
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


# How readers name one record of a file: "feed.jsonl:12", "batch.json[3]", "news.rss#2".
_RECORD_SUFFIX = re.compile(r"(?::\d+|\[\d+\]|#\d+)$")


def source_file(source: str) -> str:
    """The file an article's `source` names, without the line or record that readers add."""
    return _RECORD_SUFFIX.sub("", source)


def input_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """The files `read_articles` would read, folders walked (paths that cannot be read are left out)."""
    for raw in paths:
        for found in _expand(Path(raw)):
            if not isinstance(found, InputError):
                yield found


def _read_paths(paths: Iterable[str | os.PathLike], max_bytes: int) -> Iterator[Item]:
    for raw in paths:
        for found in _expand(Path(raw)):
            if isinstance(found, InputError):
                yield found
            else:
                yield from _read_file(found, max_bytes)


def _expand(path: Path) -> Iterator[Path | InputError]:
    if path.is_dir():
        found = False
        for found_item in _walk(path):
            found = True
            yield found_item
        if not found:
            yield InputError(str(path), "folder contains no files to read")
    elif path.exists():
        yield _regular(path)
    else:
        yield InputError(str(path), "no such file or directory")


def _regular(path: Path) -> Path | InputError:
    """The path when it is a regular file (after links): a FIFO would block the run forever, a link to
    /dev/zero would read until memory runs out."""
    if path.is_file():
        return path
    return InputError(str(path), "not a regular file (a pipe, device or socket); skipped")


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
            yield _regular(entry)


def _read_file(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> Iterator[Item]:
    source = str(path)
    extension = path.suffix.lower()
    if extension not in readers:
        supported = ", ".join(readers.names())
        yield InputError(
            source, f"unsupported file type {extension or '(no extension)'!r} (supported: {supported})"
        )
        return
    reader = readers.get(extension)
    try:
        if getattr(reader, "reads_stream", False):
            with _open(path) as stream:
                yield from reader(source, stream)
        else:
            yield from reader(source, _read_bytes(path, max_bytes))
    except BadInput as exc:
        yield InputError(source, str(exc))
    except Exception as exc:  # a reader (ours or a plugin's) failing on what a file holds: that file only
        yield InputError(source, f"could not be read: {type(exc).__name__}: {_short(exc)}")


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:
        raise BadInput(f"cannot read file: {exc.strerror or exc}") from exc


def _read_bytes(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # never more, whatever the file's size claims
    except OSError as exc:
        raise BadInput(f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise BadInput(
            f"file is larger than {max_bytes // 2**20} MiB, the limit for a file read whole; "
            "split it, or give it as JSONL (read line by line)"
        )
    if not data.strip():
        raise BadInput("empty file")
    return data


def _short(exc: BaseException, limit: int = 200) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
