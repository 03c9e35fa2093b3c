import pytest

from tidings.nlp import PipelineMissing, load_pipeline, parse_articles, sentences_of
from tidings.records import Article


def test_sentences_carry_offsets_into_the_article_text(nlp):
    text = "Russia and Iran held talks in Tehran.\n\n  The two countries signed a deal on Monday."
    doc = nlp(text)
    sentences = sentences_of(doc)
    assert [s.index for s in sentences] == [0, 1]
    for sentence in sentences:
        assert text[sentence.start:sentence.end] == sentence.text
    assert sentences[1].text == "The two countries signed a deal on Monday."


def test_parse_articles_keeps_input_order(nlp):
    articles = [Article(id=str(i), title="", text=f"Article number {i} is here.") for i in range(7)]
    parsed = list(parse_articles(nlp, articles, batch_size=3))
    assert [a.id for a, _ in parsed] == [str(i) for i in range(7)]
    assert all(doc.text == article.text for article, doc in parsed)


def test_missing_pipeline_names_what_to_install():
    with pytest.raises(PipelineMissing, match="not installed"):
        load_pipeline("no_such_pipeline_xyz")


def test_long_texts_are_parsed_in_pieces_that_join_back(nlp):
    from tidings.nlp import parse_texts, text_pieces

    text = "\n\n".join(f"Russia and Iran held talks number {i} in Tehran." for i in range(40))
    pieces = text_pieces(text, limit=200)
    assert "".join(pieces) == text
    assert all(len(piece) <= 200 for piece in pieces) and len(pieces) > 5
    [(doc, context)] = list(parse_texts(nlp, [(text, "ctx")], max_chars=200))
    assert context == "ctx" and doc.text == text
    assert len(list(doc.sents)) == 40
    assert [e.text for e in doc.ents if e.label_ == "GPE"].count("Tehran") == 40


def test_a_text_without_breaks_is_still_cut_within_the_limit():
    from tidings.nlp import text_pieces

    text = "x" * 450
    assert [len(p) for p in text_pieces(text, limit=200)] == [200, 200, 50]


def test_default_and_named_default_pipeline_load_once(nlp):
    from tidings.nlp import DEFAULT_PIPELINE, pipeline_name

    if pipeline_name() != DEFAULT_PIPELINE:
        pytest.skip("another pipeline is configured")
    assert load_pipeline() is load_pipeline(DEFAULT_PIPELINE)


def test_a_paragraph_break_always_starts_a_sentence(nlp):
    # A headline without a full stop, and a time stamp ending in a colon, would otherwise run into
    # the paragraph after them, whose verb then hangs from the wrong clause.
    text = "Rebels take the northern town\n\n4:10 p.m.:\n\nThe army says the town fell on Monday."
    text += "\nIt denied losses."
    starts = [sent.text.strip().split()[0] for sent in nlp(text).sents if sent.text.strip()]
    assert starts == ["Rebels", "4:10", "The", "It"]
