"""Places: the gazetteer, resolving place mentions and locating hand-made events."""

from __future__ import annotations

import pytest

from tidings.lang import load_language
from tidings.nlp import dictionary_words
from tidings.places.gazetteer import Gazetteer, PlaceContext, choose_place, load_gazetteer, name_key
from tidings.places.locate import find_places, locate_events
from tidings.records import Actor, Article, Event

ENGLISH = load_language("en")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def places_in(nlp, gazetteer, text: str, countries=()) -> list:
    """The places as the pipeline finds them (with the parser's dictionary words)."""
    article = Article(id="a", title="t", text=text)
    return find_places(nlp(text), article, gazetteer, countries, ENGLISH, dictionary_words(nlp))


def only_place(nlp, gazetteer, text: str, name: str, countries=()):
    [place] = [p for p in places_in(nlp, gazetteer, text, countries) if text[p.start : p.end] == name]
    return place


def test_name_key_folds_case_accents_dots_and_articles():
    assert name_key("the U.S.") == "us"
    assert name_key("São Paulo") == "sao paulo"
    assert name_key("Russia’s") == "russia"


def test_gazetteer_has_cities_countries_and_divisions(gazetteer):
    features = {c.place.feature for name in ("Tehran", "Iran", "Idaho") for c in gazetteer.candidates(name)}
    assert {"city", "country", "admin1"} <= features
    assert len(gazetteer) > 300_000


def test_every_country_and_state_has_coordinates(gazetteer):
    for name in ("Russia", "Lebanon", "United States", "Vermont", "South Dakota", "Texas"):
        place = choose_place(gazetteer.candidates(name), PlaceContext(frozenset({"USA"}), frozenset()))
        assert place is not None and place.lat is not None and place.lon is not None, name


def test_country_aliases_from_the_country_table(gazetteer):
    context = PlaceContext(frozenset(), frozenset())
    assert choose_place(gazetteer.candidates("U.S."), context).country == "USA"
    assert choose_place(gazetteer.candidates("Britain"), context).country == "GBR"


