"""Near-duplicate search over match keys: one-permutation MinHash, LSH banding, exact checks.

Reposts cross scripts (Uzbek Cyrillic re-typed in Latin) and get lightly edited; the language
layer's *match key* (lower-case, Latin, folded) makes such copies textually close again, so
near-duplicates are found by the Jaccard similarity of the match keys' character shingles.

The method, in array operations over the whole corpus (no Python loop per text):

1. **Shingles**: every 4-byte window of a text's UTF-8 match key, packed exactly into a 32-bit
   code (no hashing collisions), then mixed by a 64-bit finaliser (splitmix64).
2. **One-permutation hashing** with optimal densification (Li, Owen & Zhang 2012; Shrivastava
   2017): the mixed hash picks one of ``num_perm`` bins and the signature keeps each bin's
   minimum — one hash per shingle instead of ``num_perm`` (what datasketch computes). Empty bins
   borrow from a bin chosen by a fixed hash sequence, so two texts collide in a bin with
   probability equal to their Jaccard similarity, as with classic MinHash.
3. **LSH banding**: ``bands × rows`` of the signature; texts sharing a band are candidates
   (probability ``1 - (1 - J^rows)^bands``). Bands and rows are chosen for the threshold.
4. **Exact verification**: every candidate pair's Jaccard similarity is computed exactly on the
   shingle sets; only pairs at or above the threshold are kept. Exact-duplicate texts are
   collapsed before the search and expanded after, so a text forwarded 500 times costs once.
5. **Clusters**: connected components of the verified pairs.

:func:`exact_similar_pairs` finds all pairs above a threshold exactly (prefix filtering), the
ground truth against which recall is measured in tests and ``bench/dedup.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

SHINGLE_BYTES = 4
_U64 = np.uint64
_EMPTY = np.uint32(0xFFFFFFFF)
#: Buckets up to this size yield every pair; larger ones (rare once exact copies are collapsed)
#: a star around their first member plus a chain, which keeps clusters connected.
_ALL_PAIRS_UP_TO = 24


@dataclass(frozen=True, slots=True)
class LshParams:
    """How the search is tuned: the similarity threshold and the signature's shape."""

    threshold: float = 0.8
    num_perm: int = 128
    bands: int = 16
    rows: int = 8

    def candidate_probability(self, jaccard: float) -> float:
        """Probability that two texts of this similarity become a candidate pair."""
        return 1.0 - (1.0 - jaccard**self.rows) ** self.bands


def lsh_params(threshold: float, num_perm: int = 128, *, recall: float = 0.985) -> LshParams:
    """Bands and rows for ``threshold``: the most rows (fewest false candidates) that still
    make a pair exactly at the threshold a candidate with probability ``recall``."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    best = None
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        p = 1.0 - (1.0 - threshold**rows) ** bands
        if p >= recall:
            best = LshParams(threshold=threshold, num_perm=num_perm, bands=bands, rows=rows)
    if best is None:  # even one row per band misses: use them all
        best = LshParams(threshold=threshold, num_perm=num_perm, bands=num_perm, rows=1)
    return best


# -- shingles ------------------------------------------------------------------------------

def _as_large_string(texts: pa.Array | pa.ChunkedArray | list[str]) -> pa.LargeStringArray:
    if isinstance(texts, list):
        texts = pa.array(texts, pa.large_string())
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    texts = pc.fill_null(texts, "")
    if texts.type != pa.large_string():
        texts = texts.cast(pa.large_string())
    return texts


def shingles(texts: pa.Array | pa.ChunkedArray | list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(owner, code): the exact 4-byte shingle codes of every text, with the text's index.

    A text shorter than 4 bytes has no shingle. Codes repeat where a text repeats a shingle.
    """
    arr = _as_large_string(texts)
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset: arr.offset + len(arr) + 1]
    data_buf = arr.buffers()[2]
    start, end = offsets[:-1], offsets[1:]
    counts = np.maximum(end - start - (SHINGLE_BYTES - 1), 0)
    if data_buf is None or int(counts.sum()) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.uint32)
    data = np.frombuffer(data_buf, dtype=np.uint8)[offsets[0]: offsets[-1]]
    # every window of the concatenated bytes, then only those inside one text
    code = data[:-3].astype(np.uint32) << 24
    code |= data[1:-2].astype(np.uint32) << 16
    code |= data[2:-1].astype(np.uint32) << 8
    code |= data[3:]
    inside = np.zeros(code.size + 1, dtype=np.int8)
    has = counts > 0
    np.add.at(inside, start[has] - offsets[0], 1)
    np.add.at(inside, start[has] - offsets[0] + counts[has], -1)
    keep = np.cumsum(inside[:-1], dtype=np.int8).astype(bool)
    owner = np.repeat(np.arange(len(arr), dtype=np.int64), counts)
    return owner, code[keep]


