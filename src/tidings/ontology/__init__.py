"""Event ontologies: CAMEO (built in) and any a plugin registers (entry-point group `tidings.ontologies`).

`load_ontology("cameo")` gives the ontology a pipeline codes with; see `base.EventOntology` for what
the coders ask of it.
"""

from __future__ import annotations

from functools import lru_cache

from ..plugins import ontologies
from .base import EventCode, EventOntology, QuadClass, Sector
from .cameo import CameoCode, Ontology, OntologyError, normalize_code, parse_ontology

DEFAULT_ONTOLOGY = "cameo"

__all__ = [
    "DEFAULT_ONTOLOGY",
    "CameoCode",
    "EventCode",
    "EventOntology",
    "Ontology",
    "OntologyError",
    "QuadClass",
    "Sector",
    "load_ontology",
    "normalize_code",
    "parse_ontology",
]


@lru_cache(maxsize=8)
def load_ontology(name: str = DEFAULT_ONTOLOGY) -> EventOntology:
    """The ontology registered as `name`, loaded once per process."""
    ontology: EventOntology = ontologies.get(name)()
    return ontology
