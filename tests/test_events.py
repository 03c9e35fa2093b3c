"""Event extraction on hand-written sentences, the lexicon data files, and the seed article."""

from __future__ import annotations

from dataclasses import replace

from conftest import default_stages
from conftest import lexicon_table as read_tsv

from tidings.coding.events import EventCoder
from tidings.coding.events.lexicon import DROP, index_by_verb, load_event_lexicon, parse_pattern
from tidings.lang import load_language
from tidings.ontology import load_ontology
from tidings.places.gazetteer import load_gazetteer
from tidings.records import Article

FRAMES = {
    "keep",
    "speech",
    "accuse",
    "claim",
    "deny",
    "intent",
    "future",
    "promise",
    "threat",
    "refuse",
    "negated",
    "appeal",
    "demand",
    "absorb",
    "attempt",
    "",  # no event: a preference or an imagined act ("would prefer to agree")
}




def triples(events) -> set[tuple[str, str | None, str]]:
    return {(e.source.code, e.target.code if e.target else None, e.code) for e in events}


def roots(events) -> set[tuple[str, str | None, str]]:
    return {(e.source.code[:3], e.target.code[:3] if e.target else None, e.root_code) for e in events}


# -- extraction rules ---------------------------------------------------------------------------------------


def test_active_verb_codes_subject_to_object(code):
    assert triples(code("Russia attacked Ukraine.")) == {("RUS", "UKR", "190")}


def test_passive_verb_takes_agent_as_source(code):
    assert triples(code("Ukraine was attacked by Russia.")) == {("RUS", "UKR", "190")}


def test_prepositional_target_and_rule_name(code):
    events = code("The United States imposed sanctions on Iran.")
    assert triples(events) == {("USA", "IRN", "163")}
    assert events[0].rule.startswith("vp:impose_sanctions_on/")


def test_reciprocal_compound_codes_both_directions(code):
    assert triples(code("Iran and Russia held talks.")) == {("IRN", "RUS", "046"), ("RUS", "IRN", "046")}


def test_talks_with_someone_are_mutual(code):
    assert triples(code("France held talks with Germany.")) == {("FRA", "DEU", "046"), ("DEU", "FRA", "046")}


def test_compound_source_fans_out_to_one_target(code):
    assert triples(code("Russia and Iran attacked Syria.")) == {("RUS", "SYR", "190"), ("IRN", "SYR", "190")}


def test_conjoined_verbs_share_the_subject(code):
    found = triples(code("Egypt hosted Israel and criticized Iran."))
    assert {("EGY", "ISR", "043"), ("EGY", "IRN", "111")} <= found


def test_intent_frame_turns_meeting_into_intent(code):
    assert roots(code("Obama plans to visit China.")) == {("USA", "CHN", "03")}


def test_vow_to_continue_ties_is_intent_to_cooperate(code):
    assert roots(code("Russia vowed to continue its ties with Iran.")) == {("RUS", "IRN", "03")}


def test_negated_past_event_is_dropped(code):
    assert code("Russia did not sign the agreement with Iran.") == []


def test_no_plans_to_visit_is_no_visit(code):
    assert not [e for e in code("Obama has no plans to visit Iran.") if e.root_code in ("03", "04")]


def test_negated_future_cooperation_is_a_rejection(code):
    assert roots(code("Obama said he would not provide support to Israel.")) == {("USA", "ISR", "12")}


def test_reported_speech_codes_the_embedded_event(code):
    found = roots(code("The Russian ambassador said that Moscow will continue its ties with Tehran."))
    assert ("RUS", "IRN", "03") in found


def test_appeal_frame_codes_the_asker(code):
    assert roots(code("France asked Germany to help Greece.")) == {("FRA", "DEU", "02")}


def test_claim_about_another_actor_is_an_accusation(code):
    assert triples(code("The United States said that Iraq had attacked Kuwait.")) == {("USA", "IRQ", "112")}


def test_describing_sanctions_as_illegal_criticizes_their_owner(code):
    events = code("The Russian ambassador described US sanctions against Iran as illegal.")
    assert roots(events) == {("RUS", "USA", "11")}


def test_event_record_fields(code):
    text = "Israel released the mayor."
    events = code("Syria protested. " + text)
    (event,) = [e for e in events if e.code.startswith("08")]
    assert (event.root_code, event.quad_class) == ("08", 2)
    assert event.goldstein == load_ontology().get(event.code).goldstein
    assert event.sentence == text and event.sentence_index == 1
    assert ("Syria protested. " + text)[event.verb_start : event.verb_end] == "released"
    assert event.date is None and event.location is None and event.tone is None


