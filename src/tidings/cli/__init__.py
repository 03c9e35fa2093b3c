"""The `tidings` command line: one module per command, each a few lines over a library call.

Commands register in `tidings.plugins.commands` (built-in ones and plugins' through the entry-point
group `tidings.commands`); `main` builds the `tidings` group from the registry.

No traceback reaches a user: errors tidings raises on purpose (`TidingsError`) become one `Error: ...`
line, every message shown has its control characters replaced (`tidings.terminal`), and anything else
is one line naming the exception ($TIDINGS_DEBUG=1 shows the traceback).
"""

from __future__ import annotations

import os

import click

from ..errors import TidingsError
from ..plugins import commands
from ..terminal import printable
from ..version import __version__

DEBUG_ENV = "TIDINGS_DEBUG"


class TidingsGroup(click.Group):
    """The `tidings` group: a command's error is shown as one safe line."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            vars(exc)["message"] = printable(exc.message)  # the message may quote user input
            raise
        except TidingsError as exc:
            raise click.ClickException(printable(exc)) from exc
        except (click.exceptions.Exit, click.exceptions.Abort, BrokenPipeError):
            raise  # click ends these quietly (a closed pipe: `tidings query ... | head`)
        except Exception as exc:
            if os.environ.get(DEBUG_ENV):
                raise
            message = f"unexpected {type(exc).__name__}: {exc} (set {DEBUG_ENV}=1 for the traceback)"
            raise click.ClickException(printable(message)) from exc


@click.group(cls=TidingsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tidings")
def cli() -> None:
    """tidings: read news, record who did what to whom, when, where, and who said what."""


def _add_registered_commands(group: click.Group) -> None:
    try:
        registered = commands.items()
    except TidingsError as exc:  # a broken plugin: say which, and still offer the other commands
        click.echo(f"error: {printable(exc)}", err=True)
        return
    for name, command in registered:
        group.add_command(command, name)


_add_registered_commands(cli)


def main() -> None:
    cli()
