"""Scoring the quotes stage on PolNeAR: the speech we find, and whether we name the right speaker.

PolNeAR (Newell, Margolin and Ruths, LREC 2018) marks every attribution relation of 2016 US election
news in brat standoff: a Content span, the Cue that attributes it and (mostly) its Source. One
annotator's file is read per article (the first one metadata.tsv lists), so an article with several
annotators counts once; the others measure how far two people agree (`annotator_agreement`).

What is expected. Attributions are of many kinds; only *speech* is expected of a quote finder: the
first cue word listed in lang/en/attribution_cues.tsv says the kind ("said", "told reporters", "according
to", "wrote", "in a statement", a colon before a quotation), and a cue-less attribution of a quotation
is speech too. Beliefs ("thinks"), perception and evidence ("polls show"), intentions ("wants"),
evaluations ("criticized", "endorsed": their content is whom they judged, not a statement) and
refusals ("declined to comment") are left out. So are attributions nested in a quotation (the cue
inside the quotation marks: the quotation itself is the speech we extract, in its speaker's name).

Matching spans. A predicted quote *matches* a gold Content span when they overlap by at least half of
the shorter one (characters, edge punctuation, quotation marks and a leading "that" ignored): the
lenient figure. *Strict* asks for the same words (the same word tokens after that trimming). Recall
counts the expected (speech) attributions matched by some prediction; precision counts the predictions
that match some gold Content of any kind (finding a belief is not wrong, only not required). The
token figures count word tokens: predicted tokens inside some gold Content over predicted tokens, and
expected-content tokens inside some prediction over expected-content tokens.

Speakers. For each matched speech attribution with a Source, our speaker is that of the prediction
overlapping it most, and the gold Source is resolved to the words that name its speaker:
- named ("Donald Trump", "Mr. Trump", "The Post"): its name word (the last capitalised word before a
  comma or bracket); right when our speaker contains that word;
- pronoun, personal ("he", "she"): the person the article names: by default the nearest earlier
  named Source of the same annotation whose sex fits (first names and "Mr."/"Mrs." from lang/en);
  a referents file (`read_referents`) replaces that guess with a person's reading of the text;
  relative ("who", "which", "that") resolves to the words before it ("Trump, who said");
- noun phrase ("a source", "officials", "the campaign"): right when our speaker contains its head
  noun or a name the phrase holds ("the union's president, Mary Kay Henry"); when the referents file
  names the person it refers to ("the senator"), that name instead;
- other pronouns ("they", "it", "we", "I", "you") and unresolved ones are counted but not scored.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .errors import DataFileError
from .lang import Language, Sex
from .lang import Words as LanguageWords
from .lang.en import FOLDER as ENGLISH_FOLDER
from .lang.en import read_attribution_cues
from .nlp.quotations import quoted_spans
from .pipeline import Tidings
from .records import Article, Quote
from .resources import read_table

SourceKind = Literal["named", "pronoun", "noun_phrase", "other_pronoun", "none"]
SPEAKER_KINDS: tuple[SourceKind, ...] = ("named", "pronoun", "noun_phrase")
Span = tuple[int, int]
# A prediction and a gold Content span match when they overlap by at least this share of the shorter.
MIN_OVERLAP = 0.5
WORD = re.compile(r"\w+(?:[’'.-]\w+)*")
NAME_WORD = re.compile(r"[A-Z][\w’'.-]*")
DEFAULT_CUES = ENGLISH_FOLDER / "attribution_cues.tsv"
NO_REFERENT = "-"


# ---------------------------------------------------------------- gold records


@dataclass(frozen=True, slots=True)
class GoldSpeaker:
    """Who the gold Source names: the kind of mention and the words that identify the speaker
    (lower case); no words when the mention cannot be scored."""

    kind: SourceKind
    text: str
    words: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    content: tuple[Span, ...]
    cue_text: str
    kind: str  # the attribution kind from the cue: speech, belief, evidence, ... or other
    speaker: GoldSpeaker
    source: Span | None = None
    nested: bool = False  # its cue lies inside a quotation
    cue: tuple[Span, ...] = ()

    @property
    def expected(self) -> bool:
        """Whether a quote finder should find it: speech, not nested in a quotation."""
        return self.kind == "speech" and not self.nested


@dataclass(frozen=True, slots=True)
class GoldArticle:
    article: Article
    annotator: str
    attributions: tuple[GoldAttribution, ...]


@dataclass(frozen=True, slots=True)
class BratAttribution:
    """One brat `E` line with its spans resolved: what the file says, before any interpretation."""

    content: tuple[Span, ...]
    cue: tuple[Span, ...]
    source: tuple[Span, ...]
    cue_text: str
    source_text: str


# ---------------------------------------------------------------- reading brat standoff


def read_brat(path: Path) -> list[BratAttribution]:
    """The attribution relations of one .ann file (text-bound `T` spans tied by `E` lines)."""
    spans: dict[str, tuple[tuple[Span, ...], str]] = {}
    events: list[dict[str, list[str]]] = []
    last: str | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        fields = line.split("\t")
        if re.fullmatch(r"T\d+", fields[0]) and len(fields) >= 2:
            label, _, offsets = fields[1].partition(" ")
            spans[fields[0]] = (_offsets(offsets, f"{path}:{number}"), fields[2] if len(fields) > 2 else "")
            last = fields[0]
        elif re.fullmatch(r"E\d+", fields[0]) and len(fields) >= 2:
            roles: dict[str, list[str]] = {}
            for part in fields[1].split():
                role, _, ref = part.partition(":")
                roles.setdefault(re.sub(r"\d+$", "", role), []).append(ref)
            events.append(roles)
            last = None
        elif last is not None and not re.match(r"[#ARNM*]\d*\t", line):
            where, written = spans[last]
            spans[last] = (where, written + "\n" + line)  # a span's text runs over a line break
    return [_attribution(roles, spans) for roles in events if roles.get("Content")]


def _offsets(text: str, where: str) -> tuple[Span, ...]:
    try:
        pairs = [tuple(int(n) for n in part.split()) for part in text.split(";")]
    except ValueError as exc:
        raise DataFileError(where, f"bad offsets {text!r}") from exc
    if not pairs or any(len(p) != 2 or p[0] > p[1] for p in pairs):
        raise DataFileError(where, f"bad offsets {text!r}")
    return tuple((p[0], p[1]) for p in pairs)


def _attribution(
    roles: dict[str, list[str]], spans: dict[str, tuple[tuple[Span, ...], str]]
) -> BratAttribution:
    def role(name: str) -> tuple[tuple[Span, ...], str]:
        found = [spans[ref] for ref in roles.get(name, []) if ref in spans]
        return tuple(s for offsets, _ in found for s in offsets), " ".join(text for _, text in found)

    content, _ = role("Content")
    cue, cue_text = role("Cue")
    source, source_text = role("Source")
    return BratAttribution(content, cue, source, cue_text, source_text)


# ---------------------------------------------------------------- reading the corpus


def read_polnear(
    folder: str | Path,
    split: str,
    language: Language,
    *,
    cues_path: Path = DEFAULT_CUES,
    referents: Mapping[tuple[str, Span], str] | None = None,
    limit: int | None = None,
    all_annotators: bool = False,
) -> list[GoldArticle]:
    """The articles of one split ("train", "dev") with their attributions interpreted (see above): one
    annotator's reading per article, or with `all_annotators` every reading of it."""
    root = Path(folder)
    if not (root / "metadata.tsv").is_file() or not (root / split / "text").is_dir():
        raise DataFileError(str(root), f"not a PolNeAR folder with metadata.tsv and {split}/text/")
    meta = _metadata(root / "metadata.tsv", split)
    cues = read_attribution_cues(cues_path)
    articles = []
    for name, (annotators, title) in sorted(meta.items())[:limit]:
        text = (root / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        article = Article(id=name, title=title, text=text, source=f"{root / split / 'text' / name}.txt")
        for annotator in annotators if all_annotators else annotators[:1]:
            brat = read_brat(root / split / "attributions" / f"{name}_{annotator}.ann")
            reader = _ArticleReader(article, brat, cues, language, referents or {})
            articles.append(GoldArticle(article, annotator, reader.attributions()))
    return articles


def annotator_agreement(folder: str | Path, split: str, language: Language) -> QuoteReport:
    """How well one annotator's speech attributions score against another's, on the articles two or
    more annotated: the first-listed annotator is the gold, each other one a "prediction" whose
    speaker is its Source text. A ceiling for what the same figures can reach."""
    read = read_polnear(folder, split, language, all_annotators=True)
    by_article: dict[str, list[GoldArticle]] = {}
    for gold in read:
        by_article.setdefault(gold.article.id, []).append(gold)
    report = QuoteReport(f"PolNeAR {split}, annotator against annotator")
    for first, *others in (group for group in by_article.values() if len(group) > 1):
        for other in others:
            quotes = [_as_quote(other.article, a) for a in other.attributions if a.expected]
            _score_article(first, quotes, report, language)
            report.articles += 1
    return report


def _as_quote(article: Article, attribution: GoldAttribution) -> Quote:
    start, end = attribution.content[0][0], attribution.content[-1][1]
    return Quote(
        article_id=article.id,
        speaker=attribution.speaker.text or None,
        speaker_code=None,
        text=article.text[start:end],
        kind="direct",
        start=start,
        end=end,
        sentence_index=0,
    )


def _metadata(path: Path, split: str) -> dict[str, tuple[list[str], str]]:
    rows = read_table(path, ["compartment", "filename", "annotators", "title"], optional=_OTHER_META)
    return {
        r["filename"]: (r["annotators"].split("|"), r["title"]) for r in rows if r["compartment"] == split
    }


_OTHER_META = (
    "level",
    "publisher",
    "publication_date",
    "author",
    "trump_count",
    "clinton_count",
    "credit",
    "wire",
)


def read_referents(path: str | Path) -> dict[tuple[str, Span], str]:
    """A person's reading of pronoun and noun-phrase Sources: (article, (start, end)) -> the name it
    refers to, or "-" for none (the phrase itself names the speaker: "a source")."""
    rows = read_table(path, ["article", "start", "end", "source", "referent"])
    found = {}
    for row in rows:
        try:
            span = (int(row["start"]), int(row["end"]))
        except ValueError as exc:
            raise row.error("start and end are character offsets") from exc
        found[(row["article"], span)] = row["referent"]
    return found


class _ArticleReader:
    """Interprets one article's brat relations: the kind of each, and who its Source names."""

    def __init__(
        self,
        article: Article,
        brat: list[BratAttribution],
        cues: Mapping[str, str],
        language: Language,
        referents: Mapping[tuple[str, Span], str],
    ) -> None:
        self.article = article
        self.text = article.text
        self.brat = brat
        self.cues = cues
        self.language = language
        self.words = language.words
        self.referents = referents
        self.quoted = quoted_spans(self.text, language.quote_marks)
        self.named = sorted(
            (b.source[0][0], words, sex)
            for b in brat
            if b.source
            and (words := self._name_words(b.source_text))
            and (sex := self._person_sex(b.source_text, words)) is not None
        )

    def attributions(self) -> tuple[GoldAttribution, ...]:
        return tuple(self._attribution(b) for b in self.brat)

    def _attribution(self, b: BratAttribution) -> GoldAttribution:
        content = tuple(sorted(b.content))
        quoted = any(_inside(span, self.quoted) for span in content)
        kind = attribution_kind(b.cue_text, self.cues, quoted)
        nested = bool(b.cue) and all(_inside(span, self.quoted) for span in b.cue)
        source = (b.source[0][0], b.source[-1][1]) if b.source else None
        speaker = self._speaker(b.source_text, source) if source else GoldSpeaker("none", "")
        return GoldAttribution(content, b.cue_text, kind, speaker, source, nested, tuple(sorted(b.cue)))

    # -------------------------------------------------------- who the Source names

    def _speaker(self, text: str, span: Span) -> GoldSpeaker:
        lower = " ".join(text.lower().split())
        given = self.referents.get((self.article.id, span))
        if lower in self.words.relative_pronouns:
            return self._relative(text, span)
        if lower in self.words.male_pronouns | self.words.female_pronouns:
            if given is not None:
                return GoldSpeaker("pronoun", text, self._referent_words(given))
            sex: Sex = "m" if lower in self.words.male_pronouns else "f"
            return GoldSpeaker("pronoun", text, self._latest_named(span[0], sex))
        if _is_pronoun(lower, self.words):
            return GoldSpeaker("other_pronoun", text)
        name = self._name_words(text)
        if name:
            return GoldSpeaker("named", text, name)
        if given is not None and given != NO_REFERENT:
            return GoldSpeaker("noun_phrase", text, self._referent_words(given))  # "the senator": the name
        return GoldSpeaker("noun_phrase", text, self._head_words(text) | self._names_inside(text))

    def _relative(self, text: str, span: Span) -> GoldSpeaker:
        """ "Trump, who said ...": the words right before the relative pronoun name the speaker."""
        before = self.text[max(0, span[0] - 120) : span[0]]
        before = re.split(r"[.!?;:\n]", before)[-1].rstrip(" ,—–-")
        before = re.sub(r"\([^)]*\)$", "", before).rstrip(" ,")  # "Ted Cruz (R-Texas), who"
        phrase = re.split(r",", before)[-1].strip()
        words = self._name_words(phrase) if phrase else frozenset()
        given = self.referents.get((self.article.id, span))
        if given is not None and given != NO_REFERENT:
            words = self._referent_words(given)
        return GoldSpeaker("pronoun", text, words or self._head_words(phrase))

    def _latest_named(self, start: int, sex: Sex) -> frozenset[str]:
        """The nearest earlier named Source of a person whose sex fits."""
        for position, words, person_sex in reversed(self.named):
            if position < start and person_sex in (sex, "-"):
                return words
        return frozenset()

    def _referent_words(self, name: str) -> frozenset[str]:
        return frozenset() if name == NO_REFERENT else self._name_words(name) or self._head_words(name)

    def _name_words(self, text: str) -> frozenset[str]:
        """The word that names a named Source, lower case: its last capitalised word before a comma,
        bracket or relative clause ("Sen. Ted Cruz (R-Texas)" -> cruz); none for a common noun phrase."""
        words = self._head_phrase(text, self.words.relative_pronouns | self.words.noun_phrase_ends)
        while words and words[-1].lower().rstrip(".") in self.words.name_suffixes:
            words.pop()
        if not words or not NAME_WORD.fullmatch(words[-1]) or _is_pronoun(words[-1].lower(), self.words):
            return frozenset()
        return frozenset({_plain(words[-1])})

    def _head_words(self, text: str) -> frozenset[str]:
        """A common noun phrase's head noun, singular and plural ("officials" -> official, officials);
        of each conjunct ("directors and advisers"); a participle after it is no head ("people briefed
        on the talks")."""
        heads: set[str] = set()
        for part in re.split(r"\s(?:" + "|".join(sorted(self.words.coordinators)) + r")\s", text):
            words = self._head_phrase(part, self.words.relative_pronouns | self.words.noun_phrase_ends)
            while len(words) > 1 and re.search(r"(?:ed|ing)$", words[-1]):
                words.pop()
            if words:
                word = _plain(words[-1])
                heads |= {word, word[:-1] if word.endswith("s") else word + "s"}
        return frozenset(heads)

    def _names_inside(self, text: str) -> frozenset[str]:
        """Names a common noun phrase holds ("the union's president, Mary Kay Henry", "Trump and his
        lawyers"): the last word of each run of capitalised words, a first word only in a longer run."""
        words = WORD.findall(text)
        found, run = set(), []
        for n, word in enumerate([*words, ""]):
            if word and NAME_WORD.fullmatch(word) and not _is_pronoun(word.lower(), self.words):
                run.append((n, word))
                continue
            last = run[-1][1].lower() if run else ""
            if run and (run[0][0] > 0 or len(run) > 1) and last not in self.words.definite_articles:
                found.add(_plain(run[-1][1]))
            run = []
        return frozenset(found)

    @staticmethod
    def _head_phrase(text: str, ends: frozenset[str]) -> list[str]:
        """The words of a phrase before a comma, a bracket or one of `ends` ("who", "of")."""
        words: list[str] = []
        for word in WORD.findall(re.split(r"[,(]", text)[0]):
            if words and word.lower() in ends:
                break
            words.append(word)
        return words

    def _person_sex(self, text: str, words: frozenset[str]) -> Sex | None:
        """The sex of the person a named Source names, from a first name or honorific used with the
        same surname anywhere in the article; "-" when unknown; None for a body ("The Post", "CNN")."""
        [surname] = words
        opening = WORD.findall(text)[:1]
        if (
            not opening
            or opening[0].lower() in self.words.definite_articles
            or re.fullmatch(r"[A-Z]{2,4}", opening[0])
        ):
            return None
        pattern = rf"([A-Z][\w.]*)\s+(?:[A-Z]\.\s+|[A-Z]\w+\s+)?{re.escape(surname)}\b"
        names = self.language.first_names
        sexes: set[Sex] = set()
        for match in re.finditer(pattern, self.text, flags=re.IGNORECASE):
            first = match.group(1).lower()
            if first in self.words.male_honorifics:
                sexes.add("m")
            elif first in self.words.female_honorifics:
                sexes.add("f")
            elif first in names and match.group(1)[0].isupper():
                sexes.add(names[first])
        if not sexes:
            return None  # no first name or honorific anywhere: a place, a body, or unknown
        own = self.language.first_names.get(opening[0].lower())
        if len(sexes) == 1:
            return sexes.pop()
        return own if own and len(WORD.findall(text)) > 1 else "-"


def _plain(word: str) -> str:
    return word.lower().replace("’", "'").removesuffix("'s").rstrip(".")


def _is_pronoun(lower: str, words: LanguageWords) -> bool:
    return lower in (
        words.person_pronouns
        | words.group_pronouns
        | words.thing_pronouns
        | words.speaker_pronouns
        | words.addressee_pronouns
    )


def attribution_kind(cue_text: str, cues: Mapping[str, str], quoted: bool) -> str:
    """The kind of attribution a cue makes: that of its first listed word; a quotation with no listed
    cue word is speech."""
    for word in re.findall(r"[\w’']+|:", cue_text.lower()):
        kind = cues.get(word)
        if kind is not None:
            return kind
    return "speech" if quoted else "other"


def _inside(span: Span, quoted: Sequence[Span]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in quoted)


# ---------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class Tokens:
    """The word tokens of a span set, by character offset, for overlap and token figures."""

    tokens: frozenset[int]  # start offsets of the word tokens

    @classmethod
    def of(cls, text: str, spans: Iterable[Span], skip_leading: frozenset[str]) -> Tokens:
        tokens = []
        for start, end in spans:
            found = [(m.start() + start, m.group().lower()) for m in WORD.finditer(text[start:end])]
            if found and found[0][1] in skip_leading:
                found = found[1:]
            tokens += [offset for offset, _ in found]
        return cls(frozenset(tokens))


def overlaps(first: Tokens, second: Tokens) -> bool:
    shared = len(first.tokens & second.tokens)
    shorter = min(len(first.tokens), len(second.tokens))
    return shorter > 0 and shared >= MIN_OVERLAP * shorter


# ---------------------------------------------------------------- scores


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass
class QuoteReport:
    """Span and speaker figures over a set of articles (see the module docstring)."""

    name: str
    articles: int = 0
    expected: int = 0
    found_lenient: int = 0
    found_strict: int = 0
    predicted: int = 0
    predicted_right: int = 0
    predicted_right_strict: int = 0
    token_predicted: int = 0
    token_predicted_right: int = 0
    token_expected: int = 0
    token_expected_found: int = 0
    speakers: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in SPEAKER_KINDS})
    unscored_speakers: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)  # gold attributions by kind (nested counted apart)
    misses: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    wrong_speakers: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return _ratio(self.found_lenient, self.expected)

    @property
    def precision(self) -> float:
        return _ratio(self.predicted_right, self.predicted)

    @property
    def strict_recall(self) -> float:
        return _ratio(self.found_strict, self.expected)

    @property
    def strict_precision(self) -> float:
        return _ratio(self.predicted_right_strict, self.predicted)

    @property
    def token_recall(self) -> float:
        return _ratio(self.token_expected_found, self.token_expected)

    @property
    def token_precision(self) -> float:
        return _ratio(self.token_predicted_right, self.token_predicted)


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def score_quotes(
    name: str, gold: Sequence[GoldArticle], predicted: Mapping[str, Sequence[Quote]], language: Language
) -> QuoteReport:
    """Span and speaker figures of predicted quotes (by article id) against the gold articles."""
    report = QuoteReport(name)
    for article in gold:
        report.articles += 1
        _score_article(article, predicted.get(article.article.id, ()), report, language)
    return report


