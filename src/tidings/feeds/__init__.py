"""Live feeds: watch RSS/Atom sources and store their new or changed articles.

watcher = Watcher("sources.txt", "tidings.duckdb", tidings=Tidings.load(), every=parse_every("15m"))
watcher.run(once=True)       # or run() until watcher.stop is set

Sits above the store (it calls the idempotent ingest) and below the command line and the server;
nothing in the pipeline or the store imports it.
"""

from .fetch import USER_AGENT, Fetcher, FetchError, FetchLimits, RobotsDisallowed
from .sources import FeedSource, read_sources
from .state import Backoff
from .watch import CycleReport, FeedPoll, Watcher, parse_every

__all__ = [
    "USER_AGENT",
    "Backoff",
    "CycleReport",
    "FeedPoll",
    "FeedSource",
    "FetchError",
    "FetchLimits",
    "Fetcher",
    "RobotsDisallowed",
    "Watcher",
    "parse_every",
    "read_sources",
]
