"""The feed fetcher and sources against a real HTTP server on 127.0.0.1: conditional requests, limits,
redirects, robots.txt and refused schemes."""

from __future__ import annotations

import datetime as dt
import random
import time

import pytest
from feed_server import FeedServer, Item, Route, html_page, rss

from tidings.feeds import (
    Backoff,
    Fetcher,
    FetchError,
    FetchLimits,
    RobotsDisallowed,
    parse_every,
    read_sources,
)
from tidings.feeds.entries import FeedUnreadable, complete, entry_article_id, parse_feed

FAST = FetchLimits(connect_timeout=2, read_timeout=0.5, deadline=3, max_bytes=1024 * 1024, min_interval=0)


@pytest.fixture
def server():
    running = FeedServer().start()
    yield running
    running.stop()


@pytest.fixture
def fetcher():
    made = Fetcher(FAST)
    yield made
    made.close()


def test_conditional_request_gets_304_and_sends_the_validators(server, fetcher):
    server.routes["/feed"] = Route(body=rss([Item("1", "One", "Text one.")]), etag='"v1"',
                                   last_modified="Tue, 16 Apr 2019 09:00:00 GMT")
    first = fetcher.get(server.url("/feed"))
    assert (first.status, first.etag, first.last_modified) == (200, '"v1"', "Tue, 16 Apr 2019 09:00:00 GMT")
    again = fetcher.get(server.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert again.status == 304 and again.body == b""
    sent = server.requests_to("/feed")[-1]
    assert sent["If-None-Match"] == '"v1"' and sent["User-Agent"].startswith("tidings/")


@pytest.mark.parametrize("status", [404, 500, 503])
def test_http_errors_are_fetch_errors_with_the_status(server, fetcher, status):
    server.routes["/bad"] = Route(status, b"oops", "text/plain", headers={"Retry-After": "120"})
    with pytest.raises(FetchError) as caught:
        fetcher.get(server.url("/bad"))
    assert caught.value.status == status and caught.value.retry_after == 120.0


def test_slow_answer_times_out(server, fetcher):
    server.routes["/slow"] = Route(body=b"late", delay=2.0)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetcher.get(server.url("/slow"))
    assert time.monotonic() - started < 2.0


def test_trickling_body_stops_at_the_deadline(server):
    limits = FetchLimits(read_timeout=1, deadline=0.5, max_bytes=100 * 1024 * 1024, min_interval=0)
    server.routes["/trickle"] = Route(stream_bytes=64 * 1024 * 100, trickle=0.05)
    with pytest.raises(FetchError, match="took over"):
        Fetcher(limits).get(server.url("/trickle"))


def test_fifty_megabyte_body_is_cut_at_the_cap(server, fetcher):
    server.routes["/huge"] = Route(stream_bytes=50 * 1024 * 1024)
    with pytest.raises(FetchError, match="limit"):
        fetcher.get(server.url("/huge"))
    server.routes["/declared"] = Route(body=b"x" * (2 * 1024 * 1024))
    with pytest.raises(FetchError, match="over the"):
        fetcher.get(server.url("/declared"))


def test_redirects_are_followed_but_bounded(server, fetcher):
    server.routes["/old"] = Route(301, headers={"Location": "/new"})
    server.routes["/new"] = Route(body=b"here")
    assert fetcher.get(server.url("/old")).body == b"here"
    server.routes["/a"] = Route(302, headers={"Location": "/b"})
    server.routes["/b"] = Route(302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match="redirect loop"):
        fetcher.get(server.url("/a"))
    for n in range(8):
        server.routes[f"/hop{n}"] = Route(302, headers={"Location": f"/hop{n + 1}"})
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher.get(server.url("/hop0"))


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/x", "data:text/plain,hi",
                                    "gopher://127.0.0.1/"])
def test_only_http_and_https_even_after_a_redirect(server, fetcher, target):
    with pytest.raises(FetchError, match="only http and https"):
        fetcher.get(target)
    server.routes["/sneaky"] = Route(302, headers={"Location": target})
    with pytest.raises(FetchError, match="only http and https"):
        fetcher.get(server.url("/sneaky"))


def test_robots_txt_is_respected_and_cached(server, fetcher):
    rules = b"User-agent: *\nDisallow: /private/\n"
    server.routes["/robots.txt"] = Route(body=rules, content_type="text/plain")
    server.routes["/private/feed"] = Route(body=b"secret")
    server.routes["/public"] = Route(body=b"ok")
    with pytest.raises(RobotsDisallowed):
        fetcher.get(server.url("/private/feed"))
    assert fetcher.get(server.url("/public")).body == b"ok"
    assert len(server.requests_to("/robots.txt")) == 1
    assert server.requests_to("/private/feed") == []


