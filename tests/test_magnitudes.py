"""Counts on events: people killed, injured, arrested, kidnapped and crowd sizes, as stated in the text.

Every sentence here is written for the test."""

from __future__ import annotations

from tidings.lang import load_language
from tidings.records import MAGNITUDE_KINDS


def counts(events, kind):
    return [(m.number, m.text) for e in events if (m := e.magnitude(kind)) is not None]


def test_a_number_of_people_killed(code):
    events = code("Gunmen killed 12 villagers near Jos on Sunday.")
    assert counts(events, "fatalities") == [(12, "12")]


def test_killed_and_wounded_in_one_sentence(code):
    events = code("Rebels shelled villages near Goma, killing at least seven people and wounding 20.")
    assert counts(events, "fatalities") == [(7, "seven")] and counts(events, "injured") == [(20, "20")]


def test_number_words_multipliers_and_a_singular_person(code):
    assert counts(
        code("A bomb exploded in a market in Kano, killing a woman and two of her children."), "fatalities"
    ) == [(3, "a woman + two")]
    assert counts(code("Gunmen abducted a dozen students in Kaduna."), "kidnapped") == [(12, "a dozen")]


def test_what_a_phrase_includes_is_not_counted_again(code):
    events = code("Soldiers killed 5 villagers near Sittwe, including an elderly woman.")
    assert counts(events, "fatalities") == [(5, "5")]


def test_deaths_on_every_side_are_summed(code):
    events = code("Troops attacked insurgents near Maiduguri, killing 17 fighters; two soldiers also died.")
    assert [m for m, _ in counts(events, "fatalities")] == [19]


def test_a_vague_quantity_keeps_its_words_and_no_number(code):
    assert counts(code("Gunmen killed dozens of people near Jos."), "fatalities") == [(None, "dozens")]
    assert counts(code("Tens of thousands of people marched in Nairobi."), "crowd_size") == [
        (None, "Tens of thousands")
    ]


def test_a_crowd_in_millions(code):
    assert counts(code("About 1.2 million people marched in Paris on Tuesday."), "crowd_size") == [
        (1200000, "1.2 million")
    ]


def test_arrests_are_counted_on_the_arrest(code):
    events = code("Police arrested more than 200 protesters in Lagos on Monday.")
    assert counts(events, "arrested") == [(200, "200")]


def test_no_casualties_is_a_stated_zero(code):
    events = code("A car bomb exploded near a police station in Kabul without causing casualties.")
    assert counts(events, "fatalities") == [(0, "casualties")] and counts(events, "injured") == [
        (0, "casualties")
    ]


def test_a_toll_in_the_next_sentence_belongs_to_the_incident(code):
    events = code("Gunmen stormed a police station in Kano on Friday. Four officers were killed.")
    assert [(e.verb, e.fatalities.number if e.fatalities else None) for e in events] == [("stormed", 4)]


def test_counts_go_on_one_event_of_a_pair(code):
    events = code("Soldiers clashed with rebels near Goma, leaving 3 soldiers and 1 rebel dead.")
    assert sorted(m.number for e in events if (m := e.fatalities)) == [4]


def test_the_span_points_at_the_words(code):
    text = "Gunmen killed 12 villagers near Jos on Sunday."
    magnitude = code(text)[0].fatalities
    assert text[magnitude.start : magnitude.end] == "12"


def test_casualty_words_name_known_counts():
    words = load_language("en").casualty_words
    assert {w.count for found in words.values() for w in found} <= set(MAGNITUDE_KINDS) | {"casualties"}
