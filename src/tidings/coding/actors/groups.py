"""Named groups (groups.tsv): armed groups, militias, cartels, separatist movements, parties, unions, media.

Names are matched after folding the ways English news spells them, so that a table lists a group once:
case and accents, hyphens and spaces ("al-Shabaab" = "Al Shabaab"), the Arabic article ("al-", "ash-",
"ad-"... before a hyphen, a lone "al"), apostrophes ("Hay'at"), doubled letters ("Shabaab" = "Shabab"),
the vowels e/i and o/u ("Hezbollah" = "Hizbullah"), "ou"/"u", "ch"/"sh", "q"/"k", a final "h" after a
vowel, and a plural "s" ("Houthis"). Short acronyms and mixed-case ones ("ADF", "LeT", "ISIS-K") match
only as written; other names need a capital letter.

A name may have several codings: one per period (a party in and out of government), and for a short
acronym shared with other things, one per country the article must name ("RSF" is Sudan's Rapid Support
Forces only in an article about Sudan). `Groups.choose` picks the coding for a day and an article.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ...lang import Words
from ...resources import Row, read_table, split_codes

GROUPS = "groups.tsv"
COLUMNS = ("term", "country", "sectors")
OPTIONAL = ("org", "aliases", "start", "end", "context", "notes")
# Tokens inside one name, skipped when names are compared ("al-Shabaab", "SLM/A", "CPI (Maoist)",
# "Kurdistan Workers' Party", "Permanent Strategic Framework for Peace, Security and Development").
JOINERS = frozenset({"-", "–", "/", "(", ")", "'", "’", "'s", "’s", ",", "."})
# A name is looked up over at most this many tokens (joiners and articles included).
MAX_TOKENS = 16
ISO3 = re.compile(r"[A-Z]{3}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SECTOR = re.compile(r"[A-Z]{3}")
LATEST = dt.date(9999, 12, 31)
# Letter changes that fold transliteration variants, applied in this order, then vowels e->i, o->u.
SPELLINGS = (("ch", "sh"), ("q", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i"))
VOWELS = str.maketrans({"e": "i", "o": "u"})
DOUBLED = re.compile(r"(.)\1+")
# A final "h" is dropped only from longer words: "Fateh" must not become "Fate", nor "Fatah" "Fattah".
MIN_H_DROP = 6


@dataclass(frozen=True, slots=True)
class GroupCoding:
    """How a group is coded over a period, and in which articles the name means it."""

    name: str  # the group's name in the table (`term`)
    country: str | None
    org: str | None
    sectors: tuple[str, ...]
    start: dt.date | None = None
    end: dt.date | None = None  # excluded
    context: frozenset[str] = frozenset()  # countries one of which the article must name

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def distance(self, day: dt.date) -> int:
        """Days from `day` to this coding's period (0 inside it)."""
        if self.start is not None and day < self.start:
            return (self.start - day).days
        if self.end is not None and day >= self.end:
            return (day - self.end).days + 1
        return 0

    @property
    def code(self) -> tuple[str | None, str | None, tuple[str, ...]]:
        return self.country, self.org, self.sectors


@dataclass(frozen=True, slots=True)
class Spelling:
    """One written name of a coding: as matched (an acronym exactly as written, else with a capital)."""

    coding: GroupCoding
    exact: str | None  # the acronym's letters and digits, when it must match as written


@dataclass(frozen=True)
class NameFolding:
    """How group names are folded into keys (the words of the language's names)."""

    hyphen_articles: frozenset[str]  # "ash-Shabaab": an article joined by a hyphen
    loose_articles: frozenset[str]  # "Al Shabaab": an article standing alone

    @classmethod
    def of(cls, words: Words) -> NameFolding:
        return cls(words.name_articles, words.loose_name_articles)

    def words(self, texts: Sequence[str], start: int = 0, *, fold: bool = True) -> list[tuple[int, str]]:
        """(token index, folded word) for the words of a name starting at `start`, joiners and
        articles skipped, up to the first token that cannot be part of a name; `fold=False` gives the
        words as written, lower-cased."""
        return list(self.iter_words(texts, start, fold=fold))

    def iter_words(
        self, texts: Sequence[str], start: int = 0, *, fold: bool = True
    ) -> Iterator[tuple[int, str]]:
        """`words`, one at a time: the matcher asks for the next word only while the name so far is the
        start of some group's name, which at most tokens is never (one word read, not sixteen)."""
        end = min(len(texts), start + MAX_TOKENS)
        for i in range(start, end):
            text = texts[i]
            if text in JOINERS:
                if i == start:
                    return
                continue
            if self.is_article(texts, i):
                continue
            if not any(c.isalnum() for c in text):
                return
            yield i, fold_word(text) if fold else plain_word(text)

    def is_article(self, texts: Sequence[str], i: int) -> bool:
        lower = texts[i].lower()
        if lower in self.loose_articles and i + 1 < len(texts) and any(c.isalnum() for c in texts[i + 1]):
            return True
        return lower in self.hyphen_articles and i + 2 < len(texts) and texts[i + 1] in ("-", "–")


