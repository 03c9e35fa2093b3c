"""Syndication: articles that are copies of one wire story are grouped into one story.

Two articles are copies when their texts share most of their word 5-grams ("shingles"): a copy may
change the headline, drop or reorder paragraphs, add an outlet's boilerplate or fix a typo, and still
shares almost all of its shingles with the original. Comparing every pair is quadratic, so each text
gets a MinHash signature (the minimum of each of `PERMUTATIONS` hash functions over its shingles: two
signatures agree in a position with probability equal to the texts' Jaccard similarity) and LSH bands
(the signature cut into `BANDS` groups of `ROWS` values, each hashed): texts that agree on any whole
band are candidates, found with an SQL join on the stored band hashes, so a later run finds the
copies of articles stored long before without rebuilding an index in memory. Candidates are then
checked on the estimated similarity.

The hash functions are derived from fixed byte strings (not a random generator whose stream could
change with a library version), so signatures written by one version compare with the next.

Stories are the connected groups of copy links; the story's earliest article (by publication date,
then id) is its original, and its id is the story id. Copies never count as independent sources.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from duckdb import DuckDBPyConnection

from ..records import Article

SHINGLE_WORDS = 5
ROWS = 3  # signature values per band
BANDS = 40
PERMUTATIONS = ROWS * BANDS
# Verified copy: estimated Jaccard similarity of the shingle sets at least this much ...
MIN_JACCARD = 0.5
# ... or the shorter text's shingles mostly inside the longer one (a trimmed copy, a lead only).
MIN_CONTAINMENT = 0.8
# Shorter texts than this many shingles are too short to judge; only identical ones are linked.
MIN_SHINGLES = 8
_MERSENNE = np.uint64((1 << 61) - 1)
_LOW32 = np.uint64(0xFFFFFFFF)
_WORD = re.compile(r"\w+")
_NEW_BANDS = "_tidings_new_bands"
_ARTICLE_IDS = "_tidings_story_articles"


def _hash_parameters() -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of the hash functions h(x) = (a*x + b) mod (2^61 - 1): fixed, from named byte strings.
    a < 2^31 and x < 2^32 keep a*x + b inside 64 bits, so numpy never wraps around."""

    def draw(label: str, index: int, bits: int) -> int:
        digest = hashlib.blake2b(f"tidings-minhash:{label}:{index}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big") >> (64 - bits)

    a = np.array([draw("a", i, 31) | 1 for i in range(PERMUTATIONS)], dtype=np.uint64)
    b = np.array([draw("b", i, 31) for i in range(PERMUTATIONS)], dtype=np.uint64)
    return a, b


_A, _B = _hash_parameters()


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """An article's MinHash signature, its number of distinct shingles and its LSH band hashes."""

    article_id: str
    shingles: int
    signature: bytes  # PERMUTATIONS little-endian uint32 values
    bands: tuple[int, ...]


def shingles(text: str) -> set[bytes]:
    """The distinct word 5-grams of `text` (lower-cased words; punctuation and spacing ignored)."""
    words = _WORD.findall(text.casefold())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def _shingle_hashes(found: set[bytes]) -> np.ndarray:
    values = [int.from_bytes(hashlib.blake2b(s, digest_size=4).digest(), "little") for s in found]
    return np.array(values, dtype=np.uint64)


def signature_of(text: str) -> tuple[np.ndarray, int]:
    """The MinHash signature (uint32 per hash function) and the number of distinct shingles."""
    found = shingles(text)
    if not found:
        return np.full(PERMUTATIONS, 0xFFFFFFFF, dtype=np.uint32), 0
    hashes = _shingle_hashes(found)
    permuted = ((np.outer(hashes, _A) + _B) % _MERSENNE) & _LOW32
    return permuted.min(axis=0).astype(np.uint32), len(found)


