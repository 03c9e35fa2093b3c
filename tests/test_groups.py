"""Named groups: one table row per group, its spellings folded, coded for the article's day and countries."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tidings.coding.actors import load_actor_dictionary
from tidings.coding.actors.groups import fold_word, is_exact
from tidings.errors import DataFileError
from tidings.records import Article


@pytest.fixture(scope="module")
def actors_of(tidings_pipeline):
    """{mention text: (code, group)} of a short article published on a day."""

    def run(text: str, published: str = "2023-06-01") -> dict[str, tuple[str, str | None]]:
        doc = tidings_pipeline.nlp(text)
        found = tidings_pipeline.actor_coder.resolve(doc, dt.date.fromisoformat(published))
        return {actor.text: (actor.code, actor.group) for actor in found.mentions}

    return run


def code_of(found: dict[str, tuple[str, str | None]], text: str) -> str:
    return found[text][0]


# --- spellings -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Al Shabaab", "al-Shabaab", "Al-Shabab", "al-Shabab", "Shabaab", "al Shabaab"]
)
def test_every_spelling_of_al_shabaab_is_one_group(actors_of, name):
    found = actors_of(f"{name} attacked a police station in Mogadishu.")
    assert found[name] == ("SOMREBMUS", "al-Shabaab")


@pytest.mark.parametrize("name", ["Hezbollah", "Hizbollah", "Hizbullah", "Hizballah"])
def test_hezbollah_in_its_transliterations(actors_of, name):
    assert code_of(actors_of(f"{name} fired rockets at an Israeli post."), name) == "LBNREBHEZ"


def test_a_plural_and_another_name_of_the_houthis(actors_of):
    assert code_of(actors_of("The Houthis fired missiles at a ship."), "Houthis") == "YEMREB"
    assert code_of(actors_of("Ansar Allah fired missiles at a ship."), "Ansar Allah") == "YEMREB"


def test_the_longest_name_wins(actors_of):
    assert code_of(actors_of("Kataib Hezbollah fired rockets at a base."), "Kataib Hezbollah") == "IRQUAF"
    found = actors_of("Pakistani Taliban fighters raided a police post.")
    assert code_of(found, "Pakistani Taliban fighters") == "PAKREBMUS"


@pytest.mark.parametrize(
    ("word", "folded"),
    [("Shabaab", "shabab"), ("Hezbollah", "hizbula"), ("Hizbullah", "hizbula"), ("Qaeda", "kaida"),
     ("Qaida", "kaida"), ("Mujahideen", "mujahidin"), ("M23", "m23"), ("Jama'a", "jama")],
)  # fmt: skip
def test_words_of_names_are_folded(word, folded):
    assert fold_word(word) == folded


def test_short_and_mixed_case_acronyms_match_only_as_written(actors_of):
    assert is_exact("ADF") and is_exact("LeT") and is_exact("ISIS-K") and not is_exact("Hamas")
    assert "Let" not in actors_of("Let the talks begin, the minister said.")
    assert code_of(actors_of("LeT operatives were arrested in Kashmir."), "LeT") == "PAKREBMUS"


# --- members, fighters and references --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        ("ISWAP fighters stormed a base in Borno.", "ISWAP fighters", "IMGMUSISI"),
        ("JNIM militants ambushed a convoy.", "JNIM militants", "MLIREBMUS"),
        ("Militants from JNIM overran an army post.", "Militants from JNIM", "MLIREBMUS"),
        ("Ambazonian separatists clashed with soldiers.", "Ambazonian separatists", "CMRSEP"),
        ("Wagner personnel were seen near Bambari.", "Wagner personnel", "RUSMIL"),
    ],
)
def test_fighters_of_a_named_group_are_the_group(actors_of, text, mention, code):
    assert code_of(actors_of(text), mention) == code


def test_linked_to_a_group_is_not_the_group(actors_of):
    found = actors_of("Islamic State-linked insurgents attacked a town in Mozambique.")
    assert all(group is None for _, group in found.values())


def test_the_group_refers_to_the_last_named_group(actors_of):
    found = actors_of("Al Shabaab attacked a base near Jowhar. The group said it killed ten soldiers.")
    assert found["group"] == ("SOMREBMUS", "al-Shabaab")


# --- context and dates -------------------------------------------------------------------------------------


def test_a_shared_acronym_needs_its_country_in_the_article(actors_of):
    assert "RSF" not in actors_of("RSF said two journalists were detained.")
    assert code_of(actors_of("The RSF shelled El Fasher in Sudan.", "2024-05-13"), "RSF") == "SDNREB"
    assert "ADF" not in actors_of("The ADF sent two frigates to the exercise off Australia.")
    assert code_of(actors_of("ADF rebels killed 9 civilians in Beni, Congo."), "ADF rebels") == "UGAREBMUS"
    assert "BNP" not in actors_of("Shares in BNP Paribas rose in Paris.")


def test_a_local_namesake_wins_where_its_country_is_named(actors_of):
    found = actors_of("Al-Shabaab insurgents attacked Mocimboa da Praia in Mozambique.")
    assert code_of(found, "Al-Shabaab insurgents") == "MOZREBMUS"


@pytest.mark.parametrize(
    ("published", "code"), [("2022-06-01", "SDNMIL"), ("2023-06-01", "SDNREB")]
)
def test_the_rapid_support_forces_before_and_after_april_2023(actors_of, published, code):
    found = actors_of("The Rapid Support Forces entered Nyala in Sudan.", published)
    assert code_of(found, "Rapid Support Forces") == code


@pytest.mark.parametrize(("published", "code"), [("2020-10-04", "AFGREBTAL"), ("2022-08-07", "AFGGOV")])
def test_the_taliban_before_and_after_they_took_kabul(actors_of, published, code):
    assert code_of(actors_of("The Taliban detained a journalist in Kabul.", published), "Taliban") == code


def test_a_dated_event_recodes_a_group_for_its_own_day(tidings_pipeline):
    text = "In 2020, the Taliban attacked a checkpoint in Kunduz."
    [coded] = tidings_pipeline.code([Article(id="t", title="", text=text, published=dt.date(2023, 1, 1))])
    assert [e.source.code for e in coded.events] == ["AFGREBTAL"]


# --- tables ---------------------------------------------------------------------------------------------


def test_group_names_are_unambiguous_unless_a_context_or_period_tells_them_apart():
    groups = load_actor_dictionary().groups
    for key, spellings in groups.names.items():
        codings = [s.coding for s in spellings]
        plain = {(c.code, c.start, c.end) for c in codings if not c.context}
        undated = {c.code for c in codings if not c.context and c.start is None and c.end is None}
        assert len(undated) <= 1 or len(plain) > len(undated), (key, codings)


def test_an_old_style_user_groups_table_still_works(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "groups.tsv").write_text("term\tcountry\torg\tsectors\nZamfara Militia\tNGA\t\tREB\n")
    groups = load_actor_dictionary([folder]).groups
    assert groups.match_at(["the", "Zamfara", "Militia"], 1).spellings[0].coding.country == "NGA"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X Front\tNGA\tREB\t2020\t\t", "groups.tsv:2: start '2020'"),
        ("X Front\tNGA\tREB\t2021-01-01\t2020-01-01\t", "groups.tsv:2: end"),
        ("X Front\tNGA\tREB\t\t\tNigeria", "groups.tsv:2: context"),
        ("X Front\tNigeria\tREB\t\t\t", "groups.tsv:2: country 'Nigeria'"),
    ],
)
def test_a_bad_group_row_is_one_error_naming_file_and_line(tmp_path, row, message):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "groups.tsv").write_text("term\tcountry\tsectors\tstart\tend\tcontext\n" + row + "\n")
    with pytest.raises(DataFileError, match=re.escape(message)):
        load_actor_dictionary([folder])


def test_the_prefilter_keeps_a_sentence_that_only_names_a_group(tidings_pipeline):
    spans = tidings_pipeline.prefilter.sentences("Nothing happened here. Al Shabaab claimed the raid.")
    assert [span.keep for span in spans] == [False, True]


def test_a_word_of_a_longer_name_is_not_the_group(actors_of):
    assert all(g is None for _, g in actors_of("Shares of Peoples Bank and Trust rose.").values())
    assert all(g is None for _, g in actors_of("Nobody knows the fate of the talks, Fate said.").values())


def test_a_group_name_that_cannot_be_matched_whole_is_refused(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "groups.tsv").write_text("term\tcountry\tsectors\nWorkers; Party\tTUR\tREB\n")
    message = "groups.tsv:2: name 'Workers; Party' cannot be matched"
    with pytest.raises(DataFileError, match=re.escape(message)):
        load_actor_dictionary([folder])



def test_a_common_word_that_only_folds_like_a_name_is_no_group(actors_of):
    # "rioters" and "Reuters" fold alike (e->i, o->u); only a proper noun may match through folding.
    found = actors_of("Rioters burned the Danish consulate in Beirut.")
    assert all(group is None for _, group in found.values())
    assert actors_of("Reuters reported the attack.")["Reuters"][0] == "GBRMED"
