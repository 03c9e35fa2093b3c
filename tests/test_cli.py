import io
import json
from pathlib import Path

from click.testing import CliRunner

from tidings import __version__
from tidings.cli import cli

ARTICLE = """Iran and Russia Sign Energy Deal
Iran and Russia Sign Energy Deal

Iran and Russia signed an energy agreement in Tehran on Monday. [...]

Iran and Russia signed an energy agreement in Tehran on Monday.

Russian Foreign Minister Dmitry Volkov praised Iran for its cooperation.
"""


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_version_and_help():
    assert __version__ in run("--version").output
    for command in ("code", "eval", "ingest", "export"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_code_seed_prints_title_once_and_each_sentence_once(seed_path):
    result = run("code", str(seed_path), "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)  # progress lines go to stderr
    assert doc["title"] == "Russia to Keep Up Cooperation with Iran in All Areas: Envoy"
    assert doc["text"].count(doc["title"]) == 0
    assert doc["text"].count("“Iran is not a country you can push,” he said") == 1
    assert set(doc) >= {"id", "title", "date", "text", "sentences", "events", "quotes"}
    for sentence in doc["sentences"]:
        assert doc["text"][sentence["start"]:sentence["end"]] == sentence["text"]


def test_code_jsonl_gives_one_line_per_record_with_its_id(tmp_path):
    records = tmp_path / "in.jsonl"
    records.write_text(
        json.dumps({"id": "a1", "text": "Japan protested to China.", "date": "2020-05-01"}) + "\n"
        + json.dumps({"id": "b2", "text": "France hosted German leaders in Paris."}) + "\n"
    )
    result = run("code", str(records), "--format", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a1", "b2"]
    assert lines[0]["date"] == "2020-05-01"


def test_bad_input_reports_one_line_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02")
    result = CliRunner().invoke(cli, ["code", str(bad), str(good), "--format", "jsonl"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "bad.bin" in errors[0]
    doc = json.loads(result.stdout.splitlines()[-1])
    assert doc["title"] == "Iran and Russia Sign Energy Deal"
    assert doc["text"].count("signed an energy agreement") == 1


def test_table_format_lists_each_article(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = run("code", str(tmp_path), "--date", "2021-03-04")
    assert result.exit_code == 0
    assert "2021-03-04" in result.output and "Iran and Russia Sign Energy Deal" in result.output


def test_eval_command_scores_a_small_gold_file():
    gold = Path(__file__).parent / "fixtures" / "gold_small.jsonl"
    result = run("eval", str(gold), "--level", "root", "--errors")
    assert result.exit_code == 0
    assert "precision" in result.output and "F1" in result.output
    assert "records" in result.output


# --- --actors: a user's dictionary over the default one ---------------------------------------------

MILITIA = "Amara Okafor condemned the Zamfara Liberation Militia."


def actor_folder(folder: Path, leaders_country: str = "NGA") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "groups.tsv").write_text(
        "term\tcountry\torg\tsectors\nZamfara Liberation Militia\tNGA\t\tREB\n"
    )
    (folder / "leaders.tsv").write_text(
        f"name\tcountry\tigo\tsectors\tyears\nAmara Okafor\t{leaders_country}\t\tGOV\t2019-\n"
    )
    return folder


def coded_pairs(output: str) -> list[tuple[str, str]]:
    return [(e["source"], e["target"]) for line in output.splitlines() for e in json.loads(line)["events"]]


def test_code_with_actors_codes_the_users_militia_and_minister(tmp_path):
    records = tmp_path / "news.jsonl"
    records.write_text(json.dumps({"id": "m1", "text": MILITIA}) + "\n")
    assert coded_pairs(run("code", str(records), "--format", "jsonl").output) == []
    result = run("code", str(records), "--format", "jsonl", "--actors", str(actor_folder(tmp_path / "mine")))
    assert result.exit_code == 0
    assert coded_pairs(result.stdout) == [("NGAGOV", "NGAREB")]


def test_ingest_with_actors_stores_the_users_actors(tmp_path):
    import tidings

    records = tmp_path / "news.jsonl"
    records.write_text(json.dumps({"id": "m1", "text": MILITIA}) + "\n")
    db = tmp_path / "t.duckdb"
    folder = actor_folder(tmp_path / "mine")
    result = run("ingest", str(records), "--db", str(db), "--workers", "1", "--actors", str(folder))
    assert result.exit_code == 0, result.output
    with tidings.open(db) as store:
        rows = store.sql("SELECT source_code, target_code FROM events").to_pylist()
    assert rows == [{"source_code": "NGAGOV", "target_code": "NGAREB"}]


def test_a_bad_actor_row_is_one_error_line_without_traceback(tmp_path):
    folder = actor_folder(tmp_path / "bad", leaders_country="Nigeria")
    (tmp_path / "a.txt").write_text(ARTICLE)
    for command in ("code", "ingest"):
        args = [command, str(tmp_path / "a.txt"), "--actors", str(folder)]
        if command == "ingest":
            args += ["--db", str(tmp_path / "t.duckdb")]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1
        assert f"{folder / 'leaders.tsv'}:2: country 'Nigeria'" in result.stderr
        assert "Traceback" not in result.output
        assert isinstance(result.exception, SystemExit)  # click's exit, not an uncaught error


# --- progress ----------------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_plain_line_every_few_seconds_off_a_terminal(monkeypatch):
    from tidings.cli import options

    log = io.StringIO()
    progress = options.Progress("coding", total=10, stream=log)
    progress.update(1)
    assert log.getvalue() == ""  # not yet: a line every PLAIN_INTERVAL seconds
    monkeypatch.setattr(options, "PLAIN_INTERVAL", 0.0)
    progress.update(4, "7 events")
    progress.note("error: x.txt: empty file")
    line, note = log.getvalue().splitlines()
    assert line.startswith("coding: 4/10 articles, ") and "articles/s, 7 events, about " in line
    assert line.endswith(" left") and note == "error: x.txt: empty file"


def test_progress_is_a_bar_with_count_rate_and_time_left_on_a_terminal():
    from tidings.cli.options import Progress

    screen = Terminal()
    progress = Progress("coding", total=10, stream=screen)
    progress.update(4, "7 events")
    progress.note("error: x.txt: empty file")
    progress.close()
    shown = screen.getvalue()
    assert "error: x.txt: empty file" in shown and "4/10" in shown and "/s" in shown and "ETA" in shown


def test_the_progress_total_counts_jsonl_records(tmp_path):
    from tidings.cli.options import estimate_articles

    (tmp_path / "a.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n')
    (tmp_path / "b.txt").write_text(ARTICLE)
    assert estimate_articles([str(tmp_path)]) == 3
