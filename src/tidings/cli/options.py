"""Helpers shared by the command modules: option parsing and loading the pipeline at the CLI edge."""

from __future__ import annotations

import datetime as dt

import click

from .nlp import PipelineMissing


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date", param_hint="--date") from exc


def load_tidings(model: str | None, prefilter: bool = True):
    """The pipeline, loaded lazily (worker processes load their own), or a clear error."""
    from .pipeline import Tidings

    try:
        return Tidings.load(model, prefilter=prefilter, lazy=True)
    except PipelineMissing as exc:
        raise click.ClickException(str(exc)) from exc
