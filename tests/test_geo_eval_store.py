"""Places beyond finding them: the toponym gold readers and scores, `tidings eval --task geo`, the
place columns of the store (schema v4) and the GDELT geography columns."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner
from test_store_samples import actor, coded, event

from tidings.cli import cli
from tidings.evaluate_places import (
    GeoRecord,
    GoldToponym,
    format_geo_report,
    load_geo_gold,
    score_places,
    split_part,
    total_report,
)
from tidings.records import Location
from tidings.store import open_store, write_batch
from tidings.store.formats.gdelt import adm1_code, adm2_code, gdelt_columns
from tidings.store.runs import start_run

LGL_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <text><![CDATA[Fire in Alexandria, La. Main Street closed.]]></text>
    <toponyms>
      <toponym><start>8</start><end>18</end><phrase>Alexandria</phrase>
        <gaztag geonameid="4314550"><lat>31.3113</lat><lon>-92.4451</lon></gaztag></toponym>
      <toponym><start>20</start><end>23</end><phrase>La.</phrase>
        <gaztag geonameid="4331987"><lat>31.0</lat><lon>-92.0</lon></gaztag></toponym>
      <toponym><start>24</start><end>35</end><phrase>Main Street</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""
# GeoVirus offsets are one past the name: the reader moves them back.
GEOVIRUS_XML = """<articles>
    <article>
        <source>https://example.org/kenya</source>
        <text>Cholera spread in Kenya. Kenyan officials met.</text>
        <locations>
            <location><name>Kenya</name><start>19</start><end>24</end><lat>1</lat><lon>38</lon>
            <page>https://en.wikipedia.org/wiki/Kenya</page></location>
        </locations>
    </article>
</articles>
"""


def place(text: str, start: int, lat: float | None, lon: float | None, demonym: bool = False) -> Location:
    return Location(text, None, lat, lon, start, start + len(text), text=text, demonym=demonym)


def test_lgl_and_geovirus_readers(tmp_path):
    (tmp_path / "lgl.xml").write_text(LGL_XML, encoding="utf-8")
    (tmp_path / "gv.xml").write_text(GEOVIRUS_XML, encoding="utf-8")
    [lgl] = load_geo_gold(tmp_path / "lgl.xml")
    assert [(t.name, t.lat is not None) for t in lgl.toponyms] == [
        ("Alexandria", True),
        ("La.", True),
        ("Main Street", False),
    ]
    [virus] = load_geo_gold(tmp_path / "gv.xml")
    [kenya] = virus.toponyms
    assert virus.text[kenya.start : kenya.end] == "Kenya" and not virus.demonyms and lgl.demonyms


def test_scores_match_overlapping_spans_one_to_one_and_place_within_161_km():
    record = GeoRecord(
        "1",
        "Fire in Alexandria, La. Main Street closed.",
        (
            GoldToponym(8, 18, "Alexandria", 31.3113, -92.4451),
            GoldToponym(20, 23, "La.", 31.0, -92.0),
            GoldToponym(24, 35, "Main Street", None, None),
        ),
    )
    found = [
        place("Alexandria", 8, 38.80, -77.05),  # Alexandria, Virginia: found, placed ~1,500 km away
        place("La.", 20, 31.1, -92.0),
        place("Main Street", 24, None, None),  # found without a point
        place("Fire", 0, 1.0, 1.0),  # not a toponym
    ]
    report = score_places("t", [record], [found])
    assert (report.gold, report.found, report.matched, report.exact) == (3, 4, 3, 3)
    assert (report.resolved, report.within, report.unplaced) == (2, 1, 0)
    assert report.precision == 0.75 and report.recall == 1.0 and report.accuracy == 0.5
    assert "precision 0.750" in format_geo_report(report)


def test_demonyms_only_count_where_the_gold_annotates_them():
    text = "Kenyan officials met."
    gold = GeoRecord("1", text, (), demonyms=False)
    kenyan = place("Kenyan", 0, 1.0, 38.0, demonym=True)
    assert score_places("gv", [gold], [[kenyan]]).found == 0
    assert score_places("lgl", [GeoRecord("1", text, ())], [[kenyan]]).found == 1


def test_every_fifth_article_is_held_out():
    records = [GeoRecord(str(n), "", ()) for n in range(1, 11)]
    assert [r.id for r in split_part(records, "test")] == ["5", "10"]
    assert len(split_part(records, "dev")) == 8 and len(split_part(records, "all")) == 10
    parts = [score_places("a", records[:2], [[], []]), score_places("b", records[2:], [[]] * 8)]
    pooled = total_report(parts)
    assert pooled.articles == 10


@pytest.mark.slow
def test_eval_geo_command(tmp_path):
    (tmp_path / "lgl.xml").write_text(LGL_XML, encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "--task", "geo", str(tmp_path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "lgl.xml: 1 articles, 3 toponyms" in result.output and "accuracy@161km" in result.output
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.xml").write_text("<articles><article><text>x</text></article></articles>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "--task", "geo", str(bad), "--workers", "1"])
    assert result.exit_code == 1 and "neither <toponyms> nor <locations>" in result.output


MACON = Location(
    "Macon", "USA", 32.84, -83.63, 10, 15, text="Macon", geonameid=4207400, feature="city",
    admin1="GA", admin2="021", precision=1, geo_type=3,
)  # fmt: skip


def test_places_and_event_locations_keep_their_geonames_details(tmp_path):
    police, protesters = actor("Police", 0, "USA", sectors=("COP",)), actor("protesters", 30, "USA")
    attack = event("a1", police, protesters, "173", date="2017-01-05", sentence="x" * 40, location=MACON)
    article = coded("a1", events=(attack,))
    article = type(article)(article.article, article.sentences, article.events, article.quotes, (MACON,))
    path = tmp_path / "g.duckdb"
    with open_store(path) as store:
        write_batch(store.con, [article], start_run(store.con, "m", []))
        stored = store.con.execute(
            "SELECT text, geonameid, feature, admin1, admin2, precision, geo_type, demonym FROM places"
        ).fetchall()
        assert stored == [("Macon", 4207400, "city", "GA", "021", 1, 3, False)]
        located = store.con.execute(
            "SELECT location_geonameid, location_admin1, location_admin2, location_start FROM events"
        ).fetchall()
        assert located == [(4207400, "GA", "021", 10)]
        out = tmp_path / "events.gdelt.tsv"
        store.export("gdelt", out)
    with open(out, newline="", encoding="utf-8") as handle:
        [row] = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    names = [name for name, _ in gdelt_columns()]
    columns = dict(zip(names, row, strict=True))
    assert (columns["ActionGeo_Type"], columns["ActionGeo_ADM1Code"], columns["ActionGeo_ADM2Code"]) == (
        "3", "USGA", "USGA021")
    assert columns["ActionGeo_FeatureID"] == "4207400"
    assert (columns["Actor1Geo_Type"], columns["Actor1Geo_CountryCode"], columns["Actor1Geo_FeatureID"]) == (
        "1", "US", "US")
    assert float(columns["Actor1Geo_Lat"]) == pytest.approx(39.83, abs=0.01)


def test_adm_codes_are_fips_country_plus_geonames_codes():
    assert adm1_code("USA", "TX") == "USTX" and adm1_code("IRQ", None) == "IZ"
    assert adm2_code("USA", "LA", "079") == "USLA079" and adm2_code("USA", "LA", None) is None