def _score_article(
    gold: GoldArticle, quotes: Sequence[Quote], report: QuoteReport, language: Language
) -> None:
    text = gold.article.text
    skip = language.words.clause_marks
    contents = [Tokens.of(text, a.content, skip) for a in gold.attributions]
    predictions = [Tokens.of(text, [(q.start, q.end)], skip) for q in quotes]
    for attribution in gold.attributions:
        report.kinds[
            "nested speech" if attribution.kind == "speech" and attribution.nested else attribution.kind
        ] += 1
    for quote, words in zip(quotes, predictions, strict=True):
        report.predicted += 1
        report.predicted_right += any(overlaps(words, c) for c in contents)
        report.predicted_right_strict += any(words.tokens == c.tokens for c in contents)
        report.token_predicted += len(words.tokens)
        report.token_predicted_right += len(words.tokens & _union(contents))
        if not any(overlaps(words, c) for c in contents):
            report.spurious.append(f"{gold.article.id}: {quote.kind} {quote.text[:100]!r} ({quote.speaker})")
    found_tokens = _union(predictions)
    for attribution, content in zip(gold.attributions, contents, strict=True):
        if not attribution.expected:
            continue
        report.expected += 1
        report.token_expected += len(content.tokens)
        report.token_expected_found += len(content.tokens & found_tokens)
        matches = [
            (len(w.tokens & content.tokens), q)
            for q, w in zip(quotes, predictions, strict=True)
            if overlaps(w, content)
        ]
        report.found_strict += any(w.tokens == content.tokens for w in predictions)
        if not matches:
            report.misses.append(
                f"{gold.article.id}: [{attribution.cue_text}] {_text(text, attribution.content)[:100]!r}"
            )
            continue
        report.found_lenient += 1
        _score_speaker(attribution, max(matches, key=lambda m: m[0])[1], report, gold.article.id)


