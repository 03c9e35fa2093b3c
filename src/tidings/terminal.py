"""Text that is safe to print on a terminal.

Article text, titles, ids, file names and database values come from anywhere: an ANSI or OSC escape
sequence among them would retitle the window, clear the screen or set the clipboard when printed. Every
line tidings shows a person goes through `printable`, which replaces control characters (C0, DEL, C1),
the bidirectional overrides that reorder what is shown, and lone surrogates with U+FFFD.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
# C0 controls, DEL and C1 controls; bidi embeddings/overrides/isolates; UTF-16 surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n|[\n\r\t\v\f\x1c-\x1e\x85\u2028\u2029]")


def printable(text: object, *, multiline: bool = False) -> str:
    """`text` as one line (or, with `multiline`, lines) with every control character replaced:
    tabs and line breaks become spaces (kept as newlines with `multiline`), the rest U+FFFD."""
    value = str(text)
    if multiline:
        value = value.replace("\r\n", "\n")
        return "\n".join(_UNSAFE.sub(REPLACEMENT, line.replace("\t", " ")) for line in value.split("\n"))
    return _UNSAFE.sub(REPLACEMENT, _LINE_BREAKS.sub(" ", value))
