"""CPU seconds of one tidings command, split into the main process and its worker processes.

    PYTHONPATH=src .venv/bin/python benchmarks/cli_cpu.py ingest FILE --db x.duckdb -q --workers 2

Runs the command line in this process (the arguments are tidings' own) and prints on stderr, at exit,
the wall seconds, the main process's CPU seconds (RUSAGE_SELF: every thread, DuckDB's included), the
worker processes' (RUSAGE_CHILDREN: the pool's workers, once they have been waited for) and the sum.
On a shared machine CPU seconds are steadier than wall time.
"""

from __future__ import annotations

import atexit
import resource
import sys
import time


def report(started: float) -> None:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    main_cpu, workers_cpu = own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime
    print(
        f"wall {time.perf_counter() - started:.1f} s, main process {main_cpu:.2f} CPU s, "
        f"workers {workers_cpu:.2f} CPU s, total {main_cpu + workers_cpu:.2f} CPU s",
        file=sys.stderr,
    )


if __name__ == "__main__":  # worker processes are spawned: they import this file and must not run it
    atexit.register(report, time.perf_counter())
    sys.argv = ["tidings", *sys.argv[1:]]
    from tidings.cli import main

    main()
