"""`tidings ingest`: code articles and store them in the database (locally, or on Ray)."""

from __future__ import annotations

import click

from ..plugins import commands
from ..records import CodedArticle
from ..store import RunSummary, SchemaError, StoreBusy, ingest, open_store
from .options import (
    Progress,
    actors_option,
    date_option,
    db_option,
    estimate_articles,
    load_tidings,
    model_option,
    parse_date,
    prefilter_option,
    workers_option,
)


def summary_text(summary: RunSummary, engine: str = "", target: str | None = None) -> str:
    status = f"{summary.status} ({engine})" if engine else summary.status
    return (
        f"{status}: {summary.articles} articles coded and stored, {summary.skipped} unchanged "
        f"skipped, {summary.skipped_language} skipped for their language (no language pack), "
        f"{summary.events} events, {summary.quotes} quotes, {summary.errors} errors in "
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
    type=click.IntRange(min=1),
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
@click.option("--address", help="Ray cluster to join (ray://host:10001 or 'auto'); default: a local Ray.")
@click.option(
    "--parquet-out",
    type=click.Path(file_okay=False),
    help="With --engine ray: write Parquet tables to this folder instead of the database.",
)
@model_option
@actors_option
@date_option
@click.option("--force", is_flag=True, help="Code again articles already stored with the same content.")
@click.option("--quiet", "-q", is_flag=True, help="No progress display (errors and the summary still show).")
def ingest_command(
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
    quiet,
) -> None:
    """Code the articles in PATHS (files or folders) and store them in the database.

    Unchanged articles already stored are skipped, so running the same command again after an
    interruption finishes the job without duplicates. Exit code 1 when any input could not be used.
    """
    default_date = parse_date(date)
    if engine == "local":
        _open_writable(db).close()  # fail fast (busy, newer schema) before the slow pipeline load
    tidings = load_tidings(model, prefilter=not no_prefilter, actors=actors)  # checks --actors too
    progress = Progress("ingest", total=None if quiet else estimate_articles(paths), enabled=not quiet)

    def show(summary: RunSummary) -> None:
        done = summary.articles + summary.skipped + summary.skipped_language
        progress.update(done, progress_details(summary))

    def note_skipped(coded: CodedArticle) -> None:
        progress.note(coded.skip_notice())

    try:
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
                on_error=progress.error,
                progress=show,
                on_skip=note_skipped,
            )
    except KeyboardInterrupt:
        progress.close()
        click.echo(
            "interrupted: every finished batch is stored; run the same command again to finish", err=True
        )
        raise click.exceptions.Exit(130) from None
    except (SchemaError, StoreBusy) as exc:
        progress.close()
        raise click.ClickException(str(exc)) from exc
    progress.close()
    click.echo(summary_text(summary, "ray" if engine == "ray" else "", parquet_out), err=True)
    if summary.errors:
        raise click.exceptions.Exit(1)


def _ingest_with_ray(
    paths, db, batch_size, workers, tidings, address, parquet_out, default_date, force, progress, show,
    on_skip,
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


def _open_writable(db: str):
    try:
        return open_store(db)
    except (SchemaError, StoreBusy) as exc:
        raise click.ClickException(str(exc)) from exc


commands.register("ingest", ingest_command)
