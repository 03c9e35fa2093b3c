"""Places: the gazetteer, resolving place mentions and locating hand-made events."""

from __future__ import annotations

import pytest

from tidings.lang import load_language
from tidings.places.gazetteer import Gazetteer, PlaceContext, choose_place, load_gazetteer, name_key
from tidings.places.locate import find_places, locate_events
from tidings.records import Actor, Article, Event

ENGLISH = load_language("en")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def places_in(nlp, gazetteer, text: str, countries=()) -> list:
    article = Article(id="a", title="t", text=text)
    return find_places(nlp(text), article, gazetteer, countries, ENGLISH)


def only_place(nlp, gazetteer, text: str, name: str, countries=()):
    [place] = [p for p in places_in(nlp, gazetteer, text, countries) if text[p.start : p.end] == name]
    return place


def test_name_key_folds_case_accents_dots_and_articles():
    assert name_key("the U.S.") == "us"
    assert name_key("São Paulo") == "sao paulo"
    assert name_key("Russia’s") == "russia"


def test_gazetteer_has_cities_countries_and_states(gazetteer):
    kinds = {c.place.kind for name in ("Tehran", "Iran", "Idaho") for c in gazetteer.candidates(name)}
    assert kinds == {"city", "country", "state"}
    assert len(gazetteer) > 30_000


def test_every_country_and_state_has_coordinates(gazetteer):
    for name in ("Russia", "Lebanon", "United States", "Vermont", "South Dakota", "Texas"):
        place = choose_place(gazetteer.candidates(name), PlaceContext(frozenset({"USA"}), frozenset()))
        assert place is not None and place.lat is not None and place.lon is not None, name


def test_country_aliases_from_the_country_table(gazetteer):
    context = PlaceContext(frozenset(), frozenset())
    assert choose_place(gazetteer.candidates("U.S."), context).country == "USA"
    assert choose_place(gazetteer.candidates("Britain"), context).country == "GBR"


def test_country_resolves_to_its_capital(nlp, gazetteer):
    place = only_place(nlp, gazetteer, "Israeli jets struck targets in Lebanon.", "Lebanon")
    assert (place.name, place.country) == ("Lebanon", "LBN")
    assert place.lat == pytest.approx(33.89, abs=0.1) and place.lon == pytest.approx(35.50, abs=0.1)


def test_moscow_with_russia_in_play_is_in_russia(nlp, gazetteer):
    place = only_place(nlp, gazetteer, "The talks were held in Moscow.", "Moscow", countries={"RUS", "IRN"})
    assert place.country == "RUS"
    assert place.lat == pytest.approx(55.75, abs=0.1)


def test_moscow_with_only_us_actors_is_still_the_big_moscow(nlp, gazetteer):
    place = only_place(nlp, gazetteer, "The envoy flew to Moscow.", "Moscow", countries={"USA"})
    assert place.country == "RUS"


def test_moscow_idaho_with_a_state_qualifier(nlp, gazetteer):
    place = only_place(
        nlp, gazetteer, "Police in Moscow, Idaho, arrested a suspect.", "Moscow", countries={"USA"}
    )
    assert (place.country, place.lat) == ("USA", pytest.approx(46.73, abs=0.1))


def test_moscow_with_a_state_named_in_the_article(nlp, gazetteer):
    text = "Idaho police said that students gathered in Moscow on Sunday."
    place = only_place(nlp, gazetteer, text, "Moscow", countries={"USA"})
    assert place.country == "USA"


def test_georgia_is_the_state_in_a_us_only_article(gazetteer):
    assert (
        choose_place(gazetteer.candidates("Georgia"), PlaceContext(frozenset({"USA"}), frozenset())).kind
        == "state"
    )
    assert (
        choose_place(gazetteer.candidates("Georgia"), PlaceContext(frozenset({"RUS"}), frozenset())).kind
        == "country"
    )


def test_southern_lebanon_is_lebanon(nlp, gazetteer):
    places = places_in(nlp, gazetteer, "Fighting broke out in southern Lebanon.")
    assert [(p.name, p.country) for p in places] == [("Lebanon", "LBN")]


