"""Tests for tidings.ingest: every input format, the seed layout, stable ids and bad input."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from tidings.ingest import article_id, clean_text, dateline_date, parse_date, read_articles
from tidings.records import Article, InputError

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared"
SEED = SHARED / "examples" / "seed-article.txt"
WIKINEWS = SHARED / "corpus" / "wikinews_2019_2020" / "wikinews.jsonl"

BODY_1 = "Russia and Iran signed a trade agreement in Tehran on Monday, officials said."
BODY_2 = "Foreign Minister Ivan Sokolov said the deal was a milestone. He added that talks would continue."


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read(*paths: Path | str, **options) -> list[Article | InputError]:
    return list(read_articles(paths, **options))


def articles(items: list) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def errors(items: list) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


def only_article(items: list) -> Article:
    assert errors(items) == []
    assert len(items) == 1
    return items[0]


def only_error(items: list) -> InputError:
    assert len(errors(items)) == 1, items
    return errors(items)[0]


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    return write(tmp_path, "good.txt", f"Trade deal signed\n\n{BODY_1}\n")


# ---------------------------------------------------------------- plain text, seed layout


def test_seed_article_title_once_and_quote_once() -> None:
    if not SEED.exists():
        pytest.skip("shared seed article not available")
    article = only_article(read(SEED))
    assert article.title == "Russia to Keep Up Cooperation with Iran in All Areas: Envoy"
    assert article.title not in article.text
    assert article.text.count("“Iran is not a country you can push,” he said") == 1
    assert article.text.startswith("Russian Ambassador to Iran Levan Jagarian described US sanctions")
    assert "[…]" not in article.text
    assert article.source == str(SEED)


def test_seed_layout_with_teaser(tmp_path: Path) -> None:
    teaser = "Russia and Iran signed a trade agreement in Tehran on Monday, officials said. Foreign […]"
    path = write(tmp_path, "a.txt", f"Trade deal\nTrade deal\n\n{teaser}\n\n{BODY_1}\n\n{BODY_2}\n")
    article = only_article(read(path))
    assert article.title == "Trade deal"
    assert article.text == f"{BODY_1}\n\n{BODY_2}"


def test_teaser_with_ascii_ellipsis_and_cut_word(tmp_path: Path) -> None:
    teaser = "Russia and Iran signed a trade agreement in Teh [...]"
    path = write(tmp_path, "a.txt", f"Trade deal\nTrade deal\n\n{teaser}\n\n{BODY_1}\n")
    assert only_article(read(path)).text == BODY_1


def test_seed_layout_without_teaser(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", f"Trade deal\nTrade deal\n\n{BODY_1}\n\n{BODY_2}\n")
    article = only_article(read(path))
    assert article.title == "Trade deal"
    assert article.text == f"{BODY_1}\n\n{BODY_2}"


def test_teaser_that_does_not_repeat_the_body_is_kept(tmp_path: Path) -> None:
    teaser = "A different summary of the story that goes on […]"
    path = write(tmp_path, "a.txt", f"Trade deal\n\n{teaser}\n\n{BODY_1}\n")
    assert only_article(read(path)).text == f"{teaser}\n\n{BODY_1}"


def test_plain_text_first_line_is_title(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", f"Trade deal\n{BODY_1}\n{BODY_2}\n")
    article = only_article(read(path))
    assert article.title == "Trade deal"
    assert article.text == f"{BODY_1} {BODY_2}"


def test_long_first_line_is_body_not_title(tmp_path: Path) -> None:
    long_paragraph = " ".join([BODY_1] * 5)
    article = only_article(read(write(tmp_path, "a.txt", long_paragraph + "\n")))
    assert article.title == ""
    assert article.text == long_paragraph


def test_whitespace_normalised_and_paragraphs_joined_by_blank_line(tmp_path: Path) -> None:
    raw = "Title\r\n\r\n  Russia   and Iran\r\n signed a deal.\u00a0 \r\n\r\n\r\n\tTalks\u200b continue.\r\n"
    article = only_article(read(write(tmp_path, "a.txt", raw)))
    assert article.text == "Russia and Iran signed a deal.\n\nTalks continue."


def test_dateline_after_title_gives_published_date(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", f"Trade deal\nTrade deal\nTuesday, April 16, 2019\n\n{BODY_1}\n")
    article = only_article(read(path))
    assert article.published == dt.date(2019, 4, 16)
    assert article.text == BODY_1


def test_dateline_after_teaser_gives_published_date(tmp_path: Path) -> None:
    teaser = "Russia and Iran signed a trade agreement in Tehran […]"
    path = write(tmp_path, "a.txt", f"Trade deal\n\n{teaser}\n\n16 April 2019\n\n{BODY_1}\n")
    article = only_article(read(path))
    assert (article.published, article.text) == (dt.date(2019, 4, 16), BODY_1)


def test_indented_lines_start_wire_paragraphs() -> None:
    wire = "First paragraph runs\nonto a second line.\n    Second paragraph\nalso wraps.\n Reuter\n"
    assert clean_text(wire) == "First paragraph runs onto a second line.\n\nSecond paragraph also wraps."


# ---------------------------------------------------------------- JSONL and JSON


def jsonl(*records: object) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n"


def test_jsonl_records_with_metadata(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", jsonl(
        {"id": "a1", "title": "Deal", "date": "2019-04-16", "url": "https://example.org/a1", "text": BODY_1},
        {"id": 7, "text": BODY_2, "published": "2020-06-24T15:01:01Z"},
        {"id": "a3", "text": "Talks continue.", "date": "20210914"},
    ))
    first, second, third = read(path)
    assert (first.id, first.title, first.published, first.url) == ("a1", "Deal", dt.date(2019, 4, 16),
                                                                    "https://example.org/a1")
    assert first.source == f"{path}:1"
    assert (second.id, second.title, second.published, second.source) == ("7", "", dt.date(2020, 6, 24),
                                                                          f"{path}:2")
    assert third.published == dt.date(2021, 9, 14)


def test_malformed_jsonl_line_is_one_error_and_others_still_read(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", jsonl({"id": "a1", "text": BODY_1}, '{"id": "a2", "text": ',
                                            {"id": "a3", "text": BODY_2}))
    items = read(path)
    error = only_error(items)
    assert error.source == f"{path}:2"
    assert str(error).startswith(f"error: {path}:2: invalid JSON: ")
    assert [a.id for a in articles(items)] == ["a1", "a3"]


def test_jsonl_record_without_text_names_the_record(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", jsonl({"id": "a1", "title": "No body"}, {"id": "a2", "text": BODY_1},
                                            ["not", "an", "object"]))
    items = read(path)
    assert [a.id for a in articles(items)] == ["a2"]
    no_text, not_object = errors(items)
    assert no_text.source == f"{path}:1" and "'a1'" in no_text.message and "no text" in no_text.message
    assert not_object.source == f"{path}:3" and "not a JSON object" in not_object.message


def test_jsonl_unrecognised_date_is_an_error_naming_the_record(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", jsonl({"id": "a1", "text": BODY_1, "date": "soon"}))
    error = only_error(read(path))
    assert "'a1'" in error.message and "soon" in error.message


def test_jsonl_leading_dateline_supplies_missing_date_and_is_removed(tmp_path: Path) -> None:
    text = f"Friday, January 4, 2019\u00a0 \n\n\n{BODY_1}\n\n\n{BODY_2}"
    path = write(tmp_path, "a.jsonl", jsonl({"id": "w1", "text": text},
                                            {"id": "w2", "text": text, "date": "2019-01-05"}))
    undated, dated = read(path)
    assert undated.published == dt.date(2019, 1, 4)
    assert dated.published == dt.date(2019, 1, 5)
    assert undated.text == dated.text == f"{BODY_1}\n\n{BODY_2}"


def test_json_array_and_single_object(tmp_path: Path) -> None:
    records = [{"id": "a1", "text": BODY_1}, {"id": "a2", "text": BODY_2}]
    array = write(tmp_path, "many.json", json.dumps(records))
    single = write(tmp_path, "one.json", json.dumps({"id": "b1", "title": "Deal", "text": BODY_1}))
    items = read(array, single)
    assert [(a.id, a.source) for a in items] == [("a1", f"{array}[0]"), ("a2", f"{array}[1]"),
                                                  ("b1", str(single))]


def test_json_file_holding_json_lines_is_read_as_jsonl(tmp_path: Path) -> None:
    path = write(tmp_path, "lines.json", jsonl({"id": "a1", "text": BODY_1}, {"id": "a2", "text": BODY_2}))
    assert [(a.id, a.source) for a in read(path)] == [("a1", f"{path}:1"), ("a2", f"{path}:2")]


def test_malformed_json_file_is_one_error(tmp_path: Path, good_file: Path) -> None:
    bad = write(tmp_path, "bad.json", '[{"id": "a1", "text": "x"},\n  {"id": ]')
    items = read(bad, good_file)
    error = only_error(items)
    assert error.source.startswith(str(bad)) and "invalid JSON" in error.message
    assert len(articles(items)) == 1


# ---------------------------------------------------------------- HTML


PAGE = """<html><head><title>Russia and Iran sign deal - Example News</title>
<meta property="og:title" content="Russia and Iran sign deal">
<meta property="article:published_time" content="2019-03-12T09:30:00Z">
<link rel="canonical" href="https://example.org/news/deal"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Russia and Iran sign deal</h1><p>{body1}</p><p>{body2}</p></article>
<footer>Copyright Example News</footer></body></html>"""


def test_html_page_main_text_title_and_date(tmp_path: Path) -> None:
    path = write(tmp_path, "page.html", PAGE.format(body1=BODY_1, body2=BODY_2))
    article = only_article(read(path))
    assert article.title == "Russia and Iran sign deal"
    assert article.published == dt.date(2019, 3, 12)
    assert article.url == "https://example.org/news/deal"
    assert article.text == f"{BODY_1}\n\n{BODY_2}"


def test_html_without_text_is_an_error(tmp_path: Path, good_file: Path) -> None:
    menu = '<nav><a href="/">Home</a><a href="/w">World</a></nav>'
    empty = write(tmp_path, "empty.htm", f"<html><head><title>Menu</title></head><body>{menu}</body></html>")
    items = read(empty, good_file)
    error = only_error(items)
    assert error.source == str(empty) and "no article text" in error.message
    assert len(articles(items)) == 1


# ---------------------------------------------------------------- RSS and Atom

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>World news</title><link>https://example.org/</link>
<description>News</description>
<item><title>Deal signed</title><link>https://example.org/1</link><guid>https://example.org/1</guid>
<pubDate>Tue, 16 Apr 2019 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{BODY_1}&lt;/p&gt;&lt;p&gt;{BODY_2}&lt;/p&gt;</description></item>
<item><title>Talks continue</title><link>https://example.org/2</link>
<pubDate>Wed, 17 Apr 2019 10:00:00 GMT</pubDate><description>Talks &amp;amp; more talks.</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>World news</title><id>urn:example:feed</id>
<updated>2020-06-24T12:00:00Z</updated>
<entry><title>Sanctions imposed</title><id>urn:example:1</id><link href="https://example.org/s"/>
<published>2020-06-24T08:00:00Z</published><updated>2020-06-24T09:00:00Z</updated>
<content type="html">&lt;p&gt;{BODY_2}&lt;/p&gt;&lt;script&gt;track()&lt;/script&gt;</content></entry>
</feed>"""


