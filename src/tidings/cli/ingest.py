"""`tidings ingest`: code articles and store them in the database (locally, or on Ray)."""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from ..plugins import commands
from ..records import CodedArticle
from ..store import RunSummary, ingest
from ..store.db import MEMORY
from ..store.loading import StoppedAtError
from ..terminal import printable
from .options import (
    MAX_BATCH_SIZE,
    Progress,
    actors_option,
    cap_workers,
    database_errors,
    date_option,
    db_option,
    estimate_articles,
    fail_fast_option,
    interrupted_exit,
    load_tidings,
    model_option,
    open_writable,
    parse_date,
    prefilter_option,
    sigterm_as_interrupt,
    workers_option,
)


def summary_text(summary: RunSummary, engine: str = "", target: str | None = None) -> str:
    status = f"{summary.status} ({engine})" if engine else summary.status
    replaced = f", {summary.replaced} replaced" if summary.replaced else ""
    warnings = f", {summary.warnings} warnings" if summary.warnings else ""
    return printable(
        f"{status}: {summary.articles} articles coded and stored{replaced}, {summary.skipped} unchanged "
        f"skipped, {summary.skipped_language} skipped for their language (no language pack), "
        f"{summary.events} events, {summary.quotes} quotes, {summary.errors} errors{warnings} in "
        f"{summary.seconds:.1f} s ({summary.rate:.1f} articles/s) -> {target or summary.db_path} "
        f"[run {summary.run_id}]"
    )


def progress_details(summary: RunSummary) -> str:
    return (
        f"{summary.skipped} unchanged, {summary.events} events, {summary.quotes} quotes, "
        f"{summary.errors} errors"
    )


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option(
    "--batch-size",
    type=click.IntRange(min=1, max=MAX_BATCH_SIZE),
    default=32,
    show_default=True,
    help="Articles per batch; each batch is stored in one transaction.",
)
@workers_option("Worker processes for coding (with --engine ray: Ray actors).")
@prefilter_option
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: worker processes on this machine; ray: a pool of Ray actors (pip install tidings[ray]).",
)
@click.option("--address", help="With --engine ray: the Ray cluster to join (ray://host:10001 or 'auto').")
@click.option(
    "--parquet-out",
    type=click.Path(file_okay=False),
    help="With --engine ray: write Parquet tables to this folder instead of the database.",
)
@model_option
@actors_option
@date_option
@click.option(
    "--force",
    is_flag=True,
    help="Code again articles already stored with the same content; replace articles stored under the "
    "same id from another source.",
)
@fail_fast_option
@click.option("--quiet", "-q", is_flag=True, help="No progress display (errors and the summary still show).")
@click.pass_context
def ingest_command(
    ctx,
    paths,
    db,
    batch_size,
    workers,
    no_prefilter,
    engine,
    address,
    parquet_out,
    model,
    actors,
    date,
    force,
    fail_fast,
    quiet,
) -> None:
    """Code the articles in PATHS (files or folders) and store them in the database.

    Unchanged articles already stored are skipped, so running the same command again after an
    interruption finishes the job without duplicates. Exit code 1 when any input could not be used,
    2 when the database could not be, 130 after Ctrl-C and 143 after SIGTERM.
    """
    default_date = parse_date(date)
    _check_options(ctx, engine, db, address, parquet_out)
    if engine == "local" or address is None:
        workers = cap_workers(workers)
    if engine == "ray":
        _require_inputs(paths)  # before Ray starts: that takes a while
    if not parquet_out:
        open_writable(db).close()  # fail fast (busy, newer schema, not a database) before loading
    tidings = load_tidings(model, prefilter=not no_prefilter, actors=actors)  # checks --actors too
    expected = estimate_articles(paths)
    if engine == "local" and (expected or 0) > batch_size:
        # The workers load the pipeline while this process reads the first articles.
        tidings.start_workers(workers)
    try:
        _ingest_locally_or_with_ray(
            paths, db, batch_size, workers, tidings, engine, address, parquet_out, default_date, force,
            fail_fast, quiet, expected,
        )
    finally:
        tidings.stop_workers()  # when the run ended before it took them


