"""The counts an event carries: people killed, injured, arrested, kidnapped, and the size of a crowd.

Casualty words (lang/<code>/casualty_words.tsv: "killed", "wounded", "dead", "abducted", "turnout") point
at the people they count: the object of an active verb ("killing 32 residents"), the subject of a passive
or intransitive one ("11 soldiers were killed", "two soldiers died"), the noun a participle describes
("6 soldiers killed"), the object a result adjective is said of ("leaving 3 soldiers and 1 guerrilla
dead"). The number is read from the phrase with the language's count words (count_words.tsv): digits,
number words and multipliers ("1.28 million", "a dozen"), a singular person ("a mother" = 1), a sum over
a coordination ("a mother and two of her children" = 3); a vague quantity ("dozens", "tens of
thousands") keeps its words and no number, a stated none ("no casualties") is zero. What a phrase
includes or lists in apposition ("killing 5 villagers, including an elderly woman") is not counted again.
A crowd is the subject of a protest ("Tens of thousands of people marched").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from ...lang import CasualtyWord, CountWords, Language
from ...nlp.parse import children_of, tokens_in
from ...nlp.syntax import (
    ACL,
    ACOMP,
    AMOD,
    APPOS,
    CCOMP,
    COMPOUND,
    DET,
    NUMMOD,
    OBJECT_DEPS,
    OPRD,
    PLURAL_TAGS,
    POBJ,
    POS_NOUN,
    POS_NUM,
    POS_PROPN,
    POSS,
    PREP,
    RELCL,
    SUBJECT_DEPS,
    TAG_PARTICIPLE,
    XCOMP,
    children_with,
    is_passive,
    lemma,
    with_conjuncts,
)
from ...records import Event, Magnitude, MagnitudeKind

# Dependents of a counted phrase that are not more of the people counted: "including ...", lists in
# apposition ("killing 15 people, mostly women and children"), relative clauses.
NOT_COUNTED_DEPS = frozenset({PREP, APPOS, RELCL, ACL})
# A result said of an object or a subject: "leaving 3 soldiers dead", "were found dead".
RESULT_DEPS = frozenset({OPRD, ACOMP, XCOMP, CCOMP})
# How far above a count word "without" may stand ("exploded without causing casualties").
ZERO_REACH = 3


@dataclass(frozen=True, slots=True)
class Count:
    """One count the text gives, at the casualty word (`anchor`) it was found by."""

    kind: MagnitudeKind
    number: int | None  # None: a vague quantity ("dozens")
    text: str
    start: int
    end: int
    anchor: Token


class CountFinder:
    """Finds the counts of a sentence with one language's count and casualty words."""

    def __init__(self, language: Language) -> None:
        self.words: CountWords = language.counts
        self.casualty_words = language.casualty_words
        self.part_preps = language.words.part_preps  # "of"

    # -- counts in a sentence ------------------------------------------------------------------------------

    def counts(self, span: Span) -> list[Count]:
        found: list[Count] = []
        for token in tokens_in(span):
            for word in self.casualty_words.get(lemma(token), ()) or self.casualty_words.get(
                token.lower_, ()
            ):
                if word.needs and not any(lemma(t) == word.needs for t in token.subtree if t.i != token.i):
                    continue
                found.extend(self.counts_at(token, word))
        return found

    def counts_at(self, anchor: Token, word: CasualtyWord) -> Iterator[Count]:
        for heads in self.counted(anchor):
            count = self.quantity(heads)
            if count is None:
                continue
            number, tokens = count
            kinds = ("fatalities", "injured") if word.count == "casualties" else (word.count,)
            if word.count == "casualties" and number != 0:
                continue  # "12 casualties" may be dead or hurt: only a stated none is clear
            text, start, end = words_of(tokens)
            for kind in kinds:
                yield Count(kind, number, text, start, end, anchor)  # type: ignore[arg-type]

    def counted(self, anchor: Token) -> Iterator[list[Token]]:
        """The phrases (each with its conjuncts) whose people the casualty word counts."""
        own = self.own_number(anchor)
        if own is not None:
            yield [anchor]  # "9 wounded", "30 dead", "6 bodies"
            return
        if anchor.pos_ == POS_NOUN:
            yield from self.noun_counted(anchor)
            return
        if anchor.dep_ in (ACL, AMOD) and anchor.tag_ == TAG_PARTICIPLE:
            yield [anchor.head]  # "6 soldiers killed", "three men killed"
            return
        complement_of = anchor.head if anchor.dep_ in RESULT_DEPS else None
        if complement_of is not None and not children_with(anchor, SUBJECT_DEPS | OBJECT_DEPS):
            # "leaving 3 soldiers dead": what is left dead (and what the parser hung on "dead": "and 1 rebel")
            said_of = [c for c in children_of(anchor) if c.pos_ in (POS_NOUN, POS_PROPN) and c.i < anchor.i]
            objects = [t for o in children_with(complement_of, OBJECT_DEPS) for t in with_conjuncts(o)]
            if objects or said_of:
                yield objects + said_of
                return
            anchor = complement_of
        if is_passive(anchor):
            yield [t for s in children_with(anchor, SUBJECT_DEPS) for t in with_conjuncts(s)]
            return
        objects = [t for o in children_with(anchor, OBJECT_DEPS) for t in with_conjuncts(o)]
        if objects:
            yield objects
            return
        subjects = [t for s in children_with(anchor, SUBJECT_DEPS) for t in with_conjuncts(s)]
        if subjects:
            yield subjects  # "two soldiers also died", "and 20 wounded"

    def noun_counted(self, noun: Token) -> Iterator[list[Token]]:
        """ "no casualties were reported", "the death toll rose to 30", "turnout at 1.28 million", "the
        body of a man was found"."""
        if self.says_none(noun):
            yield [noun]
            return
        numbers = [obj for owner in (noun, noun.head) for obj in self.prep_numbers(owner)]
        if noun.dep_ == COMPOUND:  # "death toll": the toll's number
            numbers += [obj for owner in (noun.head, noun.head.head) for obj in self.prep_numbers(owner)]
        if numbers:
            yield numbers[:1]
        elif noun.tag_ not in PLURAL_TAGS and self.casualty_words.get(lemma(noun)):
            yield [noun]  # "the body of a man was found", "the death of a protester": one

    def prep_numbers(self, word: Token) -> list[Token]:
        return [
            obj
            for prep in children_with(word, (PREP,))
            for obj in children_with(prep, (POBJ,))
            if obj.pos_ == POS_NUM or obj.lower_ in self.words.numbers
        ]

    # -- the number of a phrase -----------------------------------------------------------------------

    def quantity(self, heads: list[Token]) -> tuple[int | None, list[Token]] | None:
        """The number of people the phrases count (summed over a coordination), with the words that say
        it; None when they give no number at all ("killed civilians", "an unknown number of assailants")."""
        total, vague, words, seen = 0, False, [], False
        for head in heads:
            if self.says_none(head):
                return 0, [head]
            found = self.phrase_number(head)
            if found is None:
                continue
            number, tokens = found
            seen = True
            words += tokens
            if number is None:
                vague = True
            else:
                total += number
        if not seen:
            return None
        return (None if vague and total == 0 else total), words

    def phrase_number(self, head: Token) -> tuple[int | None, list[Token]] | None:
        if any(t.lower_ in self.words.unknown for t in children_of(head)):
            return None
        if head.pos_ == POS_NUM or head.lower_ in self.words.numbers:
            return self.number_of(self.number_words(head)), self.number_words(head)
        if head.lower_ in self.words.vague:
            return None, self.vague_words(head)
        numbers = [t for c in children_with(head, (NUMMOD,)) for t in self.number_words(c)]
        if numbers:
            if any(t.lower_ in self.words.vague for t in numbers):
                return None, numbers  # "several thousand Indigenous people"
            return self.number_of(numbers), numbers
        if head.pos_ == POS_NOUN and head.tag_ not in PLURAL_TAGS and self.casualty_words.get(lemma(head)):
            return 1, [head]  # "the body"
        if self.singular_one(head):
            return 1, [t for t in head.doc[min(c.i for c in children_of(head)) : head.i + 1]]  # "a woman"
        return None

    def own_number(self, word: Token) -> list[Token] | None:
        numbers = [t for c in children_with(word, (NUMMOD,)) for t in self.number_words(c)]
        return numbers or None

    def singular_one(self, noun: Token) -> bool:
        """ "a man", "one soldier", "his wife": a singular noun counts one person."""
        if noun.pos_ not in (POS_NOUN, POS_PROPN) or noun.tag_ in PLURAL_TAGS:
            return False
        return any(
            c.dep_ == POSS or (c.dep_ == DET and c.lower_ in self.words.numbers) for c in children_of(noun)
        )

    def number_words(self, token: Token) -> list[Token]:
        """The words of a number: the token and the number words, multipliers and articles before it in
        its subtree ("1.28 million", "more than a dozen", "two hundred")."""
        words = [
            t
            for t in token.subtree
            if t.i <= token.i
            and (t.pos_ == POS_NUM or t.lower_ in self.words.numbers or t.lower_ in self.words.multipliers)
            and not any(a.dep_ in NOT_COUNTED_DEPS for a in ancestors_to(t, token))
        ]
        vague = [t for t in token.subtree if t.i <= token.i and t.lower_ in self.words.vague]
        return sorted({t.i: t for t in words + vague}.values(), key=lambda t: t.i)

    def vague_words(self, head: Token) -> list[Token]:
        """ "dozens", "tens of thousands", "hundreds of thousands", "several hundred"."""
        words = [head]
        current = head
        while True:
            inner = [o for o in self.of_objects(current)]
            if not inner or inner[0].lower_ not in self.words.vague:
                break
            current = inner[0]
            words.append(current)
        words += [c for c in children_of(head) if c.lower_ in self.words.vague and c.i < head.i]
        first, last = min(t.i for t in words), max(t.i for t in words)
        return list(head.doc[first : last + 1])  # "tens of thousands": the words as written

    def of_objects(self, word: Token) -> list[Token]:
        """ "tens of thousands": the objects of the word's part-of preposition."""
        preps = self.part_preps
        return [
            o for p in children_with(word, (PREP,)) if lemma(p) in preps for o in children_with(p, (POBJ,))
        ]

    def number_of(self, tokens: list[Token]) -> int | None:
        """The value of number words in text order: "two hundred" 200, "1.28 million" 1280000, "a dozen"
        12."""
        total, current, any_number = 0.0, 0.0, False
        for token in tokens:
            text = token.lower_.replace(",", "")
            if text in self.words.vague:
                return None
            if text in self.words.multipliers:
                current = (current or 1) * self.words.multipliers[text]
                if self.words.multipliers[text] >= 1000:
                    total, current = total + current, 0.0
                any_number = True
            elif text in self.words.numbers:
                current += self.words.numbers[text]
                any_number = True
            else:
                try:
                    current += float(text)
                    any_number = True
                except ValueError:
                    continue
        return round(total + current) if any_number else None

    def says_none(self, token: Token) -> bool:
        """ "no casualties", "no one was hurt", "without causing casualties"."""
        if any(c.dep_ == DET and c.lower_ in self.words.zero for c in children_of(token)):
            return True
        if token.lower_ == "one" and any(c.lower_ in self.words.zero for c in children_of(token)):
            return True
        return any(a.lower_ in self.words.zero for a in list(token.ancestors)[:ZERO_REACH] if a.dep_ == PREP)

    # -- crowds ------------------------------------------------------------------------------------------

    def crowd(self, subjects: Iterable[Token]) -> Count | None:
        """The size of a crowd named as a protest's subject ("Tens of thousands of people marched")."""
        heads = list(subjects)
        count = self.quantity(heads)
        if count is None or not heads or count[0] == 1:
            return None
        number, tokens = count
        text, start, end = words_of(tokens)
        return Count("crowd_size", number, text, start, end, heads[0])


