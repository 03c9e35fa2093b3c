"""Tone: how positive or negative a text reads, on a GDELT-like scale.

tone = (positive words - negative words) / all words x 100

A word is positive (negative) when VADER's lexicon (shipped with vaderSentiment, read offline)
gives it a valence of at least +0.5 (at most -0.5); words that are neutral in news
(lang/en/tone_neutral.tsv: "united", "party", "no") do not count. Like GDELT's tone the range is
-100..+100, with news typically between -10 and +10; 0 means balanced or no scored words.
Negation and intensity are ignored on purpose: the score is a word-count ratio, comparable
across sentences and articles of any length.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ..lang import load_language
from ..records import Article, Event

MIN_VALENCE = 0.5
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@lru_cache(maxsize=2)
def tone_lexicon(language: str = "en") -> Mapping[str, float]:
    """VADER's word valences (-4..+4) without the words that are neutral in news in `language`."""
    neutral = load_language(language).tone_neutral
    lexicon = SentimentIntensityAnalyzer().lexicon
    return {
        word: valence
        for word, valence in lexicon.items()
        if word not in neutral and abs(valence) >= MIN_VALENCE
    }


class Toner:
    """The tone stage: one sentiment lexicon for the events and the article."""

    def __init__(self, lexicon: Mapping[str, float]) -> None:
        self.lexicon = lexicon

    def events(self, events: list[Event]) -> list[Event]:
        """Each event with the tone of its sentence."""
        return [replace(event, tone=text_tone(event.sentence, self.lexicon)) for event in events]

    def article(self, article: Article) -> float:
        """The tone of the whole article text."""
        return text_tone(article.text, self.lexicon)


def text_tone(text: str, lexicon: Mapping[str, float]) -> float:
    """(positive - negative words) / all words x 100; 0.0 for text without words."""
    words = WORD.findall(text.lower().replace("’", "'"))
    if not words:
        return 0.0
    valences = [lexicon[word] for word in words if word in lexicon]
    positive = sum(1 for valence in valences if valence > 0)
    negative = len(valences) - positive
    return round((positive - negative) / len(words) * 100, 3)