def test_place_gives_a_missing_target(code):
    assert roots(code("American activists staged a protest in Beijing.")) == {("USA", "CHN", "14")}


def test_reported_obligation_is_a_demand_on_its_subject(code):
    assert roots(code("Russia said that Sudan must return the helicopter.")) == {("RUS", "SDN", "10")}
    assert roots(code("The Red Cross said the United States must ensure security.")) == {("NGO", "USA", "10")}


def test_obligation_of_the_speaker_itself_is_no_demand(code):
    assert not [e for e in code("Russia said it must improve its roads.") if e.root_code == "10"]


def test_target_inside_the_complement_clause(code):
    assert roots(code("Greece demanded that Turkey improve its roads.")) == {("GRC", "TUR", "10")}
    found = roots(code("Iran threatened to raise prices unless Iraq paid its bills."))
    assert found == {("IRN", "IRQ", "13")}


def test_condition_is_not_an_event_but_names_the_target(code):
    assert roots(code("Iran threatened to launch a new offensive unless Iraq accepted its conditions.")) == {
        ("IRN", "IRQ", "13")
    }


def test_own_possessive_is_no_target(code):
    found = roots(code("Iran launched an offensive in its war, killing soldiers in Iraq."))
    assert ("IRN", "IRN", "19") not in found


def test_reason_gerund_is_no_event(code):
    found = roots(code("A Tunisian court jailed a Nigerian student for helping Libyan militants."))
    assert found == {("TUN", "NGA", "17")}


def test_participle_adds_detail_to_the_main_event(code):
    text = "The American commander held talks with President Michel Suleiman, offering aid to Lebanon."
    assert roots(code(text)) == {("USA", "LBN", "04"), ("LBN", "USA", "04")}


def test_obligation_explaining_an_object_noun_is_a_demand(code):
    text = "French President Jacques Chirac issued a reminder to Iraq that it must cooperate fully."
    assert roots(code(text)) == {("FRA", "IRQ", "10")}


def test_content_of_a_noun_is_not_reported_as_done(code):
    text = "Poland demanded an admission by Russia that Soviet forces murdered Polish officers."
    assert roots(code(text)) == {("POL", "RUS", "10")}


def test_nationality_covers_a_coordinated_phrase(code):
    text = "Israeli helicopters and tanks shelled positions of the Palestinian security forces."
    assert roots(code(text)) == {("ISR", "PSE", "19")}


def test_place_inside_a_participle_on_the_object_gives_the_target(code):
    text = "Somali militants claimed responsibility for an attack targeting shoppers in Kenya's capital."
    assert ("SOM", "KEN", "01") in roots(code(text))


def test_a_target_with_a_country_beats_one_without(code):
    text = "Britain mobilized army reservists for a possible war against Iraq."
    assert ("GBR", "IRQ", "15") in roots(code(text))


def test_agent_of_a_rejected_call_is_the_target(code):
    assert ("DEU", "BLR", "12") in roots(code("Germany rejected calls by Belarus for economic aid."))


def test_hidden_agent_is_an_event_noun_not_a_place(code):
    assert roots(code("A state of siege was declared in the former French colony.")) == set()
    events = code("Four children were killed in Israeli tank shelling in Gaza.")
    assert [e.source.country for e in events if e.root_code == "19"] == ["ISR"]


def test_attempt_frame_codes_an_attempted_assassination(code):
    text = "Rebels from Israel attempted to assassinate the Egyptian president."
    assert ("ISR", "EGY", "185") in {(s[:3], t[:3], c) for s, t, c in triples(code(text)) if t}


def test_objects_are_seen_through_quantity_nouns(code):
    text = "French and Egyptian warships launched 10 days of war games."
    assert ("FRA", "EGY", "06") in roots(code(text))


def test_time_clause_adds_detail_to_the_main_event(code):
    text = "The Georgian president resigned on Sunday as the opposition threatened to attack Russia."
    assert [e.root_code for e in code(text)] == ["08"]
    assert ("---", "RUS", "13") in roots(code("The opposition threatened to attack Russia."))


def test_event_nouns_outside_coded_verbs(code):
    assert ("USA", "JPN", "04") in roots(code("Obama's visit to Japan came as prices rose."))
    talks = roots(code("Talks between Iran and Russia ended on Monday."))
    assert {("IRN", "RUS", "04"), ("RUS", "IRN", "04")} <= talks


def test_agent_of_an_event_noun_is_its_by_phrase(code):
    found = roots(code("The attack on Kabul by Pakistan killed ten people."))
    assert ("PAK", "AFG", "19") in found and not [s for s, _, _ in found if s == "AFG"]


