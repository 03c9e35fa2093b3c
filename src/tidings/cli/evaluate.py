"""`tidings eval`: score the pipeline against a gold file (events, dates), the PolNeAR corpus (quotes)
or toponym gold (places)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import TidingsError
from ..plugins import commands
from ..records import InputError
from .options import cap_workers, load_tidings, model_option, workers_option


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True))
@click.option(
    "--task",
    type=click.Choice(["events", "quotes", "geo", "dates"]),
    default="events",
    show_default=True,
    help="events: GOLD is a JSONL file of coded events; quotes: GOLD is the PolNeAR folder "
    "(metadata.tsv, train/, dev/), scored on speech attributions and their speakers; geo: GOLD is "
    "LGL/GeoVirus toponym XML (a file, or a folder of them); dates: GOLD is a JSONL file of dated words "
    "(as benchmarks/gold/dates_dev.jsonl).",
)
@click.option(
    "--level",
    type=click.Choice(["root", "full"]),
    default="root",
    show_default=True,
    help="events: root: first 3 letters of actor codes and 2 digits of event codes; full: exact codes.",
)
@click.option("--split", default="dev", show_default=True, help="quotes: the PolNeAR split to score.")
@click.option(
    "--referents",
    type=click.Path(exists=True, dir_okay=False),
    help="quotes: a TSV of who pronoun and noun-phrase Sources refer to "
    "(article, start, end, source, referent).",
)
@click.option(
    "--part",
    type=click.Choice(["all", "dev", "test"]),
    default="all",
    show_default=True,
    help="geo: every article, the development part, or the held-out part (every 5th article).",
)
@click.option("--errors", "show_errors", is_flag=True, help="List what was coded wrongly.")
@workers_option("quotes, geo: worker processes that code the articles.")
@model_option
def eval_command(gold, task, level, split, referents, part, show_errors, workers, model) -> None:
    """Score tidings against a gold JSONL file of {id, text, date, expected:[{source,target,code}]},
    (--task quotes) against the PolNeAR attribution corpus, or (--task geo) against LGL/GeoVirus
    toponym XML, or (--task dates) against a date gold file of {id, text, published, verb, date,
    precision, ...}."""
    tidings = load_tidings(model)
    if task == "dates":
        from ..evaluate import evaluate_dates, format_date_report

        try:
            click.echo(format_date_report(evaluate_dates(gold, tidings), errors=show_errors))
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        return
    if task == "quotes":
        from ..evaluate_quotes import evaluate_quotes, format_quote_report

        try:
            report = evaluate_quotes(
                gold, split, tidings=tidings, workers=cap_workers(workers), referents=referents
            )
        except (TidingsError, OSError) as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(format_quote_report(report, errors=show_errors))
        return
    if task == "geo":
        _eval_geo(Path(gold), tidings, part, show_errors, workers)
        return
    if Path(gold).is_dir():
        raise click.BadParameter(f"{gold} is a folder; events gold is one JSONL file", param_hint="GOLD")
    from ..evaluate import evaluate_file, format_report, pipeline_coder

    problems: list[InputError] = []
    events = evaluate_file(
        gold, level=level, coder=pipeline_coder(tidings), ontology=tidings.ontology, errors=problems
    )
    for problem in problems:
        click.echo(str(problem), err=True)
    if not events.scores:
        raise click.ClickException(f"{gold} holds no gold record to score")
    click.echo(format_report(events, errors=show_errors))
    if problems:
        raise click.exceptions.Exit(1)


def _eval_geo(gold: Path, tidings, part, show_errors: bool, workers: int) -> None:
    from ..evaluate_places import (
        GeoGoldError,
        evaluate_places,
        format_geo_report,
        pipeline_place_coder,
        total_report,
    )

    files = sorted(gold.glob("*.xml")) if gold.is_dir() else [gold]
    if not files:
        raise click.BadParameter(f"{gold} holds no .xml gold file", param_hint="GOLD")
    coder = pipeline_place_coder(tidings, workers=workers)
    reports = []
    for path in files:
        try:
            reports.append(evaluate_places(path, coder, part=part))
        except GeoGoldError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(format_geo_report(reports[-1], errors=show_errors))
    if len(reports) > 1:
        click.echo(format_geo_report(total_report(reports)))


commands.register("eval", eval_command)
