"""Quotes and reported speech, attributed to speakers: each form on hand-written articles, and the seed."""

from __future__ import annotations

import pytest

from tidings.lang import load_language
from tidings.quotes import QuoteFinder
from tidings.quotes import paragraph_segments as segments_with_marks
from tidings.quotes import quotations as quotations_with_marks
from tidings.records import Article, Quote

ENGLISH = load_language("en")


def load_speech_verbs():
    return ENGLISH.speech_verbs


def paragraph_segments(text, start, end):
    return segments_with_marks(text, start, end, ENGLISH.quote_marks)


def quotations(text):
    return quotations_with_marks(text, ENGLISH.quote_marks)


def person_titles() -> frozenset[str]:
    from tidings.coding.actors import load_actor_dictionary

    return load_actor_dictionary().person_titles


FINDER = QuoteFinder(ENGLISH, person_titles())

COMPLEMENTS = {"clause", "for", "object_to", "according_to", "none"}


@pytest.fixture(scope="module")
def actor_coder():
    from tidings.pipeline import Tidings

    return Tidings.load(lazy=True).actor_coder


@pytest.fixture(scope="module")
def quotes_in(nlp, actor_coder):
    def run(text: str) -> list[Quote]:
        article = Article(id="t", title="t", text=text)
        doc = nlp(text)
        return FINDER.find(doc, article, actor_coder.resolve(doc))

    return run


def only(quotes: list[Quote], kind: str) -> list[Quote]:
    return [q for q in quotes if q.kind == kind]


# ---------------------------------------------------------------- the word list


def test_speech_verbs_table_is_well_formed():
    verbs = load_speech_verbs()
    required = "say add tell stress underline warn insist note claim announce state declare explain argue"
    required += " reiterate emphasize confirm deny acknowledge call urge vow accord"
    assert set(required.split()) <= set(verbs)
    assert {v.complement for v in verbs.values()} <= COMPLEMENTS
    assert verbs["call"].act == "call for" and verbs["call"].complement == "for"
    assert all(v.lemma == v.lemma.lower() and v.act for v in verbs.values())


# ---------------------------------------------------------------- quotation marks


def test_segments_skip_apostrophes_and_nested_quotes():
    text = "‘We won’t accept “this”,’ he said. Then \"another one\"."
    segments = paragraph_segments(text, 0, len(text))
    assert [text[s.start : s.end] for s in segments] == ["We won’t accept “this”", "another one"]


def test_open_paragraph_continues_into_next_opening_quote():
    text = "He spoke.\n\n“First part.\n\n“Second part,” he said.\n\nNo quote here."
    chains = quotations(text)
    assert len(chains) == 1
    assert [text[s.start : s.end] for s in chains[0]] == ["First part.", "Second part"]


def test_two_apostrophes_open_and_close_a_quotation():
    text = "''We will win,'' Mr. Garin said. He said it's ''a very big story.''"
    chains = quotations(text)
    assert [text[c[0].start : c[-1].end] for c in chains] == ["We will win", "a very big story."]


# ---------------------------------------------------------------- direct speech


@pytest.mark.parametrize("opening,closing", [('"', '"'), ("“", "”")])
def test_direct_quote_straight_and_curly(quotes_in, opening, closing):
    text = (
        f"The talks failed. {opening}We will not give up on a deal with Tehran,{closing} "
        "German Foreign Minister Heiko Maas said on Monday."
    )
    [quote] = quotes_in(text)
    assert (quote.kind, quote.speaker, quote.speaker_code) == ("direct", "Heiko Maas", "DEUGOV")
    assert quote.text == "We will not give up on a deal with Tehran"
    assert text[quote.start : quote.end] == quote.text
    assert quote.sentence_index == 1


def test_multi_sentence_quote_is_one_quote(quotes_in):
    text = (
        "“The sanctions are illegal. They hurt ordinary people. We will respond,” "
        "said Chinese Foreign Minister Wang Yi."
    )
    [quote] = quotes_in(text)
    assert quote.text == "The sanctions are illegal. They hurt ordinary people. We will respond"
    assert (quote.speaker, quote.speaker_code) == ("Wang Yi", "CHNGOV")


