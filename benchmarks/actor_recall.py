"""Actor-level recall on the conflict dev set: are the expected named-group and office-holder codes among
the actors tidings codes in the record's text, whatever events it finds?

    PYTHONPATH=src .venv/bin/python benchmarks/actor_recall.py [--errors]

Two rows: records tagged `named_group` (the expected codes that carry a group's own sectors, e.g.
IMGMUSISI, SOMREBMUS, CMRSEP: generic sectors such as MIL or CVL are left out) and records tagged
`leader` (the expected GOV, ELI and OPP codes). Event scores (`tidings eval`) also need the event; this
isolates the actor dictionary and the people tables.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from tidings.pipeline import Tidings

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "benchmarks" / "gold" / "conflict_dev.jsonl"
GENERIC = {"MIL", "COP", "CVL", "GOV", "UAF", "OPP", "JUD", "AGR", "LAB", "EDU", "REF", "MED", "BUS",
           "HLH", "REL", "CRM", "SPY", "LEG", "ELI"}  # fmt: skip
PEOPLE = {"GOV", "ELI", "OPP"}


def expected_codes(record: dict, tag: str) -> set[str]:
    codes = {c for e in record["expected"] for c in (e["source"], e["target"]) if c and len(c) > 3}
    if tag == "named_group":
        return {c for c in codes if c[3:] not in GENERIC}
    return {c for c in codes if c[3:] in PEOPLE}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--errors", action="store_true", help="list the codes not found")
    args = parser.parse_args()
    tidings = Tidings.load()
    records = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    print("| records | expected codes | found | recall |\n|---|---|---|---|")
    for tag in ("named_group", "leader"):
        found = total = 0
        for record in (r for r in records if tag in r["tags"]):
            doc = tidings.nlp(record["text"])
            day = dt.date.fromisoformat(record["date"]) if record.get("date") else None
            actors = tidings.actor_coder.resolve(doc, day)
            coded = {a.code for found_actors in actors.by_token.values() for a in found_actors}
            for code in expected_codes(record, tag):
                total += 1
                found += code in coded
                if args.errors and code not in coded:
                    print(f"  {record['id']} {code} not among {sorted(coded)}")
        print(f"| {tag} | {total} | {found} | {found / max(total, 1):.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
