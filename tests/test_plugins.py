"""Registries: built-ins register through them, plugins add to them by a call or an entry point."""

from __future__ import annotations

import json
import sys

import click
import pytest
from click.testing import CliRunner

from tidings.errors import TidingsError, UnknownName
from tidings.ingest import read_articles
from tidings.plugins import Registry, commands, exporters, extension_key, languages, ontologies, readers
from tidings.records import Article


def read_memo(source: str, data: bytes):
    """A plugin's reader: "Subject: <title>" then the body."""
    title, _, body = data.decode("utf-8").partition("\n")
    yield Article(id=source.rsplit("/", 1)[-1], title=title.removeprefix("Subject: "), text=body.strip())


def test_builtins_are_registered():
    assert {".txt", ".jsonl", ".json", ".html", ".rss", ".xml", ".parquet"} <= set(readers.names())
    assert {"parquet", "csv", "jsonl", "gdelt", "plover"} <= set(exporters.names())
    assert "cameo" in ontologies.names() and "en" in languages.names()
    assert {"code", "ingest", "query", "export", "eval"} <= set(commands.names())


def test_unknown_names_list_the_known_ones():
    with pytest.raises(UnknownName, match="known: .*cameo"):
        ontologies.get("conflict-and-mediation")


def test_a_registered_reader_reads_its_extension(tmp_path):
    (tmp_path / "m1.MEMO").write_text("Subject: Talks\nRussia and Iran held talks.\n", encoding="utf-8")
    readers.register("memo", read_memo)
    try:
        [article] = read_articles([tmp_path])
    finally:
        readers.unregister(".memo")
    assert (article.id, article.title, article.text) == ("m1.MEMO", "Talks", "Russia and Iran held talks.")
    [error] = read_articles([tmp_path])
    assert "unsupported file type '.memo'" in error.message


def test_a_registered_exporter_is_offered_and_used(tmp_path):
    import tidings
    from tidings.store.export import export_formats

    def export_count(con, out, table):
        count = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        with open(out, "w") as handle:
            json.dump({"rows": count}, handle)
        return 1

    exporters.register("count", export_count)
    try:
        assert export_formats()[-1] == "count"
        with tidings.open(tmp_path / "t.duckdb") as store:
            assert store.export("count", tmp_path / "n.json", table="articles") == 1
    finally:
        exporters.unregister("count")
    assert json.loads((tmp_path / "n.json").read_text()) == {"rows": 0}


def plugin_distribution(tmp_path, module_body: str, entry_points: str) -> None:
    """An installed plugin as a folder on sys.path: its module and its dist-info with entry points."""
    (tmp_path / "tidings_memo_plugin.py").write_text(module_body, encoding="utf-8")
    info = tmp_path / "tidings_memo_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tidings-memo-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


def test_entry_point_plugins_are_found_and_loaded_on_first_use(tmp_path, monkeypatch):
    plugin_distribution(
        tmp_path,
        "def read(source, data):\n    yield source\n",
        "[tidings.readers]\n.memo = tidings_memo_plugin:read\n",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    registry: Registry = Registry("reader", "tidings.readers", (), key=extension_key)
    assert registry.names() == [".memo"]
    assert "tidings_memo_plugin" not in sys.modules  # not imported until asked for
    assert list(registry.get("MEMO")("x.memo", b"")) == ["x.memo"]


def test_a_broken_plugin_is_named(tmp_path, monkeypatch):
    plugin_distribution(
        tmp_path,
        "raise ImportError('no such thing')\n",
        "[tidings.languages]\nxx = tidings_memo_plugin:load\n",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    registry: Registry = Registry("language", "tidings.languages", ())
    with pytest.raises(TidingsError, match="tidings_memo_plugin:load.*failed to load"):
        registry.get("xx")


def test_a_registered_command_joins_the_cli():
    from tidings.cli import _add_registered_commands

    @click.command("hello")
    def hello() -> None:
        click.echo("hello from a plugin")

    commands.register("hello", hello)
    try:
        group = click.Group("tidings")
        _add_registered_commands(group)
        result = CliRunner().invoke(group, ["hello"])
    finally:
        commands.unregister("hello")
    assert result.output == "hello from a plugin\n"
    assert {"code", "ingest"} <= set(group.commands)