def test_rss_feed_one_article_per_entry(tmp_path: Path) -> None:
    path = write(tmp_path, "news.rss", RSS)
    first, second = read(path)
    assert (first.title, first.published, first.url) == ("Deal signed", dt.date(2019, 4, 16),
                                                         "https://example.org/1")
    assert first.text == f"{BODY_1}\n\n{BODY_2}"
    assert first.source == f"{path}#1" and second.source == f"{path}#2"
    assert second.text == "Talks & more talks."


def test_atom_feed_in_xml_file(tmp_path: Path) -> None:
    article = only_article(read(write(tmp_path, "news.xml", ATOM)))
    assert (article.id, article.title, article.published) == ("urn:example:1", "Sanctions imposed",
                                                              dt.date(2020, 6, 24))
    assert article.text == BODY_2


def test_feed_without_entries_and_xml_that_is_no_feed(tmp_path: Path, good_file: Path) -> None:
    no_entries = write(tmp_path, "empty.rss", '<?xml version="1.0"?><rss version="2.0"><channel>'
                                              "<title>Nothing</title></channel></rss>")
    not_feed = write(tmp_path, "data.xml", '<?xml version="1.0"?><config><item a="1"/></config>')
    items = read(no_entries, not_feed, good_file)
    first, second = errors(items)
    assert (first.source, first.message) == (str(no_entries), "feed has no entries")
    assert second.source == str(not_feed) and "not an RSS or Atom feed" in second.message
    assert len(articles(items)) == 1


