"""`tidings code`: code articles and print what was found, storing nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

import click

from ..ingest import read_articles
from ..plugins import commands
from ..records import Article, CodedArticle, InputError
from ..serialize import coded_article_dict
from ..terminal import printable
from .options import (
    MAX_BATCH_SIZE,
    Progress,
    actors_option,
    cap_workers,
    date_option,
    estimate_articles,
    fail_fast_option,
    interrupted_exit,
    load_tidings,
    model_option,
    parse_date,
    prefilter_option,
    sigterm_as_interrupt,
    workers_option,
)

FORMATS = ("table", "jsonl", "json")


class StopAtFirstError(Exception):
    """--fail-fast: the first bad input or failed article ends the run."""


def error_reporter(
    errors: list[InputError], progress: Progress, fail_fast: bool
) -> Callable[[InputError], None]:
    """Reports each bad input or failed article on stderr and remembers the errors (not warnings)."""

    def report(error: InputError) -> None:
        progress.error(error)
        if error.warning:
            return
        errors.append(error)
        if fail_fast:
            raise StopAtFirstError()

    return report


def articles_reporting_errors(
    paths: Iterable[str], default_date, report: Callable[[InputError], None]
) -> Iterator[Article]:
    """Articles from `paths`; each bad input goes to `report`."""
    for item in read_articles(paths, default_date=default_date):
        if isinstance(item, InputError):
            report(item)
        else:
            yield item


def table_row(coded: CodedArticle) -> str:
    article = coded.article
    date = article.published.isoformat() if article.published else "-"
    title = article.title if len(article.title) <= 60 else article.title[:57] + "..."
    if coded.skipped is not None:
        return printable(f"{article.id:<20} {date:<10} skipped (language {article.language})  {title}")
    return printable(
        f"{article.id:<20} {date:<10} {len(coded.sentences):>5} {len(coded.events):>6} "
        f"{len(coded.quotes):>6}  {title}"
    )


def print_coded(coded_articles: Iterable[CodedArticle], fmt: str) -> None:
    if fmt == "table":
        click.echo(f"{'id':<20} {'date':<10} {'sents':>5} {'events':>6} {'quotes':>6}  title")
        for coded in coded_articles:
            click.echo(table_row(coded))
    elif fmt == "jsonl":
        for coded in coded_articles:
            click.echo(json.dumps(coded_article_dict(coded), ensure_ascii=False))
    else:
        docs = [coded_article_dict(c) for c in coded_articles]
        click.echo(json.dumps(docs[0] if len(docs) == 1 else docs, ensure_ascii=False, indent=2))


@click.command("code")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table: one line per article; jsonl/json: everything found, one object per article.",
)
@date_option
@model_option
@actors_option
@workers_option("Worker processes for parsing and coding.")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1, max=MAX_BATCH_SIZE),
    default=32,
    show_default=True,
    help="Articles per spaCy batch.",
)
@prefilter_option
@fail_fast_option
@click.option("--quiet", "-q", is_flag=True, help="No progress display (errors still show).")
def code_command(
    paths, fmt, date, model, actors, workers, batch_size, no_prefilter, fail_fast, quiet
) -> None:
    """Code the articles in PATHS (files or folders: .txt, .jsonl, .json, .html, .rss/.atom/.xml,
    .parquet) and print what was found: events and quotes per article. An input that cannot be read
    or an article that fails to code is one error line; the others are still coded (exit code 1)."""
    default_date = parse_date(date)
    workers = cap_workers(workers)
    tidings = load_tidings(model, prefilter=not no_prefilter, actors=actors)
    expected = estimate_articles(paths)
    if (expected or 0) > batch_size:
        tidings.start_workers(workers)  # they load the pipeline while this process reads the first articles
    errors: list[InputError] = []
    progress = Progress("coding", total=None if quiet else expected, enabled=not quiet)
    report = error_reporter(errors, progress, fail_fast)
    articles = articles_reporting_errors(paths, default_date, report)

    skipped = 0

    def coded_with_progress() -> Iterator[CodedArticle]:
        nonlocal skipped
        done = events = 0
        for coded in tidings.code(articles, batch_size=batch_size, workers=workers, on_error=report):
            done, events = done + 1, events + len(coded.events)
            if coded.skipped is not None:
                skipped += 1
                progress.note(coded.skip_notice())
            progress.update(done, f"{events} events")
            yield coded

    try:
        with sigterm_as_interrupt():
            print_coded(coded_with_progress(), fmt)
    except KeyboardInterrupt as exc:
        progress.close()
        click.echo("interrupted", err=True)
        raise interrupted_exit(exc) from None
    except StopAtFirstError:
        progress.close()
        click.echo("stopped at the first error (--fail-fast)", err=True)
        raise click.exceptions.Exit(1) from None
    finally:
        progress.close()
        tidings.stop_workers()  # when the run ended before it took them
    if skipped:
        click.echo(f"{skipped} article(s) skipped: no language pack for their language", err=True)
    if errors:
        raise click.exceptions.Exit(1)


commands.register("code", code_command)
