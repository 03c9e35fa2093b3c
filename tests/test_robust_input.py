"""Hostile and careless inputs to the readers: each is one error (or warning) line, the rest is read.

FIFOs and devices are never opened, whole-file reads are capped, JSONL is read line by line, and a
record no JSON parser can hold (nesting past the stack, a 4,300-digit integer, a lone surrogate) or a
reader that raises costs only itself.
"""

from __future__ import annotations

import io
import json
import os

import pytest

from tidings.ingest import read_articles, source_file
from tidings.ingest.formats import read_jsonl_stream
from tidings.plugins import readers
from tidings.records import Article, InputError

GOOD = {"id": "good", "text": "Russia criticized Iran on Monday."}


def items(path, **options):
    return list(read_articles([path], **options))


def articles(found):
    return [item for item in found if isinstance(item, Article)]


def errors(found):
    return [item for item in found if isinstance(item, InputError) and not item.warning]


def write_jsonl(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_fifo_is_skipped_never_opened(tmp_path):
    (tmp_path / "good.jsonl").write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.jsonl")  # opening it would block the run forever
    found = items(tmp_path)
    assert [a.id for a in articles(found)] == ["good"]
    assert [(e.source, e.message) for e in errors(found)] == [
        (str(tmp_path / "pipe.jsonl"), "not a regular file (a pipe, device or socket); skipped")
    ]


def test_a_link_to_a_device_is_skipped(tmp_path):
    (tmp_path / "zero.txt").symlink_to("/dev/zero")  # would read until memory runs out
    found = items(tmp_path / "zero.txt")
    assert articles(found) == [] and "not a regular file" in errors(found)[0].message


def test_a_file_read_whole_is_capped(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Title\n\n" + "Russia criticized Iran. " * 200, encoding="utf-8")
    found = items(big, max_bytes=1024)
    assert articles(found) == []
    assert "larger than" in errors(found)[0].message and "JSONL" in errors(found)[0].message
    assert len(articles(items(big))) == 1  # under the default cap it reads


def test_jsonl_is_streamed_and_an_overlong_line_costs_only_itself():
    lines = [json.dumps({"id": "a", "text": "First story."}), json.dumps({"id": "b", "text": "x" * 5000}),
             json.dumps({"id": "c", "text": "Third story."})]
    stream = io.BufferedReader(io.BytesIO(("\n".join(lines) + "\n").encode()))
    found = list(read_jsonl_stream("feed.jsonl", stream, max_line_bytes=1000))
    assert [a.id for a in articles(found)] == ["a", "c"]
    assert [(e.source, e.message) for e in errors(found)] == [
        ("feed.jsonl:2", "line longer than 1000 bytes; skipped")
    ]


def test_jsonl_registered_reader_streams(tmp_path):
    assert getattr(readers.get(".jsonl"), "reads_stream", False)
    path = tmp_path / "feed.jsonl"
    write_jsonl(path, [json.dumps({"id": str(n), "text": f"Story number {n}."}) for n in range(50)])
    assert [a.id for a in articles(items(path))] == [str(n) for n in range(50)]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "unreadable JSON: nested too deeply"),
        ('{"id": "n", "text": "x", "n": ' + "9" * 5000 + "}", "unreadable JSON: Exceeds the limit"),
        ("{not json", "invalid JSON"),
        ("[1, 2]", "record is not a JSON object"),
        ('{"id": "t", "text": 12}', "has no text"),
    ],
)
def test_a_poison_jsonl_line_is_one_error_and_the_next_line_is_read(tmp_path, line, message):
    path = tmp_path / "poison.jsonl"
    write_jsonl(path, [line, json.dumps(GOOD)])
    found = items(path)
    assert [a.id for a in articles(found)] == ["good"]
    assert [e.source for e in errors(found)] == [f"{path}:1"]
    assert errors(found)[0].message.startswith(message) or message in errors(found)[0].message


def test_a_whole_json_file_too_deep_or_too_long_is_one_error(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (tmp_path / "digits.json").write_text('{"text": "x", "n": ' + "1" * 5000 + "}", encoding="utf-8")
    (tmp_path / "ok.json").write_text(json.dumps(GOOD), encoding="utf-8")
    found = items(tmp_path)
    assert [a.id for a in articles(found)] == ["good"]
    assert sorted(os.path.basename(e.source) for e in errors(found)) == ["deep.json", "digits.json"]


def test_lone_surrogates_become_replacement_characters(tmp_path):
    path = tmp_path / "surrogate.jsonl"
    write_jsonl(path, [r'{"id": "s\ud800", "title": "T\udfff", "text": "Russia \ud800 criticized Iran."}'])
    (article,) = articles(items(path))
    assert article.text == "Russia \ufffd criticized Iran." and article.title == "T\ufffd"
    assert article.id == "s\ufffd"
    article.text.encode("utf-8")  # encodable: spaCy's string store and the database accept it


def test_an_unreadable_metadata_date_keeps_the_article_without_a_date(tmp_path):
    path = tmp_path / "dates.jsonl"
    write_jsonl(path, [json.dumps({"id": "d", "date": "121108", "text": "Russia criticized Iran."}),
                       json.dumps({"id": "e", "date": "2017-01-05", "text": "Iran praised Russia."})])
    found = items(path)
    assert [(a.id, a.published and a.published.isoformat()) for a in articles(found)] == [
        ("d", None), ("e", "2017-01-05")]
    (warning,) = [item for item in found if isinstance(item, InputError)]
    assert warning.warning and warning.source == f"{path}:1"
    assert "121108" in warning.message and "without a published date" in warning.message
    assert str(warning).startswith("warning: ")


def test_a_binary_file_named_jsonl_is_one_error(tmp_path):
    path = tmp_path / "blob.jsonl"
    path.write_bytes(bytes(range(256)) * 40)
    found = items(path)
    assert articles(found) == [] and len(errors(found)) == 1 and "binary" in errors(found)[0].message


def test_a_reader_that_raises_costs_only_its_file(tmp_path):
    def broken(source, data):
        yield Article(id="first", title="", text="Read before the failure.", source=source)
        raise RuntimeError("plugin bug\x1b]0;retitled\x07")

    readers.register(".broken", broken)
    try:
        (tmp_path / "a.broken").write_text("anything", encoding="utf-8")
        (tmp_path / "b.jsonl").write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
        found = items(tmp_path)
    finally:
        readers.unregister(".broken")
    assert [a.id for a in articles(found)] == ["first", "good"]
    (error,) = errors(found)
    assert "could not be read: RuntimeError: plugin bug" in error.message
    assert "\x1b" not in str(error) and "\x07" not in str(error)


def test_a_feed_entry_with_an_impossible_date_is_undated():
    import time

    from tidings.ingest.formats import _stamp_date

    assert _stamp_date(time.struct_time((0, 2, 31, 10, 0, 0, 0, 1, 0))) is None
    assert _stamp_date(time.struct_time((2019, 2, 1, 10, 0, 0, 0, 1, 0))).isoformat() == "2019-02-01"
    assert _stamp_date(None) is None


def test_source_file_drops_the_record_suffix():
    assert source_file("/x/feed.jsonl:12") == "/x/feed.jsonl"
    assert source_file("batch.json[3]") == "batch.json"
    assert source_file("news.rss#2") == "news.rss"
    assert source_file("plain.txt") == "plain.txt"
