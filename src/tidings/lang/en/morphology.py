"""English word forms by suffix rule: guessed verb bases, naive singulars, plural and verb spellings.

Rules, not word lists: they cover the regular forms; spaCy's lemmatizer (and its exception table, read
by the prefilter) covers the irregular ones.
"""

from __future__ import annotations

from collections.abc import Iterator

# Suffix -> endings to put back on the stem ("_": drop the stem's doubled last letter, "stopped" -> "stop").
VERB_SUFFIX_RULES = (("ed", ("e", "", "_")), ("ing", ("e", "", "_")), ("es", ("", "e")), ("s", ("",)))
# Regular inflections of a verb lemma: say -> says, saying; warn -> warned; deny -> denied.
VERB_SUFFIXES = ("", "s", "es", "d", "ed", "ing")
# Inflections on the stem of a lemma ending in "e" or "y": "state" -> "stating", "deny" -> "denied".
STEM_SUFFIXES = ("ing", "ed", "ied", "ies")


class EnglishMorphology:
    def verb_bases(self, text: str, lemma: str) -> list[str]:
        """The verb's lemma, then base forms guessed from its spelling for when the lemmatizer slips
        ("staged" -> "stag")."""
        bases = [lemma]
        for suffix, endings in VERB_SUFFIX_RULES:
            if text.endswith(suffix) and len(text) > len(suffix) + 2:
                stem = text[: -len(suffix)]
                bases += [stem[:-1] if end == "_" else stem + end for end in endings]
        return list(dict.fromkeys(bases))

    def noun_forms(self, lower: str, lemma: str) -> tuple[str, ...]:
        """The word as written, its lemma, and a naive singular ("forces" -> "forces", "force", "force";
        "militiamen" -> "militiaman", which the lemmatizer may leave alone)."""
        if lower.endswith("men") and len(lower) > 4:
            return lower, lemma, lower[:-3] + "man"
        return lower, lemma, lower[:-1] if lower.endswith("s") else lower

    def plural_forms(self, word: str) -> Iterator[str]:
        """The word and the plural spellings it may take ("minister", "ministers", "ministeres", ...).
        Over-generating is harmless: the forms are only looked up."""
        yield word
        yield word + "s"
        yield word + "es"
        yield word[:-1] + "ies"
        yield word[:-1] + "men"

    def verb_forms(self, lemma: str) -> Iterator[str]:
        """Regular written forms of a verb lemma: say -> say, says, saying, ...; deny -> denied."""
        stem = lemma[:-1] if lemma.endswith(("e", "y")) else lemma
        yield from (lemma + suffix for suffix in VERB_SUFFIXES)
        yield from (stem + suffix for suffix in STEM_SUFFIXES)
