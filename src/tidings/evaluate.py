"""Evaluation against gold event records: precision, recall and F1 over (source, target, code) triples.

Two gold formats are read (JSONL, one record a line):
- CAMEO gold (PETRARCH family): {"id", "text", "date", "expected": [{"source", "target", "code"}],
  "acceptable": [...]}; `code` may be a list of alternatives; acceptable events count as correct when
  predicted but are not required. Scored at `root` level (first 3 letters of each actor code, first 2
  digits of the event code) or `full` level (whole codes).
- PLOVER gold: {"id", "text", "event", "source": [{"code"}], "target": [{"code"}]}: predicted CAMEO
  codes are mapped to the legacy PLOVER category and (event type, source country, target country)
  triples are scored; compound actors give several triples, an empty target is None. Actors the
  markup tags "(SRC/TAR: ...)" act on each other: each is expected as a source whose target is
  another of them, or no target (the gold leaves the target list empty for them).

Each record's text is coded as a one-sentence article; scores are micro-averaged over records, and
broken down by CAMEO root and by PLOVER type (a hit and a miss count for the expected event's class, a
false alarm for the predicted one's), so a user sees where the coder is weak. When the gold states
counts (`fatalities`, `injured`, `arrested`, `kidnapped`, `crowd_size`), the report also gives, per
count, the share of expected events stating a number whose matched predicted event has exactly it.

Event-date gold (benchmarks/gold/dates_dev.jsonl: {"id", "text", "published", "verb", "occurrence",
"date", "precision", "date_end", "source", "category"}) is scored by `evaluate_dates`: the text is
parsed, the `occurrence`-th whole-word appearance of `verb` is dated by the pipeline's own dater
(`EventDater.date_token`, no event coding needed), and a record is right when date, precision and range
end all match.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .errors import TidingsError
from .ontology import DEFAULT_ONTOLOGY, EventOntology, load_ontology
from .records import MAGNITUDE_KINDS, Article, Event, InputError, MagnitudeKind

if TYPE_CHECKING:
    from .pipeline import Tidings

Level = Literal["root", "full", "plover"]
Triple = tuple[str, str, str]
NO_ACTOR = "---"
# Codes each gold text into events; the default runs the whole tidings event pipeline.
TextCoder = Callable[[Sequence[Article]], list[list[Event]]]


@dataclass(frozen=True, slots=True)
class GoldCount:
    """A number the gold states for an expected event ("fatalities": 19)."""

    kind: MagnitudeKind
    number: int


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One expected event; any of `codes` is correct."""

    source: str
    target: str
    codes: tuple[str, ...]
    other_targets: tuple[str, ...] = ()  # targets that are as good as `target`
    counts: tuple[GoldCount, ...] = ()  # the numbers the gold states (zero included)


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    text: str
    date: dt.date | None
    expected: tuple[GoldEvent, ...]
    acceptable: tuple[GoldEvent, ...] = ()


@dataclass(frozen=True, slots=True)
class CountCheck:
    """One number the gold states, and what the matched predicted event says (None: no event matched,
    or it gives no number)."""

    kind: MagnitudeKind
    expected: int
    found: int | None
    matched: bool  # an event was predicted for the expected one

    @property
    def exact(self) -> bool:
        return self.found == self.expected


@dataclass(frozen=True, slots=True)
class RecordScore:
    """One record's outcome: what was expected, what was predicted, and what went wrong."""

    id: str
    text: str
    expected: tuple[Triple, ...]
    predicted: tuple[Triple, ...]
    missed: tuple[Triple, ...]
    spurious: tuple[Triple, ...]
    true_positives: int
    hits: tuple[Triple, ...] = ()  # the expected events found, as written in the gold
    counts: tuple[CountCheck, ...] = ()

    @property
    def correct(self) -> bool:
        return not self.missed and not self.spurious


class Scores:
    """Precision, recall and F1 from true positives, false positives and false negatives."""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        return _ratio(self.true_positives, self.true_positives + self.false_negatives)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return _ratio(2 * p * r, p + r)


@dataclass(frozen=True, slots=True)
class ClassScore(Scores):
    """The scores of one event class: a CAMEO root ("19") or a PLOVER type ("ASSAULT")."""

    name: str
    true_positives: int
    false_positives: int
    false_negatives: int


