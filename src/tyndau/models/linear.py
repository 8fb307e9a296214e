"""Linear models over sparse features: training, calibrated scoring, saving.

One weight row per feature and one column per label. ``softmax`` models choose exactly one
label (language, function) and their scores sum to 1; ``sigmoid`` models score each label on
its own (narratives, grievances). Training is mini-batch AdaGrad on the log-loss with L2
regularisation, in NumPy, deterministic for a given seed. Scores are calibrated by a single
temperature fitted on held-out data (``fit_temperature``).

A saved model is a compressed ``.npz``: the non-zero weight rows (their indices and float16
values), the bias, and a JSON header (labels, link, temperature, feature settings, training
metadata). Nothing in it is executable: loading never unpickles.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tyndau.models.features import Features


@dataclass
class LinearModel:
    labels: list[str]
    link: str  # "softmax" or "sigmoid"
    weights: np.ndarray  # (n_features, n_labels) float32
    bias: np.ndarray  # (n_labels,) float32
    temperature: float = 1.0
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_label: np.ndarray | None = None

    def logits(self, f: Features) -> np.ndarray:
        """(n_docs, n_labels) raw scores: one gather and one bincount per label."""
        if self._by_label is None:  # one contiguous row per label: cache-friendly gathers
            self._by_label = np.ascontiguousarray(self.weights.T)
        k = len(self.labels)
        out = np.zeros((f.n_docs, k), dtype=np.float32)
        if len(f.feats):
            for j in range(k):
                w = self._by_label[j][f.feats]
                if f.values is not None:
                    w = w * f.values
                out[:, j] = np.bincount(f.docs, weights=w, minlength=f.n_docs)
            out *= f.scale[:, None]
        out += self.bias
        return out

    def proba(self, f: Features) -> np.ndarray:
        return apply_link(self.logits(f) / self.temperature, self.link)

    # persistence --------------------------------------------------------------------------
    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        rows = np.flatnonzero(np.any(self.weights != 0, axis=1)).astype(np.uint32)
        header = {"labels": self.labels, "link": self.link, "temperature": self.temperature,
                  "n_features": int(self.weights.shape[0]), "meta": self.meta}
        return {f"{prefix}.rows": rows,
                f"{prefix}.weights": self.weights[rows].astype(np.float16),
                f"{prefix}.bias": self.bias.astype(np.float32),
                f"{prefix}.header": np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)}

    @classmethod
    def from_arrays(cls, arrays: Any, prefix: str) -> LinearModel:
        header = json.loads(bytes(arrays[f"{prefix}.header"]).decode())
        weights = np.zeros((header["n_features"], len(header["labels"])), dtype=np.float32)
        weights[arrays[f"{prefix}.rows"]] = arrays[f"{prefix}.weights"].astype(np.float32)
        return cls(list(header["labels"]), header["link"], weights,
                   np.asarray(arrays[f"{prefix}.bias"], dtype=np.float32),
                   float(header["temperature"]), header.get("meta", {}))


def save_models(path: Path, models: dict[str, LinearModel], meta: dict[str, Any]) -> None:
    arrays: dict[str, np.ndarray] = {
        "meta": np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), dtype=np.uint8)}
    for name, model in models.items():
        arrays.update(model.to_arrays(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **arrays)


def load_models(source: Any) -> tuple[dict[str, LinearModel], dict[str, Any]]:
    """Models and metadata from a path or a binary file object (never unpickles)."""
    with np.load(source, allow_pickle=False) as arrays:
        meta = json.loads(bytes(arrays["meta"]).decode())
        names = sorted({k.rsplit(".", 1)[0] for k in arrays.files if k != "meta"})
        return {n: LinearModel.from_arrays(arrays, n) for n in names}, meta


def apply_link(z: np.ndarray, link: str) -> np.ndarray:
    if link == "softmax":
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def _rows(f: Features) -> np.ndarray:
    """CSR row pointers of features sorted by document."""
    return np.searchsorted(f.docs, np.arange(f.n_docs + 1), side="left")


def train(f: Features, targets: np.ndarray, *, labels: list[str], link: str, n_features: int,
          epochs: int = 10, learning_rate: float = 0.5, l2: float = 1e-6, batch_docs: int = 256,
          sample_weight: np.ndarray | None = None, seed: int = 0) -> LinearModel:
    """Fit weights by mini-batch AdaGrad; ``targets`` is (n_docs, n_labels), one-hot or 0/1."""
    k = len(labels)
    weights = np.zeros((n_features, k), dtype=np.float32)
    bias = np.zeros(k, dtype=np.float32)
    g2 = np.full((n_features, k), 1e-8, dtype=np.float32)
    b2 = np.full(k, 1e-8, dtype=np.float32)
    ptr = _rows(f)
    occ_values = f.occurrence_values().astype(np.float32)
    sw = np.ones(f.n_docs, dtype=np.float32) if sample_weight is None \
        else sample_weight.astype(np.float32)
    rng = np.random.default_rng(seed)
    targets = targets.astype(np.float32)
    for _ in range(epochs):
        order = rng.permutation(f.n_docs)
        for start in range(0, f.n_docs, batch_docs):
            batch = np.sort(order[start:start + batch_docs])
            lo, hi = ptr[batch], ptr[batch + 1]
            lengths = hi - lo
            idx = np.repeat(lo - np.cumsum(np.concatenate(([0], lengths[:-1]))), lengths) \
                + np.arange(lengths.sum())
            local = np.repeat(np.arange(len(batch)), lengths)
            feats, vals = f.feats[idx], occ_values[idx]
            uniq, inv = np.unique(feats, return_inverse=True)
            w = weights[uniq]
            contrib = w[inv] * vals[:, None]
            z = np.empty((len(batch), k), dtype=np.float32)
            for j in range(k):
                z[:, j] = np.bincount(local, weights=contrib[:, j], minlength=len(batch))
            z += bias
            err = (apply_link(z, link) - targets[batch]) * sw[batch][:, None]
            per_occ = err[local] * vals[:, None]
            grad = np.empty((len(uniq), k), dtype=np.float32)
            for j in range(k):
                grad[:, j] = np.bincount(inv, weights=per_occ[:, j], minlength=len(uniq))
            grad += l2 * len(batch) * w
            g2[uniq] += grad * grad
            weights[uniq] = w - learning_rate * grad / np.sqrt(g2[uniq])
            gb = err.sum(axis=0)
            b2 += gb * gb
            bias -= learning_rate * gb / np.sqrt(b2)
    return LinearModel(labels, link, weights, bias)


def fit_temperature(model: LinearModel, f: Features, targets: np.ndarray) -> float:
    """The temperature minimising held-out log-loss (grid search, 0.25–8)."""
    z = model.logits(f)
    best, best_loss = 1.0, float("inf")
    for t in np.exp(np.linspace(np.log(0.25), np.log(8.0), 41)):
        p = np.clip(apply_link(z / t, model.link), 1e-7, 1 - 1e-7)
        if model.link == "softmax":
            loss = -float(np.mean(np.log((p * targets).sum(axis=1))))
        else:
            loss = -float(np.mean(targets * np.log(p) + (1 - targets) * np.log(1 - p)))
        if loss < best_loss:
            best, best_loss = float(t), loss
    return best