# ---------------------------------------------------------------- ids and dates


def test_ids_are_stable_hashes_of_the_text(tmp_path: Path) -> None:
    txt = write(tmp_path, "a.txt", f"Deal\n\n{BODY_1}\n")
    lines = write(tmp_path, "b.jsonl", jsonl({"title": "Deal", "text": f"  {BODY_1}  "}))
    first = only_article(read(txt))
    assert first.id == only_article(read(txt)).id == article_id(BODY_1)
    assert len(first.id) == 16 and int(first.id, 16) >= 0
    assert articles(read(lines))[0].id == first.id


def test_duplicate_ids_in_one_call_are_reported(tmp_path: Path) -> None:
    one = write(tmp_path, "a.txt", f"Deal\n\n{BODY_1}\n")
    two = write(tmp_path, "b.txt", f"Deal again\n\n{BODY_1}\n")
    items = read(one, two)
    assert len(articles(items)) == 1
    assert only_error(items).source == str(two) and "duplicate article id" in only_error(items).message


def test_default_date_only_fills_missing_dates(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", jsonl({"id": "a", "text": BODY_1}, {"id": "b", "text": BODY_2,
                                                                           "date": "2020-01-02"}))
    undated, dated = read(path, default_date=dt.date(2024, 5, 1))
    assert undated.published == dt.date(2024, 5, 1)
    assert dated.published == dt.date(2020, 1, 2)


