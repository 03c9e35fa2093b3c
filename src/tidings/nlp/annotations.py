"""Table-driven stand-ins for two spaCy components that cost more than their work: the attribute ruler
(part of speech and morphology from the tag, plus a few hundred word exceptions) and the rule
lemmatizer. Each gives exactly the annotations of the component it replaces, which stays in the
pipeline, disabled, as the source of its rules and tables.

Why: on news text the attribute ruler runs a Matcher of ~180 patterns and builds a Span for every
token it touches (all of them), and the lemmatizer walks every token in Python; together they cost
~18% of the whole parse (BENCHMARKS.md, "Attribute rules and lemmas from tables"). Here a token's
rules are looked up by its (tag, lower-case form), the merged result is remembered per set of rules,
and the results are written back as whole columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG  # type: ignore[import-not-found]
from spacy.language import Language
from spacy.tokens import Doc, Token

ATTRIBUTES_COMPONENT = "tidings_attribute_rules"
LEMMAS_COMPONENT = "tidings_lemmas"
SPACY_ATTRIBUTE_RULER = "attribute_ruler"
SPACY_LEMMATIZER = "lemmatizer"
# The token attributes a rule may test here, and the columns read for them (a rule testing anything
# else keeps spaCy's own attribute ruler).
TESTED_ATTRIBUTES = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE, "ORTH": ORTH}
# The attributes a rule may set, written back as columns; DEP is set token by token (space tokens).
COLUMN_ATTRIBUTES = (TAG, POS, MORPH, LEMMA)
# Token shapes (column values) with the rules they match, and lemmas, remembered per process: a few MB
# at most.
MAX_REMEMBERED = 200_000


@dataclass(frozen=True)
class TokenTest:
    """What one pattern token asks of one attribute: a value, one of a set, none of a set, a regex."""

    column: int
    equals: int | None = None
    within: frozenset[int] | None = None
    outside: frozenset[int] | None = None
    regex: re.Pattern[str] | None = None

    def passes(self, values: Sequence[int], strings: Any) -> bool:
        value = values[self.column]
        if self.equals is not None:
            return value == self.equals
        if self.within is not None:
            return value in self.within
        if self.outside is not None:
            return value not in self.outside
        assert self.regex is not None
        return self.regex.search(strings[value]) is not None


@dataclass(frozen=True)
class Rule:
    """One attribute-ruler entry: alternative token sequences, the matched token it sets, its values."""

    order: int
    alternatives: tuple[tuple[tuple[TokenTest, ...], ...], ...]
    index: int
    values: tuple[tuple[int, int], ...]  # (attribute id, value), normalised as spaCy's ruler holds them


@dataclass(frozen=True)
class Opening:
    """A pattern as seen from its first token: the tests left for that token once it is looked up by
    tag and word, the tests of the tokens after it, and the rule it belongs to."""

    order: int
    first: tuple[TokenTest, ...]
    rest: tuple[tuple[TokenTest, ...], ...]
    index: int  # which token of the match the rule sets (negative from the end, as spaCy allows)


@dataclass
class AttributeRules:
    """The attribute ruler's rules, each pattern indexed by the tag and word its first token requires."""

    rules: tuple[Rule, ...]
    columns: tuple[int, ...]  # attribute ids read per token, in TokenTest.column order
    by_tag_word: dict[tuple[int | None, int | None], list[Opening]]
    at_row: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[Opening, ...]]] = field(default_factory=dict)
    merged: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = field(default_factory=dict)

    def matches_at(self, row: tuple[int, ...], strings: Any) -> tuple[tuple[int, ...], tuple[Opening, ...]]:
        """For a token with these column values: the single-token rules that match it, in rule order,
        and the longer patterns whose first token it matches. Both depend on the values alone, so
        they are remembered by them."""
        found = self.at_row.get(row)
        if found is None:
            if len(self.at_row) >= MAX_REMEMBERED:
                self.at_row.clear()
            tag, word = row[self.columns.index(TAG)], row[self.columns.index(LOWER)]
            openings = sorted(
                (
                    opening
                    for key in ((tag, word), (tag, None), (None, word), (None, None))
                    for opening in self.by_tag_word.get(key, ())
                    if _all_pass(opening.first, row, strings)
                ),
                key=lambda opening: opening.order,
            )
            single = tuple(opening.order for opening in openings if not opening.rest)
            found = self.at_row[row] = (single, tuple(opening for opening in openings if opening.rest))
        return found

    def values_of(self, orders: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        """The values a token ends with after these rules, applied in rule order (later ones win)."""
        found = self.merged.get(orders)
        if found is None:
            values: dict[int, int] = {}
            for order in orders:
                values.update(self.rules[order].values)
            found = self.merged[orders] = tuple(values.items())
        return found


def compile_attribute_rules(ruler: Any) -> AttributeRules | None:
    """The ruler's rules in our form, or None when a pattern uses something not handled here (an
    operator, a predicate or an attribute beyond TESTED_ATTRIBUTES): that pipeline keeps spaCy's."""
    strings = ruler.vocab.strings
    columns: list[int] = []
    rules: list[Rule] = []
    for order, values in enumerate(ruler.attrs):
        _key, alternatives = ruler.matcher.get(str(order))
        compiled: list[tuple[tuple[TokenTest, ...], ...]] = []
        for pattern in alternatives:
            tests = [_compile_token(token, strings, columns) for token in pattern]
            kept = [test for test in tests if test is not None]
            if not pattern or len(kept) < len(tests):
                return None
            compiled.append(tuple(kept))
        rule_values = tuple((int(attr), int(value)) for attr, value in values.items())
        if any(attr not in (*COLUMN_ATTRIBUTES, DEP) for attr, _ in rule_values):
            return None
        rules.append(Rule(order, tuple(compiled), int(ruler.indices[order]), rule_values))
    return _index(tuple(rules), tuple(columns))


def _compile_token(token: dict[str, Any], strings: Any, columns: list[int]) -> tuple[TokenTest, ...] | None:
    tests = []
    for name, spec in token.items():
        attr = TESTED_ATTRIBUTES.get(name)
        if attr is None:
            return None
        if attr not in columns:
            columns.append(attr)
        column = columns.index(attr)
        if isinstance(spec, (bool, str)):
            value = int(spec) if isinstance(spec, bool) else strings.add(spec)
            tests.append(TokenTest(column, equals=value))
        elif isinstance(spec, dict) and len(spec) == 1:
            [(operator, operand)] = spec.items()
            if operator in ("IN", "NOT_IN") and all(isinstance(item, str) for item in operand):
                hashes = frozenset(strings.add(item) for item in operand)
                test = (
                    TokenTest(column, within=hashes)
                    if operator == "IN"
                    else TokenTest(column, outside=hashes)
                )
                tests.append(test)
            elif operator == "REGEX" and isinstance(operand, str):
                tests.append(TokenTest(column, regex=re.compile(operand)))
            else:
                return None
        else:
            return None
    return tuple(tests)


def _index(rules: tuple[Rule, ...], columns: tuple[int, ...]) -> AttributeRules | None:
    if TAG not in columns or LOWER not in columns:
        return None
    tag_column, word_column = columns.index(TAG), columns.index(LOWER)
    by_tag_word: dict[tuple[int | None, int | None], list[Opening]] = {}
    for rule in rules:
        for first, *rest in rule.alternatives:
            left = tuple(test for test in first if not _indexed(test, tag_column, word_column))
            opening = Opening(rule.order, left, tuple(rest), rule.index)
            for tag in _keys(first, tag_column):
                for word in _keys(first, word_column):
                    by_tag_word.setdefault((tag, word), []).append(opening)
    return AttributeRules(rules, columns, by_tag_word)


def _keys(tests: tuple[TokenTest, ...], column: int) -> Iterable[int | None]:
    """The values a token's column must hold for these tests (None: any value)."""
    for test in tests:
        if test.column == column and test.equals is not None:
            return (test.equals,)
        if test.column == column and test.within is not None:
            return tuple(test.within)
    return (None,)


def _indexed(test: TokenTest, tag_column: int, word_column: int) -> bool:
    return test.column in (tag_column, word_column) and (test.equals is not None or test.within is not None)


class AttributeRulesComponent:
    """The attribute ruler's work, from `AttributeRules`."""

    def __init__(self, rules: AttributeRules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        rules, strings = self.rules, doc.vocab.strings
        if not len(doc):
            return doc
        tokens: list[tuple[int, ...]] = [tuple(row) for row in _columns(doc, rules.columns).tolist()]
        matched: list[list[int]] = []
        later: list[tuple[int, int]] = []  # (token, rule) from patterns of several tokens
        for i, row in enumerate(tokens):
            single, longer = rules.matches_at(row, strings)
            matched.append(list(single))
            for opening in longer:
                if _rest_passes(opening.rest, tokens, i + 1, strings):
                    later.append((range(i, i + 1 + len(opening.rest))[opening.index], opening.order))
        for target, order in later:
            matched[target] = sorted({*matched[target], order})
        self._write(doc, matched)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 0) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def _write(self, doc: Doc, matched: list[list[int]]) -> None:
        columns = _columns(doc, COLUMN_ATTRIBUTES)
        positions = {attr: at for at, attr in enumerate(COLUMN_ATTRIBUTES)}
        for i, orders in enumerate(matched):
            if not orders:
                continue
            for attr, value in self.rules.values_of(tuple(orders)):
                if attr == DEP:
                    doc[i].dep = value
                else:
                    columns[i, positions[attr]] = value
        _write_columns(doc, COLUMN_ATTRIBUTES, columns)


def _columns(doc: Doc, attrs: Sequence[int]) -> Any:
    """The doc's values of these attributes, one row per token (uint64)."""
    return doc.to_array(list(attrs)).reshape(len(doc), len(attrs))


def _write_columns(doc: Doc, attrs: Sequence[int], columns: Any) -> None:
    values: Any = numpy.ascontiguousarray(columns, dtype=numpy.uint64)
    doc.from_array(list(attrs), values)


def _all_pass(tests: tuple[TokenTest, ...], row: Sequence[int], strings: Any) -> bool:
    return all(test.passes(row, strings) for test in tests)


def _rest_passes(
    rest: tuple[tuple[TokenTest, ...], ...], tokens: list[tuple[int, ...]], start: int, strings: Any
) -> bool:
    if start + len(rest) > len(tokens):
        return False
    return all(_all_pass(tests, tokens[start + k], strings) for k, tests in enumerate(rest))


class LemmasComponent:
    """The rule lemmatizer's work (a lemma for every token that has none yet), with its answers
    remembered by word, part of speech and morphology, everything its rules read."""

    def __init__(self, lemmatize: Callable[[Token], list[str]]) -> None:
        self.lemmatize = lemmatize
        self.remembered: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        columns = _columns(doc, (ORTH, POS, MORPH, LEMMA))
        strings, remembered = doc.vocab.strings, self.remembered
        for i, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
            if lemma:
                continue
            key = (orth, pos, morph)
            found = remembered.get(key)
            if found is None:
                if len(remembered) >= MAX_REMEMBERED:  # a vocabulary without end (a stream of typos)
                    remembered.clear()
                found = remembered[key] = strings.add(self.lemmatize(doc[i])[0])
            columns[i, 3] = found
        _write_columns(doc, (LEMMA,), columns[:, 3:4])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 0) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