@lru_cache(maxsize=65536)
def fold_word(text: str) -> str:
    """One word of a name as compared: "Shabaab" -> "shabab", "Hizballah" -> "hizbala"."""
    decomposed = unicodedata.normalize("NFKD", text)
    word = "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).lower()
    for written, folded in SPELLINGS:
        word = word.replace(written, folded)
    long_enough = len(word) >= MIN_H_DROP
    word = DOUBLED.sub(r"\1", word.translate(VOWELS))
    if long_enough and word.endswith("h") and word[-2:-1] in ("a", "i", "u"):  # "Jamaah" = "Jama'a"
        word = word[:-1]
    return word


def plain_word(text: str) -> str:
    """One word of a name as written, lower-cased, letters and digits only."""
    return "".join(c for c in text if c.isalnum()).lower()


def exact_letters(texts: Iterable[str]) -> str:
    return "".join(c for text in texts for c in text if c.isalnum())


def is_exact(name: str) -> bool:
    """Whether a name matches only as written: an acronym ("ADF", "M23") or a short mixed-case one
    ("LeT", "ISIS-K"), which folded would be a word ("let")."""
    letters = exact_letters([name])
    if len(letters) > 6 or not letters:
        return False
    return name.upper() == name or any(c.isupper() for c in letters[1:])


@dataclass(frozen=True)
class GroupMatch:
    """A group name found at tokens [start, end), with the codings it may have."""

    start: int
    end: int
    spellings: tuple[Spelling, ...]
    # Only the folded spelling matched ("Rioters" folds like "Reuters"): the words must be a name then.
    folded_only: bool = False


@dataclass(frozen=True)
class Groups:
    """The named groups of a dictionary, by folded name."""

    folding: NameFolding
    names: dict[tuple[str, ...], tuple[Spelling, ...]] = field(default_factory=dict)
    prefixes: frozenset[tuple[str, ...]] = frozenset()  # every proper prefix of a key
    codings: dict[str, tuple[GroupCoding, ...]] = field(default_factory=dict)  # by group name
    literals: frozenset[tuple[str, ...]] = frozenset()  # every name's words as written, lower-cased

    def match_at(self, texts: Sequence[str], i: int) -> GroupMatch | None:
        """The longest group name starting at token i of `texts` (token texts, as written)."""
        if texts[i] in JOINERS:
            return None
        words = self.folding.iter_words(texts, i)
        best: GroupMatch | None = None
        key: tuple[str, ...] = ()
        for index, word in words:
            key = (*key, word)
            spellings = self.lookup(key)
            fitting = tuple(s for s in spellings if self._written_fits(s, texts, i, index + 1))
            if fitting:
                best = GroupMatch(i, index + 1, fitting, self._folded_only(texts, i, index + 1))
            if key not in self.prefixes:
                break
        return best

    def _folded_only(self, texts: Sequence[str], start: int, end: int) -> bool:
        written = tuple(word for i, word in self.folding.words(texts, start, fold=False) if i < end)
        singular = (*written[:-1], written[-1][:-1]) if written and written[-1].endswith("s") else written
        return written not in self.literals and singular not in self.literals

    def lookup(self, key: tuple[str, ...]) -> tuple[Spelling, ...]:
        found = self.names.get(key, ())
        if not found and key[-1].endswith("s") and len(key[-1]) > 3:  # "Houthis"
            found = tuple(s for s in self.names.get((*key[:-1], key[-1][:-1]), ()) if s.exact is None)
        return found

    def _written_fits(self, spelling: Spelling, texts: Sequence[str], start: int, end: int) -> bool:
        if spelling.exact is not None:
            return exact_letters(texts[start:end]) == spelling.exact
        words = (i for i in range(start, end) if texts[i] not in JOINERS)
        first = next((texts[i] for i in words if not self.folding.is_article(texts, i)), "")
        return first[:1].isupper() or first[:1].isdigit()

    def choose(
        self, codings: Iterable[GroupCoding], day: dt.date | None, countries: frozenset[str]
    ) -> GroupCoding | None:
        """The coding a name has on `day` in an article naming `countries`: of the codings in force
        that day (else the nearest in time), those whose context the article names win over those
        without context; ambiguity that changes the code leaves the name uncoded."""
        day = day or LATEST
        pool = list(codings)
        if not pool:
            return None
        current = [c for c in pool if c.covers(day)]
        if not current:
            nearest = min(c.distance(day) for c in pool)
            current = [c for c in pool if c.distance(day) == nearest]
        fitting = [c for c in current if c.context & countries]
        if not fitting:
            fitting = [c for c in current if not c.context]
        codes = {c.code for c in fitting}
        return fitting[0] if len(codes) == 1 else None

    def on_day(
        self, name: str, country: str | None, org: str | None, day: dt.date | None
    ) -> GroupCoding | None:
        """A group's coding on another day, keeping the country it was coded with (the event's date)."""
        same_place = [c for c in self.codings.get(name, ()) if (c.country, c.org) == (country, org)]
        return self.choose(same_place, day, frozenset(c for c in (country,) if c) | _contexts(same_place))

    def first_words(self) -> frozenset[str]:
        return frozenset(key[0] for key in self.names)


