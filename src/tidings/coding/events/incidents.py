"""One incident, one event: the counts of an article's sentences go to the event whose toll they report.

A count goes to the event its casualty word hangs from ("attacked the village, killing 32 residents":
the attack); with no such event in its sentence, to the first event of the sentence that the count fits
(the dead to violence or repression, the arrested to an arrest); a sentence with no event of its own
that continues a report of violence ("... stormed a base in Mainok. Two soldiers were killed.") adds its
counts to that violence, and its own unnamed killings are that toll, not a second incident.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span

from ...ontology import EventOntology
from ...records import MagnitudeKind, Sentence
from ..actors.scene import Scene
from .frames import Found
from .magnitudes import Count, CountFinder

# The counts that may join an event that does not hold their word, by what the event is.
VIOLENT_COUNTS: frozenset[MagnitudeKind] = frozenset({"fatalities", "injured", "kidnapped"})


@dataclass
class Reported:
    """An event found in a sentence, and the counts that report its toll (built up sentence by sentence)."""

    found: Found
    sentence: Sentence
    counts: list[Count] = field(default_factory=list)


class Incidents:
    """The events of one article, with their counts, in text order."""

    def __init__(self, ontology: EventOntology, counter: CountFinder, scene: Scene) -> None:
        self.ontology = ontology
        self.counter = counter
        self.scene = scene
        self.reported: list[Reported] = []
        self.violence_at: tuple[Span, Reported] | None = None  # the last sentence that reported violence

    def add(self, span: Span, sentence: Sentence, found: Sequence[Found]) -> None:
        continuing = self.violence_at is not None and self.continues(self.violence_at[0], span)
        if continuing:
            found = [f for f in found if not (f.unnamed_source and self.is_violence(f))]
        reported = [Reported(one, sentence) for one in found]
        for count in self.counter.counts(span):
            home = self.home_of(count, reported)
            if home is None and continuing and self.violence_at and count.kind in VIOLENT_COUNTS:
                home = self.violence_at[1]
            if home is not None:
                home.counts.append(count)
        incident = next((r for r in reported if self.ontology.has_victims(r.found.code)), None)
        if incident is not None:
            self.violence_at = (span, incident)
        self.reported.extend(reported)

    def is_violence(self, found: Found) -> bool:
        return self.ontology.is_violent(found.code) or self.ontology.is_violent(found.pattern.code)

    def home_of(self, count: Count, reported: list[Reported]) -> Reported | None:
        """The event whose verb the count's word hangs from, else the first that the count fits."""
        by_verb = {r.found.verb.i: r for r in reversed(reported)} | {
            r.found.inner.i: r for r in reversed(reported)
        }
        token = count.anchor
        while True:
            if token.i in by_verb:
                return by_verb[token.i]
            if token.head.i == token.i:
                break
            token = token.head
        return next((r for r in reported if self.fits(count.kind, r.found.code)), None)

    def fits(self, kind: MagnitudeKind, code: str) -> bool:
        if kind == "crowd_size":
            return self.ontology.is_protest(code)
        if kind == "arrested":
            return self.ontology.has_victims(code)
        return self.ontology.has_victims(code) or self.ontology.is_protest(code)

    def continues(self, before: Span, span: Span) -> bool:
        """Whether a sentence continues the report of the coercion or violence in `before`: it follows it
        in the same paragraph and names no place of its own ("... stormed a base in Mainok. Two soldiers
        were killed.": the toll of the same incident, not a second one)."""
        between = span.doc.text[before.end_char : span.start_char]
        follows = before.end == span.start or not span.doc[before.end : span.start].text.strip()
        return follows and "\n\n" not in between and span.start not in self.scene.sentences