@pytest.mark.parametrize(("value", "expected"), [
    ("2019-01-04", dt.date(2019, 1, 4)),
    ("2019-01-04T23:30:00-05:00", dt.date(2019, 1, 4)),
    ("2019-01-04 10:00:00", dt.date(2019, 1, 4)),
    ("20190104", dt.date(2019, 1, 4)),
    (20190104, dt.date(2019, 1, 4)),
    ("Fri, 04 Jan 2019 10:00:00 +0000", dt.date(2019, 1, 4)),
    ("Friday, January 4, 2019", dt.date(2019, 1, 4)),
    ("4 January 2019", dt.date(2019, 1, 4)),
    ("", None),
    (None, None),
])
def test_parse_date_formats(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


def test_parse_date_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="unrecognised date"):
        parse_date("next Tuesday-ish")


def test_dateline_only_matches_a_whole_line() -> None:
    assert dateline_date("Friday, January 4, 2019\u00a0") == dt.date(2019, 1, 4)
    assert dateline_date("Friday, January 4, 2019, the talks began.") is None
    assert dateline_date("February 31, 2019") is None


# ---------------------------------------------------------------- bad input


def test_binary_file_is_an_error_and_batch_goes_on(tmp_path: Path, good_file: Path) -> None:
    binary = write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    items = read(binary, good_file)
    error = only_error(items)
    assert error.source == str(binary) and "binary" in error.message
    assert articles(items)[0].source == str(good_file)


def test_empty_file_is_an_error(tmp_path: Path, good_file: Path) -> None:
    empty = write(tmp_path, "empty.jsonl", "  \n\n")
    items = read(empty, good_file)
    assert (only_error(items).source, only_error(items).message) == (str(empty), "empty file")
    assert len(articles(items)) == 1


def test_cp1252_text_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "legacy.txt", "Caf\xe9 talks\n\nThe minister\u2019s visit to Paris ended.\n"
                 .encode("cp1252"))
    article = only_article(read(path))
    assert article.title == "Café talks"
    assert article.text == "The minister’s visit to Paris ended."


