#!/usr/bin/env python3
"""Train tyndau's built-in classifier (``src/tyndau/data/models/function-v1.npz``).

    .venv/bin/python scripts/train_classifier.py [--cv 5]

Training data: the project's own training corpus, ``src/tyndau/data/train/function_*.jsonl``
(hand-written for training, separately from the sample corpus, which is the evaluation set and
is never read here). With ``--cv K`` it first prints K-fold cross-validated figures on the
training corpus (the figures used to choose the settings; the sample gold is not used for that).
Deterministic for a given ``--seed``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tyndau.classifiers.training import builtin_rows, cross_validate, fit_and_save  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--out", type=Path,
                    default=ROOT / "src" / "tyndau" / "data" / "models" / "function-v1.npz")
    ap.add_argument("--cv", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    rows = builtin_rows()
    if a.cv:
        start = time.perf_counter()
        figures = cross_validate(rows, folds=a.cv, seed=a.seed)
        print(f"{a.cv}-fold cross-validation on {len(rows)} training items "
              f"({time.perf_counter() - start:.0f} s):")
        for key in ("function_macro_f1", "ve_support_recall", "ve_support_precision",
                    "protected_speech_fpr", "narrative_micro_f1", "grievance_micro_f1"):
            print(f"  {key}: {figures[key]:.3f}")
    start = time.perf_counter()
    fit_and_save(rows, a.out, version="function-v1", seed=a.seed)
    print(f"trained on {len(rows)} items in {time.perf_counter() - start:.0f} s → {a.out} "
          f"({a.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
