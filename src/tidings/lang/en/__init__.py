"""English: the word lists in this folder (TSV) and the suffix rules of `morphology`, as a `Language`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import get_args

from ...errors import DataFileError
from ...plugins import languages
from ...resources import Row, read_table
from .. import (
    ORDERED_LISTS,
    WORD_LISTS,
    Complement,
    DateUnit,
    DateWords,
    GeoWords,
    Language,
    QuoteMarks,
    SpeechVerb,
    Words,
)
from .morphology import EnglishMorphology

FOLDER = Path(__file__).parent
DATE_KINDS = (
    "month",
    "weekday",
    "number",
    "unit",
    "step",
    "season",
    "ordinal",
    "final",
    "quarter",
    "quarter_code",
    "span_end",
    "half",
    "period",
    "position",
    "position_noun",
    "approximator",
    "day_part",
    "filler",
    "range_start",
    "range_link",
    "since",
    "ago",
    "sequel",
    "same",
    "lead",
    "plan_lead",
    "skip",
)
NUMBERED_DATE_KINDS = ("month", "weekday", "step", "season", "ordinal", "sequel")
GEO_KINDS = ("locative", "article", "region", "direction")
POLARITIES = ("neg", "pos")


def load_english(folder: Path = FOLDER) -> Language:
    """English from the TSV files in `folder`."""
    return Language(
        code="en",
        words=read_words(folder / "words.tsv"),
        morphology=EnglishMorphology(),
        quote_marks=read_quote_marks(folder / "quote_marks.tsv"),
        speech_verbs=read_speech_verbs(folder / "speech_verbs.tsv"),
        dates=read_date_words(folder / "date_words.tsv", folder / "relative_dates.tsv"),
        places=read_geo_words(folder / "geo_words.tsv"),
        light_verbs=read_list(folder / "light_verbs.tsv", "lemma"),
        quantity_nouns=read_list(folder / "quantity_nouns.tsv", "lemma"),
        evaluative_words=read_evaluative(folder / "evaluative_words.tsv"),
        tone_neutral=read_list(folder / "tone_neutral.tsv", "word"),
    )


def read_list(path: Path, column: str) -> frozenset[str]:
    return frozenset(row[column] for row in read_table(path, [column]))


def read_words(path: Path) -> Words:
    lists: dict[str, list[str]] = {name: [] for name in WORD_LISTS}
    for row in read_table(path, ["list", "word"]):
        if row["list"] not in lists:
            raise row.error(f"unknown list {row['list']!r} (lists: {', '.join(WORD_LISTS)})")
        if not row["word"]:
            raise row.error("empty word")
        lists[row["list"]].append(row["word"])
    empty = [name for name, words in lists.items() if not words]
    if empty:
        raise DataFileError(str(path), f"no words for list(s) {', '.join(empty)}")
    values = {
        name: tuple(dict.fromkeys(words)) if name in ORDERED_LISTS else frozenset(words)
        for name, words in lists.items()
    }
    return Words(**values)  # type: ignore[arg-type]


def read_quote_marks(path: Path) -> QuoteMarks:
    closers: dict[str, str] = {}
    single: set[str] = set()
    for row in read_table(path, ["opening", "closers", "single"]):
        if len(row["opening"]) != 1 or not row["closers"]:
            raise row.error("an opening mark is one character, followed by the characters that close it")
        closers[row["opening"]] = row["closers"]
        if _yes_no(row, "single"):
            single |= {row["opening"], *row["closers"]}
    return QuoteMarks(closers=closers, single=frozenset(single))


def read_speech_verbs(path: Path) -> Mapping[str, SpeechVerb]:
    verbs = {}
    for row in read_table(path, ["lemma", "act", "complement"]):
        complement = _one_of(row, "complement", get_args(Complement))
        verbs[row["lemma"]] = SpeechVerb(row["lemma"], row["act"], complement)  # type: ignore[arg-type]
    return verbs


def read_date_words(words_path: Path, relative_path: Path) -> DateWords:
    by_kind: dict[str, dict[str, str]] = {kind: {} for kind in DATE_KINDS}
    for row in read_table(words_path, ["kind", "word", "value"]):
        kind = _one_of(row, "kind", DATE_KINDS)
        if kind in NUMBERED_DATE_KINDS:
            _integer(row, "value")
        by_kind[kind][row["word"]] = row["value"]
    units = dict(by_kind["unit"])
    bad_units = sorted(set(units.values()) - set(get_args(DateUnit)))
    if bad_units:
        raise DataFileError(str(words_path), f"unknown date unit(s) {', '.join(bad_units)}")
    relative = {
        row["phrase"]: _integer(row, "offset") for row in read_table(relative_path, ["phrase", "offset"])
    }

    def numbered(kind: str) -> dict[str, int]:
        return {word: int(value) for word, value in by_kind[kind].items()}

    def words(kind: str) -> frozenset[str]:
        return frozenset(by_kind[kind])

    return DateWords(
        months=numbered("month"),
        weekdays=numbered("weekday"),
        numbers={w: int(v) if v else None for w, v in by_kind["number"].items()},
        units=units,  # type: ignore[arg-type]
        steps=numbered("step"),
        seasons=numbered("season"),
        ordinals=numbered("ordinal"),
        finals=words("final"),
        quarters=words("quarter"),
        quarter_codes=words("quarter_code"),
        span_ends=words("span_end"),
        halves=words("half"),
        periods=words("period"),
        positions=words("position"),
        position_nouns=words("position_noun"),
        approximators=words("approximator"),
        day_parts=words("day_part"),
        fillers=words("filler"),
        range_starts=words("range_start"),
        range_links=words("range_link"),
        since=words("since"),
        ago=words("ago"),
        sequels=numbered("sequel"),
        same=words("same"),
        leads=words("lead"),
        plan_leads=words("plan_lead"),
        skip=words("skip"),
        relative_days=relative,
    )


def read_geo_words(path: Path) -> GeoWords:
    by_kind: dict[str, set[str]] = {kind: set() for kind in GEO_KINDS}
    for row in read_table(path, ["kind", "word"]):
        by_kind[_one_of(row, "kind", GEO_KINDS)].add(row["word"])
    return GeoWords(
        locative=frozenset(by_kind["locative"]),
        articles=frozenset(by_kind["article"]),
        regions=frozenset(by_kind["region"]),
        directions=frozenset(by_kind["direction"]),
    )


def read_evaluative(path: Path) -> Mapping[str, str]:
    return {
        row["lemma"]: _one_of(row, "polarity", POLARITIES) for row in read_table(path, ["lemma", "polarity"])
    }


def _one_of(row: Row, column: str, allowed: tuple[str, ...]) -> str:
    if row[column] not in allowed:
        raise row.error(f"{column} {row[column]!r} is not one of {', '.join(allowed)}")
    return row[column]


def _integer(row: Row, column: str) -> int:
    try:
        return int(row[column])
    except ValueError:
        raise row.error(f"{column} {row[column]!r} is not a whole number") from None


def _yes_no(row: Row, column: str) -> bool:
    return _one_of(row, column, ("yes", "no", "")) == "yes"


languages.register("en", load_english)
