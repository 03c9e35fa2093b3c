"""The property-based suite (tests/test_properties.py) for long: many more random examples than CI runs.

    PYTHONPATH=src .venv/bin/python benchmarks/properties.py [--examples 2000]

Runs pytest on the properties with the "long" hypothesis profile and prints, per property, whether it
held and how long it took; a failure prints hypothesis' shrunk counterexample. Exit code 1 on any failure.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=2000, help="Random examples per property.")
    args = parser.parse_args()
    env = {
        **os.environ,
        "HYPOTHESIS_PROFILE": "long",
        "TIDINGS_PROPERTY_EXAMPLES": str(args.examples),
        "PYTHONPATH": str(REPO / "src"),
    }
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--durations=0",
               str(REPO / "tests" / "test_properties.py")]
    sys.exit(subprocess.run(command, env=env, cwd=REPO).returncode)


if __name__ == "__main__":
    main()