def test_untagged_city_after_a_locative_preposition(nlp, gazetteer):
    places = places_in(nlp, gazetteer, "An apartment building collapsed on Monday in Magnitogorsk.")
    assert [(p.name, p.country) for p in places] == [("Magnitogorsk", "RUS")]


def test_geo_words_table():
    assert {"in", "near", "outside"} <= ENGLISH.places.locative
    assert "southern" in ENGLISH.places.directions


# -- locating events ----------------------------------------------------------------------------


def make_event(text: str, verb: str, source: str, target: str | None = None) -> Event:
    def actor(name: str) -> Actor:
        start = text.index(name)
        return Actor(text=name, start=start, end=start + len(name), country="XXX")

    verb_start = text.index(verb)
    return Event(
        article_id="a", sentence_index=0, sentence=text, start=0, end=len(text),
        source=actor(source), target=actor(target) if target else None,
        code="190", root_code="19", quad_class=4, goldstein=-10.0, plover="ASSAULT", plover_mode=None,
        verb=verb, verb_start=verb_start, verb_end=verb_start + len(verb), rule="test",
    )  # fmt: skip


def locate(nlp, gazetteer, text: str, event: Event, countries=()) -> Event:
    doc = nlp(text)
    places = find_places(doc, Article(id="a", title="t", text=text), gazetteer, countries, ENGLISH)
    [located] = locate_events([event], doc, places, ENGLISH)
    return located


def test_event_located_in_the_city_of_its_prepositional_phrase(nlp, gazetteer):
    text = "In January 2017, Iran and Russia held a conference in Tehran to mark 515 years of relations."
    event = locate(nlp, gazetteer, text, make_event(text, "held", "Iran", "Russia"), {"IRN", "RUS"})
    assert (event.location.name, event.location.country) == ("Tehran", "IRN")


def test_event_in_southern_lebanon(nlp, gazetteer):
    text = "Israeli jets struck Hezbollah positions in southern Lebanon."
    event = locate(nlp, gazetteer, text, make_event(text, "struck", "Israeli jets", "Hezbollah"))
    assert event.location.country == "LBN"


def test_event_near_the_border_town(nlp, gazetteer):
    text = "Turkish troops attacked Kurdish fighters near the border town of Qamishli."
    event = locate(nlp, gazetteer, text, make_event(text, "attacked", "Turkish troops", "Kurdish fighters"))
    assert event.location is not None and event.location.country == "SYR"


def test_actor_names_are_not_the_location(nlp, gazetteer):
    text = "Russia attacked Ukraine."
    event = locate(nlp, gazetteer, text, make_event(text, "attacked", "Russia", "Ukraine"))
    assert event.location is None


def test_place_in_another_clause_is_not_the_location(nlp, gazetteer):
    text = "Speaking in Paris, the minister said that Russia attacked Ukraine."
    event = locate(nlp, gazetteer, text, make_event(text, "attacked", "Russia", "Ukraine"))
    assert event.location is None


def test_regions_are_not_places(nlp, gazetteer):
    text = "Prices rose across South America, Africa and Southeast Asia but fell in Brazil."
    assert [p.country for p in places_in(nlp, gazetteer, text)] == ["BRA"]


def test_dates_and_organisations_after_in_are_not_places(nlp, gazetteer):
    text = "In March, he studied at the University of Miami."
    assert all(p.name not in {"March", "University"} for p in places_in(nlp, gazetteer, text))


def test_unlisted_town_with_a_state_qualifier_is_left_to_the_state(nlp, gazetteer):
    places = places_in(nlp, gazetteer, "The crash happened in Randolph, New Hampshire on Friday.")
    assert [(p.name, p.country) for p in places] == [("New Hampshire", "USA")]


def test_gazetteer_candidates_are_tuples_of_shared_records(gazetteer):
    first, again = gazetteer.candidates("Moscow"), gazetteer.candidates("moscow")
    assert isinstance(first, tuple) and first == again
    assert len({c.place for c in first}) == len(first)


def test_gazetteer_build_leaves_the_garbage_collector_as_it_was():
    import gc

    from tidings.places.gazetteer import _collector_paused

    was = gc.isenabled()
    with _collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() == was
