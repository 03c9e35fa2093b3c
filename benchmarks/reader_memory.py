"""Peak memory of reading a large JSONL file: it is streamed line by line, so memory stays flat.

    PYTHONPATH=src .venv/bin/python benchmarks/reader_memory.py [--mb 200]

Writes a JSONL file of about MB megabytes of article records to a temporary folder, reads it with
`tidings.read_articles` in a fresh subprocess (parsing every record, coding none) and prints the
subprocess's peak RSS against the file size; also the same for a text file over the whole-file cap
(refused with one error, never read whole).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
READ = """
import resource, sys
from tidings.ingest import read_articles
from tidings.records import Article
articles = errors = 0
for item in read_articles([sys.argv[1]]):
    if isinstance(item, Article):
        articles += 1
    else:
        errors += 1
print(articles, errors, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""
PARAGRAPH = "Russia criticized Iran over the talks on Monday, and the foreign minister said so. " * 40


def measure(path: Path) -> tuple[int, int, int]:
    done = subprocess.run([sys.executable, "-c", READ, str(path)], capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO / "src")}, check=True)
    articles, errors, peak = map(int, done.stdout.split())
    return articles, errors, peak


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        jsonl, text = Path(scratch) / "big.jsonl", Path(scratch) / "big.txt"
        with jsonl.open("w", encoding="utf-8") as handle:
            number = 0
            while handle.tell() < args.mb * 2**20:
                handle.write(json.dumps({"id": f"a{number}", "text": f"{number}. {PARAGRAPH}"}) + "\n")
                number += 1
        with text.open("w", encoding="utf-8") as handle:
            handle.write("A title\n\n")
            while handle.tell() < args.mb * 2**20:
                handle.write(PARAGRAPH + "\n\n")
        print("| input | size | articles | errors | peak RSS |")
        print("|---|---:|---:|---:|---:|")
        for path in (jsonl, text):
            articles, errors, peak = measure(path)
            size = path.stat().st_size // 2**20
            print(f"| {path.name} | {size} MB | {articles} | {errors} | {peak} MB |")


if __name__ == "__main__":
    main()
