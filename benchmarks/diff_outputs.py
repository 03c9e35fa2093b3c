"""Diff what two versions of tidings code on the same corpora: events, quotes and places per article.

    /work/main/.venv/bin/python benchmarks/diff_outputs.py [BASE] [HEAD] [--shared ../shared] [--sample 10]

BASE and HEAD are git commits (anything `git rev-parse` reads); HEAD defaults to the working tree.
Each commit is unpacked with `git archive` into a temporary folder and run as
`python -m tidings code FILE --format jsonl --workers 2` with PYTHONPATH at that tree's src, on
Wikinews 2019-2020 and on the first 2,000 Reuters-21578 records. A commit's output is cached by its
full hash under .cache/diff_outputs/ (git-ignored), so the baseline is coded once; the working tree
is always coded afresh.

The summary counts, per corpus, the articles compared and the events, quotes and places added,
removed or changed (per field), then prints a sample of differing records.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / ".cache" / "diff_outputs"
WORKTREE = "WORKTREE"
REUTERS_RECORDS = 2000
# Fields that identify a record within its article; the others are compared as "changed" fields.
EVENT_KEY = ("verb_start", "verb_end")
QUOTE_KEY = ("start", "end", "kind")
PLACE_KEY = ("start", "end")


def corpora(shared: Path) -> dict[str, Path]:
    """Corpus name -> its input file; the Reuters slice is written once under the cache folder, so
    every commit reads the same path (the path is part of each article's `source`)."""
    reuters = CACHE / "inputs" / f"reuters21578_first{REUTERS_RECORDS}.jsonl"
    if not reuters.exists():
        reuters.parent.mkdir(parents=True, exist_ok=True)
        with (shared / "corpus" / "reuters21578" / "reuters21578.jsonl").open(encoding="utf-8") as handle:
            reuters.write_text("".join(islice(handle, REUTERS_RECORDS)), encoding="utf-8")
    return {
        "wikinews": shared / "corpus" / "wikinews_2019_2020" / "wikinews.jsonl",
        f"reuters{REUTERS_RECORDS}": reuters,
    }


def resolve(commit: str) -> str:
    if commit == WORKTREE:
        return WORKTREE
    return subprocess.run(
        ["git", "rev-parse", "--verify", commit + "^{commit}"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def unpack(commit: str, into: Path) -> Path:
    """The commit's tree in `into` (via git archive); the working tree is used where it is."""
    if commit == WORKTREE:
        return REPO
    archive = subprocess.run(["git", "archive", commit], cwd=REPO, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def code_corpus(tree: Path, corpus: Path, out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    command = [sys.executable, "-m", "tidings", "code", str(corpus), "--format", "jsonl", "--workers", "2"]
    print(f"coding {corpus.name} with {tree} ...", file=sys.stderr, flush=True)
    partial = out.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as handle:
        result = subprocess.run(command, env=env, stdout=handle, cwd=tree)
    if result.returncode not in (0, 1):  # 1: some input records were reported as bad, the rest coded
        raise SystemExit(f"tidings code failed ({result.returncode}) for {tree} on {corpus}")
    partial.replace(out)


def outputs(commit: str, names: dict[str, Path]) -> dict[str, Path]:
    """The JSONL output of `commit` per corpus, coded now unless cached."""
    folder = CACHE / commit if commit != WORKTREE else Path(tempfile.mkdtemp(prefix="tidings-worktree-"))
    folder.mkdir(parents=True, exist_ok=True)
    found = {name: folder / f"{name}.jsonl" for name in names}
    missing = [name for name, path in found.items() if not path.exists()]
    if missing:
        with tempfile.TemporaryDirectory(prefix="tidings-tree-") as tmp:
            tree = unpack(commit, Path(tmp))
            for name in missing:
                code_corpus(tree, names[name], found[name])
    return found


def read_articles(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as handle:
        return {doc["id"]: doc for doc in (json.loads(line) for line in handle if line.strip())}


# ---------------------------------------------------------------- comparing


@dataclass
class Tally:
    added: int = 0
    removed: int = 0
    changed: int = 0
    same: int = 0
    fields: Counter = field(default_factory=Counter)


@dataclass
class CorpusDiff:
    articles: int = 0
    only_base: int = 0
    only_head: int = 0
    articles_differing: int = 0
    article_fields: Counter = field(default_factory=Counter)
    kinds: dict[str, Tally] = field(
        default_factory=lambda: {k: Tally() for k in ("events", "quotes", "places")}
    )
    samples: list[str] = field(default_factory=list)


def keyed(records: Iterable[dict], key: tuple[str, ...]) -> dict[tuple, list[dict]]:
    groups: dict[tuple, list[dict]] = {}
    for record in records:
        groups.setdefault(tuple(json.dumps(record.get(k)) for k in key), []).append(record)
    return groups


def compare_records(base: list[dict], head: list[dict], key: tuple[str, ...], tally: Tally) -> list[str]:
    """Match records by `key` (identical ones first, then in order) and count what differs."""
    notes: list[str] = []
    before, after = keyed(base, key), keyed(head, key)
    for k in sorted(set(before) | set(after)):
        old, new = list(before.get(k, [])), list(after.get(k, []))
        for record in list(old):
            if record in new:
                old.remove(record)
                new.remove(record)
                tally.same += 1
        for left, right in zip(old, new, strict=False):
            tally.changed += 1
            fields = sorted(f for f in set(left) | set(right) if left.get(f) != right.get(f))
            tally.fields.update(fields)
            notes.append(
                "  ~ "
                + "; ".join(f"{f}: {short(left.get(f))} -> {short(right.get(f))}" for f in fields)
                + f"  [{short(left.get('sentence') or left.get('text'), 140)}]"
            )
        for record in old[len(new) :]:
            tally.removed += 1
            notes.append("  - " + describe(record))
        for record in new[len(old) :]:
            tally.added += 1
            notes.append("  + " + describe(record))
    return notes


def describe(record: dict) -> str:
    if "code" in record:
        return (
            f"{record.get('source')} -> {record.get('target')} {record.get('code')} ({record.get('rule')}) "
            f"date {record.get('date')}  [{short(record.get('sentence'), 140)}]"
        )
    if "speaker" in record:
        speaker = f"{record.get('speaker')} ({record.get('speaker_code')})"
        return f"{record.get('kind')} by {speaker}: {short(record.get('text'))}"
    return f"{record.get('name')} ({record.get('country')}) at {record.get('start')}"


def short(value: object, width: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= width else text[: width - 1] + "…"


ARTICLE_FIELDS = ("title", "date", "url", "source", "text", "tone", "sentences")


def compare(base: dict[str, dict], head: dict[str, dict], sample: int) -> CorpusDiff:
    diff = CorpusDiff(only_base=len(set(base) - set(head)), only_head=len(set(head) - set(base)))
    for article_id in sorted(set(base) & set(head)):
        old, new = base[article_id], head[article_id]
        diff.articles += 1
        changed_fields = [f for f in ARTICLE_FIELDS if old.get(f) != new.get(f)]
        diff.article_fields.update(changed_fields)
        notes = [f"  article fields changed: {', '.join(changed_fields)}"] if changed_fields else []
        for kind, key in (("events", EVENT_KEY), ("quotes", QUOTE_KEY), ("places", PLACE_KEY)):
            notes += compare_records(old.get(kind, []), new.get(kind, []), key, diff.kinds[kind])
        if notes:
            diff.articles_differing += 1
            if len(diff.samples) < sample:
                diff.samples.append(f"{article_id}:\n" + "\n".join(notes))
    return diff


def report(name: str, diff: CorpusDiff) -> str:
    lines = [
        f"== {name}: {diff.articles} articles compared, {diff.articles_differing} differ"
        + (
            f", {diff.only_base} only in base, {diff.only_head} only in head"
            if diff.only_base or diff.only_head
            else ""
        )
    ]
    if diff.article_fields:
        lines.append(
            "   article fields changed: "
            + ", ".join(f"{f} {n}" for f, n in diff.article_fields.most_common())
        )
    for kind, tally in diff.kinds.items():
        fields = ", ".join(f"{f} {n}" for f, n in tally.fields.most_common())
        lines.append(
            f"   {kind:<7} same {tally.same}, added {tally.added}, removed {tally.removed}, "
            f"changed {tally.changed}" + (f" ({fields})" if fields else "")
        )
    if diff.samples:
        lines.append("   sample of differing articles:")
        lines += ["   " + line for sample in diff.samples for line in sample.splitlines()]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", default="99e988f", help="base commit (default 99e988f)")
    parser.add_argument("head", nargs="?", default=WORKTREE, help=f"head commit (default: {WORKTREE})")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--sample", type=int, default=10, help="differing articles shown per corpus")
    args = parser.parse_args()
    if not (args.shared / "corpus").exists():
        print(f"corpora not found under {args.shared}", file=sys.stderr)
        return 1
    names = corpora(args.shared)
    base, head = resolve(args.base), resolve(args.head)
    base_out = outputs(base, names)
    if base == head:
        print(f"base and head are the same commit {base}; baseline cached under {CACHE / base}")
        return 0
    head_out = outputs(head, names)
    print(f"base {base} vs head {head}")
    differing = 0
    for name in names:
        diff = compare(read_articles(base_out[name]), read_articles(head_out[name]), args.sample)
        differing += diff.articles_differing + diff.only_base + diff.only_head
        print(report(name, diff))
    return 0 if differing == 0 else 2


if __name__ == "__main__":
    sys.exit(main())