def _ingest_locally_or_with_ray(
    paths, db, batch_size, workers, tidings, engine, address, parquet_out, default_date, force,
    fail_fast, quiet, expected,
) -> None:
    """The run itself, with its progress display, its messages and its exit code."""
    progress = Progress("ingest", total=None if quiet else expected, enabled=not quiet)

    def show(summary: RunSummary) -> None:
        done = summary.articles + summary.skipped + summary.skipped_language
        progress.update(done, progress_details(summary))

    def note_skipped(coded: CodedArticle) -> None:
        progress.note(coded.skip_notice())

    try:
        with sigterm_as_interrupt(), database_errors():
            if engine == "ray":
                summary = _ingest_with_ray(
                    paths,
                    db,
                    batch_size,
                    workers,
                    tidings,
                    address,
                    parquet_out,
                    default_date,
                    force,
                    fail_fast,
                    progress,
                    show,
                    note_skipped,
                )
            else:
                summary = ingest(
                    paths,
                    db,
                    tidings=tidings,
                    batch_size=batch_size,
                    workers=workers,
                    default_date=default_date,
                    force=force,
                    fail_fast=fail_fast,
                    on_error=progress.error,
                    progress=show,
                    on_skip=note_skipped,
                )
    except KeyboardInterrupt as exc:
        progress.close()
        click.echo(
            "interrupted: every finished batch is stored; run the same command again to finish", err=True
        )
        raise interrupted_exit(exc) from None
    except StoppedAtError:
        progress.close()
        click.echo("stopped at the first error (--fail-fast); every batch before it is stored", err=True)
        raise click.exceptions.Exit(1) from None
    except click.ClickException:
        progress.close()
        raise
    progress.close()
    click.echo(summary_text(summary, "ray" if engine == "ray" else "", parquet_out), err=True)
    if summary.errors:
        raise click.exceptions.Exit(1)


def _check_options(ctx: click.Context, engine: str, db: str, address, parquet_out) -> None:
    """Refuse options that would be ignored, and databases that would be thrown away."""
    if engine != "ray":
        for name, value in (("--address", address), ("--parquet-out", parquet_out)):
            if value is not None:
                raise click.UsageError(f"{name} only works with --engine ray")
    if parquet_out:
        if ctx.get_parameter_source("db") is ParameterSource.COMMANDLINE:
            raise click.UsageError("--parquet-out writes Parquet files instead of a database: drop --db")
        return
    if not db.strip():
        raise click.UsageError("--db is empty (an unset variable?): name the database file to store into")
    if db.strip() == MEMORY:
        raise click.UsageError(f"--db {MEMORY} would code into a database thrown away at the end")


def _require_inputs(paths) -> None:
    missing = [path for path in paths if not Path(path).exists()]
    if missing:
        names = ", ".join(map(printable, missing))
        raise click.BadParameter(f"no such file or folder: {names}", param_hint="PATHS")


def _ingest_with_ray(
    paths, db, batch_size, workers, tidings, address, parquet_out, default_date, force, fail_fast, progress,
    show, on_skip,
) -> RunSummary:
    try:
        from ..scale.ray_engine import RayOptions, ray_ingest
    except ImportError as exc:
        raise click.ClickException("--engine ray needs Ray: pip install 'tidings[ray]'") from exc
    settings = tidings.settings
    options = RayOptions(
        address=address,
        workers=workers,
        batch_size=batch_size,
        model=settings.model,
        prefilter=settings.prefilter,
        default_date=default_date,
        actors=settings.actors,
        ontology=settings.ontology,
        language=settings.language,
        force=force,
        fail_fast=fail_fast,
    )
    return ray_ingest(
        paths,
        None if parquet_out else db,
        options,
        parquet_out=parquet_out,
        on_error=progress.error,
        progress=show,
        on_skip=on_skip,
    )


commands.register("ingest", ingest_command)
