"""Reading files and folders of articles: each file is read by the reader registered for its extension.

Bad input never raises: each bad file, line or record becomes one `InputError` naming it, and
the rest of the batch is still read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..plugins import readers
from ..records import Article, InputError
from .text import BadInput

Item = Article | InputError
Reader = Callable[[str, bytes], Iterator[Item]]


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


def input_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """The files `read_articles` would read, folders walked (paths that cannot be read are left out)."""
    for raw in paths:
        for found in _expand(Path(raw)):
            if not isinstance(found, InputError):
                yield found


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
    if extension not in readers:
        supported = ", ".join(readers.names())
        yield InputError(
            source, f"unsupported file type {extension or '(no extension)'!r} (supported: {supported})"
        )
        return
    try:
        yield from readers.get(extension)(source, _read_bytes(path))
    except BadInput as exc:
        yield InputError(source, str(exc))


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot read file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise BadInput("empty file")
    return data
