"""Score a JSON export against gold answers: precision, recall, F1, attribute accuracy, errors.

Matching rules (those the seed gold's README suggests):
- a figure matches a gold figure in the same document when the category agrees, the value (and the
  upper end of a range) agrees and the spans overlap in the source text; qualifier, group, source
  and `since` are then scored as accuracy over matched pairs;
- a direct quote matches a gold quote when it covers at least half of the gold quote's characters;
  speaker and anonymity are then scored over matched pairs. A gold scare quote must not come out
  with a speaker;
- an entity cluster passes when all its forms land in one entity and no other cluster's form does.
Each gold item is matched at most once, to the extracted item that overlaps it most.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from crosswire.data_files import normalise_name, titles
from crosswire.evaluate.gold import Gold
from crosswire.model import CASUALTY_CATEGORIES, CATEGORIES

GOLD_CASUALTY = frozenset({*CASUALTY_CATEGORIES, "missing_or_killed"})


@dataclass
class Tally:
    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    def as_dict(self) -> dict[str, Any]:
        return {
            "correct": self.correct,
            "total": self.total,
            "accuracy": round(self.correct / self.total, 3) if self.total else None,
        }


@dataclass
class PRF:
    gold: int = 0
    found: int = 0
    matched: int = 0
    accuracy: dict[str, Tally] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        p = self.matched / self.found if self.found else None
        r = self.matched / self.gold if self.gold else None
        f1 = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
        return {
            "gold": self.gold,
            "found": self.found,
            "matched": self.matched,
            "precision": _round(p),
            "recall": _round(r),
            "f1": _round(f1),
            "accuracy": {k: t.as_dict() for k, t in self.accuracy.items()},
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


# -- names --------------------------------------------------------------------------------------

_ARTICLE = re.compile(r"^(a|an|the)\s+")


def _name_tokens(name: str) -> list[str]:
    s = normalise_name(name)
    changed = True
    while changed:
        changed = False
        s2 = _ARTICLE.sub("", s)
        for t in titles():
            t = normalise_name(t)
            if s2.startswith(t + " "):
                s2 = s2[len(t) + 1 :]
                break
        if s2 != s:
            s, changed = s2, True
    return s.split()


def same_name(a: str | None, b: str | None) -> bool:
    """Two credited names agree after case, titles and articles are set aside.

    A shorter form agrees with a longer one when it is the longer's last two or more words
    ("Ahmed Sharaa" = "Syrian President Ahmed Sharaa"); one bare surname is not enough.
    """
    if a is None or b is None:
        return a is None and b is None
    ta, tb = _name_tokens(a), _name_tokens(b)
    if ta == tb:
        return True
    short, long_ = sorted((ta, tb), key=len)
    return len(short) >= 2 and long_[-len(short) :] == short


def _same_group(gold: str | None, found: str | None) -> bool:
    def norm(g: str | None) -> str:
        s = normalise_name(g or "unspecified")
        return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in s.split())

    return norm(gold) == norm(found)


def _same_qualifier(gold: str, found: dict[str, Any]) -> bool:
    if gold.startswith("vague:"):
        word = gold.split(":", 1)[1].strip().lower()
        return found["qualifier"] == "vague" and (found.get("vague_word") or "").lower() == word
    return gold == found["qualifier"]


def _category_ok(gold: str, found: str) -> bool:
    if gold == found:
        return True
    if gold == "missing_or_killed":
        return found in {"missing", "killed"}
    return gold not in CATEGORIES and found == "other"


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6


# -- documents ----------------------------------------------------------------------------------


def _doc_keys(export: dict[str, Any]) -> dict[str, str]:
    """Gold names a document by its file name without extension; the export by id and path."""
    keys: dict[str, str] = {}
    for d in export.get("documents", []):
        keys[d["id"]] = d["id"]
        keys[PurePath(d["path"]).stem] = d["id"]
        keys[PurePath(d["path"]).name] = d["id"]
    return keys


def _span(item: dict[str, Any]) -> tuple[int, int]:
    start = item.get("source_start")
    end = item.get("source_end")
    if start is None or end is None:
        return item["start"], item["end"]
    return start, end


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _match(
    gold: list[dict[str, Any]],
    found: list[dict[str, Any]],
    gold_span: Callable[[dict[str, Any]], tuple[int, int]],
    fits: Callable[[dict[str, Any], dict[str, Any], int], bool],
) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Pair each gold item with the unused found item that overlaps it most and fits."""
    used: set[int] = set()
    pairs = []
    for g in sorted(gold, key=lambda g: (g["_doc"], g["char_start"])):
        gs = gold_span(g)
        best, best_ov = None, 0
        for i, f in enumerate(found):
            if i in used or f["doc"] != g["_doc"]:
                continue
            ov = _overlap(gs, _span(f))
            if ov > best_ov and fits(g, f, ov):
                best, best_ov = i, ov
        if best is not None:
            used.add(best)
        pairs.append((g, found[best] if best is not None else None))
    return pairs


