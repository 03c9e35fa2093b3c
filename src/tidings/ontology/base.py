"""What the coders ask of an event ontology, whichever it is: `EventOntology`.

An ontology knows its codes (name, Goldstein weight, quad class, PLOVER mapping) and answers the few
questions coding rules ask about a code: is it conflict, does it use force, is it hostile, is it a
protest; and which code a reported demand gets. It also knows the actor sectors it codes with. No
coding module holds code numbers of its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Protocol


class QuadClass(IntEnum):
    """GDELT's four classes of events."""

    VERBAL_COOPERATION = 1
    MATERIAL_COOPERATION = 2
    VERBAL_CONFLICT = 3
    MATERIAL_CONFLICT = 4


@dataclass(frozen=True, slots=True)
class EventCode:
    """One event code, e.g. CAMEO 043 "Host a visit" (Goldstein 2.8, quad class 1, PLOVER CONSULT)."""

    code: str
    name: str
    root: str
    goldstein: float
    quad_class: int
    plover: str
    plover_mode: str | None
    plover_legacy: str

    @property
    def is_root(self) -> bool:
        return len(self.code) == 2


@dataclass(frozen=True, slots=True)
class Sector:
    """An actor sector code ("GOV", "CVL") and what coding rules need to know about it."""

    code: str
    name: str
    local: bool  # local people take the country where they act
    domestic: bool  # a title held at home takes the country in play
    former: str | None  # the sector a former holder has instead (GOV -> ELI)
    armed: bool = False  # fighters: a named group's fighters, militants, gunmen are the group itself
    combatant: bool = False  # carries arms: force used on it is fighting, not violence against civilians
    state: bool = False  # the state or its arms: such actors of one country are one side
    employer: str | None = None  # the sector of its employer: a strike of its people aimed there ("BUS")


class EventOntology(Protocol):
    """The questions the coders ask of an ontology."""

    name: str
    demand_code: str  # a reported obligation whose demanded act is unknown
    retreat_code: str  # a force withdrawing (and the codes under it)
    criticize_code: str  # a verbal attack: one named person "attacking" another with no weapon
    strike_code: str  # a strike or walkout (and the codes under it)
    sectors: Mapping[str, Sector]

    def get(self, code: str | int) -> EventCode: ...

    def __contains__(self, code: object) -> bool: ...

    def __iter__(self) -> Iterator[EventCode]: ...

    def is_conflict(self, code: str) -> bool:
        """Verbal or material conflict."""
        ...

    def uses_force(self, code: str) -> bool:
        """Material conflict."""
        ...

    def is_hostile(self, code: str) -> bool:
        """Protest to mass violence: held out on a condition, it is a threat."""
        ...

    def is_protest(self, code: str) -> bool: ...

    def is_violent(self, code: str) -> bool:
        """Violence: assault, fighting, mass violence (one incident, however its casualties are told)."""
        ...

    def is_aimed_at_home(self, code: str) -> bool:
        """With no target named, the act is aimed at the source's own country (protest, threat,
        coercion, force); a demand or criticism with no addressee is aimed at no one."""
        ...

    def needs_addressee(self, code: str) -> bool:
        """A demand, criticism or rejection with no target named is no event."""
        ...

    def has_victims(self, code: str) -> bool:
        """The act hits people (coercion, violence): a place it is done to stands for the people there."""
        ...