def test_country_resolves_to_its_centre_not_its_capital(nlp, gazetteer):
    place = only_place(nlp, gazetteer, "Israeli jets struck targets in Lebanon.", "Lebanon")
    assert (place.name, place.country, place.feature) == ("Lebanon", "LBN", "country")
    assert place.lat == pytest.approx(33.83, abs=0.1) and place.lon == pytest.approx(35.83, abs=0.1)


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
        choose_place(gazetteer.candidates("Georgia"), PlaceContext(frozenset({"USA"}), frozenset())).feature
        == "admin1"
    )
    assert (
        choose_place(gazetteer.candidates("Georgia"), PlaceContext(frozenset({"RUS"}), frozenset())).feature
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
    places = find_places(
        doc, Article(id="a", title="t", text=text), gazetteer, countries, ENGLISH, dictionary_words(nlp)
    )
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


def test_regions_are_places_as_a_whole_never_cut_down(nlp, gazetteer):
    text = "Prices rose across South America, Africa and Southeast Asia but fell in Brazil."
    places = places_in(nlp, gazetteer, text)
    assert [(p.name, p.feature) for p in places] == [
        ("South America", "continent"),
        ("Africa", "continent"),
        ("Southeast Asia", "region"),
        ("Brazil", "country"),
    ]


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

    from tidings.places.gazetteer import _collector_paused  # noqa: PLC2701

    was = gc.isenabled()
    with _collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() == was


# -- the larger gazetteer and its one policy ---------------------------------------------------------


def test_places_carry_geonames_ids_admin_codes_feature_and_precision(nlp, gazetteer):
    text = "A fire destroyed a home in Rapides Parish, near Alexandria, La., on Monday."
    places = {p.text: p for p in places_in(nlp, gazetteer, text)}
    parish, town, state = places["Rapides Parish"], places["Alexandria"], places["La."]
    assert (parish.feature, parish.country, parish.admin1, parish.admin2) == ("admin2", "USA", "LA", "079")
    assert (town.feature, town.admin1, town.geonameid) == ("city", "LA", 4314550)
    assert (town.precision, town.geo_type) == (1, 3)
    assert (state.name, state.feature, state.precision, state.geo_type) == ("Louisiana", "admin1", 3, 2)


def test_a_state_abbreviation_after_a_comma_qualifies_the_town(nlp, gazetteer):
    place = only_place(nlp, gazetteer, "He was arrested in Macon, Ga., on Friday.", "Macon")
    assert (place.country, place.admin1) == ("USA", "GA")


def test_paris_texas_and_paris_in_an_article_about_texas(nlp, gazetteer):
    assert only_place(nlp, gazetteer, "The storm hit Paris, Texas, overnight.", "Paris").admin1 == "TX"
    text = "Texas officials said the storm hit Paris overnight."
    assert only_place(nlp, gazetteer, text, "Paris", countries={"USA"}).admin1 == "TX"
    assert only_place(nlp, gazetteer, "The talks opened in Paris on Monday.", "Paris").country == "FRA"


def test_jordan_minnesota_is_the_town_and_jordan_alone_the_country(nlp, gazetteer):
    text = "Minnesota police said the crash happened in Jordan on Monday."
    assert only_place(nlp, gazetteer, text, "Jordan", countries={"USA"}).admin1 == "MN"
    assert only_place(nlp, gazetteer, "Refugees crossed into Jordan.", "Jordan").country == "JOR"


def test_washington_is_the_capital_unless_the_state_is_said(nlp, gazetteer):
    assert only_place(nlp, gazetteer, "The senator flew to Washington.", "Washington").admin1 == "DC"
    place = only_place(nlp, gazetteer, "Wildfires burned in Washington state.", "Washington")
    assert (place.feature, place.admin1) == ("admin1", "WA")


def test_georgia_counties_are_in_the_state(nlp, gazetteer):
    text = "Two Northeast Georgia counties grew fastest, new U.S. Census Bureau numbers show."
    assert only_place(nlp, gazetteer, text, "Georgia").feature == "admin1"


def test_names_of_people_and_common_words_are_not_places(nlp, gazetteer):
    text = "They thanked God. Obama met Bala. The Mansfield Police Department met in March 2008."
    names = {p.text for p in places_in(nlp, gazetteer, text)}
    assert not names & {"God", "Obama", "Bala", "Police", "March"}


def test_a_one_word_name_of_a_person_named_in_full_is_that_person(nlp, gazetteer):
    text = "Officer Michael Eggers shot Tyrise M. Bell in North Las Vegas. Bell died."
    assert "Bell" not in {p.text for p in places_in(nlp, gazetteer, text)}


def test_demonyms_name_their_country(nlp, gazetteer):
    places = places_in(nlp, gazetteer, "Kenyan officials met Palestinian envoys.")
    assert [(p.text, p.country, p.demonym) for p in places] == [
        ("Kenyan", "KEN", True),
        ("Palestinian", "PSE", True),
    ]


def test_a_list_of_states_is_not_qualified_by_its_last_member(nlp, gazetteer):
    text = "Flu cases were reported in Colorado, Delaware, Idaho, Maine and Montana."
    places = places_in(nlp, gazetteer, text)
    assert [p.name for p in places] == ["Colorado", "Delaware", "Idaho", "Maine", "Montana"]
    assert {p.feature for p in places} == {"admin1"}


def test_a_town_opening_an_organisation_name_in_a_country_in_play(nlp, gazetteer):
    text = "Florida officials said the Gainesville Police arrested two men."
    assert only_place(nlp, gazetteer, text, "Gainesville", countries={"USA"}).admin1 == "FL"


def test_a_capitalised_dateline_names_a_place(nlp, gazetteer):
    text = "COLUMBUS, Ohio (AP) -- The governor signed the budget."
    place = only_place(nlp, gazetteer, text, "COLUMBUS")
    assert (place.name, place.admin1) == ("Columbus", "OH")


def test_names_that_support_each_other_lie_together(nlp, gazetteer):
    text = "Deputies in Anderson County searched a home near Palestine on Tuesday."
    place = only_place(nlp, gazetteer, text, "Palestine", countries={"USA"})
    assert (place.country, place.admin1) == ("USA", "TX")


def test_the_gazetteer_index_round_trips_through_its_file(tmp_path):
    from tidings.places.gazetteer import Place
    from tidings.places.gazetteer.index import GazetteerIndex, IndexBuilder

    builder = IndexBuilder()
    row = builder.add_place(Place("Sainte-Foy", "city", "CAN", 46.78, -71.29, 10_000, "10", "23", 123))
    builder.add_name("sainte-foy", row, "primary")
    builder.add_name("ste foy", row, "alternate")
    path = tmp_path / "index.bin"
    builder.freeze().write(path)
    index = GazetteerIndex.read(path)
    [candidate] = index.lookup("ste foy")
    assert candidate.kind == "alternate" and candidate.place == Place(
        "Sainte-Foy", "city", "CAN", 46.78, -71.29, 10_000, "10", "23", 123
    )
    assert index.lookup("nowhere") == ()
    path.write_bytes(path.read_bytes()[:-8])
    with pytest.raises(ValueError, match="truncated|padded"):
        GazetteerIndex.read(path)


def test_the_gazetteer_cache_lives_where_tidings_cache_dir_says(tmp_path, monkeypatch):
    from tidings.places.gazetteer import cache_dir, cache_key

    monkeypatch.setenv("TIDINGS_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path
    assert len(cache_key("en")) == 16


def test_geo_tables_are_valid():
    from tidings.resources import data_file, read_table

    precision = read_table(data_file("geo", "precision.tsv"), ["feature", "in_us", "geo_type", "precision"])
    features = {"country", "admin1", "admin2", "city", "region", "continent"}
    assert {row["feature"] for row in precision} == features
    centres = read_table(data_file("geo", "country_centroids.tsv"), ["iso3", "lat", "lon", "basis"])
    assert len(centres) > 230 and all(-90 <= float(r["lat"]) <= 90 for r in centres)
    columns = ["code", "abbreviation", "alone"]
    abbreviations = read_table(data_file("geo", "admin1_abbreviations.tsv"), columns)
    assert {"Ga.", "GA", "W.Va.", "Calif."} <= {r["abbreviation"] for r in abbreviations}
    assert {r["abbreviation"] for r in abbreviations if r["alone"] == "yes"} == {"NSW", "Qld", "D.C."}


# -- locating events: the most specific place -----------------------------------------------------


def test_an_acled_style_note_is_located_at_its_most_specific_place(nlp, gazetteer):
    text = "Militants attacked a police post in Garissa town, Garissa county, Kenya."
    event = locate(nlp, gazetteer, text, make_event(text, "attacked", "Militants", "police"), {"KEN"})
    assert event.location is not None and (event.location.name, event.location.feature) == ("Garissa", "city")


def test_an_event_is_located_in_its_object_when_that_is_a_part_of_a_place(nlp, gazetteer):
    text = "Forces loyal to Haftar shelled the Abu Salim district of Tripoli on Wednesday."
    event = locate(nlp, gazetteer, text, make_event(text, "shelled", "Forces"), {"LBY"})
    assert event.location is not None and event.location.name == "Tripoli"


def test_a_locative_place_is_the_location_even_when_coded_as_the_target(nlp, gazetteer):
    text = "The army fought street battles in central Khartoum on Saturday."
    event = locate(nlp, gazetteer, text, make_event(text, "fought", "The army", "central Khartoum"), {"SDN"})
    assert event.location is not None and event.location.name == "Khartoum"


def test_a_name_after_a_place_noun_and_of_is_a_place(nlp, gazetteer):
    text = "Artillery pounded residential districts of Kharkiv overnight."
    assert only_place(nlp, gazetteer, text, "Kharkiv").country == "UKR"


def test_a_new_gazetteer_build_removes_the_files_of_earlier_builds(tmp_path):
    from tidings.places.gazetteer import _remove_stale  # noqa: PLC2701

    names = ("gazetteer-en-new.bin", "gazetteer-en-old.bin", "x.bin")
    current, stale, other = (tmp_path / name for name in names)
    for path in (current, stale, other):
        path.write_bytes(b"x")
    _remove_stale(current, "en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gazetteer-en-new.bin", "x.bin"]


def test_support_from_the_article_holds_in_the_second_pass(nlp, gazetteer):
    # The French club is an actor of France, but the town the article's Texas county holds is meant.
    text = "Paris police said a Lamar County man was held. The Paris council met in Texas on Monday."
    places = places_in(nlp, gazetteer, text, countries={"FRA"})
    assert {p.admin1 for p in places if p.text == "Paris"} == {"TX"}


def test_towns_named_after_countries_and_states_do_not_support_each_other(nlp, gazetteer):
    text = "Officials in the US reported cases in Maine and Vermont, and abroad in China, Mexico and Norway."
    places = {p.text: p for p in places_in(nlp, gazetteer, text, countries={"USA"})}
    assert {places[name].feature for name in ("Maine", "Vermont")} == {"admin1"}
    assert [places[name].country for name in ("China", "Mexico", "Norway")] == ["CHN", "MEX", "NOR"]


def test_a_state_name_is_the_state_unless_a_town_of_that_name_is_in_play(nlp, gazetteer):
    place = only_place(nlp, gazetteer, "The storm moved on to Wyoming.", "Wyoming", countries={"USA"})
    assert (place.feature, place.admin1) == ("admin1", "WY")
    assert only_place(nlp, gazetteer, "The senator flew to Washington.", "Washington").admin1 == "DC"


def test_a_settlement_word_after_a_name_means_the_town(nlp, gazetteer):
    text = "Gunmen attacked a market in Garissa town on Monday."
    assert only_place(nlp, gazetteer, text, "Garissa", countries={"KEN"}).feature == "city"


def test_a_street_is_a_named_feature_whatever_the_ner_made_of_it(nlp, gazetteer):
    text = "Firefighters were called to a house on Memphis Street late on Sunday."
    places = places_in(nlp, gazetteer, text)
    [street] = [p for p in places if "Street" in p.text]
    assert (street.text, street.lat) == ("Memphis Street", None)
    assert "Memphis" not in {p.text for p in places}


def test_a_town_before_a_noun_of_its_people_or_police_is_a_place(nlp, gazetteer):
    text = "Kentucky police said a Berea woman was hurt. Officers from Richmond helped."
    place = only_place(nlp, gazetteer, text, "Berea", countries={"USA"})
    assert (place.country, place.admin1) == ("USA", "KY")


def test_a_first_name_that_names_only_small_places_is_a_person(nlp, gazetteer):
    text = "The award went to Tanya, who thanked the school."
    assert "Tanya" not in {p.text for p in places_in(nlp, gazetteer, text, countries={"USA"})}


def test_a_first_name_before_a_surname_the_ner_missed_is_a_person(nlp, gazetteer):
    text = "The family moved to Texas in 1973, Nadia Moayyad said."
    assert "Nadia" not in {p.text for p in places_in(nlp, gazetteer, text, countries={"USA"})}


def test_an_acronym_is_not_a_town_in_capitals(nlp, gazetteer):
    text = "A deal between the E.U. and Libya ended the crisis."
    assert {p.text for p in places_in(nlp, gazetteer, text)} <= {"Libya", "E.U."}
    assert all(p.country != "FRA" for p in places_in(nlp, gazetteer, text))


def test_a_place_opening_a_newspaper_name_is_the_paper(nlp, gazetteer):
    text = "The Denver Post reported the fire, and firefighters in Denver said it was out."
    assert [p.text for p in places_in(nlp, gazetteer, text, countries={"USA"})] == ["Denver"]


def test_a_country_adjective_is_the_demonym_not_a_town_of_that_name(nlp, gazetteer):
    places = places_in(nlp, gazetteer, "Canadian officials tested the herd.")
    assert [(p.text, p.country, p.demonym) for p in places] == [("Canadian", "CAN", True)]


def test_a_town_beside_its_county_in_a_named_state_beats_a_country_in_play(nlp, gazetteer):
    text = "Texas deputies in Anderson County searched a home near Palestine. Palestine police arrested him."
    places = places_in(nlp, gazetteer, text, countries={"USA", "PSE"})
    assert {(p.country, p.admin1) for p in places if p.text == "Palestine"} == {("USA", "TX")}


def test_a_small_town_after_a_preposition_in_a_named_state_is_a_place(nlp, gazetteer):
    text = "Texas troopers said the grant for Grapeland was approved."
    place = only_place(nlp, gazetteer, text, "Grapeland", countries={"USA"})
    assert (place.country, place.admin1) == ("USA", "TX")


def test_a_legislators_home_town_after_a_party_initial_is_a_place(nlp, gazetteer):
    text = "Senate Finance Chairman Hugh Leatherman, R-Florence, said the state would wait."
    assert only_place(nlp, gazetteer, text, "Florence", countries={"USA"}).country == "USA"
