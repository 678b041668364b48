"""Pipeline throughput against the bare spaCy model, per stage, with peak memory.

    python benchmarks/bench.py                 # 200 documents from the seeds (or the sample)
    python benchmarks/bench.py --docs 400 --workers 2

Each copy of a report gets a distinct last line so that content hashing keeps every copy.
Prints documents and words per second, time per stage, peak memory, and the ratio of the
extraction stage's throughput to bare `nlp.pipe` over the same texts.
"""

from __future__ import annotations

import argparse
import importlib
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "seeds"


def make_corpus(src: Path, n: int, dest: Path) -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted(src.glob("*")) if p.suffix in {".txt", ".html"}]
    if not texts:
        sys.exit(f"no .txt or .html reports in {src}")
    out = []
    for i in range(n):
        t = texts[i % len(texts)] + f"\n\nCopy {i}.\n"
        (dest / f"doc{i:05d}.txt").write_text(t, "utf-8")
        out.append(t)
    return out


def peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    corpus = args.corpus or (
        DEFAULT_CORPUS if DEFAULT_CORPUS.exists() else ROOT / "examples" / "sample"
    )

    from crosswire.cli import do_analyze, do_extract, do_ingest
    from crosswire.export.json_export import export_json
    from crosswire.settings import load_settings
    from crosswire.store import Store

    settings = load_settings(overrides={"extract.workers": args.workers})
    tmp = Path(tempfile.mkdtemp(prefix="cw-bench-"))
    try:
        src = tmp / "corpus"
        src.mkdir()
        texts = make_corpus(corpus, args.docs, src)
        words = sum(len(t.split()) for t in texts)
        db = tmp / "bench.db"
        stages: dict[str, float] = {}
        t0 = time.perf_counter()
        do_ingest([src], None, db, settings)
        stages["ingest"] = time.perf_counter() - t0
        # Load the model outside the timed extraction, as the bare run below does.
        from crosswire.nlp import load_model

        load_model(settings.extract.model)
        t0 = time.perf_counter()
        do_extract(db, settings)
        stages["extract"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        do_analyze(db)
        stages["analyze"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        with Store(db) as store:
            export_json(store)
        stages["export"] = time.perf_counter() - t0
        total = sum(stages.values())

        bare = importlib.import_module(settings.extract.model).load()
        t0 = time.perf_counter()
        for _ in bare.pipe(texts, batch_size=settings.extract.batch_size, n_process=args.workers):
            pass
        bare_s = time.perf_counter() - t0
        own, kids = peak_mb()
        print(f"corpus: {corpus} x{args.docs} documents, {words:,} words, workers={args.workers}")
        for name, secs in stages.items():
            print(f"  {name:<8} {secs:8.2f} s  {args.docs / secs:8.1f} docs/s")
        print(
            f"pipeline total: {total:.2f} s = {args.docs / total:.1f} docs/s, "
            f"{words / total:,.0f} words/s"
        )
        print(
            f"bare nlp.pipe:  {bare_s:.2f} s = {args.docs / bare_s:.1f} docs/s, "
            f"{words / bare_s:,.0f} words/s"
        )
        print(f"extraction throughput / bare model throughput: {bare_s / stages['extract']:.2f}")
        print(f"whole pipeline throughput / bare model throughput: {bare_s / total:.2f}")
        print(f"peak memory: {own:.0f} MB (this process), {kids:.0f} MB (largest worker)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