def ancestors_to(token: Token, top: Token) -> list[Token]:
    """The tokens from `token` up to (not including) `top`."""
    found = []
    current = token
    while current.i != top.i and current.head.i != current.i:
        found.append(current)
        current = current.head
    return found


def words_of(tokens: list[Token]) -> tuple[str, int, int]:
    """The words as written and their span: one run of text, or the pieces joined with " + "."""
    ordered = sorted(tokens, key=lambda t: t.i)
    start, end = ordered[0].idx, ordered[-1].idx + len(ordered[-1].text)
    runs: list[list[Token]] = []
    for token in ordered:
        if runs and token.i - runs[-1][-1].i <= 1:
            runs[-1].append(token)
        else:
            runs.append([token])
    doc_text = ordered[0].doc.text
    text = " + ".join(doc_text[run[0].idx : run[-1].idx + len(run[-1].text)] for run in runs)
    return text, start, end


def total(counts: Iterable[Count], kind: MagnitudeKind) -> Magnitude | None:
    """All counts of a kind for one incident: stated numbers are summed (a stated number beats a vague
    phrase), each phrase once however many words counted it ("shot dead"); with none stated, the first
    vague phrase; a stated none is zero when nothing else is said."""
    mine = list({(c.start, c.end): c for c in counts if c.kind == kind}.values())
    if not mine:
        return None
    stated = [count for count in mine if count.number]
    if stated:
        return Magnitude(
            number=sum(count.number or 0 for count in stated),
            text=" + ".join(count.text for count in stated),
            start=min(count.start for count in stated),
            end=max(count.end for count in stated),
        )
    vague = [count for count in mine if count.number is None]
    chosen = vague[0] if vague else mine[0]
    return Magnitude(chosen.number, chosen.text, chosen.start, chosen.end)


def with_counts(event: Event, counts: Iterable[Count]) -> Event:
    """The event with the totals of its counts."""
    counts = list(counts)
    if not counts:
        return event
    return replace(
        event,
        fatalities=total(counts, "fatalities"),
        injured=total(counts, "injured"),
        arrested=total(counts, "arrested"),
        kidnapped=total(counts, "kidnapped"),
        crowd_size=total(counts, "crowd_size"),
    )
