"""The English language record, the one table reader, and the package's public names."""

from __future__ import annotations

import dataclasses

import pytest

from tidings.errors import DataFileError
from tidings.lang import WORD_LISTS, load_language
from tidings.lang.en import FOLDER, load_english
from tidings.resources import parse_table, read_table


def test_every_word_list_is_filled_and_lower_case():
    words = load_language("en").words
    for field in dataclasses.fields(words):
        values = getattr(words, field.name)
        assert values, field.name
        assert all(word == word.lower() for word in values), field.name
    assert words.nominal_target_preps[0] == "to"  # ordered lists keep the file's order
    assert {"will", "would"} <= words.future_aux


def test_the_language_loads_once_per_process():
    assert load_language("en") is load_language("en")


def test_quotation_marks_are_one_model_for_the_prefilter_and_the_quote_finder():
    marks = load_language("en").quote_marks
    assert marks.toggles == {'"', "''"} and marks.opening == {"“", "«"} and marks.closing == {"”", "»"}
    assert marks.closers["‘"] == "’" and {"‘", "’"} == marks.single  # apostrophes look like these
    # two apostrophes (some wire copy) read as a straight double quote, offsets kept
    assert marks.digraphs == {"''": '"'} and marks.readable("''No,'' he said") == '" No,"  he said'


def test_morphology_rules():
    morphology = load_language("en").morphology
    bases = morphology.verb_bases("staged", "stag")  # the lemmatizer slipped: "stag"
    assert bases[0] == "stag" and "stage" in bases
    assert "denied" in set(morphology.verb_forms("deny")) and "saying" in set(morphology.verb_forms("say"))
    assert {"ministers", "militias"} <= set(morphology.plural_forms("minister")) | set(
        morphology.plural_forms("militia")
    )
    assert morphology.noun_forms("forces", "force") == ("forces", "force", "force")


def test_a_bad_word_list_names_its_file_and_line(tmp_path):
    for path in FOLDER.glob("*.tsv"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "words.tsv").open("a", encoding="utf-8") as handle:
        handle.write("pronouns_of_doom\tdoom\n")
    lines = (tmp_path / "words.tsv").read_text(encoding="utf-8").count("\n")
    with pytest.raises(DataFileError, match=rf"words.tsv:{lines}: unknown list 'pronouns_of_doom'"):
        load_english(tmp_path)
    assert set(WORD_LISTS) >= {"future_aux", "person_pronouns"}


def test_read_table_checks_the_header_and_every_row(tmp_path):
    table = tmp_path / "t.tsv"
    table.write_text("# a comment\n\nterm\tcode\nRussia\tRUS\nIran\n", encoding="utf-8")
    rows = read_table(table, ["term", "code"])
    assert [dict(row) for row in rows] == [{"term": "Russia", "code": "RUS"}, {"term": "Iran", "code": ""}]
    assert rows[1].where == f"{table}:5"
    with pytest.raises(DataFileError, match=r"t.tsv:3: header: missing column\(s\) name"):
        read_table(table, ["term", "name"])
    with pytest.raises(DataFileError, match=r"src:2: expected 2 tab-separated columns, got 3"):
        parse_table(["a\tb", "1\t2\t3"], "src", ["a", "b"])
    with pytest.raises(DataFileError, match=r"src:2: expected 2 tab-separated columns, got 1"):
        parse_table(["a\tb", "1"], "src", ["a", "b"], strict=True)
    with pytest.raises(DataFileError, match="no header line"):
        parse_table(["# only a comment"], "src", ["a"])


def test_the_package_names_resolve():
    import tidings

    for name in tidings.__all__:
        assert getattr(tidings, name) is not None, name
    from tidings import Tidings  # noqa: F401  (the documented import)
