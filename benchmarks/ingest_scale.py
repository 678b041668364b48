"""Ingest speed for HTML pages, and the near-duplicate pass at 10k and 50k documents.

    python benchmarks/ingest_scale.py                      # 2,000 pages; near-dups at 10k, 50k
    python benchmarks/ingest_scale.py --pages 500 --dups 10000

Pages are synthetic news pages (navigation, article, related links, footer) around the text of
analyze_scale.py's generator, written to a temporary folder and ingested with `crosswire
ingest` (trafilatura extraction, cleaning, metadata, one transaction per document). The
near-duplicate pass (MinHash LSH, crosswire/analyze/near_duplicates.py) runs over synthetic
documents of which one in ten is a lightly edited reprint of an earlier one; it prints seconds,
documents per second, reprints found against reprints planted, and peak memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PAGE = """<!doctype html><html><head><title>{title}</title>
<meta property="og:site_name" content="{outlet}"><meta property="article:published_time"
content="{date}"></head><body><nav><a href="/">Home</a> <a href="/world">World</a>
<a href="/sport">Sport</a></nav><article><h1>{title}</h1><p class="byline">By Staff</p>
{paras}</article><aside><h2>Related</h2><ul><li><a href="/a">Earlier report</a></li>
<li><a href="/b">Analysis</a></li></ul></aside><footer>(c) {outlet}</footer></body></html>"""


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


_SYLLABLES = ["ka", "ri", "mo", "sel", "tan", "ver", "lo", "dun", "ash", "pe", "qua", "zin"]
_VOCAB = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in ("", "s", "ed", "ing", "er")][
    :3000
]


def text_for(i: int, rng: random.Random) -> str:
    """The generator's templated lead, then a body of words drawn from a 3,000-word vocabulary:
    unrelated reports share template phrases, as real ones share stock phrases, but not their
    bodies (a corpus of nothing but templates would make every pair look alike)."""
    from analyze_scale import synthetic

    doc, _ex = synthetic(i, rng)
    body = " ".join(
        " ".join(rng.choice(_VOCAB) for _ in range(12)).capitalize() + "." for _ in range(8)
    )
    return doc.text + "\n" + body


def bench_ingest(n: int, seed: int) -> None:
    from crosswire.cli import do_ingest
    from crosswire.settings import Settings

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="cw-ingest-") as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for i in range(n):
            paras = "".join(f"<p>{p}</p>" for p in text_for(i, rng).split(". "))
            (folder / f"{i:06d}.html").write_text(
                PAGE.format(
                    title=f"Report {i}", outlet=f"Outlet {i % 40}", date="2031-05-03", paras=paras
                )
            )
        t = time.perf_counter()
        summary = do_ingest([folder], None, Path(tmp) / "cw.db", Settings())
        took = time.perf_counter() - t
    print(
        f"ingest {n:,} HTML pages: {took:.1f} s, {n / took:.0f} pages/s "
        f"({summary.new} stored, {len(summary.failed)} rejected), peak {peak_mb():.0f} MB"
    )


def bench_dups(sizes: list[int], seed: int) -> None:
    from crosswire.analyze.near_duplicates import near_duplicates

    print(
        f"{'docs':>7} {'near-dup s':>11} {'docs/s':>8} {'found':>7} {'planted':>8} {'peak MB':>8}"
    )
    for n in sizes:
        rng = random.Random(seed)
        docs, planted = [], 0
        for i in range(n):
            if i > 10 and rng.random() < 0.1:
                src = docs[rng.randrange(len(docs))]
                text = src["text"].replace("said", "told reporters", 1) + " (Reprinted.)"
                planted += 1
            else:
                text = text_for(i, rng)
            docs.append(
                {"id": f"{i:07d}", "text": text, "published": None, "ingested_at": f"{i:07d}"}
            )
        t = time.perf_counter()
        found, _signatures = near_duplicates(docs)
        took = time.perf_counter() - t
        print(
            f"{n:>7} {took:>11.1f} {n / took:>8.0f} {len(found):>7} {planted:>8} {peak_mb():>8.0f}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--dups", type=int, nargs="+", default=[10_000, 50_000])
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    bench_ingest(args.pages, args.seed)
    bench_dups(args.dups, args.seed)


if __name__ == "__main__":
    main()