# -- scoring ------------------------------------------------------------------------------------


def _describe_figure(f: dict[str, Any]) -> str:
    value = f.get("value")
    v = "?" if value is None else f"{value:g}"
    if f.get("high") is not None:
        v += f"-{f['high']:g}"
    return f"{f.get('category')} {v} {f.get('group')!s} ({f.get('text') or f.get('span')!s})"


def score_figures(gold: Gold, export: dict[str, Any], keys: dict[str, str], report: dict) -> dict:
    docs = {keys[d] for d in gold.docs if d in keys}
    golds = []
    for g in gold.figures:
        if g["doc"] in keys:
            golds.append({**g, "_doc": keys[g["doc"]]})
        else:
            report["misses"].append(
                {
                    "part": "figures",
                    "doc": g["doc"],
                    "item": g["span"],
                    "why": "document not in the export",
                }
            )
    found = [f for f in export.get("figures", []) if f["doc"] in docs]

    def fits(g: dict[str, Any], f: dict[str, Any], _ov: int) -> bool:
        return (
            _category_ok(g["category"], f["category"])
            and _same_number(g.get("value"), f.get("value"))
            and (g.get("high") is None or _same_number(g["high"], f.get("high")))
        )

    pairs = _match(
        golds, found, lambda g: (g["char_start"], g["char_start"] + len(g["span"])), fits
    )
    matched_ids = {id(f) for _, f in pairs if f is not None}
    out = {}
    for scope, in_scope_gold, in_scope_found in (
        (
            "casualty",
            lambda g: g["category"] in GOLD_CASUALTY,
            lambda f: f["category"] in CASUALTY_CATEGORIES,
        ),
        ("all", lambda g: True, lambda f: True),
    ):
        prf = PRF(accuracy={k: Tally() for k in ("qualifier", "group", "source", "since")})
        prf.gold = sum(1 for g in golds if in_scope_gold(g))
        prf.found = sum(1 for f in found if in_scope_found(f))
        for g, f in pairs:
            if f is None or not in_scope_gold(g):
                continue
            prf.matched += 1
            checks = {
                "qualifier": _same_qualifier(g.get("qualifier", "exact"), f),
                "group": _same_group(g.get("group"), f.get("group")),
                "source": same_name(g.get("source"), f.get("source")),
                "since": (g.get("since") or None) == (f.get("since") or None),
            }
            for k, ok in checks.items():
                prf.accuracy[k].add(ok)
                if not ok and scope == "all":
                    report["wrong"].append(
                        {
                            "part": "figures",
                            "doc": g["doc"],
                            "item": g["span"],
                            "attribute": k,
                            "gold": _gold_attr(g, k),
                            "found": _found_attr(f, k),
                        }
                    )
        # Found items matched to an out-of-scope gold item do not count against precision.
        prf.found = prf.matched + sum(
            1 for f in found if in_scope_found(f) and id(f) not in matched_ids
        )
        out[scope] = prf.as_dict()
    for g, f in pairs:
        if f is None:
            report["misses"].append(
                {"part": "figures", "doc": g["doc"], "item": g["span"], "why": _describe_figure(g)}
            )
    for f in found:
        if id(f) not in matched_ids:
            report["false_hits"].append(
                {
                    "part": "figures",
                    "doc": _name_of(export, f["doc"]),
                    "item": f["text"],
                    "why": _describe_figure(f),
                }
            )
    return out


def _gold_attr(g: dict[str, Any], k: str) -> Any:
    return g.get(k)


def _found_attr(f: dict[str, Any], k: str) -> Any:
    if k == "qualifier" and f["qualifier"] == "vague":
        return f"vague:{f.get('vague_word')}"
    return f.get(k)


def _name_of(export: dict[str, Any], doc_id: str) -> str:
    for d in export.get("documents", []):
        if d["id"] == doc_id:
            return PurePath(d["path"]).stem
    return doc_id


