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

COMPLEMENTS = {"clause", "for", "object_to", "according_to", "adverb", "none"}


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
    assert "about" in verbs["complain"].topics and verbs["say"].topics == frozenset()


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


# ---------------------------------------------------------------- cues beyond "say" (issue 11)


@pytest.mark.parametrize("verb", ["wrote", "reported", "added", "noted", "argued", "warned", "insisted"])
def test_speech_verbs_beyond_say(quotes_in, verb):
    text = f"Senator Elizabeth Warren {verb} that the bill would hurt small banks."
    [quote] = quotes_in(text)
    assert (quote.kind, quote.text) == ("indirect", "the bill would hurt small banks")
    assert quote.speaker == "Elizabeth Warren"


def test_said_in_a_statement_by_an_agency(quotes_in):
    text = "The agency said in a statement that the plant would reopen in May."
    [quote] = quotes_in(text)
    assert quote.text == "the plant would reopen in May" and quote.speaker == "agency"


def test_parenthetical_speech_verb(quotes_in):
    text = "The economy, Janet Yellen said, is stronger than it looks."
    [quote] = quotes_in(text)
    assert quote.text == "The economy, is stronger than it looks" or quote.text.startswith("The economy")
    assert quote.text.endswith("stronger than it looks") and quote.speaker == "Janet Yellen"


def test_clause_final_say_of_a_plural_noun(quotes_in):
    [quote] = quotes_in("The rally will fade by the summer, analysts say.")
    assert quote.text == "The rally will fade by the summer" and quote.speaker == "analysts"


def test_wrote_the_post(quotes_in):
    text = "“The campaign is in disarray and its donors know it,” wrote The Washington Post."
    [quote] = quotes_in(text)
    assert quote.kind == "direct" and quote.speaker == "Washington Post"


def test_it_said_is_the_organisation_named_before(quotes_in):
    text = "Acme Industries reported its results on Monday. Profits rose by a fifth last year, it said."
    [quote] = [q for q in quotes_in(text) if q.sentence_index == 1]
    assert quote.text == "Profits rose by a fifth last year" and quote.speaker == "Acme Industries"


def test_to_infinitive_and_embedded_question(quotes_in):
    text = "Governor John Kasich vowed to stay in the race. Reporters asked if he would quit."
    quotes = quotes_in(text)
    assert [(q.text, q.speaker) for q in quotes][:1] == [("to stay in the race", "John Kasich")]
    assert any(q.text == "he would quit" for q in quotes)


def test_object_that_is_what_was_said(quotes_in):
    [quote] = quotes_in("Senator Marco Rubio announced his candidacy for president on Monday.")
    assert quote.text == "his candidacy for president" and quote.speaker == "Marco Rubio"


def test_a_quoted_word_inside_reported_speech_keeps_the_clause(quotes_in):
    text = "Mayor Bill de Blasio said he was “gratified” by the decision of the court."
    quotes = quotes_in(text)
    reported = [q.text for q in quotes if q.kind == "indirect"]
    assert "he was “gratified” by the decision of the court" in reported


def test_he_is_the_nearest_man_named_not_the_main_figure(quotes_in):
    text = (
        "Donald Trump held a rally in Ohio on Monday.\n\n"
        "Geoff Garin, a Democratic pollster, said the crowd was small. He added that the polls had not moved."
    )
    quotes = quotes_in(text)
    assert [q.speaker for q in quotes] == ["Geoff Garin", "Geoff Garin"]


def test_the_senator_is_the_senator_named_before(quotes_in):
    text = (
        "Sen. Bernie Sanders campaigned in Iowa. Donald Trump was in Florida.\n\n"
        "The senator said the race was far from over."
    )
    [quote] = quotes_in(text)
    assert quote.speaker == "Bernie Sanders"


# ---------------------------------------------------------------- not quotes, not speakers


@pytest.mark.parametrize(
    "text",
    [
        "Senator Ted Cruz told “Meet the Press” on Sunday that he would stay.",
        "Her memoir, “Hard Choices,” sold well, she said in an interview with the newspaper.",
        "Trump called him “Little Marco” again on Tuesday.",
        "He warned of the so-called “deep state” in a long speech.",
    ],
)
def test_titles_nicknames_and_scare_quotes_are_not_quotes(quotes_in, text):
    assert all(q.kind == "indirect" for q in quotes_in(text))


def test_a_handle_or_number_in_quotation_marks_is_no_quote(quotes_in):
    text = "He tweeted “@realDonaldTrump” and “1449075600” to his followers, she said."
    assert [q.kind for q in quotes_in(text)] == ["indirect"]


def test_a_dateline_is_no_speaker(quotes_in):
    text = "WASHINGTON — Officials said on Monday that the talks would resume next week in Geneva."
    [quote] = quotes_in(text)
    assert quote.speaker == "Officials"