def test_quote_over_two_paragraphs(quotes_in):
    text = (
        "Canadian Prime Minister Justin Trudeau spoke to reporters in Ottawa on Friday.\n\n"
        "“We are deeply concerned about the detention of our citizens in China.\n\n"
        "“We will keep pressing for their release,” Trudeau said."
    )
    [quote] = quotes_in(text)
    assert quote.kind == "direct"
    assert quote.text == (
        "We are deeply concerned about the detention of our citizens in China. "
        "We will keep pressing for their release"
    )
    assert text[quote.start :].startswith("We are deeply") and text[: quote.end].endswith("their release")
    assert quote.speaker.endswith("Trudeau") and quote.speaker_code == "CANGOV"


def test_quote_split_by_said_has_one_speaker(quotes_in):
    text = "“The agreement is dead,” Senator Lindsey Graham said on Tuesday, “and nobody will revive it.”"
    quotes = quotes_in(text)
    assert [q.text for q in quotes] == ["The agreement is dead", "and nobody will revive it."]
    assert {q.speaker for q in quotes} == {"Lindsey Graham"}


def test_quote_only_paragraph_takes_previous_speaker(quotes_in):
    text = (
        "Russian Foreign Minister Sergei Lavrov said on Monday that Moscow would respond.\n\n"
        "“These measures will not go unanswered.”"
    )
    [direct] = only(quotes_in(text), "direct")
    assert direct.text == "These measures will not go unanswered."
    assert (direct.speaker, direct.speaker_code) == ("Sergei Lavrov", "RUSGOV")


def test_quote_only_paragraph_takes_next_speaker_when_none_before(quotes_in):
    text = (
        "“We are ready to talk to anyone.”\n\n"
        "That was the message from Iranian President Hassan Rouhani, who said on Sunday that Tehran "
        "would not negotiate under pressure."
    )
    [direct] = only(quotes_in(text), "direct")
    assert direct.speaker == "Hassan Rouhani"


def test_fragment_governed_by_describe_is_a_quote(quotes_in):
    text = "Turkish President Recep Tayyip Erdogan described the plan as “totally unacceptable”."
    [quote] = quotes_in(text)
    assert quote.text == "totally unacceptable"
    assert (quote.speaker, quote.speaker_code) == ("Recep Tayyip Erdogan", "TURGOV")


def test_scare_quotes_and_titles_are_not_quotes(quotes_in):
    text = "The so-called “Islamic State” claimed the attack. The film “Parasite” won the top award."
    assert quotes_in(text) == []


def test_speech_inside_a_quotation_is_not_reported_speech(quotes_in):
    text = "“I told them that we would never surrender,” General Khalifa Haftar said."
    quotes = quotes_in(text)
    assert [(q.kind, q.speaker) for q in quotes] == [("direct", "Khalifa Haftar")]


# ---------------------------------------------------------------- indirect speech


def test_indirect_that_clause(quotes_in):
    [quote] = quotes_in("German Chancellor Angela Merkel said that Europe must take its fate into its hands.")
    assert quote.kind == "indirect"
    assert quote.text == "Europe must take its fate into its hands"
    assert (quote.speaker, quote.speaker_code) == ("Angela Merkel", "DEUGOV")


def test_indirect_clause_before_the_verb(quotes_in):
    [quote] = quotes_in("The talks will resume next week in Geneva, a State Department spokesman said.")
    assert quote.text == "The talks will resume next week in Geneva"
    assert quote.speaker == "State Department spokesman"


def test_adding_that_takes_the_subject_of_the_main_verb(quotes_in):
    text = "Turkish President Recep Tayyip Erdogan criticised the plan, adding that Ankara would reject it."
    [quote] = quotes_in(text)
    assert quote.text == "Ankara would reject it"
    assert (quote.speaker, quote.speaker_code) == ("Recep Tayyip Erdogan", "TURGOV")


def test_according_to(quotes_in):
    [quote] = quotes_in("According to the Syrian Observatory for Human Rights, 20 civilians were killed.")
    assert quote.text == "20 civilians were killed"
    assert quote.speaker == "Syrian Observatory for Human Rights"


def test_according_to_after_the_clause(quotes_in):
    [quote] = quotes_in("The man was taken to hospital, according to police, with burns to his arms.")
    assert (quote.text, quote.speaker) == ("The man was taken to hospital", "police")


def test_direct_quote_attributed_with_according_to(quotes_in):
    text = "“The camp is in a catastrophic state,” according to the International Committee of the Red Cross."
    [quote] = quotes_in(text)
    assert quote.kind == "direct"
    assert quote.speaker == "International Committee of the Red Cross"


