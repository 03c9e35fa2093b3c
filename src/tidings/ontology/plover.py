"""PLOVER: the event types CAMEO codes map to, in the 2021 draft and the legacy (0.5) categories."""

from __future__ import annotations

# Event types that PLOVER 0.5 (the gold standard records) and the PLOVER 2021 draft share.
_SHARED_PLOVER = frozenset(
    ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT")
    + ("REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
)
PLOVER_TYPES = _SHARED_PLOVER | {"REQUEST", "ACCUSE"}
PLOVER_LEGACY_TYPES = _SHARED_PLOVER | {"DEMAND", "DISAPPROVE", "FIGHT", "INVESTIGATE"}
