"""Training the supervised classifier: the built-in corpus, cross-validation, saving.

The built-in training corpus (``data/train/function_*.jsonl``, gold format) was written for
training, separately from the sample corpus, which is the evaluation set and never trained on.
``tyndau train`` fits on the built-in corpus plus a deployment's own gold and reports figures
cross-validated over that gold (each fold's model never saw the fold) beside the current
model's figures on the same gold, before anything may become the default.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from tyndau.classifiers.evaluate import figures, read_gold
from tyndau.classifiers.supervised import SupervisedClassifier, embed, fit
from tyndau.models.linear import save_models

TRAIN_DIR = "train"


def builtin_rows() -> list[dict[str, Any]]:
    """Every line of the built-in training corpus, validated like gold."""
    rows: list[dict[str, Any]] = []
    folder = resources.files("tyndau.data").joinpath(TRAIN_DIR)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.startswith("function_") and entry.name.endswith(".jsonl"):
            with resources.as_file(entry) as path:
                rows.extend(read_gold(Path(path)))
    return rows


def fit_and_save(rows: Sequence[dict[str, Any]], path: Path, *, version: str, seed: int = 0,
                 with_embeddings: bool = True, extra_meta: dict[str, Any] | None = None) -> None:
    vectors = embed([r["text"] for r in rows]) if with_embeddings else None
    models, meta = fit(rows, version=version, seed=seed, embeddings=vectors,
                       extra_meta=extra_meta)
    save_models(path, models, meta)


def _folds(n: int, k: int, seed: int) -> list[np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return [np.sort(order[i::k]) for i in range(k)]


def cross_validate(rows: Sequence[dict[str, Any]], *, folds: int = 5, seed: int = 0,
                   base: Sequence[dict[str, Any]] = (), fit_kw: dict[str, Any] | None = None,
                   with_embeddings: bool = False, **classifier_kw: Any) -> dict[str, Any]:
    """Out-of-fold figures over ``rows``; every fold's model also trains on ``base``."""
    if len(rows) < folds:
        raise ValueError(f"need at least {folds} items for {folds}-fold cross-validation")
    predictions: list[dict[str, Any] | None] = [None] * len(rows)
    vectors = embed([r["text"] for r in [*base, *rows]]) if with_embeddings else None
    for held in _folds(len(rows), folds, seed):
        held_set = set(held.tolist())
        keep = [*range(len(base)), *(len(base) + i for i in range(len(rows))
                                     if i not in held_set)]
        train_rows = [*base, *(r for i, r in enumerate(rows) if i not in held_set)]
        trained = fit(train_rows, version="cv", seed=seed,
                      embeddings=vectors[keep] if vectors is not None else None,
                      **(fit_kw or {}))
        clf = SupervisedClassifier(trained=trained, **classifier_kw)
        for i, p in zip(held, clf.predict_full([rows[i]["text"] for i in held]), strict=True):
            predictions[i] = {"function": p["function"], "narratives": list(p["narratives"]),
                              "grievances": list(p["grievances"])}
    return summary(figures(list(rows), [p for p in predictions if p is not None]))


def summary(fig: dict[str, Any]) -> dict[str, Any]:
    """The headline figures of ``evaluate.figures`` in flat form."""
    ve = fig["function"]["ve_support"]
    return {"items": fig["items"], "function_macro_f1": fig["function_macro_f1"],
            "ve_support_recall": ve["recall"], "ve_support_precision": ve["precision"],
            "protected_speech_fpr": fig["protected_speech_fpr"] or 0.0,
            "narrative_micro_f1": fig["narrative_micro"]["f1"],
            "grievance_micro_f1": fig["grievance_micro"]["f1"]}