def test_told_reporters(quotes_in):
    [quote] = quotes_in("US Secretary of State Mike Pompeo told reporters that Washington was ready to talk.")
    assert quote.text == "Washington was ready to talk"
    assert (quote.speaker, quote.speaker_code) == ("Mike Pompeo", "USAGOV")


def test_pronoun_speaker(quotes_in):
    text = (
        "Iranian Foreign Minister Mohammad Javad Zarif met his Iraqi counterpart in Baghdad on Saturday. "
        "He said the two countries would expand trade."
    )
    [quote] = quotes_in(text)
    assert quote.text == "the two countries would expand trade"
    assert (quote.speaker, quote.speaker_code, quote.sentence_index) == ("Mohammad Javad Zarif", "IRNGOV", 1)


def test_title_speaker(quotes_in):
    text = (
        "Russian Defence Minister Sergei Shoigu visited Damascus on Tuesday. "
        "The minister said Russian troops would stay in Syria."
    )
    [quote] = quotes_in(text)
    assert quote.text == "Russian troops would stay in Syria"
    assert quote.speaker == "Sergei Shoigu" and quote.speaker_code.startswith("RUS")


def test_call_for_and_urge(quotes_in):
    text = (
        "UN Secretary-General Antonio Guterres urged both sides to show restraint. "
        "Iraqi Prime Minister Adel Abdul Mahdi called for an end to foreign interference."
    )
    quotes = quotes_in(text)
    assert [(q.speaker, q.text) for q in quotes] == [
        ("Antonio Guterres", "both sides to show restraint"),
        ("Adel Abdul Mahdi", "an end to foreign interference"),
    ]


def test_question_reports_no_speech(quotes_in):
    assert quotes_in("Did the Iranian foreign minister say that the talks had failed?") == []


def test_clause_before_a_semicolon_is_not_the_complement(quotes_in):
    text = "Many of the guests were Indian; the embassy confirmed two pilgrims from Myanmar also died."
    assert [q.text for q in quotes_in(text)] == ["two pilgrims from Myanmar also died"]


def test_named_subject_wins_over_a_misparsed_one(quotes_in):
    text = "“Warm water is attacking the ice shelves,” said study co-author Karen Alley."
    [quote] = quotes_in(text)
    assert quote.speaker == "Karen Alley"


# ---------------------------------------------------------------- the seed article


def test_seed_article_quotes(nlp, actor_coder, seed_path):
    from tidings.ingest import read_articles

    [article] = list(read_articles([seed_path]))
    doc = nlp(article.text)
    quotes = FINDER.find(doc, article, actor_coder.resolve(doc))
    direct = only(quotes, "direct")
    assert [q.text.split(",")[0] for q in direct] == [
        "totally illegal",
        "Iran is not a country you can push",
        "In our opinion",
        "Despite threats from the US",
        "The Iranians are there",
    ]
    jagarian = [q for q in quotes if q.speaker == "Levan Jagarian"]
    assert all(q.speaker_code == "RUSGOV" for q in jagarian)
    assert set(direct) <= set(jagarian)
    reported = [q.text for q in only(jagarian, "indirect")]
    for start in ("exerting pressure on Iran", "the trade and economic ties", "Iran has remained fully"):
        assert any(text.startswith(start) for text in reported), start
    zarif = [q for q in quotes if q.speaker == "Mohammad Javad Zarif"]
    assert {q.text for q in zarif} == {
        "diversification of relations between the two countries",
        "will contribute to peace and stability in Central Asia and the Middle East",
    }
    assert all(q.speaker_code == "IRNGOV" and q.kind == "indirect" for q in zarif)
    assert all(article.text[q.start : q.end] == q.text for q in quotes)


def test_paragraph_bounds_are_the_non_blank_lines():
    from tidings.quotes import paragraph_bounds

    text = "  first line \n\n   \nsecond\n \t\nthird  "
    assert [text[s:e] for s, e in paragraph_bounds(text)] == ["  first line ", "second", "third  "]


def test_paragraph_bounds_of_a_masked_paragraph_scan_it_once():
    """The prefilter blanks a paragraph naming no actor into one long run of spaces; scanning it from
    every position was quadratic (a 100 KB article took minutes), anchored at line starts it is one pass."""
    from tidings.quotes import paragraph_bounds

    blanks = " " * 400_000
    text = f"Opening line.\n{blanks}\n{blanks}x\nLast."
    assert [text[s:e] for s, e in paragraph_bounds(text)] == ["Opening line.", f"{blanks}x", "Last."]