def band_hashes(signature: np.ndarray) -> tuple[int, ...]:
    """One signed 63-bit hash per band (the band number is part of it: bands never match each other)."""
    out = []
    for band in range(BANDS):
        chunk = signature[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        out.append(int.from_bytes(digest, "big") >> 1)
    return tuple(out)


def fingerprint(article: Article) -> Fingerprint:
    """The article body's fingerprint (the title is left out: copies often get a new headline)."""
    signature, count = signature_of(article.text)
    return Fingerprint(article.id, count, signature.astype("<u4").tobytes(), band_hashes(signature))


def jaccard(left: bytes, right: bytes) -> float:
    """The estimated Jaccard similarity of two texts from their stored signatures."""
    a, b = np.frombuffer(left, dtype="<u4"), np.frombuffer(right, dtype="<u4")
    return float(np.count_nonzero(a == b)) / PERMUTATIONS


def is_copy(similarity: float, size_a: int, size_b: int) -> bool:
    """Whether two texts with estimated Jaccard `similarity` and these shingle counts are copies."""
    if min(size_a, size_b) < MIN_SHINGLES:
        return similarity == 1.0 and size_a == size_b
    if similarity >= MIN_JACCARD:
        return True
    # |A & B| = J (|A| + |B|) / (1 + J); its share of the smaller set is the containment.
    shared = similarity * (size_a + size_b) / (1.0 + similarity)
    return shared / min(size_a, size_b) >= MIN_CONTAINMENT


# ---------------------------------------------------------------- the tables


def forget_articles(con: DuckDBPyConnection, article_ids: Sequence[str]) -> set[str]:
    """Remove the fingerprints and copy links of `article_ids`; returns the stories they were in."""
    if not article_ids:
        return set()
    ids = list(article_ids)
    stories = {
        row[0]
        for row in con.execute(
            "SELECT DISTINCT story_id FROM article_stories WHERE article_id IN (SELECT unnest(?))", [ids]
        ).fetchall()
    }
    con.execute("DELETE FROM article_fingerprints WHERE article_id IN (SELECT unnest(?))", [ids])
    con.execute("DELETE FROM article_bands WHERE article_id IN (SELECT unnest(?))", [ids])
    con.execute(
        "DELETE FROM syndication_links "
        "WHERE article_id IN (SELECT unnest(?)) OR copy_id IN (SELECT unnest(?))",
        [ids, ids],
    )
    con.execute("DELETE FROM article_stories WHERE article_id IN (SELECT unnest(?))", [ids])
    return stories


def _insert(con: DuckDBPyConnection, table: str, columns: dict[str, pa.Array]) -> None:
    data = pa.table(columns)
    if data.num_rows == 0:
        return
    con.register("_tidings_rows", data)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _tidings_rows")
    finally:
        con.unregister("_tidings_rows")


def _store_fingerprints(con: DuckDBPyConnection, prints: Sequence[Fingerprint]) -> None:
    _insert(
        con,
        "article_fingerprints",
        {
            "article_id": pa.array([p.article_id for p in prints], pa.string()),
            "shingles": pa.array([p.shingles for p in prints], pa.int32()),
            "signature": pa.array([p.signature for p in prints], pa.binary()),
        },
    )
    _insert(
        con,
        "article_bands",
        {
            "article_id": pa.array([p.article_id for p in prints for _ in p.bands], pa.string()),
            "band": pa.array([band for p in prints for band in range(len(p.bands))], pa.int16()),
            "hash": pa.array([h for p in prints for h in p.bands], pa.int64()),
        },
    )


def _candidate_pairs(con: DuckDBPyConnection, prints: Sequence[Fingerprint]) -> list[tuple]:
    """(new id, other id, new signature, other signature, new size, other size) for every stored
    article sharing a band with a new one (the new ones among themselves too, each pair once)."""
    new_ids = pa.array([p.article_id for p in prints], pa.string())
    con.register(_NEW_BANDS, pa.table({"article_id": new_ids}))
    try:
        return con.execute(
            f"""
            WITH pairs AS (
                SELECT DISTINCT n.article_id AS a, o.article_id AS b
                FROM article_bands n JOIN article_bands o ON o.band = n.band AND o.hash = n.hash
                WHERE n.article_id IN (SELECT article_id FROM {_NEW_BANDS})
                  AND o.article_id <> n.article_id
                  AND (o.article_id NOT IN (SELECT article_id FROM {_NEW_BANDS})
                       OR n.article_id < o.article_id)
            )
            SELECT p.a, p.b, fa.signature, fb.signature, fa.shingles, fb.shingles
            FROM pairs p JOIN article_fingerprints fa ON fa.article_id = p.a
                         JOIN article_fingerprints fb ON fb.article_id = p.b
            """
        ).fetchall()
    finally:
        con.unregister(_NEW_BANDS)


def _link_copies(con: DuckDBPyConnection, prints: Sequence[Fingerprint]) -> set[str]:
    """Store the verified copy links of the new articles; returns every article linked to one."""
    links = []
    for a, b, sig_a, sig_b, size_a, size_b in _candidate_pairs(con, prints):
        similarity = jaccard(sig_a, sig_b)
        if is_copy(similarity, size_a, size_b):
            links.append((a, b, similarity))
    _insert(
        con,
        "syndication_links",
        {
            "article_id": pa.array([link[0] for link in links], pa.string()),
            "copy_id": pa.array([link[1] for link in links], pa.string()),
            "similarity": pa.array([link[2] for link in links], pa.float64()),
        },
    )
    return {link[1] for link in links} | {link[0] for link in links}


def _components(members: Iterable[str], links: Iterable[tuple[str, str]]) -> list[set[str]]:
    parent = {member: member for member in members}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in links:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    groups: dict[str, set[str]] = {}
    for member in parent:
        groups.setdefault(root(member), set()).add(member)
    return list(groups.values())


def _regroup(con: DuckDBPyConnection, seeds: set[str], stale_stories: set[str]) -> set[str]:
    """Recompute the stories holding `seeds` or once named `stale_stories`; returns their articles."""
    con.register(_ARTICLE_IDS, pa.table({"id": pa.array(sorted(seeds), pa.string())}))
    try:
        members = {
            row[0]
            for row in con.execute(
                f"""
                SELECT id FROM {_ARTICLE_IDS}
                UNION SELECT article_id FROM article_stories
                WHERE story_id IN (SELECT unnest(?))
                   OR story_id IN (SELECT story_id FROM article_stories
                                   WHERE article_id IN (SELECT id FROM {_ARTICLE_IDS}))
                """,
                [sorted(stale_stories)],
            ).fetchall()
        }
    finally:
        con.unregister(_ARTICLE_IDS)
    ids = sorted(members)
    facts = con.execute("SELECT id, published FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
    published: dict[str, dt.date | None] = dict(facts)
    present = [i for i in ids if i in published]
    links = con.execute(
        "SELECT article_id, copy_id FROM syndication_links WHERE article_id IN (SELECT unnest(?))", [present]
    ).fetchall()
    rows: list[tuple[str, str, bool]] = []
    for group in _components(present, links):
        original = min(group, key=lambda i: (published[i] or dt.date.max, i))
        rows.extend((member, original, member != original) for member in group)
    con.execute("DELETE FROM article_stories WHERE article_id IN (SELECT unnest(?))", [ids])
    _insert(
        con,
        "article_stories",
        {
            "article_id": pa.array([r[0] for r in rows], pa.string()),
            "story_id": pa.array([r[1] for r in rows], pa.string()),
            "is_copy": pa.array([r[2] for r in rows], pa.bool_()),
        },
    )
    return set(present)


def group_copies(
    con: DuckDBPyConnection, articles: Sequence[Article], stale_stories: Iterable[str] = ()
) -> set[str]:
    """Fingerprint newly stored `articles`, link them to their copies (stored before or in the same
    batch) and regroup the stories they touch, as well as `stale_stories` (stories that lost a member).
    Returns the articles whose story may have changed (their events' counts must be recounted)."""
    prints = [fingerprint(article) for article in articles]
    _store_fingerprints(con, prints)
    linked = _link_copies(con, prints) if prints else set()
    return _regroup(con, {a.id for a in articles} | linked, set(stale_stories))


def rebuild_stories(con: DuckDBPyConnection, chunk: int = 500) -> None:
    """Fingerprint and group every stored article, oldest first (used when upgrading a database)."""
    rows = con.execute(
        "SELECT id, text, published FROM articles ORDER BY published NULLS LAST, id"
    ).fetchall()
    for start in range(0, len(rows), chunk):
        part = [
            Article(id=r[0], title="", text=r[1] or "", published=r[2]) for r in rows[start : start + chunk]
        ]
        group_copies(con, part)
