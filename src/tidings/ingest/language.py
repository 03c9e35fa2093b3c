"""Which language an article is written in, detected offline when it is read.

tidings codes an article only with a language pack for its language (`tidings.plugins.languages`), so
ingest records the language on `Article.language` and the pipeline skips the articles it has no pack
for instead of coding them as empty. Detection uses py3langid's bundled model (no download), restricted
to the languages news is commonly written in. It is conservative: a text is called non-English only when
the model is confident, because English news is full of foreign names ("Kenyatta hosted Tshisekedi in
Nairobi") that a short text cannot outweigh; otherwise it stays "en".
"""

from __future__ import annotations

from functools import lru_cache

from ..lang import DEFAULT_LANGUAGE

# ISO 639-1 codes the detector chooses among: widely used news languages. A short list keeps English
# text with many foreign names from being taken for a small language the full model also knows.
CANDIDATE_LANGUAGES = (
    *("en", "fr", "de", "es", "pt", "it", "nl", "ru", "uk", "ar", "fa", "tr", "zh", "ja", "ko", "id"),
    *("sw", "pl", "ro", "sv", "da", "no", "fi", "hu", "cs", "el", "he", "hi", "ur", "vi", "th"),
)
# The model's probability (normalised over the candidates) a text needs to be called non-English.
MIN_CONFIDENCE = 0.9
# Letters a text needs before anything but the default is believed (a headline alone is not enough).
MIN_LETTERS = 20
# Detection reads the beginning of an article: enough to be sure, and long articles stay cheap.
SAMPLE_CHARS = 2000


class LanguageDetector:
    """Detects the language of a text among `CANDIDATE_LANGUAGES`, defaulting to English when unsure."""

    def __init__(self, default: str = DEFAULT_LANGUAGE, min_confidence: float = MIN_CONFIDENCE) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier  # loads numpy: only when first used

        self.default = default
        self.min_confidence = min_confidence
        self.identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        self.identifier.set_languages(CANDIDATE_LANGUAGES)

    def detect(self, text: str) -> str:
        """The ISO 639-1 code of the language of `text`; the default when the text is short or the
        model is not confident."""
        sample = text[:SAMPLE_CHARS]
        if not _has_letters(sample, MIN_LETTERS):
            return self.default
        language, confidence = self.identifier.classify(sample)
        return language if confidence >= self.min_confidence else self.default


def _has_letters(text: str, count: int) -> bool:
    """Whether `text` holds at least `count` letters (stops counting there: most texts do at once)."""
    found = 0
    for char in text:
        if char.isalpha():
            found += 1
            if found >= count:
                return True
    return False


@lru_cache(maxsize=1)
def language_detector() -> LanguageDetector:
    """The detector, loaded once per process on first use (its model takes a second to load)."""
    return LanguageDetector()


def detect_language(title: str, text: str) -> str:
    """The language of an article, read from its title and text."""
    return language_detector().detect(f"{title}\n{text}" if title else text)
