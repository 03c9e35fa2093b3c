import pytest

from tidings.pipeline import Tidings, article_sentences
from tidings.prefilter import SentenceSpan
from tidings.records import Article

ARTICLE = Article(
    id="a1",
    title="Talks",
    text=(
        "Wheat prices rose 3 pct to 120 dlrs a tonne in thin trade.\n\n"
        "Russia and Iran signed an agreement on Monday. Shipments totalled 5,000 tonnes.\n\n"
        '"We will cooperate closely," Iranian Foreign Minister Javad Zarif said. '
        "The weather was mild. Germany condemned the attack."
    ),
)


@pytest.fixture(scope="module")
def plain():
    return Tidings.load(prefilter=False)


def event_keys(coded):
    return sorted(
        (e.source.code, e.target.code if e.target else None, e.code, e.verb_start) for e in coded.events
    )


def test_prefilter_keeps_the_events_and_quotes_of_a_full_parse(tidings_pipeline, plain):
    fast = next(tidings_pipeline.code([ARTICLE]))
    full = next(plain.code([ARTICLE]))
    assert event_keys(fast) == event_keys(full)
    assert event_keys(fast)
    assert [(q.start, q.end, q.speaker_code) for q in fast.quotes] == [
        (q.start, q.end, q.speaker_code) for q in full.quotes
    ]


def test_masked_parse_still_lists_every_sentence_with_article_offsets(tidings_pipeline):
    coded = next(tidings_pipeline.code([ARTICLE]))
    texts = [s.text for s in coded.sentences]
    assert "Wheat prices rose 3 pct to 120 dlrs a tonne in thin trade." in texts
    assert "Shipments totalled 5,000 tonnes." in texts
    assert [s.index for s in coded.sentences] == list(range(len(coded.sentences)))
    for sentence in coded.sentences:
        assert ARTICLE.text[sentence.start : sentence.end] == sentence.text


def test_event_and_quote_sentence_indexes_point_into_the_sentence_list(tidings_pipeline):
    coded = next(tidings_pipeline.code([ARTICLE]))
    assert coded.events and coded.quotes
    for event in coded.events:
        sentence = coded.sentences[event.sentence_index]
        assert (sentence.text, sentence.start, sentence.end) == (event.sentence, event.start, event.end)
        assert sentence.start <= event.verb_start < sentence.end
    for quote in coded.quotes:
        sentence = coded.sentences[quote.sentence_index]
        assert sentence.start <= quote.start < sentence.end + 2


def test_article_sentences_split_at_masked_spans_even_inside_one_parsed_sentence(nlp):
    text = "Iran agreed. Filler words here. Russia too."
    masked = "Iran agreed.                    Russia too."
    spans = [SentenceSpan(0, 12, True), SentenceSpan(13, 31, False), SentenceSpan(32, 43, True)]
    sentences = article_sentences(text, nlp(masked), spans)
    assert [s.text for s in sentences] == ["Iran agreed.", "Filler words here.", "Russia too."]


def test_an_article_with_nothing_to_code_still_has_its_sentences(tidings_pipeline):
    article = Article(id="x", title="", text="Prices rose. Volumes fell sharply.")
    coded = next(tidings_pipeline.code([article]))
    assert [s.text for s in coded.sentences] == ["Prices rose.", "Volumes fell sharply."]
    assert coded.events == ()


@pytest.mark.slow
def test_two_workers_give_the_same_records_as_one(tidings_pipeline):
    articles = [
        Article(id=f"a{i}", title="", text=ARTICLE.text.replace("Monday", f"day {i}")) for i in range(7)
    ]
    one = list(tidings_pipeline.code(articles, batch_size=2))
    two = list(tidings_pipeline.code(articles, batch_size=2, workers=2))
    assert two == one
    assert [c.article.id for c in two] == [a.id for a in articles]


@pytest.mark.slow
def test_workers_started_ahead_code_even_an_input_smaller_than_a_batch(tidings_pipeline):
    articles = [
        Article(id=f"s{i}", title="", text=ARTICLE.text.replace("Monday", f"day {i}")) for i in (1, 2)
    ]
    ahead = Tidings(tidings_pipeline.settings)
    ahead.start_workers(2)
    coded = list(ahead.code(articles, batch_size=32, workers=2))
    assert coded == list(tidings_pipeline.code(articles, batch_size=32))
    assert "nlp" not in vars(ahead)  # coded by the workers, not in this process
    ahead.stop_workers()  # nothing left to stop: the code call took them
    ahead.start_workers(2)
    ahead.stop_workers()  # never taken: ended here
    assert ahead._started is None


def test_a_lazy_pipeline_loads_its_stages_on_first_use():
    lazy = Tidings.load(lazy=True)
    assert "nlp" not in vars(lazy)
    coded = next(lazy.code([ARTICLE]))
    assert "nlp" in vars(lazy) and coded.events