@dataclass(frozen=True, slots=True)
class CountAccuracy:
    """Of the expected events whose gold states a number of this kind, how many were matched by a
    predicted event with exactly that number (`matched`: how many were matched at all)."""

    kind: MagnitudeKind
    stated: int
    matched: int
    exact: int

    @property
    def share(self) -> float:
        return _ratio(self.exact, self.stated)


@dataclass(frozen=True, slots=True)
class EvalReport(Scores):
    name: str
    level: str
    records: int
    true_positives: int
    false_positives: int
    false_negatives: int
    scores: tuple[RecordScore, ...]
    by_root: tuple[ClassScore, ...] = ()
    by_plover: tuple[ClassScore, ...] = ()
    counts: tuple[CountAccuracy, ...] = ()

    @property
    def exact_records(self) -> int:
        return sum(score.correct for score in self.scores)

    @property
    def wrong(self) -> tuple[RecordScore, ...]:
        return tuple(score for score in self.scores if not score.correct)


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


# -- reading gold ---------------------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


class GoldFileError(TidingsError, ValueError):
    """A gold file, or a line of it, cannot be scored against; the message names the file (and line)."""


def read_gold(path: Path) -> tuple[list[dict], list[InputError]]:
    """The usable records of a gold JSONL file, and one error per line that is not one (bad JSON, a
    record of the wrong shape), each naming `FILE:LINE`. A file that is not text is GoldFileError."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GoldFileError(f"{path}: cannot read file: {exc.strerror or exc}") from exc
    if b"\x00" in data:
        raise GoldFileError(f"{path}: binary file, not JSON lines")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GoldFileError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    records: list[dict] = []
    errors: list[InputError] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            raw = json.loads(line)
        except (ValueError, RecursionError) as exc:
            reason = getattr(exc, "msg", None) or type(exc).__name__
            errors.append(InputError(where, f"invalid JSON: {reason}"))
            continue
        problem = _gold_problem(raw)
        if problem:
            errors.append(InputError(where, problem))
        else:
            records.append(raw)
    return records, errors


def _gold_problem(raw: object) -> str | None:
    """Why `raw` cannot be a gold record, or None."""
    if isinstance(raw, list):
        return "a JSON array, not one record per line (write one JSON object per line)"
    if not isinstance(raw, dict):
        return f"a gold record is a JSON object, not {type(raw).__name__}"
    if not isinstance(raw.get("text"), str | None):  # empty text is scored: every expected event missed
        return f"\"text\" must be a string, not {type(raw['text']).__name__}"
    if is_plover_record(raw):
        for role in ("source", "target"):
            actors = raw.get(role) or []
            if not isinstance(actors, list) or not all(isinstance(a, dict) for a in actors):
                return f"\"{role}\" must be a list of actor objects"
        return None
    for key in ("expected", "acceptable"):
        events = raw.get(key) or []
        if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
            return f"\"{key}\" must be a list of event objects"
        for event in events:
            code = event.get("code")
            codes = code if isinstance(code, list) else [code]
            if not all(c is None or isinstance(c, str | int) for c in codes):
                return f"an event's \"code\" must be a code or a list of codes, not {code!r}"
            for role in ("source", "target"):
                if not isinstance(event.get(role), str | type(None)):
                    return f"an event's \"{role}\" must be an actor code"
    return None


def parse_date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def gold_event(raw: dict) -> GoldEvent:
    code = raw.get("code") or ""
    codes = [c for c in code if c] if isinstance(code, list) else [code]
    return GoldEvent(
        str(raw.get("source") or NO_ACTOR),
        str(raw.get("target") or NO_ACTOR),
        tuple(map(str, codes or [""])),
        counts=gold_counts(raw),
    )


def gold_counts(raw: dict) -> tuple[GoldCount, ...]:
    """The numbers an expected event states: integer fields among the magnitude kinds (null = none)."""
    found = []
    for kind in MAGNITUDE_KINDS:
        value = raw.get(kind)
        if isinstance(value, int) and not isinstance(value, bool):
            found.append(GoldCount(kind, value))
    return tuple(found)


def gold_record(raw: dict) -> GoldRecord:
    return GoldRecord(
        id=str(raw.get("id")),
        text=raw.get("text") or "",
        date=parse_date(raw.get("date")),
        expected=tuple(gold_event(event) for event in raw.get("expected") or ()),
        acceptable=tuple(gold_event(event) for event in raw.get("acceptable") or ()),
    )


def is_plover_record(raw: dict) -> bool:
    return "event" in raw and "expected" not in raw


def plover_record(raw: dict) -> GoldRecord:
    """A PLOVER record as gold events whose single "code" is the PLOVER event type."""
    event_type = (str(raw.get("event") or ""),)
    mutual = _mutual_actors(raw)
    if mutual:
        events = {GoldEvent(s, NO_ACTOR, event_type, _others(mutual, i)) for i, s in enumerate(mutual)}
    else:
        sources = [_country(actor.get("code")) for actor in raw.get("source") or ()] or [NO_ACTOR]
        targets = [_country(actor.get("code")) for actor in raw.get("target") or ()] or [NO_ACTOR]
        events = {GoldEvent(s, t, event_type) for s in sources for t in targets}
    return GoldRecord(str(raw.get("id")), raw.get("text") or "", None, tuple(sorted(events, key=str)))


def _mutual_actors(raw: dict) -> list[str]:
    """Countries of the source actors tagged "(SRC/TAR: ...)" when the record has no target of its own."""
    markup = str(raw.get("markup") or "")
    if raw.get("target") or "(SRC/TAR:" not in markup:
        return []
    actors = [a for a in raw.get("source") or () if f"(SRC/TAR: {a.get('text')}" in markup]
    return [_country(a.get("code")) for a in actors] if len(actors) > 1 else []


def _others(countries: list[str], index: int) -> tuple[str, ...]:
    return tuple(c for i, c in enumerate(countries) if i != index)


def _country(code: str | None) -> str:
    return (code or NO_ACTOR)[:3]


# -- scoring ----------------------------------------------------------------------------------------------


def normalize(source: str, target: str, code: str, level: Level) -> Triple:
    if level == "root":
        return source[:3], target[:3], code[:2]
    if level == "plover":
        return source[:3], target[:3], code
    return source, target, code


def alternatives(event: GoldEvent, level: Level) -> set[Triple]:
    targets = (event.target, *event.other_targets)
    return {normalize(event.source, target, code, level) for target in targets for code in event.codes}


def predicted_triple(event: Event, level: Level, ontology: EventOntology) -> Triple:
    """The event as scored: PLOVER gold is scored on the legacy PLOVER type the ontology maps it to."""
    source = event.source.code
    target = event.target.code if event.target else NO_ACTOR
    code = ontology.get(event.code).plover_legacy if level == "plover" else event.code
    return normalize(source, target, code, level)


def score_record(
    record: GoldRecord, events: Iterable[Event], level: Level, ontology: EventOntology
) -> RecordScore:
    events = list(events)
    triples = [predicted_triple(event, level, ontology) for event in events]
    score, matches = match_triples(record, triples, level)
    checks = [
        CountCheck(
            count.kind,
            count.number,
            matched_number(matches.get(i), triples, events, count.kind),
            matched=i in matches,
        )
        for i, expected in enumerate(record.expected)
        for count in expected.counts
    ]
    return replace(score, counts=tuple(checks))


def matched_number(
    hit: Triple | None, triples: list[Triple], events: list[Event], kind: MagnitudeKind
) -> int | None:
    """The number of this kind on the predicted event(s) behind the matched triple (the first event
    that gives one, when several share the triple)."""
    if hit is None:
        return None
    numbers = [
        magnitude.number
        for triple, event in zip(triples, events, strict=True)
        if triple == hit and (magnitude := event.magnitude(kind)) is not None
    ]
    return next((n for n in numbers if n is not None), None)


def score_triples(record: GoldRecord, triples: Iterable[Triple], level: Level) -> RecordScore:
    """Match predictions to expected events one to one; acceptable extras are neither right nor wrong."""
    return match_triples(record, triples, level)[0]


def match_triples(
    record: GoldRecord, triples: Iterable[Triple], level: Level
) -> tuple[RecordScore, dict[int, Triple]]:
    """The record's score, and for each expected event found (by index) the predicted triple it matched."""
    predicted = list(dict.fromkeys(triples))
    unused = list(predicted)
    missed: list[Triple] = []
    matches: dict[int, Triple] = {}
    for index, expected in enumerate(record.expected):
        options = alternatives(expected, level)
        hit = next((triple for triple in unused if triple in options), None)
        if hit is None:
            missed.append(min(options))
        else:
            unused.remove(hit)
            matches[index] = hit
    acceptable = set().union(*(alternatives(event, level) for event in record.acceptable))
    spurious = tuple(triple for triple in unused if triple not in acceptable)
    expected_shown = tuple(min(alternatives(event, level)) for event in record.expected)
    tp = len(record.expected) - len(missed)
    score = RecordScore(
        record.id,
        record.text,
        expected_shown,
        tuple(predicted),
        tuple(missed),
        spurious,
        tp,
        hits=tuple(matches.values()),
    )
    return score, matches