def _contexts(codings: Iterable[GroupCoding]) -> frozenset[str]:
    return frozenset(c for coding in codings for c in coding.context)


# ---------------------------------------------------------------- reading the table


class GroupReader:
    """Reads and checks groups.tsv rows; `tokens` splits a name as documents are split."""

    def __init__(self, folding: NameFolding, tokens) -> None:
        self.folding = folding
        self.tokens = tokens

    def read(self, paths: Iterable[Path]) -> Groups:
        """The groups of the tables at `paths`, a later table replacing every coding an earlier one
        had for a name it lists."""
        by_name: dict[str, list[tuple[GroupCoding, list[str]]]] = {}
        for path in paths:
            rows: dict[str, list[tuple[GroupCoding, list[str]]]] = {}
            for row in read_table(path, COLUMNS, optional=OPTIONAL):
                coding = self.coding(row)
                written = [row["term"], *(a.strip() for a in row.get("aliases", "").split("|") if a.strip())]
                for name in written:
                    self.check_whole(row, name)
                rows.setdefault(coding.name, []).append((coding, written))
            by_name.update(rows)
        names: dict[tuple[str, ...], list[Spelling]] = {}
        literals: set[tuple[str, ...]] = set()
        for entries in by_name.values():
            for coding, written in entries:
                for name in written:
                    tokens = self.tokens(name)
                    literals.add(tuple(word for _, word in self.folding.words(tokens, fold=False)))
                    key = tuple(word for _, word in self.folding.words(tokens))
                    if key:
                        exact = exact_letters([name]) if is_exact(name) else None
                        spelling = Spelling(coding, exact)
                        if spelling not in names.setdefault(key, []):
                            names[key].append(spelling)
        prefixes = frozenset(key[:n] for key in names for n in range(1, len(key)))
        codings = {name: tuple(c for c, _ in entries) for name, entries in by_name.items()}
        return Groups(
            self.folding, {k: tuple(v) for k, v in names.items()}, prefixes, codings, frozenset(literals)
        )

    def check_whole(self, row: Row, name: str) -> None:
        """A name must be matched whole: a character that ends a name early ("Workers; Party") would
        leave a shorter, looser name ("Workers")."""
        tokens = self.tokens(name)
        words = self.folding.words(tokens)
        last_word = max((i for i, t in enumerate(tokens) if t not in JOINERS), default=-1)
        if not words or words[-1][0] != last_word:
            raise row.error(f"name {name!r} cannot be matched whole (a character in it ends a name)")

    def coding(self, row: Row) -> GroupCoding:
        if not row["term"]:
            raise row.error("empty term")
        country, org = row["country"] or None, row.get("org") or None
        if country is not None and not ISO3.fullmatch(country):
            raise row.error(f"country {country!r} is not an ISO 3166 alpha-3 code")
        if org is not None and not SECTOR.fullmatch(org):
            raise row.error(f"org {org!r} is not a three-letter code")
        sectors = split_codes(row["sectors"])
        bad = [code for code in sectors if not SECTOR.fullmatch(code)]
        if bad:
            raise row.error(f"sectors: {', '.join(bad)} is not a three-letter code")
        start, end = _date(row, "start"), _date(row, "end")
        if start and end and end <= start:
            raise row.error(f"end {row['end']} is not after start {row['start']}")
        context = split_codes(row.get("context", ""))
        wrong = [code for code in context if not ISO3.fullmatch(code)]
        if wrong:
            raise row.error(f"context: {', '.join(wrong)} is not an ISO 3166 alpha-3 code")
        return GroupCoding(row["term"], country, org, sectors, start, end, frozenset(context))


def _date(row: Row, column: str) -> dt.date | None:
    text = row.get(column, "")
    if not text:
        return None
    if not DATE.fullmatch(text):
        raise row.error(f"{column} {text!r} is not YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise row.error(f"{column} {text!r} is not a real date") from None
