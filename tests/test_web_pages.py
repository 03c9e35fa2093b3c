"""The pages as HTML on the live server: each renders, links where it should, escapes everything, and
answers unknown ids with a 404 page and bad parameters with a 422 page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx
import pytest
from web_fixtures import ATTRIBUTE, IMG, JS_URL, SCRIPT, XSS_ID

from tidings.api.views import Mark, safe_url, segments


class Tags(HTMLParser):
    """Every tag's name and attributes, as a browser would parse them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def attributes(html: str) -> list[tuple[str, str, str | None]]:
    return [(tag, name, value) for tag, attrs in Tags(html).tags for name, value in attrs.items()]


@pytest.fixture(scope="module")
def client(live_server):
    with httpx.Client(base_url=live_server.url, timeout=60) as http:
        yield http


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    return response.text


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "Events per month by QuadClass"),
        ("/events", "Download all"),
        ("/events?actor=RUS&partner=IRN&sort=-goldstein", "RUS"),
        ("/quotes?speaker=Volkov", "Volkov"),
        ("/map", "Natural Earth"),
        ("/dyad/RUS/IRN", "RUS-&gt;IRN"),
        ("/actor/IRN", "Partners"),
        ("/docs", "/api/v1/events"),
    ],
)
def test_pages_render(client, path, expected):
    assert expected in page(client, path)


def test_article_page_highlights_what_was_found(client):
    html = page(client, "/article/e5ced33f8441c13e")
    assert 'class="m-actor" href="/actor/RUSGOV"' in html
    assert "m-verb" in html and "m-quote" in html and "m-place" in html
    assert '<span class="m-date" title="date 2018-05 (month)">May 2018</span>' in html
    assert 'id="event-1"' in html and "vp:meet/active" in html  # the rule that fired


def test_map_draws_the_outline_and_points(client):
    html = page(client, "/map")
    assert re.search(r'<path class="land" d="M[\d.,L]+Z', html)
    assert html.count("<circle") >= 3


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/article/no-such-article", 404),
        ("/actor/ZZZ", 404),
        ("/dyad/RUS/ZZZ", 404),
        ("/nowhere", 404),
        ("/events?since=yesterday", 422),
        ("/events?limit=100000", 422),
        ("/events?sort=nonsense", 422),
        ("/events?cursor=%00%01", 422),
        ("/dyad/RUS/IRN?by=century", 422),
        ("/actor/%3Cscript%3E", 422),
    ],
)
def test_errors_are_pages_never_500(client, path, status):
    html = page(client, path, status)
    assert f"<h1>{status}" in html and "Traceback" not in html


def test_hostile_text_is_escaped_everywhere(client):
    for path in (
        "/",
        "/events",
        "/quotes",
        f"/article/{XSS_ID}",
        "/article/xss-title",
        "/actor/RUS",
        "/map",
        "/events?text=%3Cscript%3E",
        "/article/xss-url-attribute",
    ):
        html = page(client, path)
        assert SCRIPT not in html and IMG not in html and ATTRIBUTE not in html, path
        assert 'href="javascript:' not in html.lower(), path
        found = attributes(html)
        assert not [a for a in found if a[1].startswith("on")], path  # no event handler attribute
        hrefs = [value or "" for _, name, value in found if name in ("href", "src")]
        assert all(h.startswith(("/", "#", "?", "http://", "https://")) for h in hrefs), path
        scripts = [attrs for tag, attrs in Tags(html).tags if tag == "script"]
        ours = ("/vendor/plotly.min.js", "/static/charts.js")
        assert all(s.get("src") in ours or s.get("type") == "application/json" for s in scripts), path


def test_hostile_text_shows_as_text(client):
    html = page(client, f"/article/{XSS_ID}")
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in html  # the speaker, shown as written
    assert JS_URL in html and f'href="{JS_URL}"' not in html


def test_a_404_page_escapes_the_id(client):
    html = page(client, "/article/%3Cscript%3Ealert(1)%3C%2Fscript%3E", 404)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_only_http_urls_become_links():
    assert safe_url("https://example.org/a") == "https://example.org/a"
    for url in (JS_URL, " JavaScript:alert(1)", "data:text/html,x", "//evil.example", "ftp://x", "", None):
        assert safe_url(url) is None


def test_segments_cut_text_at_every_mark_and_keep_nesting():
    text = "Russia met Iran."
    quote, actor = Mark(0, 15, "quote", "q"), Mark(0, 6, "actor", "RUS", "/actor/RUS")
    pieces = segments(text, [quote, actor, Mark(3, 99, "actor", "out of range")])
    assert "".join(s.text for s in pieces) == text
    assert [(s.text, s.classes) for s in pieces] == [
        ("Russia", "m-actor m-quote"),
        (" met Iran", "m-quote"),
        (".", ""),
    ]
    assert pieces[0].link == "/actor/RUS" and pieces[0].title == "q · RUS"


def test_world_outline_table_reads_and_rejects_a_bad_ring(tmp_path):
    from tidings.api.worldmap import load_world_outline, read_rings
    from tidings.errors import DataFileError

    outline = load_world_outline()
    assert outline is not None and outline.path.count("M") > 200  # every country ring of the table
    bad = tmp_path / "outline.tsv"
    bad.write_text("ring\n10,20 30,40 50\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="outline.tsv:2"):
        read_rings(bad)