def build_report(
    name: str, level: Level, scores: Sequence[RecordScore], ontology: EventOntology | None = None
) -> EvalReport:
    mapping = ontology or load_ontology(DEFAULT_ONTOLOGY)
    root = None if level == "plover" else event_root
    return EvalReport(
        name=name,
        level=level,
        records=len(scores),
        true_positives=sum(score.true_positives for score in scores),
        false_positives=sum(len(score.spurious) for score in scores),
        false_negatives=sum(len(score.missed) for score in scores),
        scores=tuple(scores),
        by_root=class_scores(scores, root) if root else (),
        by_plover=class_scores(scores, plover_class(level, mapping)),
        counts=count_accuracy(scores),
    )


def event_root(code: str) -> str | None:
    """The CAMEO root of a code at any level ("1823" -> "18"); None for no code."""
    return code[:2] if len(code) >= 2 and code[:2].isdigit() else None


def plover_class(level: Level, ontology: EventOntology) -> Callable[[str], str | None]:
    """The PLOVER type of a scored code: PLOVER gold is scored on the type itself, CAMEO gold on the
    PLOVER type its code (or, at root level, its root) maps to."""

    def classify(code: str) -> str | None:
        if level == "plover":
            return code or None
        return (ontology.get(code).plover or None) if code in ontology else None

    return classify


