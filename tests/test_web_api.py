"""The HTTP API on a live server over a real database: the same answers as the library, pagination,
CSV, downloads, 404/413/422 instead of 500, bound parameters, and POST /api/v1/articles."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from web_fixtures import JS_URL, SCRIPT

from tidings.api.answers import json_text
from tidings.cli import cli
from tidings.store import query as q

INJECTION = "x'); DROP TABLE events; --"


@pytest.fixture(scope="module")
def client(live_server):
    with httpx.Client(base_url=live_server.url, timeout=60) as http:
        yield http


def test_events_are_the_library_answer(client, live_server):
    filters = q.EventFilters(actor="RUS", partner="IRN")
    expected = q.events_page(live_server.database.cursor(), filters, sort="-goldstein", limit=5)
    answer = client.get(
        "/api/v1/events", params={"actor": "RUS", "partner": "IRN", "sort": "-goldstein", "limit": 5}
    ).json()
    assert [e["id"] for e in answer["items"]] == expected.rows.column("id").to_pylist()
    assert answer["next_cursor"] == expected.next_cursor
    assert answer["total"] == q.count_events(live_server.database.cursor(), filters) > 0


@pytest.mark.parametrize(
    ("path", "page_of"),
    [
        ("/api/v1/events", lambda con, **o: q.events_page(con, q.EventFilters(actor="IRN"), **o)),
        ("/api/v1/quotes", lambda con, **o: q.quotes_page(con, q.QuoteFilters(code="IRN"), **o)),
    ],
)
def test_list_items_are_the_library_rows_from_memory_or_not(client, live_server, path, page_of):
    """Rows are kept by key until the next write: a page partly read from memory is the same page."""
    params = {"actor": "IRN"} if path.endswith("events") else {"code": "IRN"}
    for limit, sort in ((2, "-date"), (4, "date"), (50, "-date")):
        expected = page_of(live_server.database.cursor(), sort=sort, limit=limit)
        answer = client.get(path, params={**params, "sort": sort, "limit": limit}).json()
        assert answer["items"] == json.loads(json_text(expected.rows.to_pylist())) != []
        assert answer["next_cursor"] == expected.next_cursor


def test_cursor_walks_every_event_once(client):
    total = client.get("/api/v1/events", params={"limit": 1}).json()["total"]
    seen, params = [], {"limit": 7, "sort": "code"}
    while True:
        page = client.get("/api/v1/events", params=params).json()
        assert page["total"] == total  # counted once per filter, or by a first page that holds them all
        seen += [e["id"] for e in page["items"]]
        if not page["next_cursor"]:
            break
        params["cursor"] = page["next_cursor"]
    assert len(seen) == len(set(seen)) == total


@pytest.mark.parametrize(
    "params",
    [
        {"plover": "CONSULT"},
        {"quad_class": "4"},
        {"country": "IRN"},
        {"place": "tehran"},
        {"root": "04"},
        {"since": "2022", "until": "2022-12"},
        {"text": "sanctions"},
        {"code": "04|11"},
        {"distinct": "true"},
    ],
)
def test_every_filter_matches_the_cli(client, live_server, web_db, params):
    """The server's copy of the database and the original agree until the POST tests add articles."""
    answer = client.get("/api/v1/events", params={**params, "limit": 500}).json()
    assert answer["total"] == len(answer["items"])
    fields = {k: (v == "true" if k == "distinct" else v) for k, v in params.items()}
    assert answer["total"] == q.count_events(live_server.database.cursor(), q.EventFilters(**fields))
    options = [
        part
        for k, v in params.items()
        for part in ([f"--{k}"] if k == "distinct" else [f"--{k.replace('_', '-')}", v])
    ]
    result = CliRunner().invoke(cli, ["query", "events", "--db", str(web_db), "--format", "json", *options])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["id"] for r in rows] == [e["id"] for e in answer["items"]]


