"""How fast the web app answers over a large collection: search and entity pages, percentiles.

    python benchmarks/web_latency.py                    # 50,000 synthetic documents
    python benchmarks/web_latency.py --docs 10000 --requests 200

Builds a store of synthetic documents with their extractions (the generator of
analyze_scale.py: varied names, spellings, places, figures), runs the cross-document step,
starts `crosswire serve` as its own process, and times real HTTP requests from this one:
full-text searches (rare and common words, names, a phrase, with and without filters), the
quote search, and entity pages. Prints p50, p95, p99 and max in milliseconds per kind. The
target is p95 under 100 ms for search and entity pages on the machine it runs on.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def build(db: Path, n: int, seed: int) -> None:
    from analyze_scale import synthetic

    from crosswire.analyze.run import analyze_store
    from crosswire.store import Store

    rng = random.Random(seed)
    with Store(db) as store:
        for i in range(n):
            doc, ex = synthetic(i, rng)
            store.add_document(doc)
            store.save_extraction(ex, "synthetic")
        analyze_store(store)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--docs", type=int, default=50_000)
    ap.add_argument("--requests", type=int, default=300, help="per kind")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", type=Path, help="keep the built database here (reused if present)")
    args = ap.parse_args()

    import httpx
    from analyze_scale import FIRST, LAST, TERMS, TOWNS

    with tempfile.TemporaryDirectory(prefix="cw-web-") as tmp:
        db = args.db or Path(tmp) / "cw.db"
        if not db.exists():
            t = time.perf_counter()
            build(db, args.docs, args.seed)
            took = time.perf_counter() - t
            print(f"built {args.docs:,} documents and analyzed them in {took:.0f} s")
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "crosswire", "serve", "--db", str(db), "--port", str(port)],
            env={**os.environ, "CROSSWIRE_TOKEN": ""},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, timeout=30) as client:
                for _ in range(300):
                    try:
                        client.get("/api/documents?limit=1")
                        break
                    except httpx.HTTPError:
                        time.sleep(0.2)
                rng = random.Random(args.seed)
                entity_total = client.get("/api/entities?limit=1").json()["total"]
                words = [*FIRST, *LAST, *TOWNS, *TERMS, "civilians", "stadium", "killed"]
                kinds = {
                    "search (html page)": lambda: f"/search?q={rng.choice(words)}",
                    "search + outlet filter": lambda: (
                        f"/search?q={rng.choice(words)}&outlet=Outlet+{rng.randrange(40)}"
                    ),
                    "search phrase (api)": lambda: (
                        f'/api/search?q="{rng.choice(FIRST)} {rng.choice(LAST)}"'
                    ),
                    "quote search (api)": lambda: f"/api/search?kind=quotes&q={rng.choice(TERMS)}",
                    "entity page (html)": lambda: f"/entities/{rng.randrange(1, entity_total + 1)}",
                    "entity (api)": lambda: f"/api/entities/{rng.randrange(1, entity_total + 1)}",
                    "document page (html)": lambda: None,
                }
                doc_ids = [d["id"] for d in client.get("/api/documents?limit=200").json()["items"]]
                kinds["document page (html)"] = lambda: f"/documents/{rng.choice(doc_ids)}"
                print(
                    f"{'request':<24} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max':>8}"
                )
                for name, make in kinds.items():
                    times = []
                    for _ in range(args.requests):
                        url = make()
                        t0 = time.perf_counter()
                        r = client.get(url)
                        times.append((time.perf_counter() - t0) * 1000)
                        if r.status_code != 200:
                            raise SystemExit(f"{url}: HTTP {r.status_code} {r.text[:200]}")
                    print(
                        f"{name:<24} {len(times):>5} {statistics.median(times):>8.1f}"
                        f" {pct(times, 95):>8.1f} {pct(times, 99):>8.1f} {max(times):>8.1f}"
                    )
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