def class_scores(
    scores: Sequence[RecordScore], classify: Callable[[str], str | None]
) -> tuple[ClassScore, ...]:
    """TP / FP / FN per class: hits and misses by the gold's code, false alarms by the predicted one."""
    tally: dict[str, list[int]] = {}

    def add(triple: Triple, column: int) -> None:
        name = classify(triple[2])
        if name is not None:
            tally.setdefault(name, [0, 0, 0])[column] += 1

    for score in scores:
        for triple in score.hits:
            add(triple, 0)
        for triple in score.spurious:
            add(triple, 1)
        for triple in score.missed:
            add(triple, 2)
    return tuple(ClassScore(name, *tally[name]) for name in sorted(tally))


def count_accuracy(scores: Sequence[RecordScore]) -> tuple[CountAccuracy, ...]:
    checks = [check for score in scores for check in score.counts]
    out = []
    for kind in MAGNITUDE_KINDS:
        mine = [check for check in checks if check.kind == kind]
        if mine:
            matched = sum(check.matched for check in mine)
            out.append(CountAccuracy(kind, len(mine), matched, sum(check.exact for check in mine)))
    return tuple(out)


def evaluate_records(
    records: Sequence[GoldRecord],
    level: Level,
    coder: TextCoder,
    name: str = "gold",
    ontology: EventOntology | None = None,
) -> EvalReport:
    """Score `coder` on `records`; `ontology` (CAMEO by default) maps codes to PLOVER for PLOVER gold."""
    articles = [record_article(record) for record in records]
    predictions = coder(articles)
    mapping = ontology or load_ontology(DEFAULT_ONTOLOGY)
    scores = [
        score_record(record, events, level, mapping)
        for record, events in zip(records, predictions, strict=True)
    ]
    return build_report(name, level, scores, mapping)


def evaluate_predictions(
    records: Sequence[GoldRecord], predictions: dict[str, list[Triple]], level: Level, name: str
) -> EvalReport:
    """Score another coder's raw (source, target, code) predictions, keyed by record id."""
    scores = [
        score_triples(record, [normalize(*triple, level) for triple in predictions.get(record.id, [])], level)
        for record in records
    ]
    return build_report(name, level, scores)


def record_article(record: GoldRecord) -> Article:
    return Article(id=record.id, title="", text=record.text, published=record.date, source=record.id)


