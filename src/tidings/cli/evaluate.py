"""`tidings eval`: score the pipeline against a gold file."""

from __future__ import annotations

import click

from ..plugins import commands
from .options import load_tidings, model_option


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--level",
    type=click.Choice(["root", "full"]),
    default="root",
    show_default=True,
    help="root: first 3 letters of actor codes and 2 digits of event codes; full: exact codes.",
)
@click.option(
    "--task",
    type=click.Choice(["events", "dates"]),
    default="events",
    show_default=True,
    help="events: who did what to whom; dates: the date of one word's event (as in dates_dev.jsonl).",
)
@click.option("--errors", "show_errors", is_flag=True, help="List the records coded wrongly.")
@model_option
def eval_command(gold, level, task, show_errors, model) -> None:
    """Score tidings against a gold JSONL file of {id, text, date, expected:[{source,target,code}]}
    (or, with --task dates, of {id, text, published, verb, date, precision, ...})."""
    from ..evaluate import evaluate_dates, evaluate_file, format_date_report, format_report, pipeline_coder

    tidings = load_tidings(model)
    if task == "dates":
        try:
            click.echo(format_date_report(evaluate_dates(gold, tidings), errors=show_errors))
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        return
    report = evaluate_file(gold, level=level, coder=pipeline_coder(tidings), ontology=tidings.ontology)
    click.echo(format_report(report, errors=show_errors))


commands.register("eval", eval_command)
