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
    CasualtyCount,
    CasualtyWord,
    Complement,
    CountWords,
    DateUnit,
    DateWords,
    GeoWords,
    Language,
    QuoteMarks,
    Sex,
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
    "noun_lead",
    "time_preposition",
)
NUMBERED_DATE_KINDS = ("month", "weekday", "step", "season", "ordinal", "sequel")
GEO_KINDS = (
    "locative", "article", "region", "direction", "division",
    "feature", "place_noun", "settlement", "local_noun", "publication", "party",
)  # fmt: skip
COUNT_KINDS = ("number", "multiplier", "vague", "zero", "unknown")
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
        first_names=read_first_names(folder / "first_names.tsv"),
        counts=read_count_words(folder / "count_words.tsv"),
        casualty_words=read_casualty_words(folder / "casualty_words.tsv"),
        title_abbreviations={
            row["abbreviation"]: row["title"]
            for row in read_table(folder / "title_abbreviations.tsv", ["abbreviation", "title"])
        },
    )


def load_marker_words(folder: Path = FOLDER) -> frozenset[str]:
    """The words whose frequency marks a text as English (marker_words.tsv), lower case."""
    words = read_list(folder / "marker_words.tsv", "word")
    odd = sorted(word for word in words if not word.isalpha() or word != word.lower())
    if odd:
        raise DataFileError(str(folder / "marker_words.tsv"), f"not a lower-case word: {odd[0]!r}")
    return words


def read_list(path: Path, column: str) -> frozenset[str]:
    return frozenset(row[column] for row in read_table(path, [column]))


def read_first_names(path: Path) -> Mapping[str, Sex]:
    """First name (lower case) -> the sex it is mostly given to: m, f, or - (both)."""
    names: dict[str, Sex] = {}
    for row in read_table(path, ["name", "sex"]):
        names[row["name"].lower()] = _one_of(row, "sex", get_args(Sex))  # type: ignore[assignment]
    return names


ATTRIBUTION_KINDS = (
    "speech",
    "belief",
    "perception",
    "evidence",
    "intention",
    "evaluation",
    "refusal",
    "topic",
)


def read_attribution_cues(path: Path) -> Mapping[str, str]:
    """Written cue word (lower case) -> the kind of attribution it makes, every regular inflection and
    the listed irregular forms included (say, says, said, saying -> speech)."""
    morphology = EnglishMorphology()
    kinds: dict[str, str] = {}
    listed: set[str] = set()
    for row in read_table(path, ["word", "kind", "forms"]):
        kind = _one_of(row, "kind", ATTRIBUTION_KINDS)
        if row["word"] in listed:
            raise row.error(f"{row['word']!r} is listed twice")
        listed.add(row["word"])
        irregular = [form.strip() for form in row["forms"].split(",") if form.strip()]
        regular = morphology.verb_forms(row["word"]) if row["word"].isalpha() else [row["word"]]
        for form in [*regular, *irregular]:
            kinds.setdefault(form, kind)
    return kinds


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
    digraphs: dict[str, str] = {}
    for row in read_table(path, ["opening", "closers", "single"], optional=["reads_as"]):
        opening, reads_as = row["opening"], row.get("reads_as", "")
        if len(opening) == 2 and row["closers"] == opening and reads_as in closers:
            digraphs[opening] = reads_as
        elif len(opening) != 1 or not row["closers"] or reads_as:
            raise row.error(
                "an opening mark is one character, followed by the characters that close it; a "
                "two-character mark closes itself and reads_as names an earlier one-character mark"
            )
        closers[opening] = row["closers"]
        if _yes_no(row, "single"):
            single |= {opening, *row["closers"]}
    return QuoteMarks(closers=closers, single=frozenset(single), digraphs=digraphs)


def read_speech_verbs(path: Path) -> Mapping[str, SpeechVerb]:
    verbs = {}
    for row in read_table(path, ["lemma", "act", "complement"], optional=["object", "topics"]):
        complement = _one_of(row, "complement", get_args(Complement))
        obj = _yes_no(row, "object") if "object" in row else False
        topics = frozenset(p for p in row.get("topics", "").split("|") if p)
        verbs[row["lemma"]] = SpeechVerb(row["lemma"], row["act"], complement, obj, topics)  # type: ignore[arg-type]
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
        noun_leads=words("noun_lead"),
        time_prepositions=words("time_preposition"),
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
        divisions=frozenset(by_kind["division"]),
        features=frozenset(by_kind["feature"]),
        place_nouns=frozenset(by_kind["place_noun"]),
        settlements=frozenset(by_kind["settlement"]),
        local_nouns=frozenset(by_kind["local_noun"]),
        publications=frozenset(by_kind["publication"]),
        parties=frozenset(by_kind["party"]),
    )


def read_count_words(path: Path) -> CountWords:
    by_kind: dict[str, dict[str, str]] = {kind: {} for kind in COUNT_KINDS}
    for row in read_table(path, ["kind", "word", "value"]):
        kind = _one_of(row, "kind", COUNT_KINDS)
        if kind in ("number", "multiplier"):
            _integer(row, "value")
        by_kind[kind][row["word"]] = row["value"]
    return CountWords(
        numbers={word: int(value) for word, value in by_kind["number"].items()},
        multipliers={word: int(value) for word, value in by_kind["multiplier"].items()},
        vague=frozenset(by_kind["vague"]),
        zero=frozenset(by_kind["zero"]),
        unknown=frozenset(by_kind["unknown"]),
    )


def read_casualty_words(path: Path) -> Mapping[str, tuple[CasualtyWord, ...]]:
    words: dict[str, list[CasualtyWord]] = {}
    for row in read_table(path, ["lemma", "count", "with"]):
        count = _one_of(row, "count", get_args(CasualtyCount))
        words.setdefault(row["lemma"], []).append(CasualtyWord(row["lemma"], count, row["with"]))  # type: ignore[arg-type]
    return {lemma: tuple(found) for lemma, found in words.items()}


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
