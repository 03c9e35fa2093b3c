"""Results remembered per doc (to spare the coders repeated walks of one parse) equal those computed
afresh, and never carry over from one doc to the next."""

from __future__ import annotations

from tidings.coding.events.lexicon import load_event_lexicon
from tidings.coding.events.patterns import PatternMatcher
from tidings.nlp.parse import _sentences_of, sentences_of

TEXTS = (
    "Israeli troops attacked Hamas positions in Gaza on Monday. The army said it imposed a curfew.",
    "Iran accused the United States of imposing sanctions on its oil exports. Talks were held in Oman.",
    "Protesters marched in Paris. Police fired tear gas at them and arrested dozens.",
)


def test_best_pattern_remembered_per_doc_equals_a_fresh_answer(nlp, english):
    lexicon = load_event_lexicon(language="en")
    remembered = PatternMatcher(lexicon, english)
    docs = [nlp(text) for text in TEXTS]
    fired = 0
    for doc in [*docs, docs[0]]:  # back to the first doc: its answers are computed again, not stale
        for token in doc:
            first = remembered.best_pattern(token)
            assert remembered.best_pattern(token) is first
            assert first == PatternMatcher(lexicon, english).best_pattern(token)
            fired += first is not None
    assert fired >= 6


def test_pattern_fits_agrees_with_best_pattern(nlp, english):
    matcher = PatternMatcher(lexicon := load_event_lexicon(language="en"), english)
    doc = nlp(TEXTS[1])
    for token in doc:
        best = matcher.best_pattern(token)
        if best is not None:
            assert matcher.pattern_fits(best, token)
    assert any(matcher.best_pattern(t) is not None for t in doc) and lexicon.by_verb


def test_sentences_remembered_per_doc_equal_fresh_ones(nlp):
    docs = [nlp(text) for text in TEXTS]
    for doc in [*docs, docs[0]]:
        assert sentences_of(doc) == _sentences_of(doc)
        assert [s.text for s in sentences_of(doc)] == [s.text.strip() for s in doc.sents]
    masked = nlp("   \n  Police fired tear gas.  ")
    [sentence] = sentences_of(masked)
    assert masked.text[sentence.start : sentence.end] == sentence.text == "Police fired tear gas."


def test_quotations_remembered_for_the_last_text_equal_a_fresh_reading():
    from tidings.lang import load_language
    from tidings.nlp import quotations as reading

    marks = load_language("en").quote_marks
    text = (
        "He said: \u201cWe won\u2019t go.\u201d Then \u2018maybe\u2019 and ''twice'' and \"open\n"
        "\u201cStill going,\u201d she said. It\u2019s done.\n"
    )
    first = reading.quotations(text, marks)
    first.append(("changed by a caller",))  # a caller's list is its own
    again = reading.quotations(text, marks)
    reading._last_quotations = ("", None, [])  # forget: read afresh
    assert again == reading.quotations(text, marks) and again and len(again) == len(first) - 1
    other = "Nothing quoted here."
    assert reading.quotations(other, marks) == [] and reading.quotations(text, marks) == again


def test_text_and_tokens_remembered_per_doc_equal_spacys(nlp):
    from tidings.nlp.parse import text_of, tokens_in, tokens_of

    docs = [nlp(text) for text in TEXTS]
    for doc in [*docs, docs[0]]:  # back to the first doc: read again, not stale
        assert text_of(doc) == doc.text
        assert [t.i for t in tokens_of(doc)] == list(range(len(doc)))
        assert all(t.doc is doc for t in tokens_of(doc))
        for sent in doc.sents:
            assert [t.text for t in tokens_in(sent)] == [t.text for t in sent]


def test_paragraph_breaks_start_sentences(nlp):
    doc = nlp("Talks ended in Oman\nTroops left Kabul \n  Police fired tear gas.")
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts[:3] == ["Talks", "Troops", "Police"]
    single = nlp("One line only, no break at all.")
    assert [t.is_sent_start for t in single][0] and sum(bool(t.is_sent_start) for t in single) == 1
