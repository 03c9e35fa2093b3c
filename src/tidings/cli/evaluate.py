"""`tidings eval`: score the pipeline against a gold file (events) or the PolNeAR corpus (quotes)."""

from __future__ import annotations

import click

from ..errors import TidingsError
from ..plugins import commands
from ..records import InputError
from .options import cap_workers, load_tidings, model_option, workers_option


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True))
@click.option(
    "--task",
    type=click.Choice(["events", "quotes"]),
    default="events",
    show_default=True,
    help="events: GOLD is a JSONL file of coded events; quotes: GOLD is the PolNeAR folder "
    "(metadata.tsv, train/, dev/), scored on speech attributions and their speakers.",
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
@click.option("--errors", "show_errors", is_flag=True, help="List what was coded wrongly.")
@workers_option("quotes: worker processes that code the articles.")
@model_option
def eval_command(gold, task, level, split, referents, show_errors, workers, model) -> None:
    """Score tidings against a gold JSONL file of {id, text, date, expected:[{source,target,code}]},
    or (--task quotes) against the PolNeAR attribution corpus."""
    tidings = load_tidings(model)
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


commands.register("eval", eval_command)
