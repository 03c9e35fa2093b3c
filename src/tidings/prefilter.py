"""A cheap dictionary pass that picks the sentences able to hold an event or a quote.

Parsing is most of the cost of coding an article, and most sentences of a news wire name no actor
and report no speech. Those sentences are masked before parsing: every character but newlines becomes
a space, so spaCy reads each masked run as one whitespace token while every character offset still
points into `Article.text`.

A sentence is kept when it names a table term (country, IGO, metonym, group, epithet) or a leader,
holds a quotation mark or lies inside an open quotation, has a speech-verb form, names a notable
gazetteer place (not first in the sentence, where every word is capitalised: the places stage reads
every place an article names), or — in an article that names some actor — has a role noun
("minister", "police") or a pronoun that may refer to it.

Conflict notes often name no table term at all ("Gunmen stormed a village near Jos"): a role noun is
kept in an article that names a place, since the place gives generic actors their country, and a
violence word (a casualty word such as "killed" or "abducted", a weapon, a clash) keeps a sentence that
also has a role noun or a place ("Three civilians were killed near Maiduguri").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.language import Language as SpacyPipeline
from spacy.tokens import Doc

from .coding.actors.dictionary import ActorDictionary, case_fits, leader_words
from .coding.actors.groups import fold_word
from .coding.events.lexicon import ANY_VERB, EventLexicon
from .lang import Language, QuoteMarks
from .ontology import EventOntology
from .places.gazetteer import Gazetteer

SENTENCE_ENDS = frozenset({".", "!", "?", "...", "…"})
# Marks that may close a sentence after its full stop: `."`, `.)`.
CLOSERS = frozenset({'"', "”", "’", "'", ")", "]", "»"})
PLACE_WORDS = 3  # the longest place name looked up, in words


HitKind = Literal["actor", "speech", "reference"]


@dataclass(frozen=True, slots=True)
class Hits:
    """What the dictionary pass found in a sentence."""

    kind: HitKind | None
    role: bool = False  # a role noun ("police", "gunmen", "villagers")
    place: bool = False  # a gazetteer place
    violence: bool = False  # a violence word ("killed", "bomb", "clashes")


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    """A sentence found by the cheap splitter: character offsets into the text, and whether to parse it."""

    start: int
    end: int
    keep: bool


@dataclass(frozen=True)
class Prefilter:
    """The word lists of the dictionary pass and the tokenizer it reads with. Build with `build_prefilter`."""

    nlp: SpacyPipeline
    dictionary: ActorDictionary
    gazetteer: Gazetteer
    leaders: frozenset[tuple[str, ...]]  # people's names and surnames, lowercased, word by word
    capitalised_leaders: frozenset[tuple[str, ...]]  # surnames that count only with a capital ("May")
    group_words: frozenset[str]  # first words of group names, folded
    name_articles: frozenset[str]  # "al-Shabaab": an article may start a group's name
    leader_lengths: dict[str, int]
    speech_forms: frozenset[str]
    role_words: frozenset[str]
    pronouns: frozenset[str]
    quote_marks: QuoteMarks
    violence_words: frozenset[str] = frozenset()  # "killed", "abducted", "bomb", "clashes"

    def sentences(self, text: str) -> list[SentenceSpan]:
        """The text's sentences by the cheap splitter, each marked keep or skip."""
        doc = self.nlp.make_doc(text)
        words = [t.text for t in doc]
        spaced = [bool(t.whitespace_) for t in doc]
        lowers = [w.lower().replace("’", "'") for w in words]
        offsets = [t.idx for t in doc]
        bounds = list(sentence_bounds(words, spaced, self.quote_marks))
        hits = [self._hits(doc, words, lowers, start, end) for start, end in bounds]
        actor_seen = any(hit.kind == "actor" for hit in hits)
        place_seen = any(hit.place for hit in hits)
        inside = quoted_sentences(words, bounds, self.quote_marks)
        spans = []
        for (start, end), hit, quoted in zip(bounds, hits, inside, strict=True):
            keep = quoted or hit.kind in ("actor", "speech") or hit.place
            keep = keep or (hit.kind == "reference" and actor_seen)
            keep = keep or (hit.role and place_seen) or (hit.violence and (hit.role or hit.place))
            spans.append(SentenceSpan(offsets[start], offsets[end - 1] + len(words[end - 1]), keep))
        return spans

    def mask(self, text: str) -> tuple[str, list[SentenceSpan]]:
        """The text with its skipped sentences blanked (newlines kept), and the sentences."""
        spans = self.sentences(text)
        if all(span.keep for span in spans):
            return text, spans
        return masked_text(text, spans), spans

    def _hits(self, doc: Doc, words: list[str], lowers: list[str], start: int, end: int) -> Hits:
        """What in tokens [start, end) makes the sentence worth parsing: an actor, speech or a reference
        (kind), and whether it has a role noun, a place and a violence word."""
        found: HitKind | None = None
        role = place = violence = False
        term_lengths, leader_lengths = self.dictionary.term_lengths, self.leader_lengths
        quotes = self.quote_marks.unambiguous
        for i in range(start, end):
            lower = lowers[i]
            if (
                (lower in term_lengths and self._term_at(doc, lowers, i, end))
                or (lower in leader_lengths and self._leader_at(lowers, i, end, words[i][:1].isupper()))
                or self._group_at(words, i, end)
            ):
                return Hits("actor", role, place, violence)
            violence = violence or lower in self.violence_words
            if lower in self.speech_forms or lower in quotes:
                found = "speech"
            elif lower in self.role_words:
                role = True
                found = found or "reference"
            elif lower in self.pronouns:
                found = found or "reference"
            elif words[i][:1].isupper() and i > start and self._place_at(words, i, end):
                place = True
                found = found or "reference"
        return Hits(found, role, place, violence)

    def _term_at(self, doc: Doc, lowers: list[str], i: int, end: int) -> bool:
        for length in range(min(self.dictionary.term_lengths[lowers[i]], end - i), 0, -1):
            term = self.dictionary.terms.get(tuple(lowers[i : i + length]))
            if term is not None and term.kind != "none" and case_fits(term, list(doc[i : i + length])):
                return True
        return False

    def _group_at(self, words: list[str], i: int, end: int) -> bool:
        """A named group's name (folded as the actor coder folds it) starts at token i."""
        groups = self.dictionary.groups
        if fold_word(words[i]) not in self.group_words and words[i].lower() not in self.name_articles:
            return False
        found = groups.match_at(words, i)
        return found is not None and found.end <= end

    def _place_at(self, words: list[str], i: int, end: int) -> bool:
        """A notable gazetteer place name (up to three capitalised words) starts at token i."""
        last = i
        while last < min(end, i + PLACE_WORDS) and words[last][:1].isupper() and words[last].isalpha():
            last += 1
        return any(self.gazetteer.knows(" ".join(words[i:n])) for n in range(last, i, -1))

    def _leader_at(self, lowers: list[str], i: int, end: int, capitalised: bool) -> bool:
        longest = min(self.leader_lengths[lowers[i]], end - i)
        if capitalised and (lowers[i],) in self.capitalised_leaders:
            return True
        return any(tuple(lowers[i : i + n]) in self.leaders for n in range(longest, 0, -1))


