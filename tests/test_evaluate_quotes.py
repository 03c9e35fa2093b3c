"""Scoring quotes on PolNeAR-style brat attributions: reading, kinds, span matching and speakers,
on a small corpus written here; the real corpus is scored by benchmarks/eval_quotes.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.errors import DataFileError
from tidings.evaluate_quotes import (
    annotator_agreement,
    attribution_kind,
    read_brat,
    read_polnear,
    read_referents,
    score_quotes,
)
from tidings.lang.en import FOLDER, read_attribution_cues
from tidings.records import Quote

TEXT = (
    "Donald Trump visited Ohio on Monday.\n"
    "“We will win,” he said.\n"
    "Hillary Clinton said the economy was strong.\n"
    "A campaign aide said the race was close.\n"
    "Trump thinks the polls are wrong.\n"
)


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def brat_lines(text: str, relations: list[tuple[str, str, str | None]]) -> str:
    """Brat standoff for (content, cue, source) relations, spans found by their text."""
    lines, n = [], 0
    for e, (content, cue, source) in enumerate(relations, start=1):
        roles = []
        for label, part in (("Content", content), ("Cue", cue), ("Source", source)):
            if part is None:
                continue
            n += 1
            start, end = span(text, part)
            lines.append(f"T{n}\t{label} {start} {end}\t{part}")
            roles.append(f"{label}:T{n}")
        lines.append(f"E{e}\tAttribution:T{n} " + " ".join(roles))
    return "\n".join(lines) + "\n"


RELATIONS = [
    ("We will win", "said", "he"),
    ("the economy was strong", "said", "Hillary Clinton"),
    ("the race was close", "said", "A campaign aide"),
    ("the polls are wrong", "thinks", "Trump"),
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "metadata.tsv").write_text(
        "compartment\tfilename\tannotators\ttitle\ndev\ta1\tx1|x2\tA title\n", encoding="utf-8"
    )
    (tmp_path / "dev" / "text" / "a1.txt").write_text(TEXT, encoding="utf-8")
    first = brat_lines(TEXT, RELATIONS)
    (tmp_path / "dev" / "attributions" / "a1_x1.ann").write_text(first, encoding="utf-8")
    second = brat_lines(TEXT, RELATIONS[:2])
    (tmp_path / "dev" / "attributions" / "a1_x2.ann").write_text(second, encoding="utf-8")
    return tmp_path


def quote(part: str, speaker: str | None) -> Quote:
    start, end = span(TEXT, part)
    return Quote("a1", speaker, None, part, "indirect", start, end, 0)


def test_the_cue_table_reads_forms_and_kinds():
    cues = read_attribution_cues(FOLDER / "attribution_cues.tsv")
    assert cues["said"] == cues["says"] == cues["according"] == cues["wrote"] == "speech"
    assert cues["thinks"] == "belief" and cues["endorsed"] == "evaluation" and cues["declined"] == "refusal"
    assert attribution_kind("has said", cues, quoted=False) == "speech"
    assert attribution_kind("declined to comment", cues, quoted=False) == "refusal"
    assert attribution_kind("", cues, quoted=True) == "speech"
    assert attribution_kind("made clear", cues, quoted=False) == "other"


def test_a_twice_listed_cue_word_names_its_line(tmp_path):
    path = tmp_path / "cues.tsv"
    path.write_text("word\tkind\tforms\nsay\tspeech\t\nsay\tbelief\t\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"cues.tsv:3"):
        read_attribution_cues(path)


def test_brat_spans_and_relations(tmp_path):
    path = tmp_path / "a.ann"
    path.write_text(
        "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 20;25 30\ttwo\nparts\n"
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n#1\tAnnotatorNotes T1\ta note\n",
        encoding="utf-8",
    )
    [relation] = read_brat(path)
    assert relation.content == ((11, 20), (25, 30)) and relation.source == ((0, 5),)
    assert (relation.cue_text, relation.source_text) == ("said", "Smith")


def test_gold_kinds_and_speakers(corpus, english):
    [article] = read_polnear(corpus, "dev", english)
    assert article.annotator == "x1"
    by_content = {TEXT[a.content[0][0] : a.content[0][1]]: a for a in article.attributions}
    assert [a.expected for a in article.attributions] == [True, True, True, False]
    he = by_content["We will win"].speaker
    assert (he.kind, he.words) == ("pronoun", frozenset({"trump"}))  # the nearest earlier man named
    assert by_content["the economy was strong"].speaker.words == {"clinton"}
    aide = by_content["the race was close"].speaker
    assert aide.kind == "noun_phrase" and "aide" in aide.words


def test_a_referents_file_overrides_the_guess(corpus, english, tmp_path):
    start, end = span(TEXT, "he said")
    path = tmp_path / "referents.tsv"
    path.write_text(f"article\tstart\tend\tsource\treferent\na1\t{start}\t{start + 2}\the\tMike Pence\n")
    assert read_referents(path) == {("a1", (start, start + 2)): "Mike Pence"}
    [article] = read_polnear(corpus, "dev", english, referents=read_referents(path))
    assert article.attributions[0].speaker.words == {"pence"}


def test_scores_spans_leniently_and_strictly_and_speakers_by_kind(corpus, english):
    gold = read_polnear(corpus, "dev", english)
    predicted = {
        "a1": [
            quote("We will win", "Donald Trump"),  # exact, right speaker (pronoun)
            quote("the economy was", "Bill Clinton"),  # 3 of 4 words: lenient only; named, matches "clinton"
            quote("the polls are wrong", "Trump"),  # a belief: not expected, not wrong either
            quote("visited Ohio on Monday", None),  # nobody said it
        ]
    }
    report = score_quotes("t", gold, predicted, english)
    assert (report.expected, report.predicted) == (3, 4)
    assert (report.found_lenient, report.found_strict) == (2, 1)
    assert report.precision == 3 / 4 and report.recall == 2 / 3
    assert report.speakers["pronoun"].right == 1 and report.speakers["named"].right == 1
    assert report.speakers["noun_phrase"].total == 0  # the aide's speech was missed
    assert len(report.misses) == 1 and len(report.spurious) == 1


def test_annotator_agreement_scores_one_reading_against_another(corpus, english):
    report = annotator_agreement(corpus, "dev", english)
    assert report.articles == 1 and report.expected == 3 and report.found_lenient == 2
    assert report.precision == 1.0


def test_a_folder_that_is_no_corpus_is_one_clear_error(tmp_path, english):
    with pytest.raises(DataFileError, match="not a PolNeAR folder"):
        read_polnear(tmp_path, "dev", english)


def test_eval_command_scores_quotes_on_a_polnear_folder(corpus):
    from click.testing import CliRunner

    from tidings.cli import cli

    result = CliRunner().invoke(cli, ["eval", str(corpus), "--task", "quotes", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "PolNeAR dev: 1 articles, 3 speech attributions expected" in result.output
    assert "speaker right, pronoun" in result.output


def test_eval_command_names_a_folder_that_is_no_corpus(tmp_path):
    from click.testing import CliRunner

    from tidings.cli import cli

    result = CliRunner().invoke(cli, ["eval", str(tmp_path), "--task", "quotes"])
    assert result.exit_code == 1
    assert "not a PolNeAR folder" in result.output and "Traceback" not in result.output