def test_missing_robots_txt_allows_and_a_failing_one_forbids(server, fetcher):
    server.routes["/x"] = Route(body=b"ok")
    assert fetcher.get(server.url("/x")).body == b"ok"  # /robots.txt is a 404 here
    other = Fetcher(FAST)
    server.routes["/robots.txt"] = Route(500, b"down", "text/plain")
    with pytest.raises(RobotsDisallowed):
        other.get(server.url("/x"))


def test_requests_to_one_host_are_spaced(server):
    server.routes["/x"] = Route(body=b"ok")
    spaced = Fetcher(FetchLimits(min_interval=0.3))
    started = time.monotonic()
    for _ in range(3):
        spaced.get(server.url("/x"))
    assert time.monotonic() - started >= 0.6


def test_sources_from_text_and_opml(tmp_path):
    listing = tmp_path / "sources.txt"
    listing.write_text("# my feeds\nhttp://127.0.0.1:1/a.xml  # comment\n\nhttps://example.org/b\n"
                       "file:///etc/passwd\nhttp://127.0.0.1:1/a.xml\n", encoding="utf-8")
    feeds, errors = read_sources(listing)
    assert [f.url for f in feeds] == ["http://127.0.0.1:1/a.xml", "https://example.org/b"]
    assert len(errors) == 1 and errors[0].source.endswith(":5")
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body><outline text="World">'
                    '<outline text="Wire" type="rss" xmlUrl="https://example.org/rss"/></outline>'
                    "</body></opml>", encoding="utf-8")
    feeds, errors = read_sources(opml)
    assert [(f.url, f.title) for f in feeds] == [("https://example.org/rss", "Wire")] and not errors
    opml.write_text('<!DOCTYPE x [<!ENTITY a "b">]><opml/>', encoding="utf-8")
    assert read_sources(opml)[1][0].message.startswith("OPML with a DOCTYPE")


def test_parse_every():
    assert parse_every("15m") == dt.timedelta(minutes=15)
    assert parse_every("1h30m") == dt.timedelta(minutes=90)
    assert parse_every("90s") == dt.timedelta(seconds=90)
    for bad in ("", "15", "m", "0s", "15x", "-5m"):
        with pytest.raises(ValueError):
            parse_every(bad)


def test_backoff_doubles_and_is_capped():
    backoff = Backoff(dt.timedelta(minutes=15), cap=dt.timedelta(hours=2), jitter=0.1)
    rng = random.Random(1)
    waits = [backoff.after_failure(n, rng=rng) for n in range(1, 6)]
    assert dt.timedelta(minutes=15) <= waits[0] <= dt.timedelta(minutes=16.5)
    assert dt.timedelta(minutes=30) <= waits[1] <= dt.timedelta(minutes=33)
    assert all(wait <= dt.timedelta(hours=2) for wait in waits) and waits[-1] >= dt.timedelta(hours=1.9)
    assert backoff.after_failure(1, retry_after=3600, rng=rng) >= dt.timedelta(hours=1)


def test_entry_ids_are_keyed_by_source():
    one = rss([Item("1", "Same number", "First feed's first story, told at length here.")])
    two = rss([Item("1", "Same number", "Second feed's first story, a different one.")])
    (a,), _ = parse_feed("http://one.example/feed", one)
    (b,), _ = parse_feed("http://two.example/feed", two)
    assert a.article.id != b.article.id
    linked = rss([Item("9", "Linked", "Text.", link="http://site.example/story")])
    (c,), _ = parse_feed("http://one.example/world", linked)
    (d,), _ = parse_feed("http://one.example/top", linked)
    assert c.article.id == d.article.id == entry_article_id("", "http://site.example/story", True)


def test_summary_entry_is_completed_from_its_page(server, fetcher):
    paragraphs = [f"Paragraph {n} tells more about the talks between the two ministers in the capital, "
                  "with the names, the numbers and what each side said afterwards." for n in range(12)]
    server.routes["/story"] = Route(body=html_page("Talks", paragraphs), content_type="text/html")
    feed = rss([Item("s", "Talks", "Ministers met.", link=server.url("/story"))])
    (entry,), _ = parse_feed(server.url("/feed"), feed)
    article, problem = complete(fetcher, entry)
    assert problem is None and "Paragraph 11" in article.text and article.id == entry.article.id
    server.routes["/story"] = Route(500, b"down", "text/plain")
    article, problem = complete(fetcher, entry)
    assert article.text == "Ministers met." and "HTTP 500" in problem


def test_malformed_feed_is_unreadable():
    broken = (b"<rss><channel><item><title>broken", b"\x00\x01 binary", b"<html><body>a page</body></html>")
    for body in broken:
        with pytest.raises(FeedUnreadable):
            parse_feed("http://x.example/feed", body)


def test_backoff_after_weeks_of_failures_stays_at_the_cap():
    backoff = Backoff(dt.timedelta(minutes=15))
    assert backoff.after_failure(100_000) == backoff.cap
