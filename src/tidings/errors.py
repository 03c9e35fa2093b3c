"""The errors tidings raises for bad knowledge files and bad settings, each naming where it went wrong.

Bad *input* (an article file, a JSONL line) is not an exception: readers yield an `InputError` record
and the batch goes on. These exceptions are for what tidings cannot work without: a malformed data
file (a user's actor dictionary, a lexicon), or a name nothing is registered under.
"""

from __future__ import annotations


class TidingsError(Exception):
    """Base of the errors tidings raises on purpose; the CLI prints them as one line, no traceback."""


class DataFileError(TidingsError, ValueError):
    """A knowledge file (TSV) is malformed; the message starts with "FILE:LINE: "."""

    def __init__(self, where: str | None, message: str) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where
        self.reason = message


class UnknownName(TidingsError, LookupError):
    """No reader, exporter, ontology, language or command is registered under a name."""


class StoreError(TidingsError, RuntimeError):
    """The database cannot be opened, read or written: one sentence naming the file and why."""
