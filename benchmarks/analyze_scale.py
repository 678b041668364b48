"""How the cross-document step's cost grows with the corpus: `crosswire analyze` at 1k-50k docs.

    python benchmarks/analyze_scale.py                  # 1,000 and 10,000 documents
    python benchmarks/analyze_scale.py --docs 1000 10000 50000

Running spaCy over 50,000 reports would take hours and measure the model, not this step, so the
generator writes synthetic documents with their extractions straight into a fresh store: people
from a pool of names with transliteration variants (Ahmed/Ahmad, al-/el-, doubled letters),
places from a pool of real and invented towns with variant spellings, organisations with their
acronyms defined in the text, figures from a few dozen sources that revise their counts, quoted
loaded terms, events with places and dates, and reports of shelter and refusal at the same
sites. Then it times `do_analyze` (entity resolution, geocoding, figure groups, contradictions,
framing, incidents) and prints seconds, documents per second, the growth factor against the
previous size, and peak memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from hashlib import sha256
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = [
    "Ahmed",
    "Mohammed",
    "Omar",
    "Khaled",
    "Yusuf",
    "Rami",
    "Samir",
    "Layla",
    "Nour",
    "Hana",
    "Farida",
    "Tarek",
    "Adnan",
    "Elias",
    "Mira",
    "Salim",
    "Karim",
    "Rania",
    "Ziad",
    "Amal",
]
LAST = [
    "Haddad",
    "Sharaa",
    "Mansour",
    "Osman",
    "Qasim",
    "Daran",
    "Nasser",
    "Khalil",
    "Saleh",
    "Hamdan",
    "Barakat",
    "Aziz",
    "Rahman",
    "Jaber",
    "Suleiman",
    "Darwish",
    "Najjar",
    "Fares",
    "Hijazi",
    "Yassin",
    "Mahfouz",
    "Okafor",
    "Moreno",
    "Ruiz",
    "Brandt",
    "Osei",
    "Adamu",
]
TOWNS = [
    "Tartus",
    "Latakia",
    "Banias",
    "Jableh",
    "Hama",
    "Homs",
    "Idlib",
    "Aleppo",
    "Qardaha",
    "Masyaf",
    "Safita",
    "Dalsk",
    "Oskara",
    "Tarvin",
    "Melk",
    "Kalgo",
    "Birni Sado",
    "Dar Salim",
]
SOURCES = [
    "Syrian Observatory for Human Rights",
    "Centre for Civilian Records",
    "the UN",
    "Red Crescent",
    "local officials",
    "the army",
    "a medical source",
    "Amnesty International",
]
TERMS = ["massacre", "genocide", "crackdown", "terrorist", "regime", "militia", "reprisal"]


def variant(name: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.15:
        return name.replace("e", "a", 1)
    if r < 0.25:
        return name.replace("ou", "u").replace("a", "aa", 1)
    if r < 0.3:
        return name + "e"
    return name


def synthetic(i: int, rng: random.Random):
    from crosswire.model import Document, Event, Extraction, Figure, Mention, Quote

    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(3)]
    town = rng.choice(TOWNS) if rng.random() < 0.8 else f"Qaryat {rng.randrange(400)}"
    org_n = rng.randrange(200)
    org = f"Valley Relief Network {org_n}"
    acr = "VRN" + str(org_n)
    source = rng.choice(SOURCES)
    day = 1 + (i // 200) % 28
    value = 10 + (i % 97) * 3
    term = rng.choice(TERMS)
    claim = "took refuge at" if rng.random() < 0.5 else "were turned away from"
    shown = [variant(p, rng) for p in people]
    text = (
        f"{shown[0]} said at least {value} civilians were killed in {variant(town, rng)} on "
        f"May {day}, according to the {source}. The {org} ({acr}) said families {claim} "
        f"{town} stadium. \u201cIt was a {term},\u201d {shown[1]} said. {shown[2]} and {acr} "
        f"reported {value // 2} people displaced.\n"
    )
    doc = Document(
        id=sha256(text.encode()).hexdigest()[:16] + f"{i:06d}",
        sha256=sha256(f"{i}{text}".encode()).hexdigest(),
        path=f"syn/{i:06d}.txt",
        text=text,
        outlet=f"Outlet {i % 40}",
        published=f"2031-05-{day:02d}",
    )
    ex = Extraction(doc_id=doc.id)

    def at(s: str, typ: str, name: str | None = None) -> None:
        start = text.find(s)
        ex.mentions.append(Mention(start, start + len(s), s, typ, name or s))

    for p in shown:
        at(p, "person")
    at(variant(town, rng) if variant(town, rng) in text else town, "place")
    at(org, "organization")
    at(acr, "organization")
    n = text.find(f"at least {value}")
    ex.figures.append(
        Figure(
            n,
            n + len(f"at least {value} civilians"),
            text[n : n + 19],
            "killed",
            "civilians",
            float(value),
            None,
            "at_least",
            source=source,
            since="2031-05-01" if i % 3 else None,
        )
    )
    m = text.find(f"{value // 2} people")
    ex.figures.append(
        Figure(
            m,
            m + len(f"{value // 2} people"),
            f"{value // 2} people",
            "displaced",
            "unspecified",
            float(value // 2),
            None,
            "exact",
            source=acr,
        )
    )
    q = text.find("It was")
    ex.quotes.append(
        Quote(q, q + len(f"It was a {term},"), f"It was a {term},", "direct", shown[1], "said")
    )
    k = text.find("killed")
    ex.events.append(
        Event(
            k,
            k + 6,
            "killed",
            "violence",
            "Violence against civilians",
            "kill",
            target=f"{value} civilians",
            place=town,
            when=f"2031-05-{day:02d}",
            figure_spans=f"[[{n}, {n + len(f'at least {value} civilians')}]]",
        )
    )
    return doc, ex


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--docs", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    from crosswire.analyze.geocode import geocode
    from crosswire.cli import do_analyze
    from crosswire.store import Store

    geocode("Qzxwv")  # build the gazetteer indexes once (a few seconds), outside the timings
    previous: tuple[int, float] | None = None
    print(f"{'docs':>7} {'analyze s':>10} {'docs/s':>9} {'growth':>8} {'peak MB':>8}")
    for n in args.docs:
        rng = random.Random(args.seed)
        with tempfile.TemporaryDirectory(prefix="cw-scale-") as tmp:
            db = Path(tmp) / "cw.db"
            with Store(db) as store:
                for i in range(n):
                    doc, ex = synthetic(i, rng)
                    store.add_document(doc)
                    store.save_extraction(ex, "synthetic")
            t = time.perf_counter()
            entities = do_analyze(db)
            took = time.perf_counter() - t
            with Store(db) as store:
                counts = store.counts()
        growth = f"{(took / previous[1]) / (n / previous[0]):.2f}x" if previous else "-"
        print(
            f"{n:>7} {took:>10.2f} {n / took:>9.0f} {growth:>8} {peak_mb():>8.0f}"
            f"   ({entities} entities, {counts['figure_groups']} figure groups, "
            f"{counts['contradictions']} contradictions, {counts['incidents']} incidents)"
        )
        previous = (n, took)
    print("growth: time ratio divided by size ratio against the previous row (1.00x = linear)")


if __name__ == "__main__":
    main()