def _mix(code: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a well-spread 64-bit hash of each code."""
    x = code.astype(_U64) + _U64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> _U64(30))) * _U64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> _U64(27))) * _U64(0x94D049BB133111EB)
    return x ^ (x >> _U64(31))


# -- signatures ----------------------------------------------------------------------------

def signatures(texts: pa.Array | pa.ChunkedArray | list[str], num_perm: int = 128,
               *, chunk: int = 50_000) -> np.ndarray:
    """One-permutation MinHash signatures (n × num_perm, uint32), densified.

    Rows of texts without any shingle stay all ``0xFFFFFFFF`` (callers leave them out).
    """
    if num_perm & (num_perm - 1) or not 8 <= num_perm <= 1024:
        raise ValueError(f"num_perm must be a power of two in 8…1024, got {num_perm}")
    arr = _as_large_string(texts)
    n = len(arr)
    bits = _U64(64 - int(math.log2(num_perm)))
    sig = np.full((n, num_perm), _EMPTY, dtype=np.uint32)
    for lo in range(0, n, chunk):
        owner, code = shingles(arr.slice(lo, chunk))
        if owner.size == 0:
            continue
        h = _mix(code)
        flat = owner * num_perm + (h >> bits).astype(np.int64)
        block = sig[lo: lo + chunk].reshape(-1)
        np.minimum.at(block, flat, (h & _U64(0xFFFFFFFF)).astype(np.uint32))
    _densify(sig)
    return sig


def _densify(sig: np.ndarray, max_rounds: int = 500) -> None:
    """Fill empty bins from donor bins picked by a fixed hash of (bin, round) — the same for
    every text, so equal sets still get equal signatures (optimal densification)."""
    k = sig.shape[1]
    empty = sig == _EMPTY
    rows = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
    if rows.size == 0:
        return
    original = sig[rows]
    er, ec = np.nonzero(original == _EMPTY)
    bins = np.arange(k, dtype=np.uint64)
    for attempt in range(1, max_rounds + 1):
        donor = (_mix(bins * _U64(0x1000003) + _U64(attempt)) % _U64(k)).astype(np.int64)
        values = original[er, donor[ec]]
        ok = values != _EMPTY
        sig[rows[er[ok]], ec[ok]] = values[ok]
        er, ec = er[~ok], ec[~ok]
        if er.size == 0:
            return


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """Distinct values, sorted (sort + compare: faster than ``np.unique`` here)."""
    values = np.sort(values)
    if values.size:
        values = values[np.concatenate([[True], values[1:] != values[:-1]])]
    return values


# -- candidates ----------------------------------------------------------------------------

def _band_keys(sig: np.ndarray, params: LshParams) -> np.ndarray:
    """(bands × n) uint64 keys, one per band of each signature."""
    n = sig.shape[0]
    keys = np.empty((params.bands, n), dtype=_U64)
    for b in range(params.bands):
        h = np.full(n, _U64(0xCBF29CE484222325) ^ _U64(b), dtype=_U64)
        for col in sig[:, b * params.rows:(b + 1) * params.rows].T:
            h = _mix(h ^ col.astype(_U64))
        keys[b] = h
    return keys


def _group_pairs(order: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Pairs (as an (m, 2) int64 array) of members of each group of a sorted order."""
    out = []
    small = sizes <= _ALL_PAIRS_UP_TO
    for size in np.unique(sizes[small]):
        s = starts[small & (sizes == size)]
        i, j = np.triu_indices(int(size), 1)
        out.append(np.stack([order[s[:, None] + i].ravel(), order[s[:, None] + j].ravel()], 1))
    for s, size in zip(starts[~small], sizes[~small], strict=True):
        members = order[s: s + size]
        out.append(np.stack([np.full(size - 1, members[0]), members[1:]], 1))
        out.append(np.stack([members[1:-1], members[2:]], 1))
    return np.concatenate(out) if out else np.zeros((0, 2), np.int64)


def candidate_pairs(sig: np.ndarray, params: LshParams, valid: np.ndarray | None = None
                    ) -> np.ndarray:
    """Distinct candidate pairs (i < j) of rows sharing at least one band."""
    idx = np.arange(sig.shape[0]) if valid is None else np.flatnonzero(valid)
    if idx.size < 2:
        return np.zeros((0, 2), np.int64)
    keys = _band_keys(sig[idx], params)
    found = []
    for band in keys:
        order = np.argsort(band, kind="stable")
        sk = band[order]
        change = np.flatnonzero(sk[1:] != sk[:-1]) + 1
        starts = np.concatenate([[0], change])
        sizes = np.diff(np.concatenate([starts, [sk.size]]))
        keep = sizes > 1
        if keep.any():
            found.append(_group_pairs(order, starts[keep], sizes[keep]))
    if not found:
        return np.zeros((0, 2), np.int64)
    pairs = idx[np.concatenate(found)]
    pairs.sort(axis=1)
    code = _sorted_unique(pairs[:, 0].astype(_U64) << _U64(32) | pairs[:, 1].astype(_U64))
    return np.stack([(code >> _U64(32)).astype(np.int64),
                     (code & _U64(0xFFFFFFFF)).astype(np.int64)], 1)


# -- exact similarity ----------------------------------------------------------------------

class ShingleSets:
    """Each text's distinct shingle codes, sorted, in one CSR structure."""

    def __init__(self, texts: pa.Array | pa.ChunkedArray | list[str]) -> None:
        owner, code = shingles(texts)
        n = len(_as_large_string(texts))
        key = _sorted_unique(owner.astype(_U64) << _U64(32) | code.astype(_U64))
        self.owner = (key >> _U64(32)).astype(np.int64)
        self.codes = (key & _U64(0xFFFFFFFF)).astype(np.uint32)
        self.indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.owner, minlength=n), out=self.indptr[1:])

    @property
    def sizes(self) -> np.ndarray:
        return np.diff(self.indptr)

    def jaccard(self, pairs: np.ndarray, *, chunk: int = 2_000_000) -> np.ndarray:
        """Exact Jaccard similarity of each pair of texts (rows of ``pairs``)."""
        out = np.zeros(len(pairs), dtype=np.float64)
        sizes = self.sizes
        a, b = sizes[pairs[:, 0]], sizes[pairs[:, 1]]
        cum = np.cumsum(a + b)
        bounds = np.searchsorted(cum, np.arange(chunk, int(cum[-1]) + chunk, chunk)) + 1 \
            if len(pairs) else np.zeros(0, np.int64)
        lo = 0
        for hi in [*np.minimum(bounds, len(pairs)).tolist(), len(pairs)]:
            if hi <= lo:
                continue
            inter = self._intersections(pairs[lo:hi])
            union = a[lo:hi] + b[lo:hi] - inter
            out[lo:hi] = np.divide(inter, union, out=np.zeros(hi - lo), where=union > 0)
            lo = hi
        return out

    def _intersections(self, pairs: np.ndarray) -> np.ndarray:
        ids = np.arange(len(pairs), dtype=np.int64)
        parts = []
        for side in (0, 1):
            rows = pairs[:, side]
            lens = self.sizes[rows]
            pair_of = np.repeat(ids, lens)
            first = np.cumsum(lens) - lens
            pos = np.arange(int(lens.sum()), dtype=np.int64) - np.repeat(
                first - self.indptr[rows], lens)
            parts.append(pair_of.astype(_U64) << _U64(32) | self.codes[pos].astype(_U64))
        both = np.sort(np.concatenate(parts))
        dup = both[1:] == both[:-1]
        return np.bincount((both[1:][dup] >> _U64(32)).astype(np.int64), minlength=len(pairs))


