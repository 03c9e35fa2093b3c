"""`tidings code`: code articles and print what was found, storing nothing."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import click

from ..ingest import read_articles
from ..plugins import commands
from ..records import Article, CodedArticle, InputError
from ..serialize import coded_article_dict
from .options import (
    Progress,
    actors_option,
    date_option,
    estimate_articles,
    load_tidings,
    model_option,
    parse_date,
    prefilter_option,
    workers_option,
)

FORMATS = ("table", "jsonl", "json")


def articles_reporting_errors(
    paths: Iterable[str], default_date, errors: list[InputError], progress: Progress
) -> Iterator[Article]:
    """Articles from `paths`; each bad input is reported on stderr and remembered."""
    for item in read_articles(paths, default_date=default_date):
        if isinstance(item, InputError):
            errors.append(item)
            progress.error(item)
        else:
            yield item


def table_row(coded: CodedArticle) -> str:
    article = coded.article
    date = article.published.isoformat() if article.published else "-"
    title = article.title if len(article.title) <= 60 else article.title[:57] + "..."
    if coded.skipped is not None:
        return f"{article.id:<20} {date:<10} skipped (language {article.language})  {title}"
    return (
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
@click.option("--batch-size", type=int, default=32, show_default=True, help="Articles per spaCy batch.")
@prefilter_option
@click.option("--quiet", "-q", is_flag=True, help="No progress display (errors still show).")
def code_command(paths, fmt, date, model, actors, workers, batch_size, no_prefilter, quiet) -> None:
    """Code the articles in PATHS (files or folders: .txt, .jsonl, .json, .html, .rss/.atom/.xml,
    .parquet) and print what was found: events and quotes per article."""
    tidings = load_tidings(model, prefilter=not no_prefilter, actors=actors)
    errors: list[InputError] = []
    progress = Progress("coding", total=estimate_articles(paths) if not quiet else None, enabled=not quiet)
    articles = articles_reporting_errors(paths, parse_date(date), errors, progress)

    skipped = 0

    def coded_with_progress() -> Iterator[CodedArticle]:
        nonlocal skipped
        done = events = 0
        for coded in tidings.code(articles, batch_size=batch_size, workers=workers):
            done, events = done + 1, events + len(coded.events)
            if coded.skipped is not None:
                skipped += 1
                progress.note(coded.skip_notice())
            progress.update(done, f"{events} events")
            yield coded

    try:
        print_coded(coded_with_progress(), fmt)
    finally:
        progress.close()
    if skipped:
        click.echo(f"{skipped} article(s) skipped: no language pack for their language", err=True)
    if errors:
        raise click.exceptions.Exit(1)


commands.register("code", code_command)
