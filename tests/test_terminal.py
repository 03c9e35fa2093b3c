"""Text shown on a terminal has its control characters replaced (escape-sequence injection)."""

from __future__ import annotations

from tidings.records import InputError
from tidings.terminal import REPLACEMENT, printable


def test_escape_sequences_and_line_breaks_are_neutralised():
    hostile = "title\x1b]0;retitled\x07 \x1b[2J\x9b31m end\r\nnext\u202eevil\ud800"
    shown = printable(hostile)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "\n" not in shown and "\r" not in shown and "\u202e" not in shown and "\ud800" not in shown
    assert shown.startswith("title" + REPLACEMENT) and "end next" in shown


def test_multiline_keeps_line_breaks_only():
    assert printable("a\tb\nc\x1bd", multiline=True) == f"a b\nc{REPLACEMENT}d"


def test_plain_text_is_unchanged():
    text = "Ринат Ахметов — «цитата» 2019-01-05, naïve café"
    assert printable(text) == text


def test_error_lines_are_printable():
    error = InputError("feed\x1b[2J.jsonl:3", "bad\nrecord\x07")
    assert str(error) == f"error: feed{REPLACEMENT}[2J.jsonl:3: bad record{REPLACEMENT}"
    assert str(InputError("f", "m", warning=True)) == "warning: f: m"
