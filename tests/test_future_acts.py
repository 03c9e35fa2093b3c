"""Acts that did not happen (issue 10, precision guard): an announced future act is coded as the intent
(CAMEO's convention, as "said it would visit" already was); forecasts, requirements and acts nobody did
code nothing. Sentences written for these tests, one rule each."""

from __future__ import annotations

from conftest import token, triples


def codes(events) -> list[str]:
    return [e.code for e in events]


# ---------------------------------------------------------------- the walks (nlp.syntax.Grammar)


def test_the_present_tense_with_a_time_ahead_is_future(nlp, grammar):
    assert grammar.is_future(token(nlp("The Kenyan delegation flies to Addis Ababa tomorrow."), "flies"))
    assert grammar.is_future(token(nlp("Ruto is meeting Museveni next week."), "meeting"))
    assert grammar.is_future(token(nlp("Ghana hosts the summit in the coming days."), "hosts"))


def test_the_past_tense_with_the_next_day_is_no_future(nlp, grammar):
    assert not grammar.is_future(token(nlp("The delegation flew to Addis Ababa the next day."), "flew"))
    assert not grammar.is_future(token(nlp("The delegation flies to Addis Ababa every year."), "flies"))


def test_likely_certain_and_probably_are_forecasts(nlp, grammar):
    assert grammar.is_predicted(token(nlp("Lula is likely to visit Beijing soon."), "visit"))
    assert grammar.is_predicted(token(nlp("Dockers are almost certain to strike in May."), "strike"))
    assert grammar.is_predicted(token(nlp("Peru would probably ask the bank for a loan."), "ask"))
    assert not grammar.is_predicted(token(nlp("Lula is eager to visit Beijing."), "visit"))


def test_have_to_and_need_to_are_required_acts_unless_past(nlp, grammar):
    assert grammar.is_required(token(nlp("The cabinet will have to resign."), "resign"))
    assert grammar.is_required(token(nlp("Chile needs to lobby the Senate."), "lobby"))
    assert not grammar.is_required(token(nlp("Villagers had to flee the fighting."), "flee"))


def test_none_and_nobody_as_subject_negate_the_act(nlp, grammar):
    assert grammar.has_no_argument(token(nlp("None of the member states has asked for talks."), "asked"))
    assert grammar.has_no_argument(token(nlp("Nobody attacked the convoy."), "attacked"))
    assert not grammar.has_no_argument(token(nlp("Some of the member states asked for talks."), "asked"))


# ---------------------------------------------------------------- the coder


def test_a_bare_future_visit_is_an_intent_to_meet(code):
    assert triples(code("The German chancellor will visit China next month.")) == {("DEUGOV", "CHN", "036")}


def test_every_destination_of_a_future_trip_is_an_intent(code):
    events = code("Ghana's president will this week visit Togo, Benin and Nigeria.")
    assert sorted(codes(events)) == ["036", "036", "036"]


def test_future_aid_is_an_intent_to_give_aid(code):
    assert codes(code("Japan will send humanitarian aid to Haiti.")) == ["033"]


def test_future_violence_is_a_threat(code):
    [event] = code("The Ethiopian army will attack Tigrayan rebels next week.")
    assert event.code.startswith("13")


def test_a_present_tense_trip_tomorrow_is_an_intent(code):
    assert codes(code("A Peruvian trade delegation leaves for Washington tomorrow.")) == ["036"]


def test_a_scheduled_meeting_is_an_intent(code):
    assert codes(code("The Chilean foreign minister is scheduled to meet Argentine officials.")) == ["036"]


def test_a_hoped_for_visit_is_an_intent_although_the_lemmatizer_reads_hopes_as_hop(code):
    assert codes(code("The Chilean foreign minister hopes to visit Canada and Japan.")) == ["036", "036"]


def test_a_future_comment_or_appeal_is_no_event_yet(code):
    assert code("The Kenyan government will comment on the report on Friday.") == []
    assert code("Kenyan officials said Nairobi would appeal to the United Nations for help.") == []


def test_a_forecast_visit_is_no_event(code):
    assert code("The German chancellor is likely to visit Moscow soon.") == []
    assert code("Nigerian officials said Nigeria would probably request money from the World Bank.") == []


def test_a_required_act_is_no_event(code):
    assert code("The Spanish cabinet will have to resign, the opposition leader said.") == []


def test_an_act_none_of_them_did_is_no_event(code):
    assert code("None of the Arab League members has asked Israel for a meeting.") == []


def test_no_plans_to_act_is_no_rejection(code):
    assert code("A Peruvian minister said there are no plans to resume negotiations with Chile.") == []


def test_a_would_in_reported_speech_stays_an_intent(code):
    assert codes(code("Russia said it would send aid to Syria.")) == ["033"]


def test_a_past_visit_is_still_the_visit(code):
    assert codes(code("The German chancellor visited China last month.")) == ["042"]


def test_a_clause_with_a_bare_verb_is_proposed_not_done(nlp, grammar):
    doc = nlp("The prosecutor recommended that the Peruvian mayor be charged with fraud.")
    assert grammar.is_subjunctive(token(doc, "charged"))
    assert grammar.is_subjunctive(
        token(nlp("The senator recommended the Chilean army withdraw."), "withdraw")
    )
    assert not grammar.is_subjunctive(token(nlp("The senator said the Chilean troops withdrew."), "withdrew"))


def test_a_proposed_act_is_no_event(code):
    assert code("The Kenyan minister recommended that Uganda withdraw its troops from the border.") == []


def test_an_act_a_condition_only_decides_is_no_event(code):
    text = (
        "Traders said that if the Reagan administration decides to offer wheat to Moscow, prices will fall."
    )
    assert [e for e in code(text) if e.code.startswith("03")] == []


def test_saying_one_will_not_comment_declines_comment(code):
    assert codes(code("The Kenyan ministry said it would not comment on the report.")) == ["011"]


def test_an_announced_inquiry_keeps_its_code(code):
    assert codes(code("Kenya will open an inquiry into the Ugandan border incident, the minister said.")) == [
        "090"
    ]


def test_an_act_arranged_in_the_past_is_no_intent(code):
    assert code("Thousands of Kenyan farmers were to march on Nairobi on Friday.") == []
    assert codes(code("The Kenyan president is to visit Uganda on Friday.")) == ["036"]


def test_a_future_act_on_a_condition_is_no_intent(code):
    assert code("If Chilean banks win approval, Peruvian banks will press for similar status.") == []