def build_prefilter(
    nlp: SpacyPipeline,
    dictionary: ActorDictionary,
    gazetteer: Gazetteer,
    language: Language,
    lexicon: EventLexicon | None = None,
    ontology: EventOntology | None = None,
) -> Prefilter:
    """The prefilter over an actor dictionary, a gazetteer, a language's speech verbs, pronouns and
    quotation marks, the violence words of an event lexicon (in an ontology), and the pipeline's
    tokenizer and lemma tables."""
    leaders = leader_words(dictionary)
    capitalised_leaders = leader_words(dictionary, capitalised=True)
    words = language.words
    irregular = _irregular_verbs(nlp)
    violence = (
        frozenset(violence_word_forms(lexicon, ontology, language, irregular))
        if lexicon is not None and ontology is not None
        else frozenset()
    )
    return Prefilter(
        nlp=nlp,
        dictionary=dictionary,
        gazetteer=gazetteer,
        leaders=leaders,
        capitalised_leaders=capitalised_leaders,
        group_words=dictionary.groups.first_words(),
        name_articles=words.name_articles | words.loose_name_articles,
        leader_lengths=_longest_by_first(leaders | capitalised_leaders),
        speech_forms=frozenset(speech_verb_forms(language, irregular)),
        role_words=frozenset(role_word_forms(dictionary, language)),
        pronouns=words.person_pronouns | words.group_pronouns | words.thing_pronouns | words.speaker_pronouns,
        quote_marks=language.quote_marks,
        violence_words=violence,
    )


def violence_word_forms(
    lexicon: EventLexicon, ontology: EventOntology, language: Language, irregular: dict[str, list[str]]
) -> Iterator[str]:
    """The written forms of the words that report violence: casualty words ("killed", "abducted",
    "dead"), weapons ("bomb", "missile"), and the nouns of violent events ("clashes", "ambush")."""
    morphology = language.morphology
    for lemma in language.casualty_words:
        yield from morphology.plural_forms(lemma)
        yield from morphology.verb_forms(lemma)
        yield from irregular.get(lemma, ())
    nouns = {key.rsplit("_", 1)[-1] for key in lexicon.violence.weapons}
    nouns |= {
        key.rsplit("_", 1)[-1]
        for pattern in lexicon.by_verb.get(ANY_VERB, ())
        if ontology.is_violent(pattern.code)
        for key in pattern.objects
    }
    for noun in nouns:
        yield from morphology.plural_forms(noun)