def exact_similar_pairs(sets: ShingleSets, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Every pair with Jaccard ≥ ``threshold``, exactly (prefix filtering; Chaudhuri et al. 2006).

    Each set is ordered by global shingle frequency (rarest first); two sets reaching the
    threshold must share one of their first ``|A| - ceil(t·|A|) + 1`` shingles, so only pairs
    sharing a prefix shingle are checked.
    """
    sizes = sets.sizes
    if sets.codes.size == 0:
        return np.zeros((0, 2), np.int64), np.zeros(0)
    _, inverse, freq = np.unique(sets.codes, return_inverse=True, return_counts=True)
    rank = np.argsort(np.argsort(freq, kind="stable"), kind="stable")[inverse]
    order = np.lexsort((rank, sets.owner))  # by owner, then rarest first
    owner = sets.owner[order]
    token = rank[order]
    within = np.arange(owner.size) - np.repeat(sets.indptr[:-1], sizes)
    prefix_len = sizes - np.ceil(threshold * sizes - 1e-9).astype(np.int64) + 1
    keep = within < np.repeat(prefix_len, sizes)
    tok, doc = token[keep], owner[keep]
    o = np.lexsort((doc, tok))
    tok, doc = tok[o], doc[o]
    change = np.flatnonzero(tok[1:] != tok[:-1]) + 1
    starts = np.concatenate([[0], change])
    lens = np.diff(np.concatenate([starts, [tok.size]]))
    multi = lens > 1
    chunks = []
    for size in np.unique(lens[multi]):
        s = starts[multi & (lens == size)]
        i, j = np.triu_indices(int(size), 1)
        chunks.append(np.stack([doc[s[:, None] + i].ravel(), doc[s[:, None] + j].ravel()], 1))
    if not chunks:
        return np.zeros((0, 2), np.int64), np.zeros(0)
    pairs = np.concatenate(chunks)
    # length filter before the exact check: |B| must lie within [t|A|, |A|/t]
    a, b = sizes[pairs[:, 0]], sizes[pairs[:, 1]]
    ok = np.minimum(a, b) >= threshold * np.maximum(a, b) - 1e-9
    pairs = pairs[ok]
    code = _sorted_unique(pairs[:, 0].astype(_U64) << _U64(32) | pairs[:, 1].astype(_U64))
    pairs = np.stack([(code >> _U64(32)).astype(np.int64),
                      (code & _U64(0xFFFFFFFF)).astype(np.int64)], 1)
    sim = sets.jaccard(pairs)
    hit = sim >= threshold - 1e-12
    return pairs[hit], sim[hit]


# -- the whole search ----------------------------------------------------------------------

@dataclass
class NearDuplicateResult:
    """Verified pairs and clusters over the input texts (indices into the input)."""

    pairs: np.ndarray  # (m, 2) int64, i < j
    similarity: np.ndarray  # (m,) exact Jaccard
    labels: np.ndarray  # (n,) cluster label per text; -1 for texts in no cluster
    candidates: int  # candidate pairs checked (after collapsing exact copies)
    params: LshParams


def _exact_jaccard(texts: pa.Array, pairs: np.ndarray) -> np.ndarray:
    """Exact Jaccard of each pair, building shingle sets only for the texts involved."""
    if len(pairs) == 0:
        return np.zeros(0)
    involved, local = np.unique(pairs, return_inverse=True)
    sets = ShingleSets(texts.take(pa.array(involved)))
    return sets.jaccard(local.reshape(pairs.shape))


def near_duplicates(texts: pa.Array | pa.ChunkedArray | list[str], *, threshold: float = 0.8,
                    num_perm: int = 128, min_bytes: int = 24) -> NearDuplicateResult:
    """Find near-duplicate texts: exact copies collapsed, LSH candidates, exact verification."""
    arr = _as_large_string(texts)
    n = len(arr)
    params = lsh_params(threshold, num_perm)
    long_enough = np.asarray(pc.greater_equal(pc.binary_length(arr), min_bytes)
                             .fill_null(False))
    # collapse exact copies: one representative per distinct text
    encoded = pc.dictionary_encode(arr).combine_chunks() if isinstance(
        arr, pa.ChunkedArray) else pc.dictionary_encode(arr)
    distinct_id = np.asarray(encoded.indices, dtype=np.int64)
    distinct = encoded.dictionary
    distinct_ok = np.zeros(len(distinct), bool)
    distinct_ok[distinct_id[long_enough]] = True
    sig = signatures(distinct, num_perm)
    cand = candidate_pairs(sig, params, valid=distinct_ok)
    del sig
    sim = _exact_jaccard(distinct, cand)
    hit = sim >= threshold - 1e-12
    dpairs, dsim = cand[hit], sim[hit]
    # expand: texts sharing a distinct text are identical (similarity 1)
    members = np.flatnonzero(long_enough)
    rep_of_distinct = np.full(len(distinct), -1, np.int64)
    rep_of_distinct[distinct_id[members[::-1]]] = members[::-1]  # first text per distinct
    reps = rep_of_distinct[distinct_id[members]]
    copy = members[reps != members]
    copy_pairs = np.stack([rep_of_distinct[distinct_id[copy]], copy], 1)
    near_pairs = np.stack([rep_of_distinct[dpairs[:, 0]], rep_of_distinct[dpairs[:, 1]]], 1)
    pairs = np.concatenate([copy_pairs, near_pairs]) if len(near_pairs) else copy_pairs
    pairs.sort(axis=1)
    similarity = np.concatenate([np.ones(len(copy_pairs)), dsim])
    labels = np.full(n, -1, np.int64)
    if len(pairs):
        graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
        _, comp = connected_components(graph, directed=False)
        in_pair = np.zeros(n, bool)
        in_pair[pairs.ravel()] = True
        labels[in_pair] = comp[in_pair]
    return NearDuplicateResult(pairs=pairs, similarity=similarity, labels=labels,
                               candidates=len(cand), params=params)
