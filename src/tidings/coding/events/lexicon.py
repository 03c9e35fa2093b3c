"""The event lexicon: verb patterns, frame verbs and frame code maps (data/cameo/), and the language's
light verbs, evaluative words and quantity nouns (lang/<code>/).

- `verb_patterns.tsv`: which verb (+ particle, preposition, object nouns) codes which CAMEO event.
- `event_frames.tsv`: verbs and nouns that embed another event ("vowed to ...", "asked X to ...",
  "said that ..."), and the frame they put it in.
- `frame_codes.tsv`: how a frame changes the embedded event's code (intent to meet -> 036, ...).
- light verbs carry no event themselves ("held talks", "staged a protest"); only they can fire the
  object-noun patterns whose verb is "*".
- evaluative adjectives make "described X as ..." a criticism or a praise.
- quantity nouns are looked through by the object matcher ("25,000 tons of food aid" is aid).
- the violence tables (`violence`): weapons, unnamed parties, the sides' codes and sites.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

from ...errors import DataFileError
from ...lang import load_language
from ...resources import Row, data_file, read_table
from .violence import ViolenceTables, read_violence_tables

ANY_VERB = "*"
DROP = "-"
# A future act with no frame word above it ("will visit") is an announced intent: the "future" rows of
# frame_codes.tsv say only where it differs from "intent".
FRAME_FALLBACKS = {"future": "intent"}
LEXICON_DIR = data_file("cameo")

PatternFlag = Literal[
    "recip",  # "X and Y negotiated": each with the other
    "mutual",  # the target does it back ("X met Y": Y met X)
    "swap",  # the object is the source ("X received a visit from Y")
    "ccomp_target",  # the target is the subject of the complement clause
    "no_object",  # only when the verb has no direct object
    "solo",  # may stand without a target ("protesters marched")
    "block",  # a "no event" row
    "abroad",  # a trip: a place in the source's own country is no host
    "enabling",  # what the subject makes possible: as a participle after another act, that act's result
]
Polarity = Literal["neg", "pos"]
FrameName = Literal[
    "keep",
    "attempt",
    "speech",
    "accuse",
    "claim",
    "deny",
    "intent",
    "future",
    "promise",
    "threat",
    "refuse",
    "negated",
    "appeal",
    "demand",
    "absorb",
]
# What a frame word does to its embedded event: a frame, or "" (the frame drops the event).
FrameChoice = FrameName | Literal[""]
PATTERN_COLUMNS = ("id", "verb", "particle", "prep", "objects", "code", "flags")


@dataclass(frozen=True, slots=True, kw_only=True)
class VerbPattern:
    """One lexicon row: verb lemma (+ particle, preposition, object lemmas) -> CAMEO code."""

    id: str
    verb: str
    particle: str = ""
    prep: str = ""
    objects: frozenset[str] = frozenset()
    code: str
    flags: frozenset[PatternFlag] = frozenset()
    reverse_code: str | None = None  # "rev:CODE": the target does CODE to the source
    evaluation: Polarity | None = None  # "eval:neg": the verb needs an evaluative complement of that polarity

    @property
    def blocks(self) -> bool:
        """A "no event" row: when it is the best match, the verb codes nothing ("armed with machetes")."""
        return "block" in self.flags

    @property
    def specificity(self) -> int:
        """Most specific pattern wins: a named verb, then objects, then preposition, then particle."""
        return (
            8 * (self.verb != ANY_VERB)
            + 4 * bool(self.objects)
            + 2 * bool(self.prep)
            + bool(self.particle)
            + bool(self.evaluation)
        )


@dataclass(frozen=True, slots=True)
class FrameVerb:
    """A verb or noun that embeds another event; the frame depends on who the embedded actor is."""

    lemma: str
    self_frame: FrameChoice  # the embedded event has the frame verb's own subject ("vowed to visit")
    other_frame: FrameChoice  # the embedded event has another actor ("asked Obama to visit")


@dataclass(frozen=True, slots=True)
class EventLexicon:
    patterns: tuple[VerbPattern, ...]
    by_verb: dict[str, tuple[VerbPattern, ...]]
    frames: dict[str, FrameVerb]
    frame_codes: dict[tuple[str, str], str]  # (frame, code prefix) -> new code, or DROP
    light_verbs: frozenset[str]
    evaluative: dict[str, str]  # adjective lemma -> "neg" / "pos"
    quantities: frozenset[str]  # "tons", "series", "days": nouns looked through to their "of" object
    event_nouns: frozenset[str]  # head nouns that name an event in some pattern ("strike", "shelling")
    violence: ViolenceTables

    def patterns_for(self, lemma: str) -> list[VerbPattern]:
        found = list(self.by_verb.get(lemma, ()))
        if lemma in self.light_verbs:
            found += self.by_verb.get(ANY_VERB, ())
        return found

    def reframe(self, frame: str, code: str) -> str | None:
        """The code an event gets inside `frame`: longest matching prefix wins; None drops it. A frame
        with a fallback (FRAME_FALLBACKS) uses its own rows first, then the fallback's."""
        for size in range(len(code), 1, -1):
            mapped = self.frame_codes.get((frame, code[:size]))
            if mapped is not None:
                return None if mapped == DROP else mapped
        if frame in FRAME_FALLBACKS:
            return self.reframe(FRAME_FALLBACKS[frame], code)
        default = self.frame_codes.get((frame, "*"))
        if default is None:
            return code
        return None if default == DROP else default