def speech_verb_forms(language: Language, irregular: dict[str, list[str]]) -> Iterator[str]:
    """Every written form of the speech verbs: regular inflections plus the irregular ones ("said")."""
    for lemma in language.speech_verbs:
        yield from language.morphology.verb_forms(lemma)
        yield from irregular.get(lemma, ())


def role_word_forms(dictionary: ActorDictionary, language: Language) -> Iterator[str]:
    """The last word of every role noun, singular and plural ("minister", "ministers", "police")."""
    for key in dictionary.agents:
        yield from language.morphology.plural_forms(key[-1])


def _irregular_verbs(nlp: SpacyPipeline) -> dict[str, list[str]]:
    """lemma -> irregular forms, from the lemmatizer's exception table ("said" -> "say")."""
    forms: dict[str, list[str]] = {}
    if "lemmatizer" not in nlp.component_names:  # disabled when tidings' own lemma component runs
        return forms
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None:
        return forms
    if not lookups.has_table("lemma_exc"):
        return forms
    for form, lemmas in lookups.get_table("lemma_exc").get("verb", {}).items():
        for lemma in lemmas:
            forms.setdefault(lemma, []).append(form)
    return forms


def _longest_by_first(keys: Iterable[tuple[str, ...]]) -> dict[str, int]:
    longest: dict[str, int] = {}
    for key in keys:
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    return longest


def sentence_bounds(
    words: Sequence[str], spaced: Sequence[bool], marks: QuoteMarks
) -> Iterator[tuple[int, int]]:
    """Token ranges of sentences, from the token texts and whether a space follows each: split after
    . ! ? (and closing marks) before a capital, digit or quote, and at paragraph breaks. Cheap and a
    little eager; the parse refines the kept sentences."""
    start, n = 0, len(words)
    for i in range(n - 1):
        if _ends_sentence(words, spaced, i, marks) and not all(w.isspace() for w in words[start : i + 1]):
            yield start, i + 1
            start = i + 1
    if start < n:
        yield start, n


def _ends_sentence(words: Sequence[str], spaced: Sequence[bool], i: int, marks: QuoteMarks) -> bool:
    word, following = words[i], words[i + 1]
    if word.isspace():
        return _paragraph_break(word)
    if word == "." and i > 0 and _abbreviation(words[i - 1]) and not spaced[i - 1]:
        return False
    closing = word in CLOSERS and i > 0 and words[i - 1] in SENTENCE_ENDS and not spaced[i - 1]
    if word in SENTENCE_ENDS or closing:
        if following in CLOSERS and not spaced[i]:  # `."` closes this sentence's quotation
            return False
        return _starts_sentence(following, marks) or following.isspace()
    return False


def _abbreviation(word: str) -> bool:
    """A title-case word of at most three letters before a full stop ("Lt", "Col", "Sgt") is an
    abbreviation more often than a sentence end."""
    return 1 < len(word) <= 3 and word.isalpha() and word[0].isupper() and word[1:].islower()


def _paragraph_break(space: str) -> bool:
    """A blank line, or a line break before an indented line (wire copy's paragraph start)."""
    return "\n\n" in space or "\n  " in space or "\n\t" in space


def _starts_sentence(word: str, marks: QuoteMarks) -> bool:
    first = word[:1]
    return first.isupper() or first.isdigit() or first in marks.opening or first in marks.toggles


def quoted_sentences(
    words: Sequence[str], bounds: Sequence[tuple[int, int]], marks: QuoteMarks
) -> list[bool]:
    """For each sentence, whether it holds a quotation mark or lies inside a quotation opened earlier
    in its paragraph (a quotation running over several sentences). Apostrophe-like single marks are
    left out: a cheap pass cannot tell "don’t" from a closing quote."""
    out, open_quote = [], False
    quotes, opening, toggles = marks.unambiguous, marks.opening, marks.toggles
    for start, end in bounds:
        found = [w for w in words[start:end] if w in quotes]
        out.append(bool(found) or open_quote)
        for mark in found:
            open_quote = mark in opening or (mark in toggles and not open_quote)
        if any(w.isspace() and _paragraph_break(w) for w in words[start:end]):
            open_quote = False
    return out


def masked_text(text: str, spans: Iterable[SentenceSpan]) -> str:
    """`text` with each skipped sentence turned into spaces (newlines kept): same length, same offsets."""
    parts, position = [], 0
    for span in spans:
        if span.keep:
            continue
        parts.append(text[position : span.start])
        parts.append("".join("\n" if ch == "\n" else " " for ch in text[span.start : span.end]))
        position = span.end
    parts.append(text[position:])
    return "".join(parts)