def test_csv_by_format_or_accept(client):
    by_format = client.get("/api/v1/events", params={"limit": 3, "format": "csv"})
    by_accept = client.get("/api/v1/events", params={"limit": 3}, headers={"accept": "text/csv"})
    assert by_format.headers["content-type"].startswith("text/csv") and by_format.text == by_accept.text
    rows = list(csv.DictReader(io.StringIO(by_format.text)))
    assert len(rows) == 3 and {"source", "target", "code", "sentence"} <= set(rows[0])
    assert by_format.headers["x-next-cursor"]


def test_export_whole_filter_as_csv_json_and_parquet(client, tmp_path):
    params = {"actor": "IRN"}
    total = client.get("/api/v1/events", params=params).json()["total"]
    as_csv = client.get("/api/v1/events/export", params={**params, "format": "csv"})
    assert "attachment" in as_csv.headers["content-disposition"]
    assert len(list(csv.DictReader(io.StringIO(as_csv.text)))) == total
    assert len(client.get("/api/v1/events/export", params={**params, "format": "json"}).json()) == total
    parquet = tmp_path / "e.parquet"
    parquet.write_bytes(client.get("/api/v1/events/export", params={**params, "format": "parquet"}).content)
    assert pq.read_table(parquet).num_rows == total


def test_other_endpoints(client):
    stats = client.get("/api/v1/stats").json()
    assert stats["totals"]["articles"] >= 11 and stats["events_by_month"]
    assert client.get("/api/v1/dyads", params={"limit": 3}).json()["items"]
    dyad = client.get("/api/v1/dyads/RUS/IRN", params={"by": "year"}).json()["items"]
    assert {row["direction"] for row in dyad} == {"RUS->IRN", "IRN->RUS"}
    actor = client.get("/api/v1/actors/IRN").json()
    assert actor["code"] == "IRN" and actor["partners"] and actor["event_types"]
    assert (
        client.get("/api/v1/actors", params={"prefix": "RUS", "limit": 5}).json()["items"][0]["code"][:3]
        == "RUS"
    )
    assert client.get("/api/v1/places").json()["items"][0]["lat"] is not None
    quotes = client.get("/api/v1/quotes", params={"speaker": "Volkov", "limit": 2}).json()
    assert len(quotes["items"]) == 2 and quotes["next_cursor"]
    articles = client.get("/api/v1/articles", params={"sort": "-published", "limit": 2}).json()
    assert len(articles["items"]) == 2


