"""Reprints: wire copy republished with small edits under other mastheads.

Each document's cleaned text becomes a set of three-word shingles (short, so that a reworded
phrase or a changed dateline breaks few of them), summarised by a MinHash; an LSH index over
those (datasketch) finds the documents likely to share most shingles without comparing all
pairs, and the MinHash estimate of their Jaccard similarity decides. Documents are taken oldest
first (publication date, then when they were stored), so a reprint links to the earliest
version; only originals enter the index, so a reprint of a reprint is matched against the
original too, and a story reprinted a thousand times costs one index entry. A reprint then
counts as its original's outlet when a figure is stated in the outlet's own voice: ten
mastheads printing one wire story are one source, not ten.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

THRESHOLD = 0.7
NUM_PERM = 128
MAX_CANDIDATES = 50
BUCKET_CAP = 200
SHINGLE = 3
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def _candidates(lsh: Any, m: Any) -> list[str]:
    """Indexed documents sharing a band with `m`, those sharing most bands first, at most
    MAX_CANDIDATES. A band bucket holding more than BUCKET_CAP documents is a stock phrase or a
    template every report shares, and says nothing about reprints: it is skipped, so a
    collection of look-alike reports cannot make each query a scan of everything before it."""
    tables, ranges, band_hash = (getattr(lsh, a, None) for a in ("hashtables", "hashranges", "_H"))
    if tables is None or ranges is None or band_hash is None:
        return sorted(lsh.query(m), reverse=True)[:MAX_CANDIDATES]  # another datasketch layout
    shared: Counter[str] = Counter()
    for (start, end), table in zip(ranges, tables, strict=False):
        bucket = table.get(band_hash(m.hashvalues[start:end]))
        if len(bucket) <= BUCKET_CAP:
            shared.update(bucket)
    return [key for key, _n in shared.most_common(MAX_CANDIDATES)]


def signature_version(num_perm: int = NUM_PERM) -> str:
    """Names how signatures were made; stored ones of another version are recomputed."""
    return f"shingle{SHINGLE}-perm{num_perm}-seed1"


def near_duplicates(
    docs: list[dict[str, Any]],
    threshold: float = THRESHOLD,
    num_perm: int = NUM_PERM,
    known: dict[str, bytes] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """([{doc, original, similarity}] for every document that reprints an earlier one,
    {doc: signature} for the signatures computed here).

    `docs` need id, text, published and ingested_at; `known` holds signatures computed before
    (MinHash values as bytes), so a collection is shingled once, not at every analyze."""
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    known = known or {}
    # Candidates from a looser LSH band setting, so pairs just above the threshold are not
    # missed by chance; the MinHash estimate then decides.
    lsh = MinHashLSH(threshold=max(0.3, threshold - 0.1), num_perm=num_perm, weights=(0.1, 0.9))
    hashes: dict[str, MinHash] = {}
    out = []
    made: dict[str, bytes] = {}
    order = sorted(
        docs, key=lambda d: (d.get("published") or "9999", d.get("ingested_at") or "", d["id"])
    )
    # Index keys sort in document order, so "most recent first" is a reverse sort of keys.
    order_key = {d["id"]: f"{i:09d}:{d['id']}" for i, d in enumerate(order)}
    first = MinHash(num_perm=num_perm, seed=1)
    perms, scheme = first.permutations, first.scheme  # drawn once, shared by all
    for d in order:
        stored = known.get(d["id"])
        if stored is not None:
            if not stored:
                continue  # recorded as too short
            values = np.frombuffer(stored, dtype=np.uint64)
            m = MinHash(
                num_perm=num_perm, seed=1, hashvalues=values, permutations=perms, scheme=scheme
            )
        else:
            sh = shingles(d["text"])
            if len(sh) < 3:
                made[d["id"]] = b""
                continue  # too short to tell a reprint from a coincidence
            m = MinHash(num_perm=num_perm, seed=1, permutations=perms, scheme=scheme)
            m.update_batch([s.encode("utf-8") for s in sh])
            made[d["id"]] = m.hashvalues.astype(np.uint64).tobytes()
        best, score = None, 0.0
        for cand in _candidates(lsh, m):
            sim = m.jaccard(hashes[cand])
            if sim > score:
                best, score = cand, sim
        if best is not None and score >= threshold:
            original = best.split(":", 1)[1]
            out.append({"doc": d["id"], "original": original, "similarity": round(score, 3)})
            continue  # only originals go into the index: a story reprinted 1,000 times is one entry
        lsh.insert(order_key[d["id"]], m)
        hashes[order_key[d["id"]]] = m
    return out, made
