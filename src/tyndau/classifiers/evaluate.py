"""Evaluation against gold labels: the figures of taxonomy.md §5, overall and per language.

Gold lines (JSON Lines): ``id``, ``text``, ``function``, ``narratives``, ``grievances``, optional
``lang``. Unknown labels, missing fields, wrong types and duplicate ids are errors naming the
line. Items are classified by the same pipeline as ``tyndau classify``; per-language figures
use the gold ``lang`` when given, else the detected language.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import orjson

from tyndau.errors import InputError
from tyndau.services.classify_file import classify_objects
from tyndau.taxonomy import load as load_taxonomy


def read_gold(path: Path) -> list[dict[str, Any]]:
    tax = load_taxonomy()
    valid = {"function": set(tax.functions), "narratives": set(tax.narratives),
             "grievances": set(tax.grievances)}
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    try:
        lines = Path(path).read_bytes().splitlines()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = {"path": str(path), "record": f"line {n}"}
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise InputError(f"malformed JSON: {exc}", **where) from None
        if not isinstance(obj, dict):
            raise InputError("not a JSON object", **where)
        for key in ("id", "text", "function", "narratives", "grievances"):
            if key not in obj:
                raise InputError("missing", field=key, **where)
        if not isinstance(obj["text"], str):
            raise InputError("not a string", field="text", **where)
        if obj["function"] not in valid["function"]:
            raise InputError(f"unknown function label {str(obj['function'])[:40]!r}",
                             field="function", **where)
        for axis in ("narratives", "grievances"):
            labels = obj[axis]
            if not isinstance(labels, list):
                raise InputError("not a list", field=axis, **where)
            unknown = [lb for lb in labels if lb not in valid[axis]]
            if unknown:
                raise InputError(f"unknown label {str(unknown[0])[:40]!r}", field=axis, **where)
        key = str(obj["id"])
        if key in seen:
            raise InputError(f"duplicate id {key[:60]!r} (first on line {seen[key]})",
                             field="id", **where)
        seen[key] = n
        rows.append(obj)
    if not rows:
        raise InputError("no gold lines", path=str(path))
    return rows


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "support": tp + fn}


def _micro(gold: list[set[str]], pred: list[set[str]]) -> dict[str, float]:
    tp = sum(len(g & p) for g, p in zip(gold, pred, strict=True))
    fp = sum(len(p - g) for g, p in zip(gold, pred, strict=True))
    fn = sum(len(g - p) for g, p in zip(gold, pred, strict=True))
    return _prf(tp, fp, fn)


def figures(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    """Taxonomy §5 figures for one set of (gold, prediction) pairs."""
    tax = load_taxonomy()
    g_fn = [g["function"] for g in gold]
    p_fn = [p["function"] for p in pred]
    per_label = {}
    for label in tax.functions:
        tp = sum(1 for a, b in zip(g_fn, p_fn, strict=True) if a == label and b == label)
        fp = sum(1 for a, b in zip(g_fn, p_fn, strict=True) if a != label and b == label)
        fn = sum(1 for a, b in zip(g_fn, p_fn, strict=True) if a == label and b != label)
        per_label[label] = _prf(tp, fp, fn)
    present = [lb for lb in tax.functions if per_label[lb]["support"]]
    protected = [b for a, b in zip(g_fn, p_fn, strict=True) if a in tax.protected_functions]
    confusion = Counter(zip(g_fn, p_fn, strict=True))
    return {
        "items": len(gold),
        "function_macro_f1": round(sum(per_label[lb]["f1"] for lb in present) / len(present), 4)
        if present else 0.0,
        "function_accuracy": round(sum(a == b for a, b in zip(g_fn, p_fn, strict=True))
                                   / len(gold), 4),
        "protected_speech_fpr": round(protected.count("ve_support") / len(protected), 4)
        if protected else None,
        "ve_support_recall": per_label["ve_support"]["recall"]
        if per_label["ve_support"]["support"] else None,
        "function": per_label,
        "narrative_micro": _micro([set(g["narratives"]) for g in gold],
                                  [set(p["narratives"]) for p in pred]),
        "grievance_micro": _micro([set(g["grievances"]) for g in gold],
                                  [set(p["grievances"]) for p in pred]),
        "confusion": {t: {p: confusion[(t, p)] for p in tax.functions} for t in tax.functions},
    }


def evaluate(gold_path: Path, **classify_params: Any) -> dict[str, Any]:
    """Figures of the default pipeline (with ``classify_params``) against a gold file."""
    from tyndau.pipeline.registry import default_pipeline

    gold = read_gold(gold_path)
    stages = default_pipeline(**classify_params)
    ve_threshold = stages[-1].params.get("ve_threshold")
    pred: list[dict[str, Any]] = []
    for start in range(0, len(gold), 2000):
        chunk = [{"id": g["id"], "text": g["text"]} for g in gold[start:start + 2000]]
        pred.extend(classify_objects(chunk, stages))
    langs = [g.get("lang") or p["lang"] for g, p in zip(gold, pred, strict=True)]
    by_lang = {}
    for lang in sorted(set(langs)):
        idx = [i for i, x in enumerate(langs) if x == lang]
        by_lang[lang] = figures([gold[i] for i in idx], [pred[i] for i in idx])
    return {"gold": str(gold_path), "ve_threshold": ve_threshold,
            "classifier": pred[0]["rationale"].get("classifier") if pred else None,
            "overall": figures(gold, pred), "by_language": by_lang}
