"""Conflict, protest and repression reporting (issue 10): generic actors placed by the scene, events that
name no doer, weapons, victims instead of places, the sides' codes, one incident per report.

Every sentence here is written for the test; none comes from the development gold set."""

from __future__ import annotations

import pytest
from conftest import default_stages

from tidings.coding.events.violence import read_violence_tables
from tidings.errors import DataFileError
from tidings.ontology import load_ontology
from tidings.resources import data_file, read_table


@pytest.fixture(scope="module")
def scene_of(nlp):
    actor_coder = default_stages().actor_coder

    def run(text: str):
        doc = nlp(text)
        return doc, actor_coder.resolve(doc)

    return run


def triples(events) -> set[tuple[str, str | None, str]]:
    return {(e.source.code, e.target.code if e.target else None, e.code) for e in events}


def roots(events) -> set[tuple[str, str | None, str]]:
    return {(e.source.code[:3], e.target.code[:3] if e.target else None, e.root_code) for e in events}


# -- the scene: where generic actors are --------------------------------------------------------------


def test_generic_actors_take_the_country_of_the_place_their_sentence_is_about(scene_of):
    doc, actors = scene_of("Police in Kano fired tear gas at traders on Tuesday.")
    assert [a.code for a in actors.actors_for(doc[0])] == ["NGACOP"]


def test_a_place_in_another_clause_of_the_sentence_places_them_too(scene_of):
    doc, actors = scene_of("Gunmen stormed a village near Maiduguri overnight.")
    assert [a.code for a in actors.actors_for(doc[0])] == ["NGAUAF"]


def test_without_a_place_in_the_sentence_the_article_country_holds(scene_of):
    doc, actors = scene_of("Fighting was reported in Goma on Monday. Soldiers later withdrew.")
    soldiers = next(t for t in doc if t.text == "Soldiers")
    assert [a.code for a in actors.actors_for(soldiers)] == ["CODMIL"]


def test_the_reporters_place_is_not_where_the_sentence_happens(scene_of):
    text = "Gunmen stormed a market in Gao on Friday, aid workers in Dakar said."
    doc, actors = scene_of(text)
    assert [a.code for a in actors.actors_for(doc[0])] == ["MLIUAF"]
    doc, actors = scene_of("Gunmen stormed a market on Friday, according to aid workers in Dakar.")
    assert actors.scene.sentences == {}


def test_a_reporter_in_the_only_place_named_still_places_the_article(scene_of):
    doc, actors = scene_of("Police in Kano said they had arrested twelve traders.")
    assert [a.code for a in actors.actors_for(doc[0])] == ["NGACOP"]


def test_a_country_word_in_the_phrase_beats_the_place(scene_of):
    doc, actors = scene_of("Rwandan soldiers were seen near Goma.")
    soldiers = next(t for t in doc if t.text == "soldiers")
    assert [a.code for a in actors.actors_for(soldiers)] == ["RWAMIL"]


def test_a_border_or_a_currency_says_nothing_of_where(scene_of):
    doc, actors = scene_of("Villagers crossed the Sudanese border near Adré.")
    assert actors.scene.article == "TCD"  # Adré is in Chad; "the Sudanese border" is no place in Sudan
    doc, actors = scene_of("The ministry said the U.S. dollar rose. Residents complained.")
    residents = next(t for t in doc if t.text == "Residents")
    assert [a.code for a in actors.actors_for(residents)] == ["---CVL"]


def test_a_country_name_used_as_a_division_name_is_no_country(scene_of):
    doc, actors = scene_of("Gunmen killed four farmers in Niger state on Sunday.")
    assert "NER" not in {a.country for a in actors.mentions}


def test_a_country_acted_on_is_no_scene(scene_of):
    doc, actors = scene_of("The opposition threatened to sue Ghana.")
    assert actors.scene.article is None


def test_a_named_person_takes_only_the_place_of_his_sentence(scene_of):
    doc, actors = scene_of("Activist Jon Smith began a sit-in in Nairobi.")
    assert "KENOPP" in {a.code for a in actors.mentions}
    doc, actors = scene_of("Activist Jon Smith met a Ghanaian envoy.")
    assert "GHAOPP" not in {a.code for a in actors.mentions}


def test_a_pronoun_does_not_take_a_country_from_a_currency(scene_of):
    doc, actors = scene_of("The U.S. dollar fell on Monday. It had risen for a week.")
    it = next(t for t in doc if t.text == "It")
    assert actors.actors_for(it) == ()


# -- events with nobody named doing them ---------------------------------------------------------------


