"""The `tidings` command line: one module per command, each a few lines over a library call.

Commands register in `tidings.plugins.commands` (built-in ones and plugins' through the entry-point
group `tidings.commands`); `main` builds the `tidings` group from the registry.
"""

from __future__ import annotations

import click

from ..errors import TidingsError
from ..plugins import commands
from ..version import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tidings")
def cli() -> None:
    """tidings: read news, record who did what to whom, when, where, and who said what."""


def _add_registered_commands(group: click.Group) -> None:
    try:
        registered = commands.items()
    except TidingsError as exc:  # a broken plugin: say which, and still offer the other commands
        click.echo(f"error: {exc}", err=True)
        return
    for name, command in registered:
        group.add_command(command, name)


_add_registered_commands(cli)


def main() -> None:
    cli()
