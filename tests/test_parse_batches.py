"""spaCy batches bounded by characters: grouping, and the same coding whatever the batches."""

from __future__ import annotations

from tidings.pipeline import parse_batches
from tidings.records import Article

TEXTS = (
    "Israeli troops attacked Hamas positions in Gaza on Monday, the army said.",
    "Iran accused the United States of imposing sanctions on its oil exports.",
    "Protesters marched in Paris. Police fired tear gas at them and arrested dozens, police said.",
    "Germany's chancellor met the French president in Berlin to discuss Ukraine.",
    "Rebels abducted ten villagers near Goma, local officials told Reuters.",
)


def article(n: int, text: str) -> Article:
    return Article(id=f"a{n}", text=text, title="")


def test_batches_keep_order_and_bounds():
    articles = [article(n, "x" * length) for n, length in enumerate((10, 10, 30, 5, 100, 1, 1, 1))]
    batches = list(parse_batches(articles, 3, max_chars=25))
    assert [a.id for batch in batches for a in batch] == [a.id for a in articles]
    assert [[len(a.text) for a in batch] for batch in batches] == [[10, 10], [30], [5], [100], [1, 1, 1]]
    assert [len(b) for b in parse_batches(articles, 2, max_chars=10_000)] == [2, 2, 2, 2]
    assert list(parse_batches([], 4)) == []


def test_coding_is_the_same_in_any_batches(tidings_pipeline):
    articles = [article(n, text) for n, text in enumerate(TEXTS * 2)]
    tidings = tidings_pipeline
    one_batch = [tidings.code_doc(*parsed) for parsed in tidings.parse(articles, len(articles))]
    one_each = [tidings.code_doc(*parsed) for parsed in tidings.parse_bounded(articles, 32, max_chars=1)]
    assert one_each == one_batch
    assert sum(len(c.events) for c in one_batch) >= 4
