"""The table-driven attribute rules and lemmas give, token for token, what spaCy's attribute ruler and
rule lemmatizer give; a ruler with a pattern they cannot reproduce keeps spaCy's own."""

from __future__ import annotations

import pytest
import spacy

from tidings.nlp.annotations import (
    ATTRIBUTES_COMPONENT,
    LEMMAS_COMPONENT,
    compile_attribute_rules,
    use_table_annotations,
)
from tidings.nlp.parse import PARAGRAPH_COMPONENT, UNUSED_COMPONENTS, pipeline_name

# Our own sentences, chosen to reach the ruler's exceptions: contractions and colloquial pairs
# (rules over two tokens), pronouns as subject and object, "there is", auxiliaries, subordinating
# words, space tokens (including runs of spaces, as the prefilter's mask leaves), and repeated words
# in other roles so remembered answers are reused.
TEXTS = (
    "Police fired tear gas at protesters in the capital on Monday, and the army said it would withdraw.",
    "I told you it ain't over; we're gonna win, y'all, and they gotta know it. Let's go, c'mon.",
    "She gets what she wants and he got the rest. There is nothing anyone can do, but nobody left.",
    "If they had known, they would have stayed. Whether or not he does, it does not matter to me.",
    "Ministers met.  \n\n   The talks, which were held in Oman, ended.\n          \nLeaves leave; saying so.",
    "That was that. Those who came saw these: something, everything, everybody. Did he? He did.",
    "   ",
    "",
)
ATTRIBUTES = ("text", "tag_", "pos_", "morph", "lemma_", "dep_", "head", "ent_type_", "is_sent_start")


@pytest.fixture(scope="module")
def stock():
    pipeline = spacy.load(pipeline_name(), exclude=list(UNUSED_COMPONENTS))
    pipeline.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    return pipeline


def annotations(doc) -> list[tuple]:
    return [tuple(str(getattr(token, name)) for name in ATTRIBUTES) for token in doc]


def test_every_token_annotated_as_spacys_own_components_do(nlp, stock):
    assert ATTRIBUTES_COMPONENT in nlp.pipe_names and LEMMAS_COMPONENT in nlp.pipe_names
    assert "attribute_ruler" not in nlp.pipe_names and "lemmatizer" in nlp.component_names
    texts = [*TEXTS, *reversed(TEXTS)]  # twice: the second time from remembered answers
    compared = 0
    for ours, theirs in zip(nlp.pipe(texts), stock.pipe(texts), strict=True):
        assert annotations(ours) == annotations(theirs)
        compared += len(ours)
    assert compared > 200


def test_two_token_rules_set_the_token_they_name(nlp):
    doc = nlp("We're gonna stay and y'all gotta go.")
    lemmas = {token.text: token.lemma_ for token in doc}
    assert (lemmas["gon"], lemmas["na"]) == ("go", "to")  # the rule names the second token
    assert (lemmas["y'"], lemmas["all"]) == ("you", "all")  # ... and here the first
    assert lemmas["ta"] == "to"


def test_space_tokens_get_the_space_part_of_speech(nlp):
    doc = nlp("Talks ended.   \n\n   Troops left.")
    spaces = [token for token in doc if token.is_space]
    assert spaces and all(token.pos_ == "SPACE" and token.tag_ == "_SP" for token in spaces)


def test_a_ruler_with_an_operator_keeps_spacys_component():
    pipeline = spacy.blank("en")
    ruler = pipeline.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})
    assert compile_attribute_rules(ruler) is None
    use_table_annotations(pipeline)
    assert pipeline.pipe_names == ["attribute_ruler"]
    assert [t.pos_ for t in pipeline("very very good")][:2] == ["ADV", "ADV"]


def test_a_ruler_of_plain_rules_is_replaced_and_later_rules_win():
    pipeline = spacy.blank("en")
    ruler = pipeline.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"IN": ["fast", "quick"]}}]], {"POS": "ADJ", "LEMMA": "speedy"})
    ruler.add([[{"LOWER": "quick"}]], {"POS": "NOUN"})
    ruler.add([[{"LOWER": "so"}, {"LOWER": {"REGEX": "^qu"}}]], {"LEMMA": "rapid"}, index=-1)
    ruler.add([[{"TAG": "XX", "LOWER": "never"}]], {"POS": "ADV"})  # no tags here: never matches
    expected = [(t.pos_, t.lemma_) for t in pipeline("so quick and fast , never")]
    use_table_annotations(pipeline)
    assert pipeline.pipe_names == [ATTRIBUTES_COMPONENT]
    got = [(t.pos_, t.lemma_) for t in pipeline("so quick and fast , never")]
    assert got == expected == [("", ""), ("NOUN", "rapid"), ("", ""), ("ADJ", "speedy"), ("", ""), ("", "")]