def load_gold(
    path: str | Path, level: Level = "root", errors: list[InputError] | None = None
) -> tuple[list[GoldRecord], Level]:
    """Read a gold file; PLOVER-format files are always scored at the "plover" level. Lines that are
    not gold records go to `errors` when it is given (and are left out); without it, the first one
    raises GoldFileError."""
    raws, problems = read_gold(Path(path))
    if errors is not None:
        errors.extend(problems)
    elif problems:
        raise GoldFileError(f"{problems[0].source}: {problems[0].message}")
    if raws and is_plover_record(raws[0]):
        return [plover_record(raw) for raw in raws], "plover"
    return [gold_record(raw) for raw in raws], level


def evaluate_file(
    path: str | Path,
    level: Level = "root",
    coder: TextCoder | None = None,
    ontology: EventOntology | None = None,
    errors: list[InputError] | None = None,
) -> EvalReport:
    """Score tidings (or `coder`) on a gold JSONL file; with `errors`, lines that are not gold records
    are reported there and the rest is scored."""
    records, level = load_gold(path, level, errors)
    return evaluate_records(
        records, level, coder or pipeline_coder(), name=Path(path).name, ontology=ontology
    )


def pipeline_coder(tidings=None) -> TextCoder:
    """The real coder: the whole tidings pipeline, exactly as `tidings code` runs it."""
    from .pipeline import Tidings

    loaded = tidings or Tidings.load()

    def code(articles: Sequence[Article]) -> list[list[Event]]:
        return [list(coded.events) for coded in loaded.code(articles)]

    return code


# -- reporting --------------------------------------------------------------------------------------------


def format_report(report: EvalReport, errors: bool = False) -> str:
    lines = [
        f"{report.name} ({report.level} level): {report.records} records",
        f"  precision {report.precision:.3f}  recall {report.recall:.3f}  F1 {report.f1:.3f}",
        f"  TP {report.true_positives}  FP {report.false_positives}  FN {report.false_negatives}"
        f"  exact records {report.exact_records}/{report.records}",
    ]
    lines += _class_table("CAMEO root", report.by_root) + _class_table("PLOVER type", report.by_plover)
    lines += _count_lines(report.counts)
    if errors:
        lines += [line for score in report.wrong for line in _error_lines(score)]
    return "\n".join(lines)


def _class_table(title: str, classes: Sequence[ClassScore]) -> list[str]:
    if not classes:
        return []
    lines = [f"  by {title}:", f"    {'':14} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}"]
    for row in classes:
        lines.append(
            f"    {row.name:14} {row.precision:6.3f} {row.recall:6.3f} {row.f1:6.3f} "
            f"{row.true_positives:5d} {row.false_positives:5d} {row.false_negatives:5d}"
        )
    return lines


def _count_lines(counts: Sequence[CountAccuracy]) -> list[str]:
    if not counts:
        return []
    lines = ["  counts (expected events stating a number; exact on the matched predicted event):"]
    for row in counts:
        lines.append(
            f"    {row.kind:14} exact {row.exact}/{row.stated} ({row.share:.1%}); "
            f"{row.matched} of the {row.stated} events matched"
        )
    return lines


def _error_lines(score: RecordScore) -> list[str]:
    return [
        f"- {score.id}: {score.text}",
        f"    expected: {_triples(score.expected)}",
        f"    got:      {_triples(score.predicted)}",
        f"    missed:   {_triples(score.missed)}   spurious: {_triples(score.spurious)}",
    ]


def _triples(triples: Iterable[Triple]) -> str:
    return ", ".join("/".join(triple) for triple in triples) or "-"


# -- event dates ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateGold:
    """One record of a date gold file: the word whose event is dated and its expected date."""

    id: str
    text: str
    published: dt.date | None
    verb: str
    occurrence: int
    date: str
    precision: str
    date_end: str | None
    source: str
    category: str


@dataclass(frozen=True, slots=True)
class DateScore:
    """What the dater gave for one record; `problem` says why it gave nothing (the word is not there)."""

    gold: DateGold
    date: str | None = None
    precision: str | None = None
    date_end: str | None = None
    source: str | None = None
    problem: str | None = None

    @property
    def correct(self) -> bool:
        expected = (self.gold.date, self.gold.precision, self.gold.date_end)
        return (self.date, self.precision, self.date_end) == expected


