"""The event lexicon: verb patterns, frame verbs and frame code maps, read from TSV files in data/.

- `verb_patterns.tsv`: which verb (+ particle, preposition, object nouns) codes which CAMEO event.
- `event_frames.tsv`: verbs and nouns that embed another event ("vowed to ...", "asked X to ...",
  "said that ..."), and the frame they put it in.
- `frame_codes.tsv`: how a frame changes the embedded event's code (intent to meet -> 036, ...).
- `light_verbs.tsv`: verbs that carry no event themselves ("held talks", "staged a protest"); only
  they can fire the object-noun patterns whose verb is "*".
- `evaluative_words.tsv`: adjectives that make "described X as ..." a criticism or a praise.
- `quantity_nouns.tsv`: measure and container nouns the object matcher looks through ("25,000 tons of
  food aid" is aid, "a series of bombings" is bombings).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

ANY_VERB = "*"
DROP = "-"
BLOCK = "block"


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """One lexicon row: verb lemma (+ particle, preposition, object lemmas) -> CAMEO code."""

    id: str
    verb: str
    particle: str
    prep: str
    objects: frozenset[str]
    code: str
    flags: frozenset[str]
    reverse_code: str | None
    evaluation: str | None  # "neg"/"pos": the verb needs an evaluative complement of that polarity

    @property
    def blocks(self) -> bool:
        """A "no event" row: when it is the best match, the verb codes nothing ("armed with machetes")."""
        return BLOCK in self.flags

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
    self_frame: str  # the embedded event has the frame verb's own subject ("vowed to visit")
    other_frame: str  # the embedded event has another actor ("asked Obama to visit")


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

    def patterns_for(self, lemma: str) -> list[VerbPattern]:
        found = list(self.by_verb.get(lemma, ()))
        if lemma in self.light_verbs:
            found += self.by_verb.get(ANY_VERB, ())
        return found

    def reframe(self, frame: str, code: str) -> str | None:
        """The code an event gets inside `frame`: longest matching prefix wins; None drops it."""
        for size in range(len(code), 1, -1):
            mapped = self.frame_codes.get((frame, code[:size]))
            if mapped is not None:
                return None if mapped == DROP else mapped
        default = self.frame_codes.get((frame, "*"))
        if default is None:
            return code
        return None if default == DROP else default


def index_by_verb(patterns: tuple[VerbPattern, ...]) -> dict[str, tuple[VerbPattern, ...]]:
    table: dict[str, list[VerbPattern]] = {}
    for pattern in patterns:
        table.setdefault(pattern.verb, []).append(pattern)
    return {verb: tuple(rows) for verb, rows in table.items()}


def read_tsv(name: str) -> Iterator[dict[str, str]]:
    """Rows of a data/ TSV file with a header line; `#` lines are comments."""
    text = resources.files("tidings").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        yield {key: (value or "").strip() for key, value in row.items()}


def _split(value: str) -> frozenset[str]:
    return frozenset(part.strip() for part in value.split("|") if part.strip())


def parse_pattern(row: dict[str, str]) -> VerbPattern:
    flags = _split(row.get("flags", "").replace(",", "|"))
    reverse = next((flag[4:] for flag in flags if flag.startswith("rev:")), None)
    evaluation = next((flag[5:] for flag in flags if flag.startswith("eval:")), None)
    return VerbPattern(
        id=row["id"],
        verb=row["verb"],
        particle=row.get("particle", ""),
        prep=row.get("prep", ""),
        objects=_split(row.get("objects", "")),
        code=row["code"],
        flags=flags,
        reverse_code=reverse,
        evaluation=evaluation,
    )


@lru_cache(maxsize=1)
def load_event_lexicon() -> EventLexicon:
    patterns = tuple(parse_pattern(row) for row in read_tsv("verb_patterns.tsv"))
    frames = {
        row["lemma"]: FrameVerb(row["lemma"], row["self"], row["other"])
        for row in read_tsv("event_frames.tsv")
    }
    frame_codes = {(row["frame"], row["prefix"]): row["code"] for row in read_tsv("frame_codes.tsv")}
    light = frozenset(row["lemma"] for row in read_tsv("light_verbs.tsv"))
    evaluative = {row["lemma"]: row["polarity"] for row in read_tsv("evaluative_words.tsv")}
    quantities = frozenset(row["lemma"] for row in read_tsv("quantity_nouns.tsv"))
    by_verb = index_by_verb(patterns)
    nouns = event_nouns(patterns)
    return EventLexicon(patterns, by_verb, frames, frame_codes, light, evaluative, quantities, nouns)


def event_nouns(patterns: tuple[VerbPattern, ...]) -> frozenset[str]:
    """Head nouns of the object-noun patterns of light verbs ("strike" of "air_strike", "shelling")."""
    return frozenset(key.rsplit("_", 1)[-1] for p in patterns if p.verb == ANY_VERB for key in p.objects)