def _score_speaker(attribution: GoldAttribution, quote: Quote, report: QuoteReport, article_id: str) -> None:
    gold = attribution.speaker
    if gold.kind not in SPEAKER_KINDS or not gold.words:
        report.unscored_speakers[gold.kind if gold.kind != "pronoun" else "pronoun (unresolved)"] += 1
        return
    ours = {_plain(w) for w in WORD.findall(quote.speaker or "")}
    right = bool(ours & gold.words)
    tally = report.speakers[gold.kind]
    tally.total += 1
    tally.right += right
    if not right:
        report.wrong_speakers.append(
            f"{article_id}: {gold.kind} {gold.text!r} -> {sorted(gold.words)}, ours {quote.speaker!r}"
        )


def _union(words: Iterable[Tokens]) -> frozenset[int]:
    return frozenset().union(*(w.tokens for w in words))


def _text(text: str, spans: Iterable[Span]) -> str:
    return " … ".join(" ".join(text[s:e].split()) for s, e in spans)


# ---------------------------------------------------------------- running and reporting


def evaluate_quotes(
    folder: str | Path,
    split: str = "dev",
    *,
    tidings: Tidings | None = None,
    workers: int = 1,
    referents: str | Path | None = None,
    limit: int | None = None,
) -> QuoteReport:
    """Code a PolNeAR split with the whole pipeline and score its quotes."""
    loaded = tidings or Tidings.load()
    given = read_referents(referents) if referents else None
    gold = read_polnear(folder, split, loaded.language, referents=given, limit=limit)
    coded = loaded.code([g.article for g in gold], workers=workers)
    predicted = {c.article.id: list(c.quotes) for c in coded}
    return score_quotes(f"PolNeAR {split}", gold, predicted, loaded.language)


