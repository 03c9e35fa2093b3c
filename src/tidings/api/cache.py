"""Answers to GET requests, kept until the data changes.

The server is the only writer of its database (see `database`), so it knows exactly when the data
changes: every write starts a new generation, and an answer cached in an older generation is never
served. Repeated views (the overview, a busy dyad, the first page of a filter) then cost a dictionary
look-up; the first request of each is computed as usual.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_ENTRY_BYTES = 512_000  # larger answers (downloads) are not kept


@dataclass(frozen=True)
class Answer:
    generation: int
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


class AnswerCache:
    """At most `entries` answers, least recently used dropped first; thread-safe."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._answers: OrderedDict[tuple, Answer] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple, generation: int) -> Answer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is None or answer.generation != generation:
                self.misses += 1
                return None
            self._answers.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, key: tuple, answer: Answer) -> None:
        with self._lock:
            self._answers[key] = answer
            self._answers.move_to_end(key)
            while len(self._answers) > self.entries:
                self._answers.popitem(last=False)


class CacheMiddleware:
    """Serves GET answers (200, not too large) from the cache while the data generation is the same."""

    def __init__(self, app: ASGIApp, cache: AnswerCache, generation: Callable[[], int]) -> None:
        self.app, self.cache, self.generation = app, cache, generation

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or self.cache.entries == 0:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        key = (scope["path"], scope["query_string"], headers.get(b"accept", b""))
        generation = self.generation()
        answer = self.cache.get(key, generation)
        if answer is not None:
            headers_out = [*answer.headers, (b"x-cache", b"hit")]
            await send({"type": "http.response.start", "status": answer.status, "headers": headers_out})
            await send({"type": "http.response.body", "body": answer.body})
            return
        start: dict = {}
        parts: list[bytes] = []
        keep = True

        async def recording_send(message: Message) -> None:
            nonlocal keep
            if message["type"] == "http.response.start":
                start.update(message)
                message = {**message, "headers": [*message.get("headers", []), (b"x-cache", b"miss")]}
            elif message["type"] == "http.response.body" and keep:
                parts.append(message.get("body", b""))
                keep = sum(map(len, parts)) <= MAX_ENTRY_BYTES
            await send(message)

        await self.app(scope, receive, recording_send)
        if keep and start.get("status") == 200:
            answer = Answer(generation, 200, tuple(start.get("headers", ())), b"".join(parts))
            self.cache.put(key, answer)