def test_a_passive_killing_with_no_agent_is_coded_with_an_unnamed_attacker(code):
    events = code("Two farmers were killed near Jos on Friday, police said.")
    assert triples(events) == {("NGAUAF", "NGAAGR", "180")}
    assert "unnamed" in events[0].rule


def test_an_arrest_with_no_agent_is_the_police_and_a_charge_the_courts(code):
    assert triples(code("Forty students were arrested in Dhaka on Monday.")) == {("BGDCOP", "BGDEDU", "173")}
    assert roots(code("The former minister was indicted in Lima on Friday.")) == {("PER", "PER", "17")}
    assert {e.source.sectors for e in code("The former minister was indicted in Lima on Friday.")} == {
        ("JUD",)
    }


def test_a_weapon_as_subject_is_an_attack_with_it(code):
    assert triples(code("A bomb exploded at a bus station in Peshawar, police said.")) == {
        ("PAKUAF", "PAKCVL", "183")
    }
    assert triples(code("A mortar shell landed on a school in Goma.")) == {("CODUAF", "CODEDU", "194")}


def test_an_agentless_death_in_a_mishap_is_no_event(code):
    assert code("Five people were killed in a road accident near Kumasi on Sunday.") == []
    assert code("A landslide killed twelve villagers in Uganda.") == []


def test_an_unreal_or_background_killing_is_no_event(code):
    assert code("Dozens of villagers could be killed if the dam breaks near Mosul.") == []
    assert (
        code("The 1988 massacre, in which thousands of Kurds were killed, was remembered in Halabja.") == []
    )


def test_a_landmine_left_from_war_has_no_attacker(code):
    events = code("A shepherd was killed when he stepped on a landmine near Kandahar.")
    assert triples(events) == {("---", "AFGCVL", "183")}


def test_a_weapon_planted_by_a_named_group_is_its_attack(code):
    assert roots(code("A bomb planted by Boko Haram fighters killed three traders in Maiduguri.")) == {
        ("NGA", "NGA", "18")
    }


def test_clashes_between_two_parties_code_both_sides(code):
    assert roots(code("Clashes erupted between police and protesters in Nairobi on Monday.")) >= {
        ("KEN", "KEN", "17")
    }
    # between unarmed groups the clash is unconventional violence (role_codes.tsv)
    assert triples(code("Clashes between farmers and herders near Makurdi left ten people dead.")) == {
        ("NGAAGR", "NGAAGR", "180")
    }


def test_the_body_of_a_victim_found_is_a_killing(code):
    assert triples(code("The body of a trader was found in a ditch in Kinshasa.")) == {
        ("CODUAF", "CODCVL", "180")
    }


# -- weapons refine the code ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A car bomb killed six people in Mogadishu.", "1832"),
        ("A suicide bomber killed nine people at a mosque in Kabul.", "1831"),
        ("A roadside bomb killed two soldiers near Gao.", "1833"),
        ("Government warplanes struck a market in Idlib, killing ten people.", "195"),
        ("Rebel artillery pounded the outskirts of Aleppo.", "194"),
        ("Militants fired shells filled with chlorine at troops in Mosul.", "2041"),
    ],
)
def test_weapons_give_the_code_of_generic_violence(code, text, expected):
    assert {e.code for e in code(text)} == {expected}


def test_a_specific_act_keeps_its_code_whatever_the_weapon(code):
    assert {e.code for e in code("Army jets dropped bombs on a village in Sagaing.")} == {"195"}


def test_a_gold_mine_is_no_weapon(code):
    assert code("Three miners were killed in a gold mine collapse in Ghana.") == []


# -- victims, not places ---------------------------------------------------------------------------------


def test_a_village_attacked_stands_for_its_people(code):
    assert triples(code("Gunmen attacked Dogo village near Jos on Sunday.")) == {("NGAUAF", "NGACVL", "180")}


def test_a_site_stands_for_the_people_its_noun_names(code):
    assert roots(code("Gunmen attacked a police station in Kano.")) == {("NGA", "NGA", "19")}
    assert triples(code("Gunmen attacked a police station in Kano.")) == {("NGAUAF", "NGACOP", "190")}


def test_a_country_attacked_stays_the_country(code):
    assert triples(code("Russia attacked Ukraine.")) == {("RUS", "UKR", "190")}


def test_a_building_with_a_nationality_stands_for_its_owner(code):
    assert triples(code("The rioters burned the Danish consulate in Beirut.")) == {("LBNOPP", "DNK", "145")}


def test_a_foreign_victim_keeps_their_own_country(code):
    assert triples(code("Gunmen kidnapped two Chinese engineers in Gusau.")) == {("NGAUAF", "CHN", "181")}


