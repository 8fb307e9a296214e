#!/usr/bin/env python3
"""Train tyndau's language-identification model (``src/tyndau/data/langid/model.npz``).

    .venv/bin/python scripts/build_langid_corpus.py      # training text → bench/out/langid-train
    .venv/bin/python scripts/train_langid.py [--train bench/out/langid-train]

Training text: one file per language (``{lang}.txt``, one text per line), assembled from
package-registry sources by ``scripts/build_langid_corpus.py`` (its ``SOURCES.md`` lists them).
The evaluation set of ``bench/langid.py`` (the UDHR) is never used here.

Items are cut from the training lines as word-boundary windows of 8–160 characters (most posts
are short), with the copies the region's writing calls for: Uzbek text in both alphabets and a
share of Kazakh, Tajik, Kyrgyz and Russian in Latin letters (transliterated by
``tyndau.text.translit``). At most ``--per-lang`` windows are taken per language, and each
language weighs the same in the loss whatever its number of windows. 4 % of the windows are
held out to fit the score temperature and to print held-out accuracy. Deterministic for a
given ``--seed``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tyndau.models.linear import fit_temperature, save_models, train  # noqa: E402
from tyndau.text.langid import FEATURE_BITS, LANGUAGES, NGRAM_ORDERS, model_features  # noqa: E402
from tyndau.text.normalise import normalise, split_entities  # noqa: E402
from tyndau.text.translit import transliterate  # noqa: E402

# (target script, share of the language's windows copied into it)
SCRIPT_COPIES = {"uz": (("Cyrl", 0.4), ("Latn", 0.4)), "kk": (("Latn", 0.25),),
                 "tg": (("Latn", 0.05),), "ky": (("Latn", 0.03),), "ru": (("Latn", 0.03),)}


def windows(line: str, rng: random.Random) -> list[str]:
    words = line.split()
    out, i = [], 0
    while i < len(words):
        size = rng.choice((12, 20, 30, 45, 60, 90, 160))
        current = []
        length = 0
        while i < len(words) and (length == 0 or length + len(words[i]) + 1 <= size):
            current.append(words[i])
            length += len(words[i]) + 1
            i += 1
        text = " ".join(current)
        if len(text) >= 4:
            out.append(text)
    return out


def load_windows(path: Path, lang: str, per_lang: int, rng: random.Random) -> list[str]:
    lines = [ln.strip() for ln in path.read_text("utf-8").splitlines() if ln.strip()]
    rng.shuffle(lines)
    out: list[str] = []
    for line in lines:
        text = split_entities(normalise(line)).text
        out.extend(windows(text, rng))
        if len(out) >= per_lang * 3:
            break
    rng.shuffle(out)
    base = out[:per_lang]
    extra: list[str] = []
    for target, share in SCRIPT_COPIES.get(lang, ()):
        picked = rng.sample(base, int(len(base) * share))
        extra += [transliterate(t, lang, target) for t in picked]
    return base + extra


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--train", type=Path, default=ROOT / "bench" / "out" / "langid-train")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "tyndau" / "data" / "langid"
                    / "model.npz")
    ap.add_argument("--per-lang", type=int, default=60_000)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    texts: list[str] = []
    labels: list[int] = []
    sizes = {}
    for j, lang in enumerate(LANGUAGES):
        items = load_windows(a.train / f"{lang}.txt", lang, a.per_lang, rng)
        sizes[lang] = len(items)
        texts += items
        labels += [j] * len(items)
    order = list(range(len(texts)))
    rng.shuffle(order)
    held = set(order[: len(order) // 25])
    train_idx = [i for i in order if i not in held]
    held_idx = sorted(held)
    y = np.zeros((len(texts), len(LANGUAGES)), dtype=np.float32)
    y[np.arange(len(texts)), labels] = 1.0
    # balance: every language weighs the same whatever its number of windows
    counts = np.bincount(labels, minlength=len(LANGUAGES))
    weight = (len(texts) / (len(LANGUAGES) * counts))[labels].astype(np.float32)
    start = time.perf_counter()
    f_train = model_features([texts[i] for i in train_idx])
    model = train(f_train, y[train_idx], labels=list(LANGUAGES), link="softmax",
                  n_features=2 ** FEATURE_BITS, epochs=a.epochs, learning_rate=0.3,
                  l2=1e-7, batch_docs=512, sample_weight=weight[train_idx], seed=a.seed)
    f_held = model_features([texts[i] for i in held_idx])
    model.temperature = fit_temperature(model, f_held, y[held_idx])
    pred = model.proba(f_held).argmax(axis=1)
    gold = np.asarray(labels)[held_idx]
    lengths = np.asarray([len(texts[i]) for i in held_idx])
    acc = float((pred == gold).mean())
    acc_short = float((pred == gold)[lengths < 60].mean())
    model.meta = {"orders": list(NGRAM_ORDERS), "bits": FEATURE_BITS, "windows": sizes,
                  "held_out_accuracy": round(acc, 4), "held_out_short": round(acc_short, 4),
                  "seed": a.seed, "epochs": a.epochs}
    save_models(a.out, {"language": model},
                {"kind": "tyndau.langid", "version": 2, "trained_on": str(a.train.name)})
    print(f"trained on {len(train_idx):,} windows in {time.perf_counter() - start:.0f} s; "
          f"held-out accuracy {acc:.2%} (short {acc_short:.2%}); temperature "
          f"{model.temperature:.2f}; model {a.out.stat().st_size / 1e6:.1f} MB → {a.out}")


if __name__ == "__main__":
    main()
