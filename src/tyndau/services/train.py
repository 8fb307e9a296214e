"""``tyndau train``: a deployment's own model on top of the built-in training corpus.

1. The gold file is validated like ``tyndau eval``'s (a bad line is an error naming it).
2. Cross-validation over the gold: each of K folds is predicted by a model trained on the
   built-in corpus plus the other folds — figures for data of this deployment that the model
   did not see.
3. The current model (the promoted one, else the built-in) is evaluated on the same gold; it
   never saw it either, so the two are comparable.
4. The new model is fitted on the built-in corpus plus all of the gold and written to the model
   folder with both sets of figures in its metadata.
5. With ``promote``, it becomes the default only if it is not worse: cross-validated macro-F1 at
   least the current model's, and protected-speech false-positive rate at most the current
   model's or 1 %, whichever is higher. Otherwise it stays on disk, not in use, and the reason
   is reported.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tyndau.classifiers.catalogue import default_model, promote
from tyndau.classifiers.evaluate import figures, read_gold
from tyndau.classifiers.supervised import SupervisedClassifier
from tyndau.classifiers.training import builtin_rows, cross_validate, fit_and_save, summary

MAX_PROTECTED_FPR = 0.01


@dataclass
class TrainReport:
    model: Path
    gold_items: int
    cross_validated: dict[str, Any]
    current: dict[str, Any]
    current_model: str
    promoted: bool = False
    refused: list[str] = field(default_factory=list)
    seconds: float = 0.0


def train_model(gold_path: Path, model_dir: Path, *, folds: int = 5, embeddings: bool = True,
                promote_if_better: bool = False, seed: int = 0) -> TrainReport:
    start = time.perf_counter()
    gold = read_gold(gold_path)
    base = builtin_rows()
    mode = "uncertain" if embeddings else "off"
    cv = cross_validate(gold, folds=folds, seed=seed, base=base, with_embeddings=embeddings,
                        embeddings=mode)
    current_path = default_model(model_dir)
    current = SupervisedClassifier(model_path=current_path)
    # measured as it runs: a model trained with --no-embeddings has no embedding heads
    if embeddings and current.has_embedding_heads:
        current.embeddings = mode
    preds = current.predict_full([g["text"] for g in gold])
    current_figures = summary(figures(gold, [
        {"function": p["function"], "narratives": list(p["narratives"]),
         "grievances": list(p["grievances"])} for p in preds]))
    model_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = model_dir / f"function-{stamp}.npz"
    fit_and_save([*base, *gold], path, version=f"function-{stamp}", seed=seed,
                 with_embeddings=embeddings,
                 extra_meta={"gold": str(gold_path), "gold_items": len(gold),
                             "cross_validated": cv, "current_model": current.version,
                             "current_on_gold": current_figures})
    report = TrainReport(path, len(gold), cv, current_figures, current.version)
    if promote_if_better:
        refused = []
        if cv["function_macro_f1"] < current_figures["function_macro_f1"]:
            refused.append(f"cross-validated macro-F1 {cv['function_macro_f1']:.3f} is below "
                           f"the current model's {current_figures['function_macro_f1']:.3f}")
        limit = max(current_figures["protected_speech_fpr"], MAX_PROTECTED_FPR)
        if cv["protected_speech_fpr"] > limit:
            refused.append(f"protected-speech false-positive rate "
                           f"{cv['protected_speech_fpr']:.3f} is above {limit:.3f}")
        if refused:
            report.refused = refused
        else:
            promote(model_dir, path)
            report.promoted = True
    report.seconds = time.perf_counter() - start
    return report
