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

Each record's text is coded as a one-sentence article; scores are micro-averaged over records.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import TidingsError
from .ontology import DEFAULT_ONTOLOGY, EventOntology, load_ontology
from .records import Article, Event, InputError

Level = Literal["root", "full", "plover"]
Triple = tuple[str, str, str]
NO_ACTOR = "---"
# Codes each gold text into events; the default runs the whole tidings event pipeline.
TextCoder = Callable[[Sequence[Article]], list[list[Event]]]


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One expected event; any of `codes` is correct."""

    source: str
    target: str
    codes: tuple[str, ...]
    other_targets: tuple[str, ...] = ()  # targets that are as good as `target`


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    text: str
    date: dt.date | None
    expected: tuple[GoldEvent, ...]
    acceptable: tuple[GoldEvent, ...] = ()


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

    @property
    def correct(self) -> bool:
        return not self.missed and not self.spurious


@dataclass(frozen=True, slots=True)
class EvalReport:
    name: str
    level: str
    records: int
    true_positives: int
    false_positives: int
    false_negatives: int
    scores: tuple[RecordScore, ...]

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
        str(raw.get("source") or NO_ACTOR), str(raw.get("target") or NO_ACTOR), tuple(map(str, codes or [""]))
    )


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
    return score_triples(record, [predicted_triple(event, level, ontology) for event in events], level)


def score_triples(record: GoldRecord, triples: Iterable[Triple], level: Level) -> RecordScore:
    """Match predictions to expected events one to one; acceptable extras are neither right nor wrong."""
    predicted = list(dict.fromkeys(triples))
    unused = list(predicted)
    missed: list[Triple] = []
    for expected in record.expected:
        options = alternatives(expected, level)
        hit = next((triple for triple in unused if triple in options), None)
        if hit is None:
            missed.append(min(options))
        else:
            unused.remove(hit)
    acceptable = set().union(*(alternatives(event, level) for event in record.acceptable))
    spurious = tuple(triple for triple in unused if triple not in acceptable)
    expected_shown = tuple(min(alternatives(event, level)) for event in record.expected)
    tp = len(record.expected) - len(missed)
    return RecordScore(record.id, record.text, expected_shown, tuple(predicted), tuple(missed), spurious, tp)


def build_report(name: str, level: Level, scores: Sequence[RecordScore]) -> EvalReport:
    return EvalReport(
        name=name,
        level=level,
        records=len(scores),
        true_positives=sum(score.true_positives for score in scores),
        false_positives=sum(len(score.spurious) for score in scores),
        false_negatives=sum(len(score.missed) for score in scores),
        scores=tuple(scores),
    )


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
    return build_report(name, level, scores)


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
    if errors:
        lines += [line for score in report.wrong for line in _error_lines(score)]
    return "\n".join(lines)


def _error_lines(score: RecordScore) -> list[str]:
    return [
        f"- {score.id}: {score.text}",
        f"    expected: {_triples(score.expected)}",
        f"    got:      {_triples(score.predicted)}",
        f"    missed:   {_triples(score.missed)}   spurious: {_triples(score.spurious)}",
    ]


def _triples(triples: Iterable[Triple]) -> str:
    return ", ".join("/".join(triple) for triple in triples) or "-"
