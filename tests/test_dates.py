"""Event dates: resolving date expressions and dating hand-made events."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.annotate.dates import EventDater
from tidings.lang import load_language
from tidings.records import Actor, Article, Event

PUBLISHED = dt.date(2019, 3, 14)  # a Thursday
DATER = EventDater(load_language("en"))
resolve_date = DATER.resolve

RELATIVE_CASES = [
    ("on Tuesday", "2019-03-12", "day"),
    ("Tuesday", "2019-03-12", "day"),
    ("Thursday", "2019-03-14", "day"),
    ("last Thursday", "2019-03-07", "day"),
    ("Monday night", "2019-03-11", "day"),
    ("yesterday", "2019-03-13", "day"),
    ("three days ago", "2019-03-11", "day"),
    ("last week", "2019-W10", "week"),
    ("last month", "2019-02", "month"),
    ("earlier this month", "2019-03", "month"),
    ("last year", "2018", "year"),
    ("earlier this year", "2019", "year"),
    ("March 12", "2019-03-12", "day"),
    ("12 March", "2019-03-12", "day"),
    ("in March", "2019-03", "month"),
    ("in May", "2018-05", "month"),  # May 2019 would be after publication
]

ABSOLUTE_CASES = [
    ("in January 2017", "2017-01", "month"),
    ("January 2017", "2017-01", "month"),
    ("in 2016", "2016", "year"),
    ("since 2016", "2016", "year"),
    ("on 12 March 2019", "2019-03-12", "day"),
    ("March 12, 2019", "2019-03-12", "day"),
    ("Friday, January 4, 2019", "2019-01-04", "day"),
    ("the end of March 2018", "2018-03", "month"),
    ("2018-11-05", "2018-11-05", "day"),
]


@pytest.mark.parametrize(("expression", "iso", "precision"), RELATIVE_CASES + ABSOLUTE_CASES)
def test_resolve_with_publication_date(expression, iso, precision):
    resolved = resolve_date(expression, PUBLISHED)
    assert resolved is not None
    assert (resolved.iso, resolved.precision) == (iso, precision)


@pytest.mark.parametrize(("expression", "iso", "precision"), ABSOLUTE_CASES)
def test_absolute_dates_need_no_publication_date(expression, iso, precision):
    resolved = resolve_date(expression, None)
    assert resolved is not None
    assert (resolved.iso, resolved.precision) == (iso, precision)


@pytest.mark.parametrize(("expression", "_iso", "_precision"), RELATIVE_CASES)
def test_relative_dates_stay_null_without_publication_date(expression, _iso, _precision):
    assert resolve_date(expression, None) is None


@pytest.mark.parametrize(
    "expression", ["515 years", "three months", "the 1990s", "recent years", "the past two years"]
)
def test_durations_are_not_dates(expression):
    assert resolve_date(expression, PUBLISHED) is None


def test_future_tense_looks_forward():
    assert resolve_date("on Tuesday", PUBLISHED, future=True).iso == "2019-03-19"
    assert resolve_date("in March", dt.date(2019, 5, 1), future=True).iso == "2020-03"
    assert resolve_date("last Tuesday", PUBLISHED, future=True).iso == "2019-03-12"


def test_impossible_dates_are_rejected():
    assert resolve_date("31 February 2019", PUBLISHED) is None


def test_no_resolution_is_ever_todays_date():
    today = dt.date.today()
    expressions = [case[0] for case in RELATIVE_CASES + ABSOLUTE_CASES] + ["today", "tonight", "this week"]
    for expression in expressions:
        resolved = resolve_date(expression, None)
        assert resolved is None or resolved.date != today


def test_date_words_table_is_complete():
    words = load_language("en").dates
    assert sorted(set(words.months.values())) == list(range(1, 13))
    assert sorted(set(words.weekdays.values())) == list(range(7))
    assert words.relative_days["yesterday"] == -1


# -- dating events ------------------------------------------------------------------------------


def make_events(doc, article: Article, verb: str, source: str = "Iran") -> list[Event]:
    """One event per sentence containing `verb`, with `source` as its actor."""
    events = []
    for index, sent in enumerate(doc.sents):
        token = next((t for t in sent if t.text == verb), None)
        if token is None:
            continue
        start = article.text.index(source, sent.start_char)
        actor = Actor(text=source, start=start, end=start + len(source), country="IRN")
        events.append(
            Event(
                article_id=article.id, sentence_index=index, sentence=sent.text,
                start=sent.start_char, end=sent.end_char, source=actor, target=None,
                code="040", root_code="04", quad_class=1, goldstein=1.0, plover="CONSULT", plover_mode=None,
                verb=token.text, verb_start=token.idx, verb_end=token.idx + len(token), rule="test",
            )
        )  # fmt: skip
    return events


def date_of(nlp, text: str, verb: str, published: dt.date | None = PUBLISHED) -> Event:
    article = Article(id="a", title="t", text=text, published=published)
    doc = nlp(text)
    [event] = DATER.date(make_events(doc, article, verb), doc, article)
    return event


def test_seed_sentence_is_dated_january_2017(nlp):
    text = (
        "In January 2017, Iran and Russia held a conference in Tehran "
        "to mark 515 years of bilateral relations."
    )
    event = date_of(nlp, text, "held")
    assert (event.date, event.date_precision, event.date_source) == ("2017-01", "month", "sentence")


def test_seed_sentence_without_publication_date_keeps_its_absolute_date(nlp):
    text = "In January 2017, Iran and Russia held a conference in Tehran."
    event = date_of(nlp, text, "held", published=None)
    assert (event.date, event.date_precision) == ("2017-01", "month")


def test_undated_sentence_takes_the_article_date(nlp):
    event = date_of(nlp, "Iran criticised the sanctions.", "criticised")
    assert (event.date, event.date_precision, event.date_source) == ("2019-03-14", "day", "article")


def test_undated_sentence_without_publication_date_stays_null(nlp):
    event = date_of(nlp, "Iran criticised the sanctions.", "criticised", published=None)
    assert (event.date, event.date_precision, event.date_source) == (None, None, None)


def test_relative_weekday_in_a_sentence(nlp):
    event = date_of(nlp, "Iran met Russian officials on Tuesday.", "met")
    assert (event.date, event.date_precision, event.date_source) == ("2019-03-12", "day", "sentence")


def test_future_sentence_looks_forward(nlp):
    event = date_of(nlp, "Iran will meet Russian officials on Tuesday.", "meet")
    assert event.date == "2019-03-19"


def test_noun_modifier_year_is_not_the_event_date(nlp):
    text = "Iran has remained fully committed to its obligations under the 2015 Iran nuclear deal."
    event = date_of(nlp, text, "remained")
    assert (event.date, event.date_source) == ("2019-03-14", "article")


def test_duration_is_not_the_event_date(nlp):
    event = date_of(nlp, "Iran has sheltered refugees for three months.", "sheltered")
    assert event.date_source == "article"


def test_the_date_attached_to_the_event_verb_wins(nlp):
    text = "Iran said on Tuesday that it had signed the agreement in January 2017."
    assert date_of(nlp, text, "signed").date == "2017-01"
    assert date_of(nlp, text, "said").date == "2019-03-12"


def test_an_intended_act_is_dated_forward_and_the_saying_back(tidings_pipeline):
    """One test of tense for coding and dating: "would send ... on Tuesday" is an intent, dated to the
    Tuesday after publication; "said on Tuesday" is the Tuesday before."""
    from tidings.records import Article

    def coded(text: str):
        [article] = tidings_pipeline.code([Article(id="a", title="", text=text, published=PUBLISHED)])
        return [(e.code, e.date) for e in article.events]

    assert coded("Russia said it would send aid to Syria on Tuesday.") == [("033", "2019-03-19")]
    assert coded("Russia said on Tuesday it would send aid to Syria.") == [("033", "2019-03-12")]
    assert coded("Russia will send aid to Syria on Tuesday.") == [("070", "2019-03-19")]
    assert coded("Russia sent aid to Syria on Tuesday.") == [("070", "2019-03-12")]
