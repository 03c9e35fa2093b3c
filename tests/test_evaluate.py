"""Scoring gold records: exact precision / recall / F1 on a small hand-made gold file."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tidings.evaluate import evaluate_file, format_report, load_gold
from tidings.ontology import load_ontology
from tidings.records import Actor, Article, Event

GOLD = Path(__file__).parent / "fixtures" / "gold_small.jsonl"

# What a coder "predicts" for each fixture record: (source, sectors, target, code).
PREDICTIONS = {
    "r1": [("USA", (), "IRN", "163")],
    "r2": [("RUS", (), "USA", "112")],
    "r3": [("FRA", (), "DEU", "040")],
    "r4": [("IRN", (), "RUS", "046"), ("RUS", (), "IRN", "046")],
    "r5": [],
}


def actor(country: str | None, sectors: tuple[str, ...] = ()) -> Actor | None:
    return None if country is None else Actor(text=country, start=0, end=3, country=country, sectors=sectors)


def event(article: Article, source: str, sectors: tuple[str, ...], target: str | None, code: str) -> Event:
    cameo = load_ontology().get(code)
    return Event(
        article_id=article.id,
        sentence_index=0,
        sentence=article.text,
        start=0,
        end=len(article.text),
        source=actor(source, sectors),
        target=actor(target),
        code=code,
        root_code=cameo.root,
        quad_class=cameo.quad_class,
        goldstein=cameo.goldstein,
        plover=cameo.plover,
        plover_mode=None,
        verb="x",
        verb_start=0,
        verb_end=1,
        rule="test",
    )


def table_coder(table):
    def code(articles):
        return [[event(article, *row) for row in table.get(article.id, [])] for article in articles]

    return code


def test_gold_records_are_read_with_alternatives_and_dates():
    records, level = load_gold(GOLD, "full")
    assert level == "full" and [r.id for r in records] == ["r1", "r2", "r3", "r4", "r5"]
    assert records[3].expected[0].codes == ("040", "046") and len(records[3].acceptable) == 1
    assert records[0].date.isoformat() == "2019-05-01" and records[4].date is None
    assert records[2].expected == ()


def test_root_level_scores():
    report = evaluate_file(GOLD, "root", coder=table_coder(PREDICTIONS))
    assert (report.true_positives, report.false_positives, report.false_negatives) == (3, 1, 1)
    assert report.precision == pytest.approx(0.75) and report.recall == pytest.approx(0.75)
    assert report.f1 == pytest.approx(0.75)
    assert [score.id for score in report.wrong] == ["r3", "r5"]


def test_full_level_scores():
    report = evaluate_file(GOLD, "full", coder=table_coder(PREDICTIONS))
    assert (report.true_positives, report.false_positives, report.false_negatives) == (2, 2, 2)
    assert report.f1 == pytest.approx(0.5)
    r2 = next(score for score in report.scores if score.id == "r2")
    assert r2.missed == (("RUSGOV", "USA", "111"),) and r2.spurious == (("RUS", "USA", "112"),)


def test_acceptable_events_are_neither_required_nor_wrong():
    report = evaluate_file(GOLD, "full", coder=table_coder(PREDICTIONS))
    r4 = next(score for score in report.scores if score.id == "r4")
    assert r4.correct and r4.true_positives == 1


def test_report_text_lists_errors():
    report = evaluate_file(GOLD, "root", coder=table_coder(PREDICTIONS))
    text = format_report(report, errors=True)
    assert "precision 0.750  recall 0.750  F1 0.750" in text
    assert "- r5:" in text and "ISR/PSE/19" in text and "- r1:" not in text


def test_plover_scoring(tmp_path):
    rows = [
        {
            "id": "p1",
            "text": "Russia attacked Ukraine.",
            "event": "FIGHT",
            "source": [{"code": "RUS"}],
            "target": [{"code": "UKR"}],
        },
        {
            "id": "p2",
            "text": "French workers protested.",
            "event": "PROTEST",
            "source": [{"code": "FRA"}],
            "target": [],
        },
    ]
    path = tmp_path / "plover.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    predictions = {
        "p1": [("RUS", ("MIL",), "UKR", "190")],
        "p2": [("FRA", (), None, "141"), ("FRA", (), "DEU", "111")],
    }
    report = evaluate_file(path, coder=table_coder(predictions))
    assert report.level == "plover"
    assert (report.true_positives, report.false_positives, report.false_negatives) == (2, 1, 0)
    assert report.f1 == pytest.approx(0.8)


def test_real_coder_on_the_small_gold_file():
    report = evaluate_file(GOLD, "root")
    assert report.records == 5 and report.true_positives >= 3


def test_mutual_plover_actors_act_on_each_other(tmp_path):
    row = {
        "id": "m1",
        "text": "Jordan and Britain agreed to hold joint exercises.",
        "event": "AGREE",
        "markup": "(SRC/TAR: Jordan) and (SRC/TAR: Britain) have (EVT: agreed) to hold exercises.",
        "source": [{"text": "Jordan", "code": "JOR"}, {"text": "Britain", "code": "GBR"}],
        "target": [],
    }
    path = tmp_path / "plover.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    both_ways = {"m1": [("JOR", (), "GBR", "030"), ("GBR", (), "JOR", "030")]}
    report = evaluate_file(path, coder=table_coder(both_ways))
    assert (report.true_positives, report.false_positives, report.false_negatives) == (2, 0, 0)
    one_way = {"m1": [("JOR", (), None, "030")]}
    report = evaluate_file(path, coder=table_coder(one_way))
    assert (report.true_positives, report.false_positives, report.false_negatives) == (1, 0, 1)


def test_record_with_empty_text_is_scored_not_skipped(tmp_path):
    rows = [
        {"id": "e1", "text": "", "expected": [{"source": "NGA", "target": "NGA", "code": "190"}]},
        {"id": "e2", "text": "   ", "expected": [{"source": "USA", "target": "IRN"}]},
        {"id": "e3", "text": None, "expected": []},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    report = evaluate_file(path, "root")
    assert report.records == 3
    assert (report.true_positives, report.false_positives, report.false_negatives) == (0, 0, 2)
    assert "e1" in format_report(report, errors=True)


def test_scores_per_cameo_root_and_plover_type():
    report = evaluate_file(GOLD, "root", coder=table_coder(PREDICTIONS))
    by_root = {
        row.name: (row.true_positives, row.false_positives, row.false_negatives) for row in report.by_root
    }
    # hits and misses count for the gold's class, false alarms for the predicted one: r1 sanctions (16),
    # r2 accusation (11) and r4 talks (04) are hits, r5 shelling (19) is missed, r3's meeting a false alarm
    assert by_root == {"16": (1, 0, 0), "11": (1, 0, 0), "04": (1, 1, 0), "19": (0, 0, 1)}
    by_plover = {row.name: row.f1 for row in report.by_plover}
    assert by_plover["SANCTION"] == 1.0 and by_plover["ASSAULT"] == 0.0
    text = format_report(report)
    assert "by CAMEO root:" in text and "by PLOVER type:" in text


def test_counts_are_scored_on_the_matched_predicted_event(tmp_path):
    from tidings.records import Magnitude

    rows = [
        {
            "id": "m1",
            "text": "x",
            "expected": [{"source": "NGAUAF", "target": "NGACVL", "code": "180", "fatalities": 3}],
        },
        {
            "id": "m2",
            "text": "y",
            "expected": [{"source": "SOMUAF", "target": "SOMCVL", "code": "183", "fatalities": 0}],
        },
        {
            "id": "m3",
            "text": "z",
            "expected": [{"source": "IRQUAF", "target": "IRQCVL", "code": "183", "injured": 9}],
        },
    ]
    path = tmp_path / "counts.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")

    def coder(articles):
        out = []
        for article in articles:
            if article.id == "m1":
                found = event(article, "NGA", ("UAF",), "NGA", "180")
                out.append([replace(found, fatalities=Magnitude(3, "three", 0, 5))])
            elif article.id == "m2":
                out.append(
                    [
                        replace(
                            event(article, "SOM", ("UAF",), "SOM", "183"),
                            fatalities=Magnitude(2, "two", 0, 3),
                        )
                    ]
                )
            else:
                out.append([])
        return out

    report = evaluate_file(path, "root", coder=coder)
    counts = {row.kind: (row.exact, row.matched, row.stated) for row in report.counts}
    assert counts == {"fatalities": (1, 2, 2), "injured": (0, 0, 1)}
    assert "fatalities     exact 1/2 (50.0%)" in format_report(report)