def test_a_bare_singular_noun_is_no_speaker(quotes_in):
    text = "“We will not be intimidated by anyone at all,” daily reported."
    assert all(q.speaker != "daily" for q in quotes_in(text))


def test_markup_never_reaches_a_speaker_name():
    from tidings.quotes import _clean_name

    assert _clean_name("[[Hillary Clinton|Clinton]]") == "Clinton"
    assert _clean_name("'''Bernie Sanders'''") == "Bernie Sanders"
    assert _clean_name('tweet_id="672152791717158917">California shooting') is None


def test_looks_like_a_name():
    from tidings.quotes import looks_like_a_name

    assert looks_like_a_name("Meet the Press") and looks_like_a_name("Orange is the New Black")
    assert looks_like_a_name("Hannity") and not looks_like_a_name("Absolutely!")
    assert not looks_like_a_name("We will win") and not looks_like_a_name("totally illegal")


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


# ---------------------------------------------------------------- call for, topics, colon lines


def test_call_for_a_clause_marked_for(quotes_in):
    [quote] = quotes_in("The governor is calling for the federal government to send more water trucks.")
    assert "federal government to send more water trucks" in quote.text
    assert quote.speaker == "governor"


def test_call_on_someone_to_act(quotes_in):
    [quote] = quotes_in("Mayor Anna Berg has called on the railway company to restore the night trains.")
    assert quote.text.endswith("to restore the night trains")
    assert quote.speaker == "Anna Berg"


def test_speech_about_a_topic_is_what_was_said(quotes_in):
    [quote] = quotes_in("Farmers complained bitterly about the late payment of drought subsidies.")
    assert (quote.text, quote.speaker) == ("the late payment of drought subsidies", "Farmers")
    [warning] = quotes_in("Ms. Okafor warned of a second wave of layoffs in the mills.")
    assert warning.text == "a second wave of layoffs in the mills"


def test_a_date_is_no_topic(quotes_in):
    assert quotes_in("The ministry commented on Tuesday.") == []


def test_a_headline_with_a_speaker_and_a_colon(quotes_in):
    text = "Mayor Berg: The night trains will run again by spring.\n\nThe city council met on Monday."
    [quote] = quotes_in(text)
    assert quote.text == "The night trains will run again by spring"
    assert "Berg" in quote.speaker


def test_colon_lines_without_a_name_are_no_speech(quotes_in):
    text = "The Latest: storms close schools across the north.\n\nEditor’s note: this story was updated."
    assert quotes_in(text) == []


def test_interview_turns(quotes_in):
    text = "Q: What did you find when you came home that day?\n\n"
    text += "A: My parents were gone and the house was empty."
    quotes = quotes_in(text)
    assert [q.text for q in quotes] == [
        "What did you find when you came home that day",
        "My parents were gone and the house was empty",
    ]


def test_a_short_statement_closed_by_a_comma_is_no_title(quotes_in):
    text = "Ms. Dunne spoke to farmers in Galway.\n\n“Prices fell,” Dunne said. “Nobody was ready for it.”"
    assert any(q.text == "Prices fell" and q.speaker == "Dunne" for q in quotes_in(text))


def test_calling_someone_something(quotes_in):
    [quote] = quotes_in("Opposition leader Maria Lindqvist called the budget a gift to the banks.")
    assert (quote.text, quote.speaker) == ("the budget a gift to the banks", "Maria Lindqvist")


def test_a_participle_speaks_for_the_clause_it_hangs_from(quotes_in):
    text = "Governor Tom Reyes ended the rally by saying that the mine would reopen in June."
    [quote] = quotes_in(text)
    assert (quote.text, quote.speaker) == ("the mine would reopen in June", "Tom Reyes")


def test_passive_speech_without_a_speaker(quotes_in):
    [quote] = quotes_in("It was revealed last week that the contract had been signed in secret.")
    assert (quote.text, quote.speaker) == ("the contract had been signed in secret", None)


def test_urged_reports_the_infinitive_after_the_verb(quotes_in):
    text = "After the court ruled, Senator Ana Ruiz urged her supporters to accept the decision."
    [quote] = quotes_in(text)
    assert quote.text == "her supporters to accept the decision"


def test_a_speech_noun_and_what_it_says(quotes_in):
    [quote] = quotes_in("The mayor's promise to rebuild the bridge by winter was met with doubt.")
    assert (quote.text, quote.speaker) == ("to rebuild the bridge by winter", "mayor")
    calls = quotes_in("There were renewed calls for an inquiry into the flooding of the valley.")
    assert [q.text for q in calls] == ["an inquiry into the flooding of the valley"]


def test_reportedly_reports_its_clause_without_a_speaker(quotes_in):
    [quote] = quotes_in("The company has reportedly hired three hundred new drivers in Lagos.")
    assert quote.text == "The company has reportedly hired three hundred new drivers in Lagos"
    assert quote.speaker is None