# -- the sides' codes -----------------------------------------------------------------------------------


def test_force_on_civilians_is_unconventional_violence(code):
    assert triples(code("Militiamen killed eleven villagers near Bunia.")) == {("CODUAF", "CODCVL", "180")}
    assert triples(code("Soldiers killed eleven militants near Bunia.")) == {("CODMIL", "CODREB", "190")}


def test_state_forces_using_force_on_protesters_repress_them(code):
    assert triples(code("Police opened fire on protesters in Lagos.")) == {("NGACOP", "NGAOPP", "175")}


def test_protesters_using_force_riot(code):
    assert triples(code("Protesters burned a bus in Dakar.")) == {("SENOPP", "SENCVL", "145")}


def test_armed_dissidents_are_fighters_not_rioters(code):
    assert {e.code for e in code("FARC dissidents attacked a police post in Cauca.")} == {"190"}


def test_a_government_rallying_at_home_protests_against_no_one(code):
    assert code("The Ghanaian president held three campaign rallies in Kumasi on Saturday.") == []


def test_a_protest_that_names_no_addressee_targets_the_government(code):
    assert triples(code("Thousands of teachers marched in Accra on Monday.")) == {("GHAEDU", "GHAGOV", "141")}
    assert triples(code("Ghanaian teachers marched on Monday.")) == {("GHAEDU", "GHAGOV", "141")}


# -- one incident, one event -----------------------------------------------------------------------------


def test_the_toll_of_a_named_attack_is_no_second_event(code):
    events = code("Gunmen attacked a market in Gusau, and eight traders were killed.")
    assert roots(events) == {("NGA", "NGA", "18")}
    assert all(e.source.text != "" for e in events)  # the named attacker, not an unnamed one


def test_a_casualty_sentence_after_an_attack_is_its_toll(code):
    events = code("Insurgents stormed an army base in Borno on Friday. Six soldiers were killed.")
    assert [e.verb for e in events] == ["stormed"]


def test_a_new_place_starts_a_new_incident(code):
    events = code("Insurgents stormed an army base in Borno on Friday. In Damaturu, six farmers were killed.")
    assert [e.verb for e in events] == ["stormed", "killed"]


# -- the tables ------------------------------------------------------------------------------------------


def test_violence_tables_name_known_codes_and_sectors():
    ontology = load_ontology()
    tables = read_violence_tables(data_file("cameo"))
    codes = [w.code for w in tables.weapons.values() if w.code] + [r.code for r in tables.role_codes]
    assert all(code in ontology for code in codes)
    sectors = {s.sector for s in tables.unnamed} | {v.sector for v in tables.victims.values()}
    sectors |= {w.source for w in tables.weapons.values() if w.source}
    assert sectors <= set(ontology.sectors)


def test_weapon_rows_are_unique_and_lowercase():
    rows = read_table(
        data_file("cameo", "weapons.tsv"), ("weapon", "code", "overrides", "source"), optional=("notes",)
    )
    keys = [row["weapon"] for row in rows]
    assert len(keys) == len(set(keys)) and all(key == key.lower() for key in keys)


def test_a_bad_victim_row_names_its_file_and_line(tmp_path):
    folder = tmp_path / "cameo"
    folder.mkdir()
    for name in ("weapons.tsv", "unnamed_parties.tsv", "role_codes.tsv"):
        (folder / name).write_text(data_file("cameo", name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "victims.tsv").write_text("noun\tsector\tkind\nvillage\tCVL\tplanet\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"victims.tsv:2.*kind 'planet'"):
        read_violence_tables(folder)


def test_protesters_with_heavy_weapons_fight(code):
    # rockets and artillery are no riot, whoever fires them; stones and fire stay a riot (above)
    assert {e.code for e in code("Protesters fired rockets at an army base near Goma.")} == {"194"}


def test_bombarding_a_town_is_artillery_fire(code):
    events = code("Rebels bombarded the town of Kidal overnight, killing four people.")
    assert {e.code for e in events} == {"194"}


def test_a_modifier_names_the_weapon_before_its_head(code):
    # "shell bombs" are artillery rounds; a "Predator attack" is a drone strike
    assert {e.code for e in code("Syrian tanks fired shell bombs at a village near Idlib.")} == {"194"}
    assert {e.code for e in code("A US Predator attack killed two militants in Waziristan.")} == {"195"}


def test_force_used_to_disperse_protesters_represses_them_whoever_it_kills(code):
    events = code("Police opened fire to disperse demonstrators in Kisumu, killing two people.")
    assert triples(events) == {("KENCOP", "KENOPP", "175")}
