"""Latency of `tidings serve` under load: p95 of the API list endpoints and of the pages.

    python benchmarks/serve.py [--db /tmp/reuters.duckdb] [--clients 20] [--seconds 30]

Builds the database from the Reuters-21578 corpus first when it is missing (`tidings ingest`, about ten
minutes), then starts `tidings serve` on 127.0.0.1 in a process of its own and, for each of two phases
(API list endpoints, then pages), keeps `--clients` concurrent clients requesting URLs drawn from the
database (top actors, dyads, articles, speakers, filters, sorts and next pages) for `--seconds`, with no
pause between requests. Prints a Markdown table; exits 1 on any failed request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import httpx

from tidings.store import open_store

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "reuters21578" / "reuters21578.jsonl"
TARGETS_MS = {"api": 150.0, "page": 300.0}


def build_database(db: Path) -> None:
    print(f"building {db} from {CORPUS} (tidings ingest, about ten minutes)", file=sys.stderr)
    subprocess.run(
        [sys.executable, "-m", "tidings", "ingest", str(CORPUS), "--db", str(db), "-q"], check=False
    )


WORDS = (
    "oil",
    "bank",
    "trade",
    "talks",
    "minister",
    "government",
    "prices",
    "agreement",
    "tariff",
    "exports",
    "imports",
    "budget",
    "debt",
    "loan",
    "strike",
    "rates",
    "dollar",
    "yen",
    "sugar",
    "coffee",
    "wheat",
    "grain",
    "gold",
    "shares",
    "merger",
    "offer",
    "profit",
    "court",
    "sanctions",
    "election",
    "treaty",
    "aid",
    "war",
    "embargo",
    "summit",
    "visit",
    "ban",
    "protest",
    "accord",
    "currency",
    "reserves",
)
SORTS = ["date", "-date", "goldstein", "-goldstein", "code", "source", "target", "-mentions", "tone"]
MONTHS = [f"1987-{m:02d}" for m in range(1, 13)]


def sample_values(db: Path) -> dict[str, list[str]]:
    """Real values to put in URLs, many of each, so repeated URLs are about as rare as in real use:
    the 200 busiest actors and dyads, 2,000 articles with events, 200 speakers' names."""
    with open_store(db, read_only=True) as store:

        def column(sql: str) -> list:
            return [row[0] for row in store.con.execute(sql).fetchall()]

        return {
            "actors": column(
                "SELECT code FROM (SELECT source_code AS code FROM events UNION ALL "
                "SELECT target_code FROM events) WHERE code IS NOT NULL "
                "GROUP BY 1 ORDER BY count(*) DESC LIMIT 200"
            ),
            "dyads": [
                f"{a}/{b}"
                for a, b in store.con.execute(
                    "SELECT source_code, target_code FROM events WHERE target_code IS NOT NULL "
                    "GROUP BY ALL ORDER BY count(*) DESC LIMIT 200"
                ).fetchall()
            ],
            "articles": column("SELECT DISTINCT article_id FROM events USING SAMPLE 2000 ROWS"),
            "speakers": column(
                "SELECT split_part(speaker, ' ', -1) FROM quotes WHERE speaker IS NOT NULL "
                "GROUP BY 1 ORDER BY count(*) DESC LIMIT 200"
            ),
            "roots": [f"{n:02d}" for n in range(1, 21)],
        }


def api_url(rng: random.Random, v: dict[str, list[str]]) -> tuple[str, str]:
    """One request of the API phase: (endpoint label, path)."""
    choice = rng.randrange(8)
    sort = rng.choice(SORTS)
    if choice == 0:
        return "events", f"/api/v1/events?limit=50&sort={sort}"
    if choice == 1:
        return "events?actor", f"/api/v1/events?actor={rng.choice(v['actors'])}&sort={sort}&limit=50"
    if choice == 2:
        since = rng.choice(MONTHS)
        return (
            "events?root&since",
            f"/api/v1/events?root={rng.choice(v['roots'])}&since={since}&sort={sort}&limit=50",
        )
    if choice == 3:
        return "events?text", f"/api/v1/events?text={rng.choice(WORDS)}&sort={sort}&limit=50"
    if choice == 4:
        return "quotes?speaker", f"/api/v1/quotes?speaker={rng.choice(v['speakers'])}&limit=50"
    if choice == 5:
        return "quotes?code", f"/api/v1/quotes?code={rng.choice(v['actors'])}&sort=-date&limit=50"
    if choice == 6:
        return "articles", f"/api/v1/articles?sort=-published&limit=50&since={rng.choice(MONTHS)}"
    return "actors", f"/api/v1/actors?limit=50&prefix={rng.choice(v['actors'])[:3]}"


