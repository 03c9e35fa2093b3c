"""Ctrl-C and SIGTERM during a database write land right after the write.

DuckDB checks for a pending signal while it runs a statement: a KeyboardInterrupt raised there aborts
the statement half-way ("Query interrupted", "Current transaction is aborted") and the real cause, a
person stopping the run, comes out as a database failure. Inside `deferred_interrupts()` the signal is
only noted; when the block ends, it is delivered to the handler that was there before (Python's
KeyboardInterrupt, the CLI's SIGTERM handler, or the default action), so a batch is always either
stored whole or not begun.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Hold SIGINT and SIGTERM for the duration of the block (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[signal.Signals] = []

    def hold(signum: int, frame: object) -> None:
        received.append(signal.Signals(signum))

    previous = {signum: signal.signal(signum, hold) for signum in _SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if received:
            _deliver(received[0], previous[received[0]])


def _deliver(signum: int, handler: object) -> None:
    if callable(handler):
        handler(signum, None)
    elif handler == signal.SIG_DFL:
        os.kill(os.getpid(), signum)  # the default action, as if the signal came now
