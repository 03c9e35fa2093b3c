"""The dedup test set: base articles from ../shared/corpus, seeded syndicated copies, our own retellings
and look-alikes, with the gold grouping.

    PYTHONPATH=src .venv/bin/python benchmarks/dedup/build.py [--out set.jsonl] [--gold gold.tsv]

- Base articles: the ids in bases.txt (Wikinews 2019-2020 and Reuters-21578), read from ../shared at
  run time; their text never enters the repository.
- Syndicated copies: generated here with a fixed seed, per base 0, 1 or 2 copies at other outlets,
  published the same day or the next, each with a few of these edits: a new headline, the last
  paragraphs trimmed, two paragraphs swapped, outlet boilerplate added, typo-level edits.
- own_texts.jsonl (written by us): the same event told by other outlets on other days ("retelling",
  grouped with the story they retell), and events that look alike (same actors, another date or
  place: "lookalike", a group of their own).

The gold (gold.tsv, written by this script and committed) gives per article its event group (the
articles that tell the same real-world events) and its story (the articles that are copies of one
text). Groups are assigned by hand for our own texts (own_texts.jsonl) and by construction for the
copies.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "src"))

from tidings.ingest import split_paragraphs  # noqa: E402 - after the path set-up above

SHARED = REPO.parent / "shared" / "corpus"
CORPORA = {
    "wikinews": SHARED / "wikinews_2019_2020" / "wikinews.jsonl",
    "reuters21578": SHARED / "reuters21578" / "reuters21578.jsonl",
}
SEED = 20240613
OUTLETS = tuple(
    f"https://{name}.example"
    for name in (
        "morning-chronicle",
        "valley-tribune",
        "harbour-post",
        "metro-daily",
        "island-news",
        "capital-times",
        "river-gazette",
        "prairie-herald",
    )
)
BOILERPLATE = (
    "Copyright {year} {outlet}. All rights reserved. This material may not be redistributed.",
    "Subscribe to our morning newsletter for the day's top stories, delivered free to your inbox.",
    "(Reporting by our correspondents; editing by the {outlet} world desk)",
    "Follow {outlet} on social media for live updates on this and other stories.",
)
HEADLINE_FORMS = ("UPDATE 1-{title}", "{title} - report", "Breaking: {title}", "{lower}", "WORLD: {title}")


@dataclass(frozen=True)
class Record:
    id: str
    title: str
    text: str
    date: str
    url: str | None
    group: str  # articles telling the same real-world events
    story: str  # articles that are copies of one text
    kind: str  # base, copy, wire, retelling, lookalike


def read_bases() -> list[Record]:
    wanted = [line.strip() for line in (HERE / "bases.txt").read_text().splitlines() if line.strip()]
    missing = [name for name, path in CORPORA.items() if not path.exists()]
    if missing:
        raise FileNotFoundError(f"the shared corpora are not there: {', '.join(missing)} (under {SHARED})")
    found: dict[str, Record] = {}
    for path in CORPORA.values():
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                raw = json.loads(line)
                if raw["id"] in wanted:
                    found[raw["id"]] = Record(
                        raw["id"],
                        raw.get("title") or "",
                        raw["text"],
                        (raw.get("date") or "")[:10],
                        raw.get("source_url"),
                        raw["id"],
                        raw["id"],
                        "base",
                    )
    absent = [i for i in wanted if i not in found]
    if absent:
        raise ValueError(f"{len(absent)} base ids not in the corpora, e.g. {absent[0]}")
    return [found[i] for i in wanted]


def read_own() -> list[Record]:
    out = []
    with open(HERE / "own_texts.jsonl", encoding="utf-8") as handle:
        for line in handle:
            raw = json.loads(line)
            story = raw["id"]
            out.append(
                Record(
                    raw["id"],
                    raw["title"],
                    raw["text"],
                    raw["published"],
                    raw["url"],
                    raw["group"],
                    story,
                    raw["kind"],
                )
            )
    return out


def _typos(paragraph: str, rng: random.Random, count: int) -> str:
    words = paragraph.split(" ")
    for _ in range(count):
        index = rng.randrange(len(words))
        word = words[index]
        if len(word) >= 5 and word.isalpha():
            at = rng.randrange(1, len(word) - 2)
            words[index] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return " ".join(words)


def _headline(title: str, rng: random.Random) -> str:
    form = rng.choice(HEADLINE_FORMS)
    return form.format(title=title, lower=title.capitalize() if title.isupper() else title.lower())


def make_copy(base: Record, number: int, rng: random.Random) -> Record:
    """A syndicated copy of `base` at another outlet with a few small edits."""
    paragraphs = split_paragraphs(base.text)
    edits = rng.sample(("headline", "trim", "swap", "boilerplate", "typos"), k=rng.randint(2, 4))
    title = _headline(base.title, rng) if "headline" in edits else base.title
    if "trim" in edits and len(paragraphs) >= 4:
        keep = max(3, int(len(paragraphs) * rng.uniform(0.6, 0.9)))
        paragraphs = paragraphs[:keep]
    if "swap" in edits and len(paragraphs) >= 3:
        at = rng.randrange(1, len(paragraphs) - 1)
        paragraphs[at], paragraphs[at + 1] = paragraphs[at + 1], paragraphs[at]
    if "typos" in edits:
        paragraphs = [_typos(p, rng, 1) if rng.random() < 0.4 else p for p in paragraphs]
    outlet = OUTLETS[(hash_of(base.id) + number) % len(OUTLETS)]
    if "boilerplate" in edits:
        line = rng.choice(BOILERPLATE).format(year=base.date[:4], outlet=outlet.split("//")[1])
        paragraphs = [line, *paragraphs] if rng.random() < 0.3 else [*paragraphs, line]
    published = date.fromisoformat(base.date) + timedelta(days=rng.choice((0, 0, 1))) if base.date else None
    slug = re.sub(r"[^a-z0-9]+", "-", base.title.lower()).strip("-")[:50] or "story"
    return Record(
        f"copy{number}-{base.id}",
        title,
        "\n\n".join(paragraphs),
        published.isoformat() if published else "",
        f"{outlet}/{slug}-{number}",
        base.group,
        base.story,
        "copy",
    )


def hash_of(text: str) -> int:
    return sum(text.encode("utf-8")) * 31 % 1000003


def copies(originals: list[Record], rng: random.Random) -> Iterator[Record]:
    for original in originals:
        for number in range(rng.choice((0, 1, 1, 2))):
            yield make_copy(original, number + 1, rng)


def build() -> list[Record]:
    """Every article of the set, in publication order (the order a newsroom would see them)."""
    rng = random.Random(SEED)
    bases = read_bases()
    own = read_own()
    wires = [r for r in own if r.kind == "wire"]
    records = [*bases, *copies(bases, rng), *own, *copies(wires, rng)]
    return sorted(records, key=lambda r: (r.date or "9999", r.id))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write the articles as JSONL (id, title, text, date, url)")
    parser.add_argument("--gold", type=Path, default=HERE / "gold.tsv", help="where to write the gold")
    args = parser.parse_args()
    try:
        records = build()
    except (FileNotFoundError, ValueError) as exc:
        raise SystemExit(f"dedup set: {exc}") from None
    with open(args.gold, "w", encoding="utf-8") as handle:
        handle.write("# article\tgroup\tstory\tkind\n")
        for r in records:
            handle.write(f"{r.id}\t{r.group}\t{r.story}\t{r.kind}\n")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            for r in records:
                fields = {k: v for k, v in asdict(r).items() if k in ("id", "title", "text", "date", "url")}
                handle.write(json.dumps(fields, ensure_ascii=False) + "\n")
    kinds = {kind: sum(r.kind == kind for r in records) for kind in sorted({r.kind for r in records})}
    print(f"{len(records)} articles {kinds} -> {args.gold}" + (f", {args.out}" if args.out else ""))


if __name__ == "__main__":
    main()
