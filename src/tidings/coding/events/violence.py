"""What violence tables say about an event: the weapon it was done with, who did it when the text names
nobody, where the people hit by it were, and how its sides change its code.

The tables live beside the verb patterns (data/cameo/): `weapons.tsv` (a weapon's code, and the attacker
when none is named), `unnamed_parties.tsv` (the police behind "200 people were arrested", the
government a protest addresses), `role_codes.tsv` (force used on civilians is 18x, protesters using
force riot, state forces using force on protesters repress them) and `victims.tsv` (the people a village,
a market or a school stands for when violence hits it, and the person nouns that name civilians).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from spacy.tokens import Token

from ...nlp.syntax import INNER_MODIFIER_DEPS, children_with, lemma
from ...ontology import EventOntology
from ...records import Actor
from ...resources import Row, read_table

NO_CODE = "-"
ANY = "*"
UNNAMED = "unnamed"  # role_codes.tsv: the source is nobody the text names
UNARMED = "unarmed"  # role_codes.tsv: the target has sectors, none of them armed
PartyRole = Literal["source", "target"]
VictimKind = Literal["place", "person"]


@dataclass(frozen=True, slots=True)
class Victim:
    """What a noun that is no actor stands for when violence hits it: the people at a place, or a person."""

    sector: str
    kind: VictimKind


@dataclass(frozen=True, slots=True)
class Weapon:
    """A weapon row: the code of an attack with it, the codes it replaces, and the attacker's sector
    when none is named (None: nobody attacked, as with a landmine left from earlier fighting)."""

    key: str
    code: str | None  # None: the noun is no weapon in this sense ("gold_mine")
    overrides: tuple[str, ...]
    source: str | None
    rank: int  # the row's place in the table: the first fitting row wins

    def recode(self, code: str) -> str:
        """The event's code with this weapon: the weapon's own when it replaces the event's."""
        if self.code and any(code.startswith(prefix) for prefix in self.overrides):
            return self.code
        return code


@dataclass(frozen=True, slots=True)
class UnnamedParty:
    """The sector of the party the text does not name, for events of one code prefix (and verbs)."""

    role: PartyRole
    prefix: str
    verbs: frozenset[str]
    sector: str


@dataclass(frozen=True, slots=True)
class RoleCode:
    """An event of `prefix` whose source and target fit becomes `code`."""

    sources: frozenset[str]
    targets: frozenset[str]
    prefix: str
    code: str


@dataclass(frozen=True, slots=True)
class ViolenceTables:
    weapons: Mapping[str, Weapon]
    unnamed: tuple[UnnamedParty, ...]
    role_codes: tuple[RoleCode, ...]
    victims: Mapping[str, Victim]  # place or person noun key -> whom it stands for


def read_violence_tables(folder: Path) -> ViolenceTables:
    return ViolenceTables(
        weapons=read_weapons(folder / "weapons.tsv"),
        unnamed=read_unnamed(folder / "unnamed_parties.tsv"),
        role_codes=read_role_codes(folder / "role_codes.tsv"),
        victims=read_victims(folder / "victims.tsv"),
    )


def read_victims(path: Path) -> dict[str, Victim]:
    victims = {}
    for row in read_table(path, ("noun", "sector", "kind"), optional=("notes",)):
        if row["kind"] not in get_args(VictimKind):
            raise row.error(f"kind {row['kind']!r} is not one of {', '.join(get_args(VictimKind))}")
        victims[row["noun"]] = Victim(sector(row, "sector"), row["kind"])  # type: ignore[arg-type]
    return victims


def read_weapons(path: Path) -> dict[str, Weapon]:
    weapons: dict[str, Weapon] = {}
    rows = read_table(path, ("weapon", "code", "overrides", "source"), optional=("notes",))
    for rank, row in enumerate(rows):
        code = None if row["code"] == NO_CODE else row["code"]
        source = None if row["source"] == NO_CODE else sector(row, "source")
        overrides = tuple(part for part in row["overrides"].split("|") if part)
        weapons.setdefault(row["weapon"], Weapon(row["weapon"], code, overrides, source, rank))
    return weapons


def read_unnamed(path: Path) -> tuple[UnnamedParty, ...]:
    parties = []
    for row in read_table(path, ("role", "prefix", "verbs", "sector"), optional=("notes",)):
        if row["role"] not in get_args(PartyRole):
            raise row.error(f"role {row['role']!r} is not one of {', '.join(get_args(PartyRole))}")
        verbs = frozenset(part for part in row["verbs"].split("|") if part)
        parties.append(UnnamedParty(row["role"], row["prefix"], verbs, sector(row, "sector")))  # type: ignore[arg-type]
    return tuple(parties)


def read_role_codes(path: Path) -> tuple[RoleCode, ...]:
    rows = read_table(path, ("source", "target", "prefix", "code"), optional=("notes",))
    return tuple(
        RoleCode(sectors(row, "source", UNNAMED), sectors(row, "target", UNARMED), row["prefix"], row["code"])
        for row in rows
    )


