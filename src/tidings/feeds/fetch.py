"""Polite, bounded HTTP GETs for feeds and the pages they link to.

Every request: http or https only (also after a redirect), a clear User-Agent, connect and read
timeouts plus an overall deadline, a response-size cap enforced while streaming (decompressed bytes
count, so a gzip bomb stops at the cap too), redirects followed by hand up to a limit (each hop
checked), at least `min_interval` seconds between two requests to the same host, and robots.txt
respected (fetched with the same limits and cached per host). Conditional requests send the feed's
ETag / Last-Modified back, so an unchanged feed costs a 304 and no body.
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3

from .. import __version__

USER_AGENT = f"tidings/{__version__} (news event coder; feed reader; +https://pypi.org/project/tidings/)"
ROBOTS_AGENT = "tidings"  # the product token robots.txt rules are matched against
ALLOWED_SCHEMES = ("http", "https")
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A request that gave no usable response; the message says why in a few words."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status, self.retry_after = status, retry_after


class RobotsDisallowed(FetchError):
    """robots.txt of the host does not let tidings fetch the URL."""


@dataclass(frozen=True)
class FetchLimits:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0  # seconds for a whole response, however slowly it trickles in
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    min_interval: float = 1.0  # seconds between two requests to one host
    robots_max_bytes: int = 512 * 1024
    robots_ttl: float = 24 * 3600.0
    robots_error_ttl: float = 600.0  # a robots.txt that failed with a 5xx or no answer is asked again soon


@dataclass(frozen=True)
class Response:
    status: int  # 200, or 304 for a conditional request whose resource is unchanged
    url: str  # after redirects
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str | None


def check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.hostname:
        raise FetchError(f"refused {url[:80]!r}: only http and https URLs with a host are fetched")


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date; the feed's own backoff applies


class HostThrottle:
    """At least `interval` seconds between the starts of two requests to the same host."""

    MAX_HOSTS = 4096  # hosts remembered; older ones are forgotten so memory stays flat

    def __init__(self, interval: float, sleep: Callable[[float], object] = time.sleep) -> None:
        self.interval, self.sleep = interval, sleep
        self.last: OrderedDict[str, float] = OrderedDict()
        self.lock = threading.Lock()

    def wait(self, host: str) -> None:
        with self.lock:
            ready = self.last.get(host, float("-inf")) + self.interval
            now = time.monotonic()
            start = max(now, ready)
            self.last[host] = start
            self.last.move_to_end(host)
            while len(self.last) > self.MAX_HOSTS:
                self.last.popitem(last=False)
        if start > now:
            self.sleep(start - now)


class Fetcher:
    """GETs with the limits above. One per process; safe to reuse for thousands of polls."""

    MAX_POOLS = 32

    def __init__(
        self,
        limits: FetchLimits | None = None,
        *,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        self.limits = limits or FetchLimits()
        self.user_agent = user_agent
        self.throttle = HostThrottle(self.limits.min_interval, sleep)
        self.pool = urllib3.PoolManager(
            num_pools=self.MAX_POOLS,
            maxsize=1,
            retries=False,
            timeout=urllib3.Timeout(connect=self.limits.connect_timeout, read=self.limits.read_timeout),
        )
        self.robots = RobotsCache(self)

    def close(self) -> None:
        self.pool.clear()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "*/*",
        max_bytes: int | None = None,
        obey_robots: bool = True,
    ) -> Response:
        """GET `url`, following redirects by hand; raises FetchError (or RobotsDisallowed)."""
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate", "Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen: set[str] = set()
        current = url
        for _ in range(self.limits.max_redirects + 1):
            check_scheme(current)
            if current in seen:
                raise FetchError(f"redirect loop at {current[:100]}")
            seen.add(current)
            if obey_robots and not self.robots.allowed(current):
                raise RobotsDisallowed(f"robots.txt of {host_of(current)} disallows {current[:100]}")
            response = self._request(current, headers, max_bytes or self.limits.max_bytes)
            if isinstance(response, Response):
                return response
            current = response
        raise FetchError(f"more than {self.limits.max_redirects} redirects from {url[:100]}")

    def _request(self, url: str, headers: dict[str, str], max_bytes: int) -> Response | str:
        """One request: the Response, or the URL a redirect points to."""
        self.throttle.wait(host_of(url))
        try:
            raw = self.pool.request(
                "GET", url, headers=headers, redirect=False, preload_content=False, retries=False
            )
        except urllib3.exceptions.TimeoutError as exc:
            raise FetchError(f"timed out connecting to {host_of(url)}") from exc
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"cannot connect to {host_of(url)}: {_reason(exc)}") from exc
        finished = False  # whether the body was read to its end (else the connection cannot be reused)
        try:
            if raw.status in REDIRECT_CODES:
                location = raw.headers.get("Location")
                if not location:
                    raise FetchError(f"HTTP {raw.status} redirect without a Location")
                return urljoin(url, location.strip())
            if raw.status == 304:
                finished = True
                return self._response(raw, url, b"")
            if raw.status >= 400 or raw.status < 200:
                raise FetchError(
                    f"HTTP {raw.status} {raw.reason or ''}".strip(),
                    status=raw.status,
                    retry_after=_retry_after(raw.headers.get("Retry-After")),
                )
            body = self._read_capped(raw, url, max_bytes)
            finished = True
            return self._response(raw, url, body)
        finally:
            if not finished:
                raw.close()
            raw.release_conn()

    def _read_capped(self, raw: urllib3.BaseHTTPResponse, url: str, max_bytes: int) -> bytes:
        declared = raw.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raw.close()  # never read a body we will not keep
            raise FetchError(f"response of {int(declared):,} bytes is over the {max_bytes:,}-byte limit")
        deadline = time.monotonic() + self.limits.deadline
        parts, size = [], 0
        try:
            for chunk in raw.stream(64 * 1024, decode_content=True):
                size += len(chunk)
                if size > max_bytes:
                    raw.close()
                    raise FetchError(f"response over the {max_bytes:,}-byte limit; stopped reading")
                if time.monotonic() > deadline:
                    raw.close()
                    raise FetchError(f"response took over {self.limits.deadline:g} s; stopped reading")
                parts.append(chunk)
        except urllib3.exceptions.TimeoutError as exc:
            raise FetchError(f"timed out reading from {host_of(url)}") from exc
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"broken response from {host_of(url)}: {_reason(exc)}") from exc
        return b"".join(parts)

    @staticmethod
    def _response(raw: urllib3.BaseHTTPResponse, url: str, body: bytes) -> Response:
        return Response(
            raw.status,
            url,
            body,
            raw.headers.get("ETag"),
            raw.headers.get("Last-Modified"),
            raw.headers.get("Content-Type"),
        )


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "reason", None) or exc)
    return text.split(": ", 1)[-1][:120]


class RobotsCache:
    """robots.txt per host (scheme + host + port), fetched with the fetcher's limits.

    As RFC 9309 says: a robots.txt that does not exist (4xx) allows everything; one that cannot be
    had (5xx, no answer, too big) disallows everything until it is asked again.
    """

    MAX_HOSTS = 1024

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self.rules: OrderedDict[str, tuple[float, urllib.robotparser.RobotFileParser | bool]] = OrderedDict()

    def allowed(self, url: str) -> bool:
        host = host_of(url)
        cached = self.rules.get(host)
        if cached is None or cached[0] < time.monotonic():
            cached = self._load(host)
            self.rules[host] = cached
            while len(self.rules) > self.MAX_HOSTS:
                self.rules.popitem(last=False)
        self.rules.move_to_end(host)
        rules = cached[1]
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(ROBOTS_AGENT, url)

    def _load(self, host: str) -> tuple[float, urllib.robotparser.RobotFileParser | bool]:
        limits = self.fetcher.limits
        now = time.monotonic()
        try:
            response = self.fetcher.get(
                host + "/robots.txt",
                accept="text/plain",
                max_bytes=limits.robots_max_bytes,
                obey_robots=False,
            )
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return now + limits.robots_ttl, True
            return now + limits.robots_error_ttl, False
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
        return now + limits.robots_ttl, parser
