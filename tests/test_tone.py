"""Tone: the sign and scale of text_tone, and tone on events and articles."""

from __future__ import annotations

from tidings.annotate.tone import Toner, tone_lexicon
from tidings.annotate.tone import text_tone as tone_with
from tidings.records import Actor, Article, Event

TONER = Toner(tone_lexicon())


def text_tone(text: str) -> float:
    return tone_with(text, tone_lexicon())

POSITIVE = "The two leaders praised the successful peace agreement and celebrated their friendship."
NEGATIVE = (
    "Militants killed twelve civilians in a brutal attack, and the government condemned the terrorists."
)


def test_positive_sentence_has_positive_tone():
    assert text_tone(POSITIVE) > 10


def test_negative_sentence_has_negative_tone():
    assert text_tone(NEGATIVE) < -10


def test_tone_is_a_percentage_of_words():
    # "peace" is the only scored word among four.
    assert text_tone("They discussed peace today.") == 25.0
    assert -100 <= text_tone("war war war") <= 100


def test_text_without_scored_words_is_neutral():
    assert text_tone("The committee met on Tuesday.") == 0.0
    assert text_tone("") == 0.0


def test_news_neutral_words_do_not_count():
    lexicon = tone_lexicon()
    assert "united" not in lexicon and "party" not in lexicon
    assert text_tone("The United Nations party") == 0.0


def test_tone_events_scores_each_sentence():
    actor = Actor(text="Iran", start=0, end=4, country="IRN")
    event = Event(
        article_id="a", sentence_index=0, sentence=NEGATIVE, start=0, end=len(NEGATIVE),
        source=actor, target=None, code="190", root_code="19", quad_class=4, goldstein=-10.0,
        plover="ASSAULT", plover_mode=None, verb="killed", verb_start=10, verb_end=16, rule="test",
    )  # fmt: skip
    [toned] = TONER.events([event])
    assert toned.tone == text_tone(NEGATIVE) < 0


def test_article_tone_reads_the_text():
    article = Article(id="a", title="t", text=POSITIVE + " " + NEGATIVE)
    assert TONER.article(article) == text_tone(article.text)
