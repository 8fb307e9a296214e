"""Sparse features for a whole batch of texts at once, computed with NumPy.

``char_ngrams`` hashes every character n-gram of every text (each text padded with one space
on both sides, so word starts and ends are n-grams of their own) into ``2**bits`` buckets. The
texts are joined into one UTF-32 array and each n-gram's hash is a polynomial over its code
points computed for all positions at once; n-grams that would span two texts are dropped. No
Python loop runs per character, which is what makes language identification of short posts
cheap. Hashes are fixed (no per-process salt), so a saved model means the same thing in every
process and on every machine.

Features come back in coordinate form: ``docs`` (text index, ascending), ``feats`` (feature
index), ``values`` (the weight of each occurrence, or ``None`` for 1) and ``scale`` (one factor
per text: 1/sqrt(number of its n-grams), so that a long text does not get more confident merely
by being long). Keeping the per-text factor apart lets a model score a batch with one gather
and one ``bincount`` per label.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

_SEP = "\x00"
_PRIME = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_SALT = 0x632BE59BD9B4E019
_SALTS = [np.uint64((n * _SALT) % 2**64) for n in range(64)]


@dataclass(frozen=True, slots=True)
class Features:
    docs: np.ndarray  # int64, sorted ascending
    feats: np.ndarray  # int64
    values: np.ndarray | None  # float32 per occurrence; None: every occurrence counts 1
    scale: np.ndarray  # float32 per document
    n_docs: int

    def occurrence_values(self) -> np.ndarray:
        """Each occurrence's full weight (its value times its document's scale)."""
        base = self.scale[self.docs]
        return base if self.values is None else base * self.values

    @staticmethod
    def concat(parts: Sequence[Features]) -> Features:
        """Features of the same documents side by side (scales folded into the values)."""
        n = parts[0].n_docs
        docs = np.concatenate([p.docs for p in parts])
        order = np.argsort(docs, kind="stable")
        values = np.concatenate([p.occurrence_values() for p in parts])[order]
        return Features(docs[order], np.concatenate([p.feats for p in parts])[order],
                        values.astype(np.float32), np.ones(n, dtype=np.float32), n)


def _code_points(texts: Sequence[str]) -> np.ndarray:
    joined = _SEP.join(f" {t.replace(_SEP, ' ')} " for t in texts) + _SEP
    return np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def char_ngrams(texts: Sequence[str], orders: Iterable[int], bits: int,
                *, offset: int = 0, normalise_length: bool = True) -> Features:
    """Hashed character n-grams of ``texts`` (each as given: lower-case it first if wanted)."""
    orders = sorted(set(orders))
    c = _code_points(texts).astype(np.uint64)
    is_sep = c == 0
    seps_before = np.concatenate(([0], np.cumsum(is_sep)))
    shift = np.uint64(64 - bits)
    h = np.zeros(len(c), dtype=np.uint64)
    docs_parts, feat_parts = [], []
    for n in range(1, orders[-1] + 1):
        length = len(c) - n + 1
        if length <= 0:
            break
        h = h[:length] * _PRIME + c[n - 1:n - 1 + length]
        if n not in orders:
            continue
        valid = seps_before[n:n + length] == seps_before[:length]
        hv = h[valid]
        buckets = ((hv ^ _SALTS[n]) * _MIX) >> shift
        docs_parts.append(seps_before[:length][valid])
        feat_parts.append(buckets.astype(np.int64) + offset)
    if not docs_parts:
        empty = np.zeros(0, dtype=np.int64)
        return Features(empty, empty, None, np.ones(len(texts), np.float32), len(texts))
    docs = np.concatenate(docs_parts).astype(np.int64)
    feats = np.concatenate(feat_parts)
    if len(docs_parts) > 1:
        order = np.argsort(docs, kind="stable")  # each order's part is sorted already
        docs, feats = docs[order], feats[order]
    scale = _length_scale(docs, len(texts)) if normalise_length \
        else np.ones(len(texts), dtype=np.float32)
    return Features(docs, feats, None, scale, len(texts))


def vocabulary_features(token_lists: Sequence[Sequence[str]], vocabulary: dict[str, int],
                        *, offset: int = 0) -> Features:
    """Tokens (words, word pairs) found in ``vocabulary``, by index; unknown tokens ignored."""
    docs: list[int] = []
    feats: list[int] = []
    get = vocabulary.get
    for i, tokens in enumerate(token_lists):
        for tok in tokens:
            j = get(tok)
            if j is not None:
                docs.append(i)
                feats.append(j + offset)
    d = np.asarray(docs, dtype=np.int64)
    return Features(d, np.asarray(feats, dtype=np.int64), None,
                    _length_scale(d, len(token_lists)), len(token_lists))


def weighted_features(rows: Sequence[dict[int, float]], *, offset: int = 0) -> Features:
    """Dense-ish named features (e.g. lexicon evidence): one ``{index: value}`` per text."""
    docs = [i for i, row in enumerate(rows) for _ in row]
    feats = [j + offset for row in rows for j in row]
    values = [v for row in rows for v in row.values()]
    return Features(np.asarray(docs, dtype=np.int64), np.asarray(feats, dtype=np.int64),
                    np.asarray(values, dtype=np.float32), np.ones(len(rows), np.float32),
                    len(rows))


def _length_scale(docs: np.ndarray, n_docs: int) -> np.ndarray:
    counts = np.bincount(docs, minlength=n_docs).astype(np.float32)
    return (1.0 / np.sqrt(np.maximum(counts, 1.0))).astype(np.float32)


def ngram_bucket(text: str, bits: int) -> int:
    """The bucket of one n-gram, by the same hash as ``char_ngrams`` (for tests and for looking
    up what a model learned about a given n-gram)."""
    c = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(
        np.uint64)
    h = np.zeros(1, dtype=np.uint64)
    for cp in c:
        h = h * _PRIME + cp
    return int((((h ^ _SALTS[len(c)]) * _MIX) >> np.uint64(64 - bits))[0])


def word_ngrams(token_lists: Sequence[Sequence[str]], orders: Iterable[int],
                bits: int) -> Features:
    """Hashed character n-grams of each word on its own (`` word ``), summed per text.

    The features a ``WordScorer`` scores, in full (for training): n-grams never span two words,
    so a word's contribution can be computed once and cached.
    """
    vocab: dict[str, int] = {}
    ids = [vocab.setdefault(w, len(vocab)) for tokens in token_lists for w in tokens]
    lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(token_lists))
    n_docs = len(token_lists)
    if not vocab:
        empty = np.zeros(0, dtype=np.int64)
        return Features(empty, empty, None, np.ones(n_docs, np.float32), n_docs)
    per_word = char_ngrams(list(vocab), orders, bits, normalise_length=False)
    ptr = np.searchsorted(per_word.docs, np.arange(len(vocab) + 1))
    tok = np.asarray(ids, dtype=np.int64)
    counts = ptr[tok + 1] - ptr[tok]
    starts = np.repeat(ptr[tok] - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    idx = starts + np.arange(counts.sum())
    docs = np.repeat(np.repeat(np.arange(n_docs), lengths), counts)
    return Features(docs, per_word.feats[idx], None, _length_scale(docs, n_docs), n_docs)
