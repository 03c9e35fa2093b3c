"""People the actor coder knows by name, and what each of them was on a given day.

Two tables of a dictionary folder describe people:

- `office_holders.tsv`: who held which top office of a state or IGO, from when to when (a fact table).
- `leaders.tsv`: people the news names by surname alone without further context ("Obama", "Putin"),
  and what people were outside the tabled offices (rebel and opposition leaders, rulers before the
  office table's coverage), over spans of years or dates.

A person is coded by where they stood on the day: the office they held (GOV, or GOV MIL for military
rulers and defence ministers), else the role a leaders.tsv span gives, else, once an office is behind
them, the country + ELI of a former office holder. "Obama" is USAGOV in 2015 and USAELI in 2022.

A later folder wins over an earlier one person by person: its rows for a name replace every row the
earlier folders had for that name (in the same table).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ...lang import Words
from ...records import Actor
from ...resources import Row, read_table, split_codes

OFFICE_HOLDERS = "office_holders.tsv"
LEADERS = "leaders.tsv"
OFFICE_COLUMNS = ("name", "country", "igo", "office", "start", "end", "sectors")
OFFICE_OPTIONAL = ("aliases", "notes")
LEADER_COLUMNS = ("name", "country", "igo", "sectors")
LEADER_OPTIONAL = ("years", "org", "aliases", "notes")
# Offices in the order they outrank one another when a person holds two at once (a prime minister who
# is also defence minister is coded as the prime minister). "role" is a leaders.tsv span.
OFFICES = (
    "head_of_state",
    "head_of_government",
    "igo_head",
    "foreign_minister",
    "defence_minister",
    "finance_minister",
    "central_bank_governor",
)
ROLE = "role"
RANK = {office: rank for rank, office in enumerate((*OFFICES, ROLE))}
# Notes items of office_holders.tsv that mark an office held beside the person's primary one.
SECONDARY_NOTES = frozenset({"co-prince", "nominal", "union-level"})
# Offices whose former holders the news still names by surname alone.
TOP_OFFICES = frozenset({"head_of_state", "head_of_government", "igo_head"})
DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
YEAR_SPAN = re.compile(r"(\d{4})-(\d{4})?")
DATE_SPAN = re.compile(r"([\d-]+)\.\.([\d-]*)")
ISO3 = re.compile(r"[A-Z]{3}")
IGO_CODE = re.compile(r"[A-Z0-9]{2,12}")
SECTOR = re.compile(r"[A-Z]{3}")
# An undated article is read as of the tables' latest knowledge: open tenures are current.
LATEST = dt.date(9999, 12, 31)


@dataclass(frozen=True, slots=True)
class Standing:
    """What a person was on one day: the code they take."""

    country: str | None
    igo: str | None
    org: str | None
    sectors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Tenure:
    """An office held, or a leaders.tsv role, from `start` up to (not including) `end`."""

    office: str  # one of OFFICES, or ROLE
    start: dt.date
    end: dt.date | None  # None: still held as of the table
    country: str | None
    igo: str | None
    org: str | None
    sectors: tuple[str, ...]
    # held beside a primary office of the same rank: Andorra's French co-prince, a nominal or a
    # union-level head of state (the person is coded by the other office when both are held)
    secondary: bool = False

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def ended_by(self, day: dt.date) -> bool:
        return self.end is not None and self.end <= day


@dataclass(frozen=True, slots=True)
class Person:
    """One person of the tables: the name that identifies them, and their tenures and roles."""

    name: str
    tenures: tuple[Tenure, ...]
    surname_alone: bool = False  # listed in leaders.tsv: named by surname alone anywhere
    home: str | None = None  # the leaders.tsv country: preferred where offices tie (a monarch's realms)

    @property
    def countries(self) -> frozenset[str]:
        return frozenset(t.country for t in self.tenures if t.country) | frozenset(
            t.igo for t in self.tenures if t.igo
        )

    def standing(self, day: dt.date | None, former: Mapping[str, str]) -> Standing:
        """Where the person stood on `day` (None: as of the tables' latest knowledge)."""
        day = day or LATEST
        held = sorted((t for t in self.tenures if t.covers(day)), key=self._precedence)
        if held:
            return _standing_of(held[0], held[0].sectors)
        ended = [t for t in self.tenures if t.ended_by(day)]
        if ended:
            last = min(ended, key=lambda t: (-t.end.toordinal(), *self._precedence(t)))  # type: ignore[union-attr]
            # "Former President X": ELI, whatever else the office was (a junta leader's MIL goes too)
            return _standing_of(last, tuple(dict.fromkeys(former[s] for s in last.sectors if s in former)))
        first = min(self.tenures, key=lambda t: (t.start, *self._precedence(t)))  # not yet: the country
        return Standing(first.country, first.igo, first.org, ())

    def _precedence(self, tenure: Tenure) -> tuple:
        return (RANK[tenure.office], tenure.secondary, tenure.country != self.home, tenure.start)

    def in_office(self, day: dt.date | None) -> bool:
        return any(t.covers(day or LATEST) for t in self.tenures)

    def before_first_tenure(self, day: dt.date | None) -> bool:
        return all((day or LATEST) < t.start for t in self.tenures)

    @property
    def held_top_office(self) -> bool:
        return any(t.office in TOP_OFFICES for t in self.tenures)


def _standing_of(tenure: Tenure, sectors: tuple[str, ...]) -> Standing:
    return Standing(tenure.country, tenure.igo, tenure.org, sectors)


@dataclass(frozen=True)
class NameContext:
    """What an article tells about the people it names, for reading a bare surname."""

    countries: frozenset[str] = frozenset()  # countries (and IGOs) the article names
    named: frozenset[str] = frozenset()  # people of the tables the article names in full
    others: frozenset[str] = frozenset()  # surnames of other people named in full ("Dustin Johnson")


@dataclass(frozen=True)
class People:
    """The people of a dictionary, by name: full names and aliases, and the surnames derived from them."""

    persons: dict[str, Person] = field(default_factory=dict)  # by folded name
    full_names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # folded name/alias -> persons
    surnames: dict[str, tuple[str, ...]] = field(default_factory=dict)  # folded surname -> persons
    former: Mapping[str, str] = field(default_factory=dict)  # sector -> the former holder's sector

    def __bool__(self) -> bool:
        return bool(self.persons)

    def by_full_name(self, name: str, day: dt.date | None, context: NameContext) -> Person | None:
        """The person of a full name or alias; of two people sharing one, the one the article's
        countries or the day single out."""
        candidates = [self.persons[key] for key in self.full_names.get(fold_name(name), ())]
        return self._single(candidates, day, context)

    def is_known_name(self, name: str) -> bool:
        folded = fold_name(name)
        return folded in self.full_names or folded in self.surnames

    def by_surname(self, surname: str, day: dt.date | None, context: NameContext) -> Person | None:
        """The one person a bare surname can mean in this article on this day, or None.

        A surname stands for a person named in full in the article; failing that, for a person the
        article gives context for (their country is named) or one listed as known by surname alone,
        who is or was in office on the day. When several remain: the one whose country the article
        names, then the one in office; ambiguity that changes the code is left uncoded."""
        folded = fold_name(surname)
        candidates = [self.persons[key] for key in self.surnames.get(folded, ())]
        named = [p for p in candidates if fold_name(p.name) in context.named]
        if len(named) == 1:
            return named[0]
        if folded in context.others:
            # "Dustin Johnson ... Johnson said" is the article's own Johnson; "Nancy Reagan ... Reagan
            # said" in an article about the United States is still the president
            famous = [
                p
                for p in candidates
                if p.surname_alone and p.countries & context.countries and not p.before_first_tenure(day)
            ]
            return famous[0] if len(famous) == 1 else None
        alive = [p for p in candidates if not p.before_first_tenure(day)]
        local = [p for p in alive if p.countries & context.countries]
        if len(local) == 1:
            return local[0]
        # Without context only people known by surname alone may be meant, and a namesake in office
        # that day makes the surname ambiguous ("Kim" in 2020: Kim Jong Un or Kim Tok-hun).
        pool, rivals = (local, local) if local else ([p for p in alive if p.surname_alone], alive)
        current = [p for p in rivals if p.in_office(day)]
        if current:
            pool, rivals = [p for p in current if p in pool], current
        else:
            rivals = pool
        codes = {p.standing(day, self.former) for p in rivals}
        return pool[0] if pool and len(codes) == 1 else None

    def _single(self, candidates: list[Person], day: dt.date | None, context: NameContext) -> Person | None:
        """One of several people sharing a full name: the one of a country the article names, else the
        one in office that day, else any when they code alike."""
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        for narrower in (
            lambda p: bool(p.countries & context.countries),
            lambda p: p.in_office(day),
        ):
            kept = [p for p in candidates if narrower(p)]
            if len(kept) == 1:
                return kept[0]
            candidates = kept or candidates
        codes = {p.standing(day, self.former) for p in candidates}
        return candidates[0] if len(codes) == 1 else None

    def standing(self, person: str, day: dt.date | None) -> Standing | None:
        """Where the person of that (table) name stood on `day`."""
        found = self.persons.get(fold_name(person))
        return found.standing(day, self.former) if found else None

    def name_words(self, capitalised: bool) -> frozenset[tuple[str, ...]]:
        """Names split in folded words, for the prefilter: with `capitalised`, the one-word surnames of
        people not known by surname alone (often also words: "May", "Rice", which count only when
        capitalised); otherwise every full name and alias and the other surnames."""
        def is_plain(key: str) -> bool:
            return " " not in key and not any(self.persons[p].surname_alone for p in self.surnames[key])

        if capitalised:
            return frozenset((key,) for key in self.surnames if is_plain(key))
        keys = [*self.full_names, *(key for key in self.surnames if not is_plain(key))]
        return frozenset(tuple(key.split()) for key in keys)


# ---------------------------------------------------------------- names


@lru_cache(maxsize=65536)  # every capitalised word of every article is asked about
def fold_name(text: str) -> str:
    """A name as compared: accents, case, dots, hyphens and apostrophes folded ("Jong-un" = "Jong Un")."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = plain.replace("’", "").replace("'", "").replace(".", " ").replace("-", " ")
    return " ".join(plain.split())


@dataclass(frozen=True)
class NameRules:
    """How English news shortens a person's name to a surname (read from the language's words)."""

    titles: frozenset[str]  # "King Philippe": a regnal name has no surname
    patronymics: frozenset[str]  # "Mohammed bin Salman" is not called "Salman"
    suffixes: frozenset[str]  # "Marcos Jr.", "Abdullah II"
    family_first: frozenset[str]  # countries whose names put the family name first ("Xi Jinping")
    no_surname: frozenset[str]  # countries whose names have no surname ("Min Aung Hlaing")
    articles: frozenset[str] = frozenset()  # "al-Assad": the Arabic article before a surname

    @classmethod
    def of(cls, words: Words) -> NameRules:
        return cls(
            titles=words.regnal_titles,
            patronymics=words.patronymic_particles,
            suffixes=words.generational_suffixes,
            family_first=frozenset(c.upper() for c in words.family_name_first),
            no_surname=frozenset(c.upper() for c in words.no_surname),
            articles=words.name_articles,
        )

    def surnames(self, name: str, country: str | None) -> tuple[str, ...]:
        """The folded surnames news uses alone for `name`: "Bashar al-Assad" -> "assad", "al assad";
        "Xi Jinping" -> "xi"; "Andres Manuel Lopez Obrador" -> "obrador", "lopez obrador";
        "Nkosazana Dlamini-Zuma" -> "dlamini zuma" (a double-barrelled surname is never halved)."""
        words = fold_name(name).split()
        if len(words) < 2 or words[0] in self.titles or country in self.no_surname:
            return ()
        if any(w in self.patronymics for w in words[1:]) or words[-1] in self.suffixes and len(words) == 2:
            return ()
        written = [w for w in name.split() if fold_name(w)]
        while fold_name(written[-1]) in self.suffixes:
            written = written[:-1]
        if country in self.family_first:
            return (words[0],)
        last = fold_name(written[-1]).split()
        if len(last) > 1:  # hyphenated: "al-Assad" is also "Assad"; "Dlamini-Zuma" only as a whole
            return (last[-1], " ".join(last)) if last[0] in self.articles else (" ".join(last),)
        found = [last[0]]
        if len(written) >= 3:
            found.append(" ".join([*fold_name(written[-2]).split(), last[0]]))
        return tuple(found)


# ---------------------------------------------------------------- reading the tables


class PeopleReader:
    """Reads and checks office_holders.tsv and leaders.tsv rows into persons."""

    def __init__(self, former: Mapping[str, str], rules: NameRules) -> None:
        self.former = dict(former)
        self.rules = rules

    def read(self, folders: Iterable[Mapping[str, Path]]) -> People:
        """The people of the table files of each folder (name -> path), later folders winning."""
        offices: dict[str, list[tuple[Tenure, Row]]] = {}
        roles: dict[str, list[tuple[Tenure, Row]]] = {}
        for tables in folders:
            for table, into in ((OFFICE_HOLDERS, offices), (LEADERS, roles)):
                if table in tables:
                    into.update(self._by_person(tables[table], table))
        return self._index(offices, roles)

    def _by_person(self, path: Path, table: str) -> dict[str, list[tuple[Tenure, Row]]]:
        rows: dict[str, list[tuple[Tenure, Row]]] = {}
        if table == OFFICE_HOLDERS:
            for row in read_table(path, OFFICE_COLUMNS, optional=OFFICE_OPTIONAL):
                rows.setdefault(self._name(row), []).append((self.office(row), row))
        else:
            for row in read_table(path, LEADER_COLUMNS, optional=LEADER_OPTIONAL):
                rows.setdefault(self._name(row), []).extend((t, row) for t in self.roles(row))
        return rows

    def _index(
        self, offices: dict[str, list[tuple[Tenure, Row]]], roles: dict[str, list[tuple[Tenure, Row]]]
    ) -> People:
        persons: dict[str, Person] = {}
        full: dict[str, list[str]] = {}
        surnames: dict[str, list[str]] = {}
        for key in dict.fromkeys([*offices, *roles]):
            rows = [*offices.get(key, ()), *roles.get(key, ())]
            tenures = tuple(t for t, _ in rows if t.start != LATEST)
            first_row = rows[0][1]
            if not tenures:
                raise first_row.error(
                    f"{first_row['name']!r} has no sectors and no office in {OFFICE_HOLDERS}: "
                    "give the sectors (and years) they are coded with"
                )
            home = next((row["country"] for _, row in roles.get(key, ()) if row["country"]), None)
            persons[key] = Person(first_row["name"], tenures, surname_alone=key in roles, home=home)
            for _, row in rows:
                names = [row["name"], *(a.strip() for a in row.get("aliases", "").split("|") if a.strip())]
                for name in names:
                    _add(full, fold_name(name), key)
                country = row["country"] or None
                for surname in self.rules.surnames(row["name"], country):
                    _add(surnames, surname, key)
        for key in list(surnames):
            if key in full:  # "Lula" is an alias of its own: the full-name index has it
                surnames[key] = [k for k in surnames[key] if k not in full[key]]
        return People(
            persons=persons,
            full_names={k: tuple(v) for k, v in full.items()},
            surnames={k: tuple(v) for k, v in surnames.items() if v},
            former=self.former,
        )

    def _name(self, row: Row) -> str:
        if not row["name"]:
            raise row.error("empty name")
        return fold_name(row["name"])

    def office(self, row: Row) -> Tenure:
        if row["office"] not in OFFICES:
            raise row.error(f"office {row['office']!r} is not one of {', '.join(OFFICES)}")
        country, igo, org = self._holder(row, allow_org=False)
        start = _date(row, row["start"], "start")
        end = _date(row, row["end"], "end") if row["end"] else None
        if end is not None and end < start:
            raise row.error(f"end {row['end']} is before start {row['start']}")
        sectors = self._sectors(row, required=True)
        return Tenure(row["office"], start, end, country, igo, org, sectors, secondary=_secondary(row))

    def roles(self, row: Row) -> list[Tenure]:
        """A leaders.tsv row's spans; a row without sectors only marks an office holder as known by
        surname alone (a placeholder tenure that `_index` drops)."""
        country, igo, org = self._holder(row, allow_org=True)
        sectors = self._sectors(row, required=False)
        spans = _spans(row)
        if not sectors:
            if spans:
                raise row.error("years without sectors: give the sectors the person is coded with then")
            return [Tenure(ROLE, LATEST, None, country, igo, org, ())]
        if not spans:
            spans = [(dt.date.min, None)]
        return [Tenure(ROLE, start, end, country, igo, org, sectors) for start, end in spans]

    def _holder(self, row: Row, allow_org: bool) -> tuple[str | None, str | None, str | None]:
        country, igo, org = row["country"] or None, row["igo"] or None, row.get("org") or None
        if sum(x is not None for x in (country, igo, org)) != 1:
            heads = "a country, an igo or an org" if allow_org else "either a country or an igo"
            raise row.error(f"a person has {heads}")
        if country is not None and not ISO3.fullmatch(country):
            raise row.error(f"country {country!r} is not an ISO 3166 alpha-3 code")
        if igo is not None and not IGO_CODE.fullmatch(igo):
            raise row.error(f"igo {igo!r} is not 2-12 capital letters or digits")
        if org is not None and not SECTOR.fullmatch(org):
            raise row.error(f"org {org!r} is not a three-letter code")
        return country, igo, org

    def _sectors(self, row: Row, required: bool) -> tuple[str, ...]:
        codes = split_codes(row["sectors"])
        bad = [code for code in codes if not SECTOR.fullmatch(code)]
        if bad:
            raise row.error(f"sectors: {', '.join(bad)} is not a three-letter code")
        if required and not codes:
            raise row.error("an office has sectors (GOV, or GOV MIL)")
        return codes


def _secondary(row: Row) -> bool:
    """Whether the notes mark an office held beside a primary one (see SECONDARY_NOTES)."""
    items = [item.strip().lower() for item in row.get("notes", "").split(";")]
    return any(item.split(":")[0].strip() in SECONDARY_NOTES for item in items)


def _add(index: dict[str, list[str]], key: str, person: str) -> None:
    if key and person not in index.setdefault(key, []):
        index[key].append(person)


def _date(row: Row, text: str, column: str) -> dt.date:
    """A table date; a partial one ("2011", "2014-05") is read as the middle of its span."""
    match = DATE.fullmatch(text)
    if match is None:
        raise row.error(f"{column} {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(match[1]), match[2], match[3]
    try:
        if month is None:
            return dt.date(year, 7, 1)
        return dt.date(year, int(month), int(day) if day else 15)
    except ValueError:
        raise row.error(f"{column} {text!r} is not a real date") from None


def _spans(row: Row) -> list[tuple[dt.date, dt.date | None]]:
    """ "1996-1999, 2009-2021, 2022-" (years, the last one included) or "2019-04-11..2023-04-15"
    (dates, the end excluded) -> [start, end) spans."""
    spans: list[tuple[dt.date, dt.date | None]] = []
    for part in (p.strip() for p in row.get("years", "").split(",") if p.strip()):
        years, dates = YEAR_SPAN.fullmatch(part), DATE_SPAN.fullmatch(part)
        if years:
            start, end = dt.date(int(years[1]), 1, 1), int(years[2]) + 1 if years[2] else None
            spans.append((start, dt.date(end, 1, 1) if end else None))
        elif dates:
            span = (_date(row, dates[1], "years"), _date(row, dates[2], "years") if dates[2] else None)
            spans.append(span)
        else:
            raise row.error(f"years {part!r} is not YYYY-YYYY, YYYY-, or DATE..DATE")
        if spans[-1][1] is not None and spans[-1][1] <= spans[-1][0]:
            raise row.error(f"years {part!r} end before they start")
    return spans


# ---------------------------------------------------------------- the event's own date


def recode_for_day(actor: Actor, people: People, day: dt.date | None) -> Actor:
    """A known person's mention coded for `day` instead of the article's date (an event the text dates:
    "in 2015, Obama met Putin" in a 2022 article is the sitting president's meeting)."""
    if actor.person is None or day is None:
        return actor
    standing = people.standing(actor.person, day)
    if standing is None:
        return actor
    return replace(
        actor, country=standing.country, igo=standing.igo, org=standing.org, sectors=standing.sectors
    )


def event_day(date: str | None, published: dt.date | None) -> dt.date | None:
    """The day an event's date stands for when people are coded: the day itself; for a month or a year,
    the publication day when it falls inside, else the middle. None for a form it cannot read."""
    if not date:
        return None
    match = DATE.fullmatch(date)
    if match is None:
        return None
    year, month, day = int(match[1]), match[2], match[3]
    if day:
        return dt.date(year, int(month), int(day))
    if month:
        inside = published is not None and (published.year, published.month) == (year, int(month))
        return published if inside else dt.date(year, int(month), 15)
    return published if published is not None and published.year == year else dt.date(year, 7, 1)