def index_by_verb(patterns: tuple[VerbPattern, ...]) -> dict[str, tuple[VerbPattern, ...]]:
    table: dict[str, list[VerbPattern]] = {}
    for pattern in patterns:
        table.setdefault(pattern.verb, []).append(pattern)
    return {verb: tuple(rows) for verb, rows in table.items()}


def _split(value: str) -> frozenset[str]:
    return frozenset(part.strip() for part in value.split("|") if part.strip())


def parse_pattern(row: Mapping[str, str]) -> VerbPattern:
    """One verb_patterns.tsv row; an unknown flag is an error naming the row."""
    flags, reverse, evaluation = set(), None, None
    for flag in _split(row.get("flags", "").replace(",", "|")):
        if flag.startswith("rev:"):
            reverse = flag[4:]
        elif flag.startswith("eval:") and flag[5:] in get_args(Polarity):
            evaluation = flag[5:]
        elif flag in get_args(PatternFlag):
            flags.add(flag)
        else:
            where = row.where if isinstance(row, Row) else f"pattern {row.get('id')!r}"
            raise DataFileError(
                where,
                f"unknown flag {flag!r} (flags: {', '.join(get_args(PatternFlag))}, rev:CODE, eval:neg|pos)",
            )
    return VerbPattern(
        id=row["id"],
        verb=row["verb"],
        particle=row.get("particle", ""),
        prep=row.get("prep", ""),
        objects=_split(row.get("objects", "")),
        code=row["code"],
        flags=frozenset(flags),  # type: ignore[arg-type]
        reverse_code=reverse,
        evaluation=evaluation,  # type: ignore[arg-type]
    )


def read_patterns(path: Path) -> tuple[VerbPattern, ...]:
    return tuple(parse_pattern(row) for row in read_table(path, PATTERN_COLUMNS, optional=("notes",)))


def read_frames(path: Path) -> dict[str, FrameVerb]:
    frames = {}
    for row in read_table(path, ("lemma", "self", "other"), optional=("notes",)):
        for column in ("self", "other"):
            if row[column] not in get_args(FrameName) and row[column] != "":
                raise row.error(f"unknown frame {row[column]!r} (frames: {', '.join(get_args(FrameName))})")
        frames[row["lemma"]] = FrameVerb(row["lemma"], row["self"], row["other"])  # type: ignore[arg-type]
    return frames


def load_event_lexicon(folder: str | os.PathLike = LEXICON_DIR, language: str = "en") -> EventLexicon:
    """The lexicon of data/cameo/ (or `folder`) with the light verbs, evaluative words and quantity nouns
    of `language`, read once per process for each combination."""
    return _load_lexicon(str(folder), language)


@lru_cache(maxsize=4)
def _load_lexicon(folder: str, language_code: str) -> EventLexicon:
    path = Path(folder)
    language = load_language(language_code)
    patterns = read_patterns(path / "verb_patterns.tsv")
    frame_rows = read_table(path / "frame_codes.tsv", ("frame", "prefix", "code"), optional=("notes",))
    frame_codes = {(row["frame"], row["prefix"]): row["code"] for row in frame_rows}
    return EventLexicon(
        patterns=patterns,
        by_verb=index_by_verb(patterns),
        frames=read_frames(path / "event_frames.tsv"),
        frame_codes=frame_codes,
        light_verbs=language.light_verbs,
        evaluative=dict(language.evaluative_words),
        quantities=language.quantity_nouns,
        event_nouns=event_nouns(patterns),
        violence=read_violence_tables(path),
    )


def event_nouns(patterns: tuple[VerbPattern, ...]) -> frozenset[str]:
    """Head nouns of the object-noun patterns of light verbs ("strike" of "air_strike", "shelling")."""
    return frozenset(key.rsplit("_", 1)[-1] for p in patterns if p.verb == ANY_VERB for key in p.objects)