def sector(row: Row, column: str) -> str:
    value = row[column]
    if len(value) != 3 or not value.isupper():
        raise row.error(f"{column} {value!r} is not a sector code")
    return value


def sectors(row: Row, column: str, special: str) -> frozenset[str]:
    values = frozenset(part for part in row[column].split("|") if part)
    for value in values - {ANY, special}:
        if len(value) != 3 or not value.isupper():
            raise row.error(f"{column} {value!r} is not a sector code, {ANY!r} or {special!r}")
    return values


# The people of a division or a settlement that victims.tsv does not list ("Beni territory"), and a
# person that an act only people suffer is done to ("gunmen killed a shepherd").
CIVILIANS_THERE = Victim("CVL", "place")
A_CIVILIAN = Victim("CVL", "person")


def named_sides(rule: RoleCode) -> int:
    return (ANY not in rule.sources) + (ANY not in rule.targets)


class Violence:
    """The violence tables applied to one parse, with the ontology's sectors."""

    def __init__(self, tables: ViolenceTables, ontology: EventOntology, place_nouns: frozenset[str]) -> None:
        self.tables = tables
        self.armed = frozenset(code for code, s in ontology.sectors.items() if s.combatant)
        self.place_nouns = place_nouns  # divisions and settlements: the people there

    # -- weapons ---------------------------------------------------------------------------------------

    def weapon_of(self, noun: Token) -> Weapon | None:
        """The weapon a noun names, a modifier + noun key first ("car bomb" before "bomb")."""
        weapons = self.tables.weapons
        for child in children_with(noun, INNER_MODIFIER_DEPS):
            found = weapons.get(f"{lemma(child)}_{lemma(noun)}")
            if found is not None:
                return found
        return weapons.get(lemma(noun)) or weapons.get(noun.lower_)

    def weapon_in(self, tokens: Iterable[Token]) -> Weapon | None:
        """The most specific weapon named among the tokens (the first row of the table that fits); a
        word that only describes a weapon noun gives way to it ("a landmine blast" is a blast)."""
        tokens = list(tokens)
        nouns = {token.i: self.weapon_of(token) for token in tokens}
        found = [
            weapon
            for token in tokens
            if (weapon := nouns[token.i]) is not None
            and weapon.code is not None
            and not (token.dep_ in INNER_MODIFIER_DEPS and nouns.get(token.head.i) is not None)
        ]
        return min(found, key=lambda w: w.rank, default=None)

    # -- the party nobody names ------------------------------------------------------------------------

    def unnamed_sector(self, role: PartyRole, code: str, verb: str) -> str | None:
        """The sector of the unnamed source or target of an event: the longest fitting prefix, and a row
        limited to verbs before one that is not."""
        fitting = [
            party
            for party in self.tables.unnamed
            if party.role == role
            and code.startswith(party.prefix)
            and (not party.verbs or verb in party.verbs)
        ]
        best = max(fitting, key=lambda p: (len(p.prefix), bool(p.verbs)), default=None)
        return best.sector if best else None

    # -- sides -----------------------------------------------------------------------------------------

    def role_code(self, code: str, source: Actor | None, target: Actor | None) -> str:
        """The code after the sides' rule: the fitting rule that names most sides (the doer before the
        victim: rioters attacking civilians riot), then the longest prefix; `source` None is nobody
        named."""
        fitting = [
            rule
            for rule in self.tables.role_codes
            if code.startswith(rule.prefix)
            and self.fits(rule.sources, source)
            and self.fits(rule.targets, target)
        ]
        best = max(
            fitting,
            key=lambda rule: (named_sides(rule), ANY not in rule.sources, len(rule.prefix)),
            default=None,
        )
        return best.code if best else code

    def fits(self, wanted: frozenset[str], actor: Actor | None) -> bool:
        """Whether the actor is of the wanted sectors; an unarmed sector is not met by an actor that also
        carries arms ("FARC dissidents" are rebels before they are dissidents)."""
        if ANY in wanted:
            return True
        if actor is None:
            return UNNAMED in wanted
        if (UNARMED in wanted or not self.armed & wanted) and self.has_arms(actor):
            return False
        if UNARMED in wanted and actor.sectors:
            return True
        return bool(wanted & set(actor.sectors))

    def has_arms(self, actor: Actor) -> bool:
        return bool(self.armed & set(actor.sectors))

    def is_armed(self, sector: str) -> bool:
        return sector in self.armed

    def victim(self, noun: Token) -> Victim | None:
        """Whom a noun stands for when violence hits it ("village" -> its people, CVL; "police station" ->
        COP; "shopkeeper" -> a civilian)."""
        sites = self.tables.victims
        for child in children_with(noun, INNER_MODIFIER_DEPS):
            found = sites.get(f"{lemma(child)}_{lemma(noun)}")
            if found is not None:
                return found
        found = sites.get(lemma(noun))
        return found or (CIVILIANS_THERE if lemma(noun) in self.place_nouns else None)
