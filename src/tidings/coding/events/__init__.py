"""Events: the lexicon, pattern matching, arguments (source and target), frames, and the coder."""

from __future__ import annotations

from .coder import EventCoder
from .lexicon import EventLexicon, VerbPattern, load_event_lexicon

__all__ = ["EventCoder", "EventLexicon", "VerbPattern", "load_event_lexicon"]
