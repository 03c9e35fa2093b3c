import json

import pytest

ray = pytest.importorskip("ray")

from tidings.scale.ray_engine import RayOptions, ray_ingest  # noqa: E402
from tidings.store import ingest, open_store  # noqa: E402

ARTICLES = [
    ("r1", "Russia and Iran signed an agreement on Monday. Wheat prices rose 3 pct."),
    ("r2", '"We will cooperate," Iranian Foreign Minister Javad Zarif said. The weather was mild.'),
    ("r3", "Germany condemned the attack. Shipments totalled 5,000 tonnes."),
    ("r4", "French police arrested two suspects in Paris. Officials said they were questioned."),
    ("r5", "Prices rose. Volumes fell sharply."),
]
# Columns that depend on the run, not on the coding.
RUN_COLUMNS = {"articles": "EXCLUDE (run_id, source)", "errors": "EXCLUDE (run_id, recorded)"}


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [json.dumps({"id": i, "title": i, "text": t, "date": "2019-05-16"}) for i, t in ARTICLES]
    path.write_text("\n".join(lines[:3] + ["{not json"] + lines[3:]) + "\n", encoding="utf-8")
    return path


def table_rows(db, table):
    with open_store(db, read_only=True) as store:
        rows = store.con.execute(f"SELECT * {RUN_COLUMNS.get(table, '')} FROM {table}").fetchall()
    return sorted(rows, key=str)


@pytest.mark.slow
def test_ray_engine_stores_the_same_records_as_a_local_run(local_ray, corpus, tmp_path, tidings_pipeline):
    local_db, ray_db = tmp_path / "local.duckdb", tmp_path / "ray.duckdb"
    ingest([corpus], local_db, tidings=tidings_pipeline, batch_size=2)
    summary = ray_ingest([corpus], ray_db, RayOptions(workers=2, batch_size=2))
    assert (summary.articles, summary.errors) == (5, 1)
    for table in ("articles", "sentences", "actors", "events", "quotes", "places", "errors"):
        assert table_rows(ray_db, table) == table_rows(local_db, table), table
    assert table_rows(ray_db, "events")


@pytest.mark.slow
def test_ray_engine_writes_parquet_parts_per_table(local_ray, corpus, tmp_path):
    out = tmp_path / "parquet"
    summary = ray_ingest([corpus], None, RayOptions(workers=2, batch_size=2), parquet_out=out)
    assert summary.articles == 5
    import duckdb

    count = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/articles/*.parquet')").fetchall()[0][0]
    assert count == 5
    assert list((out / "events").glob("part-*.parquet"))


@pytest.mark.slow
def test_ray_engine_skips_articles_stored_unchanged_unless_forced(local_ray, corpus, tmp_path):
    db = tmp_path / "t.duckdb"
    first = ray_ingest([corpus], db, RayOptions(workers=2, batch_size=2))
    again = ray_ingest([corpus], db, RayOptions(workers=2, batch_size=2))
    forced = ray_ingest([corpus], db, RayOptions(workers=2, batch_size=2, force=True))
    assert (first.articles, first.skipped) == (5, 0)
    assert (again.articles, again.skipped) == (0, 5)
    assert (forced.articles, forced.skipped) == (5, 0)
    assert len(table_rows(db, "articles")) == 5


@pytest.mark.slow
def test_parquet_out_takes_a_folder_name_with_quotes(local_ray, corpus, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "it's \"here\"; DROP TABLE articles"
    summary = ray_ingest([corpus], None, RayOptions(workers=2, batch_size=2), parquet_out=out)
    assert summary.articles == 5
    assert pq.read_table(out / "articles").num_rows == 5
    assert pq.read_table(out / "errors").num_rows == 1  # the bad JSONL line
