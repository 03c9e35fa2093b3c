import pytest

from tidings.lang import load_language
from tidings.prefilter import SentenceSpan, masked_text
from tidings.prefilter import sentence_bounds as bounds_with_marks

MARKS = load_language("en").quote_marks


def sentence_bounds(words, spaced):
    return bounds_with_marks(words, spaced, MARKS)


@pytest.fixture(scope="module")
def prefilter(tidings_pipeline):
    return tidings_pipeline.prefilter


def kept(prefilter, text):
    return [(text[s.start : s.end].strip(), s.keep) for s in prefilter.sentences(text)]


def test_sentences_with_actors_or_speech_are_kept_and_the_rest_skipped(prefilter):
    text = (
        "Russia and Iran held talks in Tehran. Wheat prices rose 3 pct to 120 dlrs a tonne.\n\n"
        "The company said profits fell. Shipments were 5,000 tonnes."
    )
    assert kept(prefilter, text) == [
        ("Russia and Iran held talks in Tehran.", True),
        ("Wheat prices rose 3 pct to 120 dlrs a tonne.", False),
        ("The company said profits fell.", True),
        ("Shipments were 5,000 tonnes.", False),
    ]


def test_pronouns_and_role_nouns_count_only_in_an_article_naming_an_actor(prefilter):
    with_actor = "Germany protested. They summoned the ambassador. Prices fell."
    without = "They summoned the ambassador. Prices fell."
    assert [k for _, k in kept(prefilter, with_actor)] == [True, True, False]
    assert [k for _, k in kept(prefilter, without)] == [False, False]


def test_a_sentence_naming_a_notable_place_is_kept_even_without_an_actor(prefilter):
    text = "A barn burned down in rural Gainesville on Monday. Prices fell."
    assert [k for _, k in kept(prefilter, text)] == [True, False]


def test_a_quotation_over_several_sentences_is_kept_whole(prefilter):
    text = 'Prices fell. "We are worried. Costs are high. Sales are down," the board wrote.'
    assert [k for _, k in kept(prefilter, text)] == [False, True, True, True]


def test_case_sensitive_terms_do_not_match_common_words(prefilter):
    assert kept(prefilter, "Let us go home now.") == [("Let us go home now.", False)]


def test_masking_keeps_length_offsets_and_newlines():
    text = "Keep this.\nDrop that one.\nKeep too."
    spans = [SentenceSpan(0, 10, True), SentenceSpan(11, 25, False), SentenceSpan(26, 35, True)]
    masked = masked_text(text, spans)
    assert len(masked) == len(text)
    assert masked == "Keep this.\n" + " " * 14 + "\nKeep too."


def test_splitter_breaks_at_full_stops_and_paragraphs_not_abbreviations(nlp):
    doc = nlp.make_doc("The U.S. agreed. Mr. Smith left\n\nNew paragraph here")
    words, spaced = [t.text for t in doc], [bool(t.whitespace_) for t in doc]
    texts = [" ".join(words[a:b]).strip() for a, b in sentence_bounds(words, spaced)]
    assert texts == ["The U.S. agreed .", "Mr. Smith left", "New paragraph here"]


def test_a_closing_quotation_mark_stays_with_its_sentence(nlp):
    doc = nlp.make_doc('He said: "We agree." Then he left.')
    words, spaced = [t.text for t in doc], [bool(t.whitespace_) for t in doc]
    ends = [words[b - 1] for _, b in sentence_bounds(words, spaced)]
    assert ends == ['"', "."]


def test_every_sentence_is_inside_the_text_and_they_do_not_overlap(prefilter):
    text = "Russia spoke. Nothing here.   \n\nIran replied, he said."
    spans = prefilter.sentences(text)
    assert all(0 <= a.start < a.end <= len(text) for a in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


def test_leaders_match_in_any_case(prefilter):
    assert kept(prefilter, "President obama expressed sorrow for the shootings.")[0][1] is True


def test_short_title_abbreviations_do_not_end_a_sentence(nlp):
    doc = nlp.make_doc("Lt. Gen. Prosper Avril resigned yesterday. Prices fell.")
    words, spaced = [t.text for t in doc], [bool(t.whitespace_) for t in doc]
    assert len(list(sentence_bounds(words, spaced))) == 2
