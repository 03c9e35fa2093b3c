"""Property-based tests (hypothesis): the readers and the whole pipeline on random input.

Whatever the bytes, JSON shapes, text or dates: no exception escapes a reader or the pipeline, every
character offset lies inside the article text, every date is a real date at its precision, and
ingesting the same records twice stores nothing new. CI runs a bounded number of examples (the "ci"
profile); `benchmarks/properties.py` runs the same properties for long (HYPOTHESIS_PROFILE=long).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.ingest import read_articles
from tidings.ingest.text import make_article
from tidings.records import Article, CodedArticle, InputError, date_bounds

settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("TIDINGS_PROPERTY_EXAMPLES", "2000")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

EXTENSIONS = (".txt", ".jsonl", ".json", ".html", ".xml", ".rss", ".parquet")
ACTORS = ("Russia", "Iran", "the United Nations", "President Putin", "Turkish police", "rebels", "France")
VERBS = ("criticized", "met", "attacked", "praised", "accused", "will visit", "said it would sanction")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
RELATIVE = ("yesterday", "today", "tomorrow", "last week", "next week", "last month", "next month",
            "last year", "next year", "on Tuesday", "last Friday", "three days ago", "two years ago")

# JSON values of any shape, with the record fields readers look at among the keys.
FIELDS = st.sampled_from(["id", "text", "title", "date", "published", "url", "link", "source_url", "x"])
JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(FIELDS | st.text(max_size=5), inner, max_size=5),
    max_leaves=12,
)
DATES = st.dates(min_value=dt.date.min, max_value=dt.date.max)
EXTREME_DATES = st.sampled_from([dt.date.min, dt.date.max, dt.date(1, 12, 31), dt.date(9999, 1, 1)]) | DATES


@st.composite
def date_phrases(draw) -> str:
    """Date expressions, sensible or not: "on March 12", "on February 30", "January 0, 2019", "last week"."""
    day = draw(st.integers(min_value=0, max_value=40))
    month = draw(st.sampled_from(MONTHS))
    year = draw(st.integers(min_value=0, max_value=99_999))
    return draw(st.sampled_from([
        f"on {month} {day}", f"on {day} {month} {year}", f"on {month} {day}, {year}", f"in {month} {year}",
        f"in {year}", f"{year}-{day:02d}-{day:02d}", draw(st.sampled_from(RELATIVE)),
    ]))


@st.composite
def news_sentences(draw) -> str:
    """A sentence that codes an event, with a date phrase somewhere, and perhaps a quotation."""
    source, target = draw(st.sampled_from(ACTORS)), draw(st.sampled_from(ACTORS))
    sentence = f"{source} {draw(st.sampled_from(VERBS))} {target} {draw(date_phrases())}."
    if draw(st.booleans()):
        sentence += f' "{draw(st.text(alphabet=string.ascii_letters + " ,.", max_size=40))}," he said.'
    return sentence


TEXTS = st.text(min_size=1, max_size=400) | st.lists(news_sentences(), min_size=1, max_size=4).map(" ".join)


def cleaned(text: str, published: dt.date | None = None) -> Article | None:
    """The article ingest would make of `text` (cleaned, scrubbed), or None when ingest refuses it."""
    try:
        return make_article("random.txt", title="", body=text, published=published)
    except Exception:  # BadInput: no text left
        return None


def check_offsets(coded: CodedArticle) -> None:
    text = coded.article.text
    size = len(text)
    for sentence in coded.sentences:
        assert 0 <= sentence.start <= sentence.end <= size
        assert text[sentence.start : sentence.end] == sentence.text
    for actor in coded.actors:
        assert 0 <= actor.start < actor.end <= size
    for event in coded.events:
        assert 0 <= event.start <= event.end <= size and 0 <= event.verb_start < event.verb_end <= size
        for actor in (event.source, event.target):
            if actor is not None:
                assert 0 <= actor.start < actor.end <= size
    for quote in coded.quotes:
        assert 0 <= quote.start <= quote.end <= size
    for place in coded.places:
        if place.start is not None:
            assert 0 <= place.start < place.end <= size


def check_dates(coded: CodedArticle) -> None:
    for event in coded.events:
        if event.date is not None:
            first, last = date_bounds(event.date)  # a real date at any precision ("2019-W16", "2019-Q2")
            assert first <= last
            assert event.date_precision in ("day", "week", "month", "quarter", "year")


# ---------------------------------------------------------------- readers


@given(data=st.binary(max_size=2_000), extension=st.sampled_from(EXTENSIONS))
def test_readers_never_raise_on_random_bytes(tmp_path_factory, data, extension):
    path = tmp_path_factory.mktemp("bytes") / f"random{extension}"
    path.write_bytes(data)
    for item in read_articles([path]):
        assert isinstance(item, Article | InputError)
        if isinstance(item, Article):
            assert item.text.strip()
            item.text.encode("utf-8"), item.title.encode("utf-8"), item.id.encode("utf-8")


@given(values=st.lists(JSON_VALUES, min_size=1, max_size=5), as_array=st.booleans())
def test_readers_never_raise_on_random_json_shapes(tmp_path_factory, values, as_array):
    folder = tmp_path_factory.mktemp("json")
    if as_array:
        (folder / "records.json").write_text(json.dumps(values), encoding="utf-8")
    else:
        (folder / "records.jsonl").write_text("\n".join(json.dumps(v) for v in values), encoding="utf-8")
    for item in read_articles([folder]):
        assert isinstance(item, Article | InputError)
        if isinstance(item, Article):
            assert isinstance(item.id, str) and isinstance(item.title, str) and item.text.strip()
            assert item.published is None or isinstance(item.published, dt.date)


@given(text=st.text(max_size=300), record_id=st.text(max_size=20), date=st.text(max_size=12))
def test_readers_take_any_unicode_record(tmp_path_factory, text, record_id, date):
    path = tmp_path_factory.mktemp("unicode") / "one.jsonl"
    path.write_text(json.dumps({"id": record_id, "text": text, "date": date}) + "\n", encoding="utf-8")
    # one record: one answer (an article or an error), besides warnings (an unreadable date)
    items = [i for i in read_articles([path]) if not (isinstance(i, InputError) and i.warning)]
    assert len(items) == 1 and isinstance(items[0], Article | InputError)
    if isinstance(items[0], Article):  # no lone surrogate survives reading: the text encodes as UTF-8
        assert items[0].text.encode("utf-8").decode("utf-8") == items[0].text
        assert items[0].id.encode("utf-8").decode("utf-8") == items[0].id


# ---------------------------------------------------------------- the whole pipeline


@given(text=TEXTS, published=st.none() | EXTREME_DATES)
def test_pipeline_codes_any_text_with_offsets_inside_and_real_dates(tidings_pipeline, text, published):
    article = cleaned(text, published)
    if article is None:
        return
    (coded,) = tidings_pipeline.code([article])  # no on_error: nothing may raise at all
    assert coded.article == article
    check_offsets(coded)
    check_dates(coded)


@given(sentences=st.lists(news_sentences(), min_size=1, max_size=6), published=EXTREME_DATES)
def test_dates_and_published_dates_of_any_kind(tidings_pipeline, sentences, published):
    article = cleaned("\n\n".join(sentences), published)
    assert article is not None
    (coded,) = tidings_pipeline.code([article])
    check_offsets(coded)
    check_dates(coded)


@settings(max_examples=max(settings().max_examples // 5, 3))
@given(records=st.lists(st.tuples(TEXTS, st.none() | DATES), min_size=1, max_size=4))
def test_reingest_is_idempotent(tmp_path_factory, tidings_pipeline, records):
    from tidings.store import ingest, open_store

    folder = tmp_path_factory.mktemp("reingest")
    lines = [json.dumps({"text": text, "date": day and day.isoformat()}) for text, day in records]
    (folder / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = folder / "db.duckdb"
    first = ingest([folder], db, tidings=tidings_pipeline)
    with open_store(db, read_only=True) as store:
        before = {t: store.table(t).num_rows for t in ("articles", "sentences", "events", "quotes", "errors")}
    second = ingest([folder], db, tidings=tidings_pipeline)
    assert (second.articles, second.skipped) == (0, first.articles)
    with open_store(db, read_only=True) as store:
        assert {t: store.table(t).num_rows for t in before} == before