def test_utf8_bom_and_utf16_text_are_read(tmp_path: Path) -> None:
    bom = write(tmp_path, "bom.txt", "\ufeffDeal\n\nTalks ended.\n".encode())
    utf16 = write(tmp_path, "wide.txt", "Deal\n\nTalks ended in Tehran.\n".encode("utf-16"))
    first, second = read(bom, utf16)
    assert (first.title, first.text) == ("Deal", "Talks ended.")
    assert second.text == "Talks ended in Tehran."


def test_undecodable_bytes_are_an_error(tmp_path: Path, good_file: Path) -> None:
    junk = write(tmp_path, "junk.txt", bytes(range(1, 256)) * 4)
    items = read(junk, good_file)
    error = only_error(items)
    assert error.source == str(junk) and "not UTF-8" in error.message
    assert len(articles(items)) == 1


def test_unknown_extension_is_an_error(tmp_path: Path, good_file: Path) -> None:
    pdf = write(tmp_path, "report.pdf", "%PDF-1.4 not really")
    items = read(pdf, good_file)
    error = only_error(items)
    assert error.source == str(pdf) and "unsupported file type '.pdf'" in error.message
    assert len(articles(items)) == 1


def test_missing_path_is_an_error(tmp_path: Path, good_file: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    items = read(missing, good_file)
    error = only_error(items)
    assert (error.source, error.message) == (str(missing), "no such file or directory")
    assert len(articles(items)) == 1


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_an_error(tmp_path: Path, good_file: Path) -> None:
    locked = write(tmp_path, "locked.txt", f"Deal\n\n{BODY_2}\n")
    locked.chmod(0)
    items = read(locked, good_file)
    assert only_error(items).source == str(locked) and "cannot read" in only_error(items).message
    assert len(articles(items)) == 1


# ---------------------------------------------------------------- folders


def test_folders_walked_recursively_sorted_hidden_skipped(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "B\n\nSecond story text.\n")
    write(tmp_path, "a/z.txt", "AZ\n\nFirst story text.\n")
    write(tmp_path, "c/d.jsonl", jsonl({"id": "cd", "text": "Third story text."}))
    write(tmp_path, ".hidden.txt", "H\n\nHidden story.\n")
    write(tmp_path, ".git/x.txt", "X\n\nHidden folder story.\n")
    items = read(tmp_path)
    assert [a.title or a.id for a in items] == ["AZ", "B", "cd"]
    assert [a.title or a.id for a in read(tmp_path)] == ["AZ", "B", "cd"]


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "none"
    folder.mkdir()
    assert "no files" in only_error(read(folder)).message


# ---------------------------------------------------------------- project example articles


def example_pairs() -> list[tuple[Article, Article]]:
    texts = read(EXAMPLES / "articles")
    records = read(EXAMPLES / "articles.jsonl")
    assert errors(texts) == [] and errors(records) == []
    return list(zip(texts, records, strict=True))


def test_examples_read_without_error_and_formats_agree() -> None:
    pairs = example_pairs()
    assert len(pairs) == 8
    for from_text, from_record in pairs:
        assert from_text.text == from_record.text
        assert from_text.title == from_record.title
        assert from_text.published == from_record.published
        assert Path(from_text.source).stem == from_record.id
        assert from_record.url.startswith("https://example.org/")
        assert dt.date(2019, 1, 1) <= from_record.published <= dt.date(2024, 12, 31)


def test_examples_are_short_news_and_cover_russia_iran() -> None:
    pairs = example_pairs()
    for _, article in pairs:
        assert 150 <= len(article.text.split()) <= 350, article.id
        assert "[…]" not in article.text and article.title not in article.text
    russia_iran = [a for _, a in pairs if "Russia" in a.text and "Iran" in a.text]
    assert len(russia_iran) >= 3


# ---------------------------------------------------------------- shared corpus


def test_wikinews_corpus_reads_cleanly() -> None:
    if not WIKINEWS.exists():
        pytest.skip("shared Wikinews corpus not available")
    items = read(WIKINEWS)
    assert errors(items) == []
    assert len(items) == 293
    assert all(a.published is not None and a.url for a in items)
    assert not any(dateline_date(a.text.split("\n", 1)[0]) for a in items)


def test_a_single_path_string_is_one_path(tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text('{"id": "x1", "text": "Japan protested to China."}\n')
    items = list(read_articles(str(path)))
    assert [item.id for item in items] == ["x1"]
