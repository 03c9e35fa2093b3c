"""Time-aware people: office holders coded by the office they held on the day (tables, names, dates)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tidings.coding.actors import load_actor_dictionary
from tidings.coding.actors.people import NameContext, NameRules, event_day
from tidings.errors import DataFileError
from tidings.records import Article


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture(scope="module")
def people():
    return load_actor_dictionary().people


@pytest.fixture(scope="module")
def actors_of(tidings_pipeline):
    """The coded actors of a one-sentence article published on a day: {text: code}."""

    def run(text: str, published: str | None) -> dict[str, str]:
        doc = tidings_pipeline.nlp(text)
        found = tidings_pipeline.actor_coder.resolve(doc, day(published) if published else None)
        return {actor.text: actor.code for actor in found.mentions}

    return run


def events_of(tidings, text: str, published: str) -> set[tuple[str, str | None]]:
    [coded] = tidings.code([Article(id="a", title="", text=text, published=day(published))])
    return {(e.source.code, e.target.code if e.target else None) for e in coded.events}


# --- where a person stood on a day ---------------------------------------------------------------


def test_obama_in_2022_is_a_former_president_and_putin_still_governs(actors_of):
    found = actors_of("Obama met Putin in Moscow on Monday.", "2022-03-01")
    assert found["Obama"] == "USAELI"
    assert found["Putin"] == "RUSGOV"


def test_obama_and_putin_in_2015_both_govern(actors_of):
    found = actors_of("Obama met Putin on the sidelines of the U.N. General Assembly.", "2015-09-29")
    assert (found["Obama"], found["Putin"]) == ("USAGOV", "RUSGOV")


@pytest.mark.parametrize(
    ("published", "expected"),
    [("2018-07-17", "USAGOV"), ("2023-08-15", "USAELI"), ("2025-03-19", "USAGOV")],
)
def test_trump_between_his_two_terms_is_a_former_president(actors_of, published, expected):
    assert actors_of("Trump criticised the Federal Reserve.", published)["Trump"] == expected


def test_a_former_minister_is_an_elite(actors_of):
    assert actors_of("Mike Pompeo criticised the nuclear deal.", "2019-05-01")["Mike Pompeo"] == "USAGOV"
    assert actors_of("Mike Pompeo criticised the nuclear deal.", "2023-05-01")["Mike Pompeo"] == "USAELI"


def test_netanyahu_out_of_office_between_his_terms(actors_of):
    assert actors_of("Netanyahu accused Naftali Bennett of weakness.", "2021-08-10")["Netanyahu"] == "ISRELI"
    assert actors_of("Netanyahu met Biden at the White House.", "2024-07-26")["Netanyahu"] == "ISRGOV"


def test_an_office_in_the_text_wins_over_the_tables(actors_of):
    titled = actors_of("Opposition leader Benjamin Netanyahu accused Yair Lapid.", "2022-10-12")
    assert titled["Opposition leader Benjamin Netanyahu"] == "ISROPP"
    beside = actors_of("Netanyahu, the opposition leader, accused Prime Minister Yair Lapid.", "2022-10-12")
    assert beside["Netanyahu"] == "ISROPP"
    former = actors_of("Former U.S. President Barack Obama criticised the ruling.", "2015-06-01")
    assert former["Former U.S. President Barack Obama"] == "USAELI"


def test_a_role_of_the_leaders_table_before_an_office(actors_of):
    assert actors_of("Police arrested Ousmane Sonko in Dakar.", "2023-07-29")["Ousmane Sonko"] == "SENOPP"
    assert actors_of("Ousmane Sonko met the president.", "2024-06-01")["Ousmane Sonko"] == "SENGOV"


def test_an_undated_article_reads_the_tables_as_of_their_latest_knowledge(actors_of):
    assert actors_of("Obama met Putin.", None) == {"Obama": "USAELI", "Putin": "RUSGOV"}


def test_a_monarch_of_several_realms_and_a_co_prince_are_coded_at_home(people):
    assert people.standing("Charles III", day("2023-05-06")).country == "GBR"
    assert people.standing("Emmanuel Macron", day("2021-05-05")).country == "FRA"


# --- which person a name means ---------------------------------------------------------------------


def test_several_kims_leave_a_bare_kim_uncoded_unless_the_article_names_one(actors_of):
    # October 2024: Kim Jong Un (PRK) and South Korea's defence minister Kim Yong-hyun in office
    assert "Kim" not in actors_of("Kim criticised the drills on Monday.", "2024-10-01")
    named = actors_of("Kim Jong Un watched a missile launch. Kim criticised the drills.", "2024-10-01")
    assert named["Kim"] == "PRKGOV"


def test_a_namesake_named_in_full_keeps_the_surname(actors_of):
    found = actors_of("Dustin Johnson won the tournament. Johnson said he was delighted.", "2020-11-16")
    assert "Johnson" not in found


def test_a_surname_shared_by_office_holders_goes_to_the_one_whose_country_is_named(actors_of):
    # Evo Morales (Bolivia), Jimmy and Carlos Raul Morales (Guatemala) all held office before 2024
    found = actors_of("Morales accused President Luis Arce of persecution.", "2024-02-03")
    assert found["Morales"] == "BOLELI"
    found = actors_of("Morales accused Guatemala's government of persecution.", "2024-02-03")
    assert found["Morales"] == "GTMELI"


def test_a_minister_by_surname_alone_needs_the_country_in_the_article(actors_of):
    assert "Esper" not in actors_of("Esper spoke to reporters.", "2020-05-01")
    assert actors_of("Esper spoke to reporters in Washington.", "2020-05-01")["Esper"] == "USAGOVMIL"


def test_a_surname_after_a_titled_full_name_takes_its_code(actors_of):
    text = "Former President Barack Obama spoke. Obama said the vote mattered."
    assert actors_of(text, "2015-06-01")["Obama"] == "USAELI"


@pytest.mark.parametrize(
    ("name", "country", "surnames"),
    [
        ("Bashar al-Assad", "SYR", ("assad", "al assad")),
        ("Xi Jinping", "CHN", ("xi",)),
        ("Kim Jong Un", "PRK", ("kim",)),
        ("Andres Manuel Lopez Obrador", "MEX", ("obrador", "lopez obrador")),
        ("Ferdinand Marcos Jr.", "PHL", ("marcos",)),
        ("King Philippe", "BEL", ()),
        ("Abdullah II", "JOR", ()),
        ("Mohammed bin Salman", "SAU", ()),
        ("Min Aung Hlaing", "MMR", ()),
    ],
)
def test_surnames_are_derived_as_the_news_shortens_names(english, name, country, surnames):
    assert NameRules.of(english.words).surnames(name, country) == surnames


def test_a_surname_in_office_beats_its_former_namesake(people):
    assert people.by_surname("Bush", day("2005-01-01"), NameContext()).name == "George W. Bush"


# --- the event's own date ---------------------------------------------------------------------------


def test_a_dated_event_recodes_people_for_its_own_day(tidings_pipeline):
    old = events_of(tidings_pipeline, "In 2015, Obama met Putin in Moscow.", "2022-03-01")
    assert ("USAGOV", "RUSGOV") in old
    now = events_of(tidings_pipeline, "Obama met Putin in Moscow on Monday.", "2022-03-01")
    assert ("USAELI", "RUSGOV") in now


@pytest.mark.parametrize(
    ("date", "published", "expected"),
    [
        ("2015-09-28", "2022-03-01", "2015-09-28"),
        ("2015-09", "2022-03-01", "2015-09-15"),
        ("2022-03", "2022-03-04", "2022-03-04"),
        ("2015", "2022-03-01", "2015-07-01"),
        ("2015-W40", "2022-03-01", None),
    ],
)
def test_event_day(date, published, expected):
    assert event_day(date, day(published)) == (day(expected) if expected else None)


# --- a user's tables ---------------------------------------------------------------------------------

OFFICE_HEADER = "name\taliases\tcountry\tigo\toffice\tstart\tend\tsectors\tnotes\n"


def test_a_user_office_holders_table_replaces_a_person(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "office_holders.tsv").write_text(
        OFFICE_HEADER
        + "Barack Obama\t\tUSA\t\thead_of_state\t2009-01-20\t2030-01-20\tGOV\t\n"
        + "Amara Okafor\t\tNGA\t\tdefence_minister\t2021-03\t\tGOV MIL\t\n",
        encoding="utf-8",
    )
    people = load_actor_dictionary([folder]).people
    assert people.standing("Barack Obama", day("2022-01-01")).sectors == ("GOV",)
    assert people.standing("Amara Okafor", day("2022-01-01")).sectors == ("GOV", "MIL")
    assert load_actor_dictionary().people.standing("Barack Obama", day("2022-01-01")).sectors == ("ELI",)


@pytest.mark.parametrize(
    ("table", "row", "message"),
    [
        ("office_holders", "A B\t\tNGA\t\tking\t2020\t\tGOV\t", "office_holders.tsv:2: office 'king'"),
        ("office_holders", "A B\t\tNGA\t\thead_of_state\t20-1-2020\t\tGOV\t", "office_holders.tsv:2: start"),
        ("office_holders", "A B\t\tNGA\t\thead_of_state\t2020\t2019\tGOV\t", "office_holders.tsv:2: end"),
        ("office_holders", "A B\t\tNigeria\t\thead_of_state\t2020\t\tGOV\t", "office_holders.tsv:2: country"),
        ("office_holders", "A B\t\tNGA\tAU\thead_of_state\t2020\t\tGOV\t", "office_holders.tsv:2: a person"),
        ("leaders", "A B\tNGA\t\tGOV\tsince 2019", "leaders.tsv:2: years"),
        ("leaders", "Nobody Known\tNGA\t\t\t", "leaders.tsv:2: 'Nobody Known' has no sectors"),
    ],
)
def test_a_bad_person_row_is_one_error_naming_file_and_line(tmp_path, table, row, message):
    folder = tmp_path / "bad"
    folder.mkdir()
    header = OFFICE_HEADER if table == "office_holders" else "name\tcountry\tigo\tsectors\tyears\n"
    (folder / f"{table}.tsv").write_text(header + row + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=re.escape(message)):
        load_actor_dictionary([folder])