def score_quotes(gold: Gold, export: dict[str, Any], keys: dict[str, str], report: dict) -> dict:
    docs = {keys[d] for d in gold.docs if d in keys}
    golds = [{**g, "_doc": keys[g["doc"]]} for g in gold.quotes if g["doc"] in keys]
    direct = [q for q in export.get("quotes", []) if q["doc"] in docs and q["kind"] == "direct"]

    def fits(g: dict[str, Any], _f: dict[str, Any], ov: int) -> bool:
        return ov * 2 >= len(g["quote"])

    pairs = _match(
        golds, direct, lambda g: (g["char_start"], g["char_start"] + len(g["quote"])), fits
    )
    prf = PRF(accuracy={"speaker": Tally(), "anonymous": Tally()})
    scare_gold = scare_attributed = 0
    matched_ids = set()
    for g, f in pairs:
        if f is not None:
            matched_ids.add(id(f))
        if g.get("scare"):
            scare_gold += 1
            if f is not None and not f.get("scare") and f.get("speaker"):
                scare_attributed += 1
                report["wrong"].append(
                    {
                        "part": "quotes",
                        "doc": g["doc"],
                        "item": g["quote"],
                        "attribute": "scare",
                        "gold": None,
                        "found": f.get("speaker"),
                    }
                )
            continue
        prf.gold += 1
        if f is None:
            report["misses"].append(
                {
                    "part": "quotes",
                    "doc": g["doc"],
                    "item": g["quote"][:80],
                    "why": f"speaker {g.get('speaker')}",
                }
            )
            continue
        prf.matched += 1
        for k, ok in (
            ("speaker", same_name(g.get("speaker"), f.get("speaker"))),
            ("anonymous", bool(g.get("anonymous")) == bool(f.get("anonymous"))),
        ):
            prf.accuracy[k].add(ok)
            if not ok:
                report["wrong"].append(
                    {
                        "part": "quotes",
                        "doc": g["doc"],
                        "item": g["quote"][:80],
                        "attribute": k,
                        "gold": g.get(k),
                        "found": f.get(k),
                    }
                )
    unmatched = [q for q in direct if id(q) not in matched_ids and not q.get("scare")]
    prf.found = prf.matched + len(unmatched)
    for q in unmatched:
        report["false_hits"].append(
            {
                "part": "quotes",
                "doc": _name_of(export, q["doc"]),
                "item": q["text"][:80],
                "why": f"speaker {q.get('speaker')}",
            }
        )
    out = {"direct": prf.as_dict()}
    out["scare"] = {"gold": scare_gold, "attributed": scare_attributed}
    out["indirect_found"] = sum(
        1 for q in export.get("quotes", []) if q["doc"] in docs and q["kind"] == "indirect"
    )
    return out


def score_entities(gold: Gold, export: dict[str, Any], report: dict) -> dict:
    # A form is found in a mention that equals it or holds it as whole words after
    # normalising ("Hmeimim" in "Hmeimim airbase"; "The Press Service of Israel" = "Press
    # Service of Israel"): gold lists names, extractors may keep a longer span.
    mention_keys: dict[str, set[int]] = {}
    for e in export.get("entities", []):
        for m in e.get("mentions", []):
            mention_keys.setdefault(f" {normalise_name(m['text'])} ", set()).add(e["id"])
    where: dict[str, set[int]] = {}
    for c in gold.clusters:
        for form in c.get("forms", []):
            key = f" {normalise_name(form)} "
            ids = {i for mk, es in mention_keys.items() if key in mk for i in es}
            if ids:
                where[form] = ids
    passed = 0
    for c in gold.clusters:
        forms = list(c.get("forms", []))
        missing = [f for f in forms if f not in where]
        ids = set().union(*(where[f] for f in forms if f in where)) if forms else set()
        others = {
            f
            for other in gold.clusters
            if other is not c
            for f in other.get("forms", [])
            if any(e in where.get(f, ()) for e in ids)
        }
        if missing:
            why = f"not found as mentions: {', '.join(missing)}"
        elif len(ids) != 1:
            why = f"split over {len(ids)} entities"
        elif others:
            why = f"merged with {', '.join(sorted(others))}"
        else:
            passed += 1
            continue
        report["misses"].append({"part": "entities", "doc": None, "item": c.get("id"), "why": why})
    n = len(gold.clusters)
    return {"clusters": n, "passed": passed, "rate": _round(passed / n) if n else None}


def evaluate(export: dict[str, Any], gold: Gold) -> dict[str, Any]:
    """The full score as plain data (what `crosswire eval --json` prints)."""
    keys = _doc_keys(export)
    report: dict[str, Any] = {"misses": [], "false_hits": [], "wrong": []}
    result: dict[str, Any] = {
        "documents": {"gold": len(gold.docs), "in_export": sum(1 for d in gold.docs if d in keys)}
    }
    if gold.has_figures:
        result["figures"] = score_figures(gold, export, keys, report)
    if gold.has_quotes:
        result["quotes"] = score_quotes(gold, export, keys, report)
    if gold.has_entities:
        result["entities"] = score_entities(gold, export, report)
    result.update(report)
    return result


def rows_for_table(result: dict[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
    figures = result.get("figures", {})
    for scope in ("casualty", "all"):
        if scope in figures:
            yield f"figures ({scope})", figures[scope]
    if "quotes" in result:
        yield "quotes (direct, not scare)", result["quotes"]["direct"]
