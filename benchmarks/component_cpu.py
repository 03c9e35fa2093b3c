"""CPU seconds of each spaCy pipeline component, tidings' pipeline beside spaCy's as shipped.

    PYTHONPATH=src .venv/bin/python benchmarks/component_cpu.py [CORPUS.jsonl] --limit 400

Both pipelines read the same texts (the first `--limit` records, unmasked): the docs are made with
the tokenizer, then each component in pipeline order runs over all of them (`component.pipe(docs)`),
timed with `time.process_time`. `--check` also compares every token's annotations between the two
pipelines and prints how many tokens differ (must be 0: tidings' own components only do the same work
faster).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from typing import Any

import spacy

from tidings.nlp.parse import PARAGRAPH_COMPONENT, UNUSED_COMPONENTS, load_pipeline, pipeline_name

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "reuters21578" / "reuters21578.jsonl"
ANNOTATIONS = ("text", "tag_", "pos_", "morph", "lemma_", "dep_", "ent_iob_", "ent_type_", "is_sent_start")


def component_seconds(nlp: Any, texts: list[str]) -> tuple[dict[str, float], list[Any]]:
    seconds: dict[str, float] = {}
    started = time.process_time()
    docs = [nlp.make_doc(text) for text in texts]
    seconds["tokenizer"] = time.process_time() - started
    for name, component in nlp.pipeline:
        started = time.process_time()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=50))
        else:
            docs = [component(doc) for doc in docs]
        seconds[name] = time.process_time() - started
    return seconds, docs


def differing_tokens(ours: Iterable[Any], theirs: Iterable[Any]) -> tuple[int, int]:
    compared = differ = 0
    for one, other in zip(ours, theirs, strict=True):
        for a, b in zip(one, other, strict=True):
            compared += 1
            mine = [str(getattr(a, name)) for name in ANNOTATIONS] + [a.head.i]
            stock = [str(getattr(b, name)) for name in ANNOTATIONS] + [b.head.i]
            differ += mine != stock
    return compared, differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--check", action="store_true", help="compare every token's annotations")
    args = parser.parse_args()
    with args.corpus.open(encoding="utf-8") as lines:
        texts = [json.loads(line).get("text") or "" for line in islice(lines, args.limit)]
    stock = spacy.load(pipeline_name(), exclude=list(UNUSED_COMPONENTS))
    stock.add_pipe(PARAGRAPH_COMPONENT, before="parser")  # the same sentence starts as tidings'
    theirs, stock_docs = component_seconds(stock, texts)
    ours, our_docs = component_seconds(load_pipeline(), texts)
    print(f"{args.corpus.name}: {len(texts)} records\n")
    print("| component | spaCy as shipped CPU s | tidings CPU s |")
    print("|---|---:|---:|")
    for name in dict.fromkeys([*theirs, *ours]):
        print(f"| {name} | {_seconds(theirs.get(name))} | {_seconds(ours.get(name))} |")
    print(f"| **all** | {sum(theirs.values()):.2f} | {sum(ours.values()):.2f} |")
    if args.check:
        compared, differ = differing_tokens(our_docs, stock_docs)
        print(f"\n{compared:,} tokens compared, {differ} with different annotations")


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


if __name__ == "__main__":
    main()