@dataclass(frozen=True)
class DateReport:
    name: str
    scores: tuple[DateScore, ...]

    @property
    def records(self) -> int:
        return len(self.scores)

    @property
    def right(self) -> int:
        return sum(score.correct for score in self.scores)

    @property
    def share(self) -> float:
        return _ratio(self.right, self.records)

    @property
    def source_right(self) -> int:
        return sum(score.correct and score.source == score.gold.source for score in self.scores)

    def by_category(self) -> dict[str, tuple[int, int]]:
        """Category -> (right, records), in the order categories first appear."""
        counts: dict[str, tuple[int, int]] = {}
        for score in self.scores:
            right, total = counts.get(score.gold.category, (0, 0))
            counts[score.gold.category] = (right + score.correct, total + 1)
        return counts


def read_date_gold(path: str | Path) -> list[DateGold]:
    """Read a date gold file; a record missing a field fails with its id."""
    records = []
    for raw in read_jsonl(Path(path)):
        try:
            records.append(
                DateGold(
                    id=str(raw["id"]),
                    text=str(raw["text"]),
                    published=parse_date(raw.get("published")),
                    verb=str(raw["verb"]),
                    occurrence=int(raw.get("occurrence") or 1),
                    date=str(raw["date"]),
                    precision=str(raw["precision"]),
                    date_end=raw.get("date_end") or None,
                    source=str(raw.get("source") or ""),
                    category=str(raw.get("category") or ""),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}: record {raw.get('id')!r}: missing or bad field {exc}") from None
    return records


def word_offsets(text: str, word: str, occurrence: int) -> tuple[int, int] | None:
    """Where the `occurrence`-th whole-word, case-sensitive appearance of `word` is in `text`."""
    found = list(re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text))
    if not 1 <= occurrence <= len(found):
        return None
    return found[occurrence - 1].span()


def evaluate_dates(path: str | Path, tidings: Tidings | None = None) -> DateReport:
    """Score the pipeline's dater on a date gold file (parsing each text whole, with its publication date)."""
    from .pipeline import Tidings

    loaded = tidings or Tidings.load(lazy=True)
    records = read_date_gold(path)
    docs = loaded.nlp.pipe(record.text for record in records)
    scores = [date_record(record, doc, loaded) for record, doc in zip(records, docs, strict=True)]
    return DateReport(Path(path).name, tuple(scores))


def date_record(record: DateGold, doc, tidings: Tidings) -> DateScore:
    """Date the record's word with the pipeline's dater."""
    offsets = word_offsets(record.text, record.verb, record.occurrence)
    span = doc.char_span(*offsets, alignment_mode="expand") if offsets else None
    if span is None or not len(span):
        return DateScore(
            record, problem=f"{record.verb!r} (occurrence {record.occurrence}) is not in the text"
        )
    article = Article(id=record.id, title="", text=record.text, published=record.published, source=record.id)
    dater = tidings.dater
    found = dater.date_token(span.root, dater.read(doc, article))
    if found is None:
        return DateScore(record)
    when = found.when
    return DateScore(record, when.iso, when.precision, when.end_iso, found.source)


def format_date_report(report: DateReport, errors: bool = False) -> str:
    lines = [
        f"{report.name} (dates): {report.records} records",
        f"  right (date and precision, and range end): {report.right}/{report.records} = {report.share:.3f}"
        f"  (source right too: {report.source_right})",
    ]
    lines += [f"  {category}: {right}/{total}" for category, (right, total) in report.by_category().items()]
    if errors:
        lines += [line for score in report.scores if not score.correct for line in _date_error_lines(score)]
    return "\n".join(lines)


def _date_error_lines(score: DateScore) -> list[str]:
    gold = score.gold
    expected = _written(gold.date, gold.precision, gold.date_end, gold.source)
    got = score.problem or _written(score.date, score.precision, score.date_end, score.source)
    return [
        f"- {gold.id} [{gold.category}] published {gold.published}, {gold.verb!r}: {gold.text!r}",
        f"    expected: {expected}",
        f"    got:      {got}",
    ]


def _written(date: str | None, precision: str | None, end: str | None, source: str | None) -> str:
    span = f"{date}..{end}" if end else str(date)
    return f"{span} ({precision}, {source})"