def page_url(rng: random.Random, v: dict[str, list[str]]) -> tuple[str, str]:
    """One request of the pages phase."""
    choice = rng.randrange(8)
    if choice == 0:
        return "/", "/"
    if choice == 1:
        return "/events", f"/events?actor={rng.choice(v['actors'])}&sort={rng.choice(SORTS)}"
    if choice == 2:
        filters = f"root={rng.choice(v['roots'])}&text={rng.choice(WORDS)}&since={rng.choice(MONTHS)}"
        return "/events?filters", f"/events?{filters}"
    if choice == 3:
        return "/article", f"/article/{rng.choice(v['articles'])}"
    if choice == 4:
        return "/dyad", f"/dyad/{rng.choice(v['dyads'])}"
    if choice == 5:
        return "/actor", f"/actor/{rng.choice(v['actors'])}"
    if choice == 6:
        return "/quotes", f"/quotes?speaker={rng.choice(v['speakers'])}"
    return "/map", f"/map?actor={rng.choice(v['actors'])}" if rng.random() < 0.5 else "/map"


class Reply:
    """What the benchmark reads of an HTTP answer: the status, the headers and the body."""

    def __init__(self, status_code: int, headers: dict[str, str], body: bytes) -> None:
        self.status_code = status_code
        self.headers = headers
        self.body = body

    def json(self) -> dict:
        return json.loads(self.body)