def test_a_foreign_target_beats_the_sources_own_troops(code):
    found = roots(code("Syria said it would withdraw its troops from Lebanon."))
    assert ("SYR", "LBN", "03") in found and ("SYR", "SYR", "03") not in found


def test_a_place_in_the_sources_own_country_makes_a_domestic_event(code):
    assert ("NGA", "NGA", "14") in roots(code("Thousands of Nigerians protested in Lagos on Monday."))


def test_a_hostile_act_held_out_on_a_condition_is_a_threat(code):
    assert ("USA", "IRN", "13") in roots(code("The United States may cut aid to Iran if it resumes testing."))
    assert ("USA", "IRN", "13") in roots(code("The US will impose sanctions on Iran unless it stops."))
    assert ("USA", "IRN", "16") in roots(code("The United States cut aid to Iran after it resumed testing."))


def test_a_purpose_clause_is_no_event_of_its_own_but_names_the_target(code):
    found = roots(code("Algerian farmers began a hunger strike to protest Egypt's new border policy."))
    assert found == {("DZA", "EGY", "14")}


def test_the_agent_of_a_participle_on_the_object_is_the_target(code):
    found = roots(code("Serbian police launched an investigation into crimes committed by Croat forces."))
    assert ("SRB", "HRV", "09") in found


def test_a_place_of_the_doer_itself_is_no_target(code):
    # the agent's own country named in the sentence is no one it acts on ("KEN/KEN")
    found = roots(code("The proposal was opposed by Ghana on Tuesday."))
    assert all(target != source for source, target, _ in found)


def test_an_investigation_stands_without_a_named_target(code):
    found = roots(code("Kenya's anti-graft agency opened an inquiry into the sale of state land on Monday."))
    assert {root for _, _, root in found} == {"09"}


def coder_with(rows: list[dict[str, str]]):
    """The event coder with a lexicon of just these pattern rows (and the real frames and word lists)."""
    lexicon = load_event_lexicon()
    patterns = tuple(parse_pattern({"particle": "", "prep": "", "flags": "", **row}) for row in rows)
    small = replace(lexicon, patterns=patterns, by_verb=index_by_verb(patterns))
    return EventCoder(small, load_ontology(), load_gazetteer(), load_language("en"))


def code_with(nlp, coder, text: str):
    doc = nlp(text)
    actors = default_stages().actor_coder.resolve(doc)
    return triples(coder.code_doc(doc, Article(id="t", title="", text=text), actors))


def test_modifier_noun_match_beats_an_equally_specific_head_noun_match(nlp):
    rows = [
        {"id": "launch_strike", "verb": "launch", "objects": "strike", "code": "143"},
        {"id": "launch_air_strike", "verb": "launch", "objects": "air_strike", "code": "195"},
    ]
    found = code_with(nlp, coder_with(rows), "The United States launched an air strike against Iraq.")
    assert found == {("USA", "IRQ", "195")}


def test_block_row_stops_a_false_match(nlp):
    rows = [{"id": "arm", "verb": "arm", "code": "070"}, {"id": "fight", "verb": "fight", "code": "190"}]
    blocks = [
        {
            "id": "arm_with_weapon",
            "verb": "arm",
            "prep": "with",
            "objects": "machete",
            "code": "070",
            "flags": "block",
        },
        {"id": "fight_problem", "verb": "fight", "objects": "corruption", "code": "190", "flags": "block"},
    ]
    assert parse_pattern({**blocks[0]}).blocks and not parse_pattern({**rows[0]}).blocks
    text = "Russia armed Syria with machetes. Russia fought corruption in Syria. Russia fought Syria."
    assert code_with(nlp, coder_with(rows), text) >= {("RUS", "SYR", "070"), ("RUS", "SYR", "190")}
    assert code_with(nlp, coder_with(rows + blocks), text) == {("RUS", "SYR", "190")}


def test_a_conflict_event_without_a_named_target_is_domestic(code):
    # a protest that names no addressee is aimed at the government (unnamed_parties.tsv); police firing on
    # demonstrators repress them (role_codes.tsv)
    assert triples(code("Kenyan students protested on Monday.")) == {("KENEDU", "KENGOV", "140")}
    assert triples(code("Kenyan police fired on demonstrators in the capital.")) == {
        ("KENCOP", "KENOPP", "175")
    }


def test_a_cooperative_event_without_a_target_keeps_none(code):
    assert triples(code("Kenyan officials agreed on Tuesday.")) == {("KENGOV", None, "030")}