def format_quote_report(report: QuoteReport, errors: bool = False) -> str:
    lines = [
        f"{report.name}: {report.articles} articles, {report.expected} speech attributions expected,"
        f" {report.predicted} quotes predicted",
        f"  spans, lenient (overlap >= {MIN_OVERLAP:.0%} of the shorter): precision {report.precision:.3f}"
        f"  recall {report.recall:.3f}",
        f"  spans, strict (same words):              precision {report.strict_precision:.3f}"
        f"  recall {report.strict_recall:.3f}",
        f"  tokens:                                  precision {report.token_precision:.3f}"
        f"  recall {report.token_recall:.3f}",
    ]
    for kind, tally in report.speakers.items():
        lines.append(
            f"  speaker right, {kind.replace('_', ' ')}: {tally.share:.3f} ({tally.right}/{tally.total})"
        )
    unscored = ", ".join(f"{k} {n}" for k, n in sorted(report.unscored_speakers.items()))
    kinds = ", ".join(f"{k} {n}" for k, n in report.kinds.most_common())
    lines += [f"  speakers not scored: {unscored or 'none'}", f"  gold attributions by kind: {kinds}"]
    if errors:
        lines += ["missed:", *(f"  {m}" for m in report.misses)]
        lines += ["spurious:", *(f"  {s}" for s in report.spurious)]
        lines += ["wrong speaker:", *(f"  {w}" for w in report.wrong_speakers)]
    return "\n".join(lines)