class LeanConnection:
    """One keep-alive HTTP/1.1 connection on asyncio streams.

    The load generator shares the two cores with the server it measures; httpx spends about 3 ms of
    CPU per request here, a third of what the server spends, so the measured latencies would be the
    client's as much as the server's. This reads just the status line, the headers and a
    Content-Length or chunked body (about a tenth of httpx's CPU).
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> Reply:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nConnection: keep-alive\r\n\r\n"
        self.writer.write(request.encode("ascii"))
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            await self.close()
            raise
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        else:
            body = await self._chunked()
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return Reply(status, headers, body)

    async def _chunked(self) -> bytes:
        assert self.reader is not None
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def client(
    http,
    pick,
    rng: random.Random,
    stop_at: float,
    latencies: dict,
    errors: list,
    hits: list,
) -> None:
    while time.monotonic() < stop_at:
        label, path = pick(rng)
        started = time.perf_counter()
        try:
            response = await http.get(path)
            ok = response.status_code == 200
            # Follow a next page now and then, as a reader would.
            if ok and path.startswith("/api/v1/") and rng.random() < 0.3:
                cursor = response.json().get("next_cursor")
                if cursor:
                    latencies[label].append((time.perf_counter() - started) * 1000)
                    started = time.perf_counter()
                    response = await http.get(f"{path}&cursor={cursor}")
                    ok = response.status_code == 200
        except (httpx.HTTPError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            errors.append(f"{path}: {exc!r}")
            continue
        latencies[label].append((time.perf_counter() - started) * 1000)
        hits.append(response.headers.get("x-cache") == "hit")
        if not ok:
            errors.append(f"{path}: HTTP {response.status_code}")


async def phase(
    url: str, pick, clients: int, seconds: float, seed: int, lean: bool
) -> tuple[dict, list, list]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    hits: list[bool] = []
    stop_at = time.monotonic() + seconds
    if lean:
        host, port = url.removeprefix("http://").split(":")
        connections = [LeanConnection(host, int(port)) for _ in range(clients)]
        await asyncio.gather(
            *(
                client(conn, pick, random.Random(seed + n), stop_at, latencies, errors, hits)
                for n, conn in enumerate(connections)
            )
        )
        for conn in connections:
            await conn.close()
        return latencies, errors, hits
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
        await asyncio.gather(
            *(
                client(http, pick, random.Random(seed + n), stop_at, latencies, errors, hits)
                for n in range(clients)
            )
        )
    return latencies, errors, hits


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94] if len(values) > 1 else values[0]


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU time of the server process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, port: int, cache: int) -> subprocess.Popen:
    command = ["serve", "--db", str(db), "--port", str(port), "--cache", str(cache)]
    server = subprocess.Popen([sys.executable, "-m", "tidings", *command])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/stats", timeout=5).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("tidings serve did not start")


def report(kind: str, latencies: dict[str, list[float]], seconds: float) -> tuple[float, int]:
    everything = [ms for values in latencies.values() for ms in values]
    overall = p95(everything)
    print(
        f"\n{kind}: {len(everything)} requests in {seconds:.0f} s ({len(everything) / seconds:.0f}/s), "
        f"p95 {overall:.0f} ms (target {TARGETS_MS[kind]:.0f} ms)"
    )
    print("| endpoint | requests | median ms | p95 ms |")
    print("|---|---:|---:|---:|")
    for label, values in sorted(latencies.items()):
        print(f"| `{label}` | {len(values)} | {statistics.median(values):.0f} | {p95(values):.0f} |")
    return overall, len(everything)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, default=Path("/tmp/reuters.duckdb"))
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--cache", type=int, default=2000, help="The server's --cache (0: no answer cache).")
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    parser.add_argument(
        "--client",
        choices=("lean", "httpx"),
        default="lean",
        help="The load generator: a minimal keep-alive HTTP/1.1 client (default) or httpx's AsyncClient.",
    )
    args = parser.parse_args()
    if not args.db.exists():
        if not CORPUS.exists():
            raise SystemExit(f"no database at {args.db} and no corpus at {CORPUS} to build it from")
        build_database(args.db)
    values = sample_values(args.db)
    port = free_port()
    server = start_server(args.db, port, args.cache)
    url = f"http://127.0.0.1:{port}"
    results, failures = {}, []
    try:
        print(
            f"load average before: {os.getloadavg()}, {os.cpu_count()} cores; {args.clients} clients, "
            f"{args.seconds:.0f} s per phase; {args.client} client"
        )
        for kind, pick in (("api", api_url), ("page", page_url)):
            cpu_before = server_cpu_seconds(server.pid)
            client_before = time.process_time()
            latencies, errors, hits = asyncio.run(
                phase(
                    url,
                    lambda rng, p=pick: p(rng, values),
                    args.clients,
                    args.seconds,
                    args.seed,
                    args.client == "lean",
                )
            )
            cpu_ms = (server_cpu_seconds(server.pid) - cpu_before) * 1000
            client_ms = (time.process_time() - client_before) * 1000
            overall, count = report(kind, latencies, args.seconds)
            hit_share = sum(hits) / max(len(hits), 1)
            per_request = cpu_ms / max(count, 1)
            print(
                f"server CPU {per_request:.1f} ms per request "
                f"(the clients here: {client_ms / max(count, 1):.1f} ms); "
                f"{hit_share:.0%} answered from the cache"
            )
            results[kind] = {
                "p95_ms": round(overall, 1),
                "requests": count,
                "errors": len(errors),
                "server_cpu_ms_per_request": round(cpu_ms / max(count, 1), 1),
                "client_cpu_ms_per_request": round(client_ms / max(count, 1), 1),
                "cache_hits": round(hit_share, 3),
                "per_endpoint_p95_ms": {k: round(p95(v), 1) for k, v in latencies.items()},
            }
            failures += errors
        print(f"\nload average after: {os.getloadavg()}; errors: {len(failures)}")
        for error in failures[:10]:
            print("  " + error)
    finally:
        server.terminate()
        server.wait(timeout=60)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