def test_a_reciprocal_verb_under_an_appeal_targets_the_third_party(code):
    assert roots(code("Germany and Italy urged Egyptian leaders to negotiate.")) == {
        ("DEU", "EGY", "02"),
        ("ITA", "EGY", "02"),
    }
    assert roots(code("Germany and Italy negotiated on Monday.")) == {
        ("DEU", "ITA", "04"),
        ("ITA", "DEU", "04"),
    }


def test_a_target_nested_in_the_called_for_noun_is_the_other_country(code):
    text = (
        "Egyptian Foreign Minister Sameh Shoukry met Italian Prime Minister Mario Draghi on Monday. "
        "Shoukry called for diversification of relations between the two countries."
    )
    called = [e for e in code(text) if e.verb == "called"]
    assert [(e.source.code, e.target.code if e.target else None) for e in called] == [("EGYGOV", "ITA")]


def test_unnamed_protesters_against_a_government_are_its_people(code):
    assert triples(code("Thousands of workers protested against the Kenyan government on Monday.")) == {
        ("KENLAB", "KENGOV", "140")
    }
    abroad = code("Thousands of workers protested against Kenya on Monday.")
    assert triples(abroad) == {("---LAB", "KEN", "140")}


# -- the seed article -------------------------------------------------------------------------------------

SEED_LIKE = (
    "Russian Ambassador to Iran Levan Jagarian described US sanctions against the Islamic Republic as "
    "\u201ctotally illegal\u201d, vowing that Moscow will continue its ties with Tehran in all fields.\n\n"
    "\u201cDespite threats from the US, I see no obstacles to the implementation of these projects.\u201d\n\n"
    "In January 2017, Iran and Russia held a conference in Tehran to mark 515 years of bilateral relations."
)


def check_seed_events(events) -> None:
    found = roots(events)
    assert ("RUS", "USA", "11") in found
    assert ("RUS", "IRN", "03") in found
    assert {("IRN", "RUS", "04"), ("RUS", "IRN", "04")} <= found
    assert not [e for e in events if e.root_code == "16" and e.source.country == "USA"]
    assert not [e for e in events if "obstacles" in e.sentence]


def test_seed_like_article(code):
    events = code(SEED_LIKE)
    check_seed_events(events)
    assert any(e.source.code == "RUSGOV" and e.root_code == "11" for e in events)


def test_seed_article(code, seed_path):
    text = seed_path.read_text(encoding="utf-8")
    body = text.split("\n\n", 2)[-1]  # drop the title lines and the teaser, as ingest does
    check_seed_events(code(body))


# -- lexicon data files -----------------------------------------------------------------------------------


def test_every_lexicon_code_exists_in_the_ontology():
    lexicon, ontology = load_event_lexicon(), load_ontology()
    codes = {p.code for p in lexicon.patterns} | {p.reverse_code for p in lexicon.patterns if p.reverse_code}
    codes |= {code for code in lexicon.frame_codes.values() if code != DROP}
    assert [code for code in codes if code not in ontology] == []


def test_pattern_ids_are_unique_and_lemmas_lowercase():
    rows = list(read_tsv("verb_patterns.tsv"))
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)) and len(ids) > 300
    for row in rows:
        words = [row["verb"], row["particle"], row["prep"], *row["objects"].split("|")]
        assert all(word == word.lower() for word in words), row["id"]


def test_patterns_cover_all_twenty_roots():
    assert {p.code[:2] for p in load_event_lexicon().patterns} == {f"{n:02d}" for n in range(1, 21)}


def test_frames_are_known_and_coded():
    lexicon = load_event_lexicon()
    used = {name for frame in lexicon.frames.values() for name in (frame.self_frame, frame.other_frame)}
    assert used <= FRAMES
    assert {frame for frame, _ in lexicon.frame_codes} <= FRAMES


def test_word_lists_are_lowercase():
    lexicon = load_event_lexicon()
    assert all(word == word.lower() for word in lexicon.light_verbs | set(lexicon.frames))
    assert set(lexicon.evaluative.values()) == {"neg", "pos"}


def test_an_igo_reporting_another_igos_attack_accuses_it(code):
    """Two IGOs are two actors: "the same actor" compares the IGO itself, not the "IGO" prefix."""
    assert ("RUS", "IGOWSTNAT", "112") in triples(code("Russia said NATO had bombed Serbia."))
    assert ("IGOUNO", "IGOWSTNAT", "112") in triples(code("The United Nations said NATO had bombed Serbia."))
    assert ("IGOWSTNAT", "SRB", "195") not in triples(code("The United Nations said NATO had bombed Serbia."))
