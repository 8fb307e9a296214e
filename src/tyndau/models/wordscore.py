"""Scoring word-n-gram models fast: each distinct word is scored once, then looked up.

For a model over ``word_ngrams`` features a text's raw score is the sum of its words' scores,
and its length factor depends only on how many n-grams its words have. ``WordScorer`` keeps a
table of both per word seen (bounded; cleared when full), so scoring a batch costs one dictionary
lookup per token and one ``bincount`` per label, whatever the length of the words. The result
is identical to ``model.logits(word_ngrams(...))``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tyndau.models.features import char_ngrams
from tyndau.models.linear import LinearModel


class WordScorer:
    def __init__(self, model: LinearModel, orders: Sequence[int], bits: int,
                 *, max_words: int = 400_000) -> None:
        self.model = model
        self.orders = tuple(orders)
        self.bits = bits
        self.max_words = max_words
        self.last_ids = np.zeros(0, dtype=np.int64)
        self._clear()

    def _clear(self) -> None:
        self.index: dict[str, int] = {}
        self.scores = np.zeros((1024, len(self.model.labels)), dtype=np.float32)
        self.ngram_counts = np.zeros(1024, dtype=np.float32)

    def _add(self, words: list[str]) -> None:
        f = char_ngrams(words, self.orders, self.bits, normalise_length=False)
        raw = self.model.logits(f) - self.model.bias  # scale is 1 without length normalisation
        counts = np.bincount(f.docs, minlength=len(words)).astype(np.float32)
        base = len(self.index)
        end = base + len(words)
        if end > len(self.ngram_counts):  # grow by doubling
            size = max(end, 2 * len(self.ngram_counts))
            self.scores = np.resize(self.scores, (size, self.scores.shape[1]))
            self.ngram_counts = np.resize(self.ngram_counts, size)
        self.scores[base:end] = raw
        self.ngram_counts[base:end] = counts
        self.index.update(zip(words, range(base, end), strict=True))

    def logits(self, token_lists: Sequence[Sequence[str]]) -> np.ndarray:
        index = self.index
        new = [w for w in dict.fromkeys(w for tokens in token_lists for w in tokens)
               if w not in index]
        if new:
            if len(index) + len(new) > self.max_words:  # start afresh with this batch's words
                self._clear()
                new = list(dict.fromkeys(w for tokens in token_lists for w in tokens))
            self._add(new)
            index = self.index
        n = len(token_lists)
        ids = np.fromiter((index[w] for tokens in token_lists for w in tokens), dtype=np.int64)
        self.last_ids = ids  # the table rows of the last batch's tokens, in order
        lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=n)
        docs = np.repeat(np.arange(n), lengths)
        k = len(self.model.labels)
        out = np.empty((n, k), dtype=np.float32)
        for j in range(k):
            out[:, j] = np.bincount(docs, weights=self.scores[ids, j], minlength=n)
        counts = np.bincount(docs, weights=self.ngram_counts[ids], minlength=n)
        out *= (1.0 / np.sqrt(np.maximum(counts, 1.0)))[:, None]
        out += self.model.bias
        return out
