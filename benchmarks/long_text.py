"""Coding time of one long article against its length: actor-free prose must code in linear time.

    PYTHONPATH=src .venv/bin/python benchmarks/long_text.py [--sizes 10,20,50,100] [--repeats 3]

Builds articles of SIZE KB of prose that names no actor (so the prefilter blanks it), as one paragraph
and as many short paragraphs, a price table, and (with ../shared) Reuters wire stories joined into one
long article full of actors; codes each with `Tidings.code` in this process (the pipeline loaded once
beforehand) and prints the median CPU seconds of this process per size (CPU time, not wall time: the
machine is shared) and the ratio largest/smallest. Linear time means the 10 KB -> 100 KB ratio stays
near 10 (the issue's bound: <= 12).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from tidings.pipeline import Tidings
from tidings.records import Article

# Plain words no actor dictionary entry matches: weather, crops, prices, furniture.
PLAIN_WORDS = (
    "the of and a to in was were it its with for on that as by this from at an be has had weather "
    "morning rain field harvest grain price market basket apple pear wheat barley corn table chair "
    "window garden river valley hill road stone wooden bright quiet slow early late grew fell rose "
    "stayed remained seemed looked turned dried cooled warmed ripened sold weighed"
)
WORDS = PLAIN_WORDS.split()


def prose(size: int, seed: int, paragraph_words: int | None) -> str:
    """About `size` characters of sentences of plain words; a blank line every `paragraph_words`."""
    rng = random.Random(seed)
    out: list[str] = []
    length = words_in_paragraph = 0
    while length < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20)))
        sentence = sentence[0].upper() + sentence[1:] + "."
        words_in_paragraph += sentence.count(" ") + 1
        if paragraph_words and words_in_paragraph >= paragraph_words:
            sentence += "\n\n"
            words_in_paragraph = 0
        else:
            sentence += " "
        out.append(sentence)
        length += len(sentence)
    return "".join(out)[:size].strip() + "."


def price_table(size: int, seed: int) -> str:
    """A commodity price table as a wire story prints it: one row per line, numbers in columns."""
    rng = random.Random(seed)
    rows, length = ["Prices at the close (cents per bushel):"], 0
    while length < size:
        low, high = rng.randint(100, 999), rng.randint(100, 999)
        row = f"{rng.choice(WORDS):<12} {low}.{rng.randint(0, 99):02d}  {high}.{rng.randint(0, 99):02d}  "
        row += f"{rng.choice('+-')}{rng.randint(0, 30)}"
        rows.append(row)
        length += len(row) + 1
    return "\n".join(rows)


SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
REUTERS = SHARED / "corpus" / "reuters21578" / "reuters21578.jsonl"


def wire_stories(size: int, seed: int) -> str:
    """Reuters stories joined into one article of `size` characters: actors, events and quotes all along."""
    parts, length = [], 0
    with REUTERS.open(encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"]
            parts.append(text)
            length += len(text) + 2
            if length >= size:
                break
    return "\n\n".join(parts)[:size]


SHAPES = {
    "one paragraph": lambda size, seed: prose(size, seed, None),
    "paragraphs": lambda size, seed: prose(size, seed, 60),
    "price table": price_table,
    "wire stories": wire_stories,
}


def code_seconds(tidings: Tidings, text: str) -> float:
    article = Article(id="long", title="", text=text)
    started = time.process_time()
    list(tidings.code([article]))
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10,20,50,100", help="Article sizes in KB, comma-separated.")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--shapes", default=",".join(SHAPES), help="Which text shapes to run.")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    tidings = Tidings.load()
    code_seconds(tidings, prose(2_000, 0, None))  # warm up
    print(f"| shape | {' | '.join(f'{s} KB' for s in sizes)} | {sizes[-1]}/{sizes[0]} |")
    print(f"|---|{'---:|' * len(sizes)}---:|")
    for shape in args.shapes.split(","):
        if shape == "wire stories" and not REUTERS.exists():
            continue
        medians = []
        for size in sizes:
            text = SHAPES[shape](size * 1000, size)
            medians.append(statistics.median(code_seconds(tidings, text) for _ in range(args.repeats)))
        cells = " | ".join(f"{m:.2f} s" for m in medians)  # CPU seconds
        print(f"| {shape} | {cells} | {medians[-1] / medians[0]:.1f}x |", flush=True)


if __name__ == "__main__":
    main()