def use_table_annotations(nlp: Language) -> None:
    """Swap in the table-driven components where the pipeline's own can be reproduced exactly; the
    originals stay, disabled, for their tables."""
    if SPACY_ATTRIBUTE_RULER in nlp.pipe_names:
        rules = compile_attribute_rules(nlp.get_pipe(SPACY_ATTRIBUTE_RULER))
        if rules is not None:
            component: Any = nlp.add_pipe(ATTRIBUTES_COMPONENT, before=SPACY_ATTRIBUTE_RULER)
            component.rules = rules
            nlp.disable_pipe(SPACY_ATTRIBUTE_RULER)
    if SPACY_LEMMATIZER in nlp.pipe_names:
        lemmatizer: Any = nlp.get_pipe(SPACY_LEMMATIZER)
        index_as_sets(getattr(lemmatizer, "lookups", None))
        if getattr(lemmatizer, "mode", None) == "rule" and not getattr(lemmatizer, "overwrite", True):
            lemmatizer._validate_tables()  # what spaCy checks before its first doc
            lemmas: Any = nlp.add_pipe(LEMMAS_COMPONENT, before=SPACY_LEMMATIZER)
            lemmas.lemmatize = lemmatizer.lemmatize
            nlp.disable_pipe(SPACY_LEMMATIZER)


def index_as_sets(lookups: Any) -> None:
    """Hold the lemma index's word lists as sets. The rule lemmatizer asks whether each form its
    suffix rules make is a known word (`form in index`): on a list of 57,000 nouns that is a linear
    scan, ~0.1 ms per new word; on a set it is one hash lookup, with the same answer."""
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table.set(key, frozenset(words))


@Language.factory(ATTRIBUTES_COMPONENT)
def _attribute_rules(nlp: Language, name: str) -> AttributeRulesComponent:
    return AttributeRulesComponent(AttributeRules((), (TAG, LOWER), {}))


@Language.factory(LEMMAS_COMPONENT)
def _lemmas(nlp: Language, name: str) -> LemmasComponent:
    return LemmasComponent(lambda token: [token.text.lower()])
