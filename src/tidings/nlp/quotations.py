"""Quotations in a text, found from its quotation marks: the reading the quote finder and coreference share.

Articles keep one paragraph per line. A quotation runs from an opening mark to the mark that closes it
within its paragraph (outermost quotations only; an apostrophe-like mark followed by a letter is an
apostrophe); a paragraph that ends inside a quotation continues in the next one when that one opens
with a mark. Offsets are those of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ..lang import QuoteMarks

EDGE_PUNCT = ",;:-–—"


@dataclass(frozen=True, slots=True)
class Segment:
    """The words between one pair of quotation marks (or up to the paragraph end when left open)."""

    start: int
    end: int
    open_ended: bool


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line: ingested articles keep one paragraph per line."""
    # Anchored at line starts: unanchored, a long line of blanks (a paragraph the prefilter masked)
    # was rescanned from every position, quadratic in its length.
    return [(m.start(), m.end()) for m in re.finditer(r"(?m)^[^\n]*\S[^\n]*", text)]


@lru_cache(maxsize=64)
def _any_of(chars: str) -> re.Pattern[str]:
    """A pattern matching any one of `chars`: the scans below jump from mark to mark with it instead of
    testing every character in Python (three scans of every article)."""
    return re.compile(f"[{re.escape(chars)}]") if chars else re.compile("(?!)")


def _closing_mark(text: str, start: int, end: int, closers: str, marks: QuoteMarks) -> int | None:
    found = _any_of(closers).search(text, start, end)
    while found is not None:
        i = found.start()
        # A closing ’ followed by a letter is an apostrophe ("don’t"), not the end of the quote.
        if not (text[i] in marks.single and i + 1 < end and text[i + 1].isalnum()):
            return i
        found = _any_of(closers).search(text, i + 1, end)
    return None


def _is_opening(text: str, i: int, marks: QuoteMarks) -> bool:
    if text[i] not in marks.single:
        return text[i] in marks.closers
    return text[i] in marks.closers and (i == 0 or not text[i - 1].isalnum())


def _trimmed(text: str, start: int, end: int, open_ended: bool) -> Segment | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in EDGE_PUNCT):
        end -= 1
    return Segment(start, end, open_ended) if end > start else None


def paragraph_segments(text: str, start: int, end: int, marks: QuoteMarks) -> list[Segment]:
    """The quoted segments of one paragraph, outermost quotations only."""
    segments = []
    marks_at = _any_of("".join(sorted(marks.closers)))  # no opening mark: no quotation either
    i = start
    while i < end:
        found = marks_at.search(text, i, end)
        if found is None:
            break
        i = found.start()
        if not _is_opening(text, i, marks):
            i += 1
            continue
        close = _closing_mark(text, i + 1, end, marks.closers[text[i]], marks)
        segment = _trimmed(text, i + 1, end if close is None else close, close is None)
        if segment:
            segments.append(segment)
        if close is None:
            break
        i = close + 1
    return segments


def quotations(text: str, marks: QuoteMarks) -> list[tuple[Segment, ...]]:
    """Quotations as chains of segments: a paragraph left open continues into one opening with a mark."""
    global _last_quotations
    last_text, last_marks, chains = _last_quotations
    if last_marks is not marks or last_text != text:  # coreference, events and quotes read the same doc
        chains = _quotations(text, marks)
        _last_quotations = (text, marks, chains)  # one tuple, replaced whole: safe across threads
    return list(chains)


# The text quotations read last, with its marks and its quotations.
_last_quotations: tuple[str, QuoteMarks | None, list[tuple[Segment, ...]]] = ("", None, [])


def _quotations(text: str, marks: QuoteMarks) -> list[tuple[Segment, ...]]:
    text = marks.readable(text)
    chains: list[list[Segment]] = []
    continues = False
    for start, end in paragraph_bounds(text):
        segments = paragraph_segments(text, start, end, marks)
        opens_with_mark = bool(segments) and text[start] in marks.closers
        for n, segment in enumerate(segments):
            if n == 0 and continues and opens_with_mark:
                chains[-1].append(segment)
            else:
                chains.append([segment])
        continues = bool(segments) and segments[-1].open_ended
    return [tuple(chain) for chain in chains]


def quoted_spans(text: str, marks: QuoteMarks) -> list[tuple[int, int]]:
    """(start, end) of every quoted segment, marks excluded, in text order."""
    return [(seg.start, seg.end) for chain in quotations(text, marks) for seg in chain]


def inside_any(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether a character offset lies inside one of `spans` (sorted, as `quoted_spans` gives them)."""
    n = bisect_right(spans, (position, float("inf"))) - 1
    return n >= 0 and spans[n][0] <= position < spans[n][1]