def test_article_detail_is_the_code_command_json(client):
    article = client.get("/api/v1/articles/xss-title").json()
    assert set(article) >= {"id", "title", "text", "sentences", "events", "quotes", "places"}
    assert article["title"].startswith(SCRIPT)  # stored as given; escaping is the pages' job


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/articles/no-such-article", 404),
        ("/api/v1/actors/ZZZ", 404),
        ("/api/v1/actors/bad%20code!", 422),
        ("/api/v1/events?limit=0", 422),
        ("/api/v1/events?limit=501", 422),
        ("/api/v1/events?limit=ten", 422),
        ("/api/v1/events?since=last%20week", 422),
        ("/api/v1/events?sort=goldstein;DROP", 422),
        ("/api/v1/events?cursor=garbage", 422),
        ("/api/v1/events?quad_class=7", 422),
        ("/api/v1/events?partner=IRN", 422),
        ("/api/v1/events?format=xml", 422),
        ("/api/v1/dyads/RUS/IRN?by=decade", 422),
        ("/api/v1/events?text=" + "x" * 201, 422),
        ("/api/v1/nothing-here", 404),
    ],
)
def test_bad_requests_get_a_message_never_a_500(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response.json()["detail"]


def test_a_cursor_of_another_sort_is_refused(client):
    cursor = client.get("/api/v1/events", params={"limit": 1, "sort": "code"}).json()["next_cursor"]
    response = client.get("/api/v1/events", params={"limit": 1, "sort": "-code", "cursor": cursor})
    assert response.status_code == 422 and "sort" in response.json()["detail"]


@pytest.mark.parametrize(
    "field", ["actor", "source", "code", "plover", "country", "place", "text", "article"]
)
def test_filter_values_are_bound_not_pasted(client, field):
    before = client.get("/api/v1/stats").json()["totals"]["events"]
    response = client.get("/api/v1/events", params={field: INJECTION})
    assert response.status_code == 200 and response.json()["total"] == 0
    assert client.get("/api/v1/stats").json()["totals"]["events"] == before


def test_security_headers(client):
    headers = client.get("/api/v1/stats").headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_serve_binds_to_this_machine_by_default():
    serve = cli.commands["serve"]
    assert {p.name: p.default for p in serve.params}["host"] == "127.0.0.1"
    assert "POST /api/v1/articles" in CliRunner().invoke(cli, ["serve", "--help"]).output


# ---------------------------------------------------------------- POST /api/v1/articles

ARTICLE = {
    "id": "posted-1",
    "title": "Japan and China hold talks",
    "text": "Japan's foreign minister met China's foreign minister in Beijing on Monday to discuss trade.",
    "published": "2023-06-05",
    "url": "https://example.org/posted-1",
}


def test_post_codes_and_stores_an_article(client):
    created = client.post("/api/v1/articles", json=ARTICLE)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["id"] == "posted-1" and body["status"] == "stored" and body["events"] >= 1
    stored = client.get("/api/v1/articles/posted-1").json()
    assert stored["text"] == ARTICLE["text"] and stored["events"]
    assert client.get("/api/v1/events", params={"article": "posted-1"}).json()["total"] == body["events"]
    again = client.post("/api/v1/articles", json=ARTICLE)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"


def test_post_updates_the_cached_overview(client):
    before = client.get("/api/v1/stats").json()["totals"]["articles"]
    article = {**ARTICLE, "id": "posted-2", "text": ARTICLE["text"].replace("Monday", "Tuesday")}
    assert client.post("/api/v1/articles", json=article).status_code == 201
    assert client.get("/api/v1/stats").json()["totals"]["articles"] == before + 1


@pytest.mark.parametrize(
    "body",
    [
        {"title": "no text"},
        {"text": ""},
        {"text": "   "},
        {"text": 42},
        {"text": "Iran met Russia.", "published": "the day before yesterday"},
        {"text": "Iran met Russia.", "unexpected": True},
        [ARTICLE],
        "just a string",
    ],
)
def test_post_rejects_bad_bodies_with_422(client, body):
    response = client.post("/api/v1/articles", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


def test_post_rejects_what_is_not_json(client):
    response = client.post(
        "/api/v1/articles", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422


def test_post_body_size_is_limited(client):
    huge = {"text": "Iran met Russia. " * 70_000}
    response = client.post("/api/v1/articles", content=json.dumps(huge).encode())
    assert response.status_code == 413

    def chunks():  # no Content-Length: the limit holds while the body streams in
        for _ in range(40):
            yield b"x" * 50_000

    streamed = client.post("/api/v1/articles", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413


def test_javascript_url_is_kept_as_data_not_followed(client):
    assert client.get("/api/v1/articles/xss-title").json()["url"] == JS_URL


def test_repeated_gets_come_from_the_cache_until_a_write(client):
    path = "/api/v1/events?actor=JPN&limit=3"
    first, second = client.get(path), client.get(path)
    assert first.headers["x-cache"] == "miss" and second.headers["x-cache"] == "hit"
    assert first.content == second.content
    assert client.get(path, headers={"accept": "text/csv"}).headers["x-cache"] == "miss"  # its own entry
    article = {**ARTICLE, "id": "posted-3", "text": ARTICLE["text"].replace("Monday", "Wednesday")}
    assert client.post("/api/v1/articles", json=article).status_code == 201
    after = client.get(path)
    assert after.headers["x-cache"] == "miss"  # a write starts a new generation
    assert after.json()["total"] > first.json()["total"]  # and the answer shows the new article


@pytest.mark.parametrize(
    ("path", "component"),
    [("/api/v1/events", "Event"), ("/api/v1/quotes", "Quote"), ("/api/v1/articles", "ArticleRow")],
)
def test_the_schema_documents_the_fields_answered(client, path, component):
    schema = client.get("/api/v1/openapi.json").json()
    documented = list(schema["components"]["schemas"][component]["properties"])
    assert list(client.get(path, params={"limit": 1}).json()["items"][0]) == documented
    assert f"<code>{documented[0]}</code>" in client.get("/docs").text
