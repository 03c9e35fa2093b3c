"""A poison article costs only itself: in one process and in worker processes, reported as one error
naming the article, while the articles around it are coded as if it were not there."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.pipeline import Tidings, coding_failure
from tidings.records import Article, InputError

# spaCy's string store cannot encode a lone surrogate; a text past nlp.max_length is refused outright.
SURROGATE = "Russia criticized \ud800 Iran on Monday."


def good(n: int) -> Article:
    return Article(id=f"good{n}", title="", text=f"Russia criticized Iran over case {n} on Monday.",
                   published=dt.date(2017, 1, 5), source=f"in.jsonl:{n}")


def poison(text: str, n: int = 0) -> Article:
    return Article(id=f"poison{n}", title="", text=text, source=f"in.jsonl:p{n}")


def test_without_on_error_the_failure_propagates(tidings_pipeline):
    with pytest.raises(UnicodeEncodeError):
        list(tidings_pipeline.code([good(1), poison(SURROGATE)]))


@pytest.mark.parametrize("batch_size", [1, 3, 32])
def test_with_on_error_the_poison_is_reported_and_the_rest_coded(tidings_pipeline, batch_size):
    articles = [good(1), poison(SURROGATE, 1), good(2), poison("x" * 5_000_001, 2), good(3)]
    reported: list[InputError] = []
    coded = list(tidings_pipeline.code(articles, batch_size=batch_size, on_error=reported.append))
    assert [c.article.id for c in coded] == ["good1", "good2", "good3"]
    assert [e.source for e in reported] == ["in.jsonl:p1", "in.jsonl:p2"]
    assert "article 'poison1' could not be coded: UnicodeEncodeError" in reported[0].message
    alone = list(tidings_pipeline.code([good(2)]))
    assert coded[1] == alone[0]  # the poison beside it changed nothing


def test_code_isolated_keeps_input_order(tidings_pipeline):
    out = tidings_pipeline.code_isolated([poison(SURROGATE), good(1)])
    assert isinstance(out[0], InputError) and out[1].article.id == "good1"


def test_failure_lines_are_short_and_name_the_article():
    raised = ValueError("line one\nline two " + "x" * 1000)
    error = coding_failure(Article(id="a1", title="", text="t"), raised)
    assert error.source == "article 'a1'" and "\n" not in error.message and len(error.message) < 400


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Russia criticized Iran on January 0.", dt.date(2017, 1, 5)),
        ("Russia criticized Iran on February 30.", dt.date(2017, 3, 5)),
        ("Russia criticized Iran last month and will meet it next week.", dt.date(1, 1, 1)),
        ("Russia criticized Iran yesterday and will meet it next year.", dt.date(9999, 12, 31)),
        ("Russia criticized Iran on Tuesday, three years ago, in March.", dt.date(1, 1, 1)),
    ],
)
def test_dates_off_the_calendar_give_no_date_and_no_failure(tidings_pipeline, text, published):
    (coded,) = tidings_pipeline.code([Article(id="d", title="", text=text, published=published)])
    assert coded.events  # the dater ran on them
    for event in coded.events:
        assert event.date is None or valid_date(event.date)


def valid_date(value: str) -> bool:
    """An event date at its precision: "2017", "2017-01" or "2017-01-05"."""
    padded = {4: "-01-01", 7: "-01", 10: ""}[len(value)]
    return isinstance(dt.date.fromisoformat(value + padded), dt.date)


@pytest.mark.slow
def test_worker_processes_isolate_a_poison_article():
    tidings = Tidings.load(lazy=True)
    articles = [good(n) for n in range(6)]
    articles.insert(3, poison(SURROGATE, 9))
    reported: list[InputError] = []
    coded = list(tidings.code(articles, batch_size=2, workers=2, on_error=reported.append))
    assert [c.article.id for c in coded] == [f"good{n}" for n in range(6)]
    assert [e.source for e in reported] == ["in.jsonl:p9"]


def test_entity_span_from_iob_tags_equals_the_docs_entities(nlp):
    from tidings.nlp.syntax import entity_span

    text = ("Russian Foreign Minister Sergei Lavrov met Iranian President Hassan Rouhani in Tehran on "
            "Monday. The United Nations Security Council and the European Union said on 5 January 2017 "
            "that Bashar al-Assad's forces shelled Aleppo.")
    doc = nlp(text)
    assert doc.ents
    for token in doc:
        expected = next((e for e in doc.ents if e.start <= token.i < e.end), None)
        found = entity_span(token)
        if expected is None:
            assert found is None
        else:
            assert (found.start, found.end, found.label_) == (expected.start, expected.end, expected.label_)
