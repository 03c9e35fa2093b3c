"""Language detection at ingest, and articles in a language without a pack reported as skipped."""

from __future__ import annotations

import json

import duckdb
from click.testing import CliRunner

from tidings.cli import cli
from tidings.ingest import read_articles
from tidings.ingest.language import detect_language
from tidings.records import Article

FRENCH = (
    "Des manifestants ont été dispersés mardi par la police à Dakar, où des centaines de jeunes "
    "réclamaient la libération de leur chef, selon des témoins."
)
ENGLISH = "Police dispersed protesters in Dakar on Tuesday, witnesses said."
MIXED = ({"id": "fr1", "text": FRENCH}, {"id": "en1", "text": ENGLISH})


def write_records(path, *records):
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records))
    return path


def test_french_and_spanish_are_detected():
    assert detect_language("", FRENCH) == "fr"
    spanish = "El ejército mató a tres civiles en el departamento del Cauca, según la alcaldía."
    assert detect_language("", spanish) == "es"


def test_english_full_of_foreign_names_stays_english():
    names = "Kenyatta hosted Congolese President Felix Tshisekedi at State House in Nairobi."
    assert detect_language("", names) == "en"
    assert detect_language("Al Shabaab", "Al Shabaab militants attacked an army base near Jowhar.") == "en"


def test_short_texts_default_to_english():
    assert detect_language("", "Merkel met Macron in Paris.") == "en"
    assert detect_language("", "Hola") == "en"


def test_ingest_records_the_language_and_honours_a_stated_one(tmp_path):
    path = write_records(
        tmp_path / "mixed.jsonl",
        {"id": "fr1", "text": FRENCH},
        {"id": "en1", "text": ENGLISH},
        {"id": "de1", "text": ENGLISH, "language": "de-DE"},
    )
    languages = {a.id: a.language for a in read_articles(path) if isinstance(a, Article)}
    assert languages == {"fr1": "fr", "en1": "en", "de1": "de"}


def test_the_pipeline_skips_an_article_it_has_no_pack_for(tidings_pipeline):
    articles = [
        Article(id="en1", title="", text=ENGLISH),
        Article(id="fr1", title="", text=FRENCH, language="fr", source="news.jsonl:2"),
    ]
    english, french = tidings_pipeline.code(articles)
    assert english.skipped is None and english.sentences
    assert french.skipped is not None and "'fr'" in french.skipped
    assert french.sentences == () and french.events == ()
    assert french.skip_notice().startswith("skipped: news.jsonl:2: article 'fr1'")


def test_code_says_a_french_article_is_skipped(tmp_path):
    path = write_records(tmp_path / "news.jsonl", *MIXED)
    result = CliRunner().invoke(cli, ["code", str(path), "-q"])
    assert result.exit_code == 0
    assert f"skipped: {path}:1: article 'fr1' is in language 'fr'" in result.stderr
    assert "1 article(s) skipped" in result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert "skipped (language fr)" in rows["fr1"] and "skipped" not in rows["en1"]
    jsonl = CliRunner().invoke(cli, ["code", str(path), "-q", "--format", "jsonl"])
    french, english = (json.loads(line) for line in jsonl.stdout.splitlines())
    assert french["skipped"] and french["language"] == "fr" and french["events"] == []
    assert english["skipped"] is None and english["language"] == "en"


def test_ingest_counts_a_french_article_as_skipped_and_stores_it_not(tmp_path):
    path = write_records(tmp_path / "news.jsonl", *MIXED)
    db = tmp_path / "store.duckdb"
    result = CliRunner().invoke(cli, ["ingest", str(path), "--db", str(db), "-q"])
    assert result.exit_code == 0
    assert f"skipped: {path}:1: article 'fr1'" in result.stderr
    assert "1 skipped for their language" in result.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT articles, skipped_language, errors FROM runs").fetchall() == [(1, 1, 0)]
        assert con.execute("SELECT id, language FROM articles").fetchall() == [("en1", "en")]


def test_the_unpacked_model_in_the_cache_scores_as_the_bundled_one(tmp_path, monkeypatch):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from tidings.ingest.language import CANDIDATE_LANGUAGES, LanguageDetector

    monkeypatch.setenv("TIDINGS_CACHE_DIR", str(tmp_path))
    bundled = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    bundled.set_languages(CANDIDATE_LANGUAGES)
    unpacked = LanguageDetector()  # unpacks the bundled model into the cache
    [cached] = tmp_path.glob("langid-*.npz")
    from_cache = LanguageDetector()  # reads it back
    spanish = "El ejército mató a tres civiles en el departamento del Cauca, según la alcaldía."
    for text in (FRENCH, ENGLISH, spanish, "Путин заявил в понедельник", "Premierminister sagte heute"):
        expected = bundled.classify(text)
        assert unpacked.identifier.classify(text) == expected
        assert from_cache.identifier.classify(text) == expected
    cached.write_bytes(b"not a model")  # a damaged cache file is read around and written again
    assert LanguageDetector().detect(FRENCH) == "fr"
    assert cached.stat().st_size > 1_000_000


def test_marker_words_call_plain_english_without_the_model(tmp_path):
    from tidings.ingest.language import LanguageDetector
    from tidings.lang.en import load_marker_words

    markers = load_marker_words()
    assert {"the", "said", "which"} <= markers and not {"of", "in", "a"} & markers  # shared with others
    detector = LanguageDetector(markers=markers)
    english = "The minister said the talks, which began in March, were about the border and its crossings."
    assert detector.marked(english)
    assert not detector.marked(FRENCH)
    assert not detector.marked("Merkel met Macron in Paris.")  # too few markers to be sure
    assert detector.detect(FRENCH) == "fr" and detector.detect(english) == "en"


def test_a_marker_file_with_a_phrase_is_refused(tmp_path):
    import pytest

    from tidings.errors import DataFileError
    from tidings.lang.en import load_marker_words

    (tmp_path / "marker_words.tsv").write_text("word\nthe\nin which\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="marker_words.tsv"):
        load_marker_words(tmp_path)
