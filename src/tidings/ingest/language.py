"""Which language an article is written in, detected offline when it is read.

tidings codes an article only with a language pack for its language (`tidings.plugins.languages`), so
ingest records the language on `Article.language` and the pipeline skips the articles it has no pack
for instead of coding them as empty. Detection uses py3langid's bundled model (no download), restricted
to the languages news is commonly written in. It is conservative: a text is called non-English only when
the model is confident, because English news is full of foreign names ("Kenyatta hosted Tshisekedi in
Nairobi") that a short text cannot outweigh; otherwise it stays "en".
"""

from __future__ import annotations

import hashlib
import os
import re
from array import array
from contextlib import suppress
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from ..lang import DEFAULT_LANGUAGE
from ..lang.en import load_marker_words
from ..resources import cache_dir

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
# A text where the default language's marker words ("the", "said", "which") make up this share of the
# words, and at least MIN_MARKERS of them, is in that language without asking the model (the marker
# list leaves out words the other candidate languages use often). The model costs a millisecond or
# more per article in ingest's main process; counting costs a few microseconds.
MARKER_SHARE = 0.08
MIN_MARKERS = 4
WORD = re.compile(r"[^\W\d_]+")


class LanguageDetector:
    """Detects the language of a text among `CANDIDATE_LANGUAGES`, defaulting to English when unsure."""

    def __init__(
        self,
        default: str = DEFAULT_LANGUAGE,
        min_confidence: float = MIN_CONFIDENCE,
        markers: frozenset[str] = frozenset(),
    ) -> None:
        self.default = default
        self.min_confidence = min_confidence
        self.markers = markers  # the default language's marker words (lower case)
        self.identifier = _identifier(cache_dir() / f"langid-{_model_key()}.npz")
        self.identifier.set_languages(CANDIDATE_LANGUAGES)

    def detect(self, text: str) -> str:
        """The ISO 639-1 code of the language of `text`; the default when the text is short or the
        model is not confident."""
        sample = text[:SAMPLE_CHARS]
        if not _has_letters(sample, MIN_LETTERS) or self.marked(sample):
            return self.default
        language, confidence = self.identifier.classify(sample)
        return language if confidence >= self.min_confidence else self.default

    def marked(self, sample: str) -> bool:
        """Whether the default language's marker words are common enough in `sample` to call it that
        language outright."""
        if not self.markers:
            return False
        words = WORD.findall(sample.lower())
        hits = sum(word in self.markers for word in words)
        return hits >= MIN_MARKERS and hits >= MARKER_SHARE * len(words)


def _has_letters(text: str, count: int) -> bool:
    """Whether `text` holds at least `count` letters (stops counting there: most texts do at once)."""
    found = 0
    for char in text:
        if char.isalpha():
            found += 1
            if found >= count:
                return True
    return False


# ---------------------------------------------------------------- the model, unpacked once

# py3langid ships its model LZMA-compressed: unpacking it costs ~0.7 CPU s in every process that detects
# (ingest's main process, before its first batch). The model restricted to the candidates is kept
# uncompressed in tidings' cache folder and read from there (~0.05 s) by the next runs.
MODEL_ARRAYS = ("ptc", "pc", "classes", "nextmove", "row", "output")


def _model_key() -> str:
    """What the unpacked model depends on: py3langid's version and the candidate languages."""
    digest = hashlib.sha256(f"py3langid {version('py3langid')} {' '.join(CANDIDATE_LANGUAGES)}".encode())
    return digest.hexdigest()[:16]


def _identifier(cached: Path) -> Any:
    """py3langid's identifier over the candidates, from the unpacked model at `cached`, else from the
    bundled model (then unpacked to `cached` for the next run; a read-only cache is no error)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier  # numpy: only when first used
    from py3langid.modelio import load_model

    try:
        with np.load(cached, allow_pickle=False) as data:
            arrays = {name: data[name] for name in MODEL_ARRAYS}
    except (OSError, ValueError, KeyError):
        arrays = _restricted(load_model(MODEL_DIR / MODEL_FILE))
        with suppress(OSError):
            _write_atomically(cached, arrays)
    return LanguageIdentifier(
        arrays["ptc"],
        arrays["pc"],
        arrays["classes"].tolist(),
        _stdlib_array(arrays["nextmove"]),
        arrays["output"].tolist(),
        norm_probs=True,
        tk_row=_stdlib_array(arrays["row"]),
    )


def _restricted(model: tuple) -> dict[str, np.ndarray]:
    """The arrays of py3langid's model, its class columns cut to the candidate languages (as
    `set_languages` would cut them)."""
    ptc, pc, classes, nextmove, row, output = model
    keep = [i for i, code in enumerate(classes) if code in CANDIDATE_LANGUAGES]
    return {
        "ptc": np.ascontiguousarray(np.asarray(ptc)[:, keep]),
        "pc": np.asarray(pc)[keep],
        "classes": np.array([classes[i] for i in keep]),
        "nextmove": np.frombuffer(nextmove, dtype=_NUMPY_TYPES[nextmove.typecode]),
        "row": np.frombuffer(row, dtype=_NUMPY_TYPES[row.typecode]),
        "output": np.asarray(output, dtype=np.int64),
    }


# The stdlib array type codes py3langid's DFA tables use, and the unsigned numpy types of their size.
_NUMPY_TYPES = {"H": np.uint16, "I": np.uint32, "L": np.uint64}
_ARRAY_CODES = {np.dtype(kind): code for code, kind in _NUMPY_TYPES.items()}


def _stdlib_array(values: np.ndarray) -> array:
    """A numpy vector as the stdlib array py3langid walks its DFA with (its typecode by item type)."""
    out = array(_ARRAY_CODES[values.dtype])
    out.frombytes(np.ascontiguousarray(values).tobytes())
    return out


def _write_atomically(path: Path, arrays: dict[str, Any]) -> None:
    """Write the arrays as one uncompressed .npz: into a temporary file renamed over `path`, so a
    reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        with open(partial, "wb") as out:
            np.savez(out, **arrays)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def language_detector() -> LanguageDetector:
    """The detector, loaded once per process on first use (its model takes a second to load)."""
    return LanguageDetector(markers=load_marker_words())


def detect_language(title: str, text: str) -> str:
    """The language of an article, read from its title and text."""
    return language_detector().detect(f"{title}\n{text}" if title else text)
