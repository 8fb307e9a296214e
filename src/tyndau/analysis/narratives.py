"""Emerging-narrative discovery: deterministic clustering, period by period, with links.

The input is every item with a text, its source, its period (week or month index) and its
near-duplicate group (a forwarded or lightly edited copy shares its origin's group). The
output is a set of narratives, each item's membership, and the events that link narratives
across periods. Everything is a pure function of the input: no random seed, no dependence on
the order rows arrive in, and no dependence on later periods.

**Units.** A near-duplicate group is one *unit* of content: copies count towards a narrative's
size and sources but are clustered once, so a post forwarded fifty times does not make a
"narrative" by repetition. A copy published later follows its group into whatever narrative the
group joined.

**Signatures.** A narrative is compared with a unit through its *signature*: the centroid of
its members (normalised mean of their vectors) minus the mean vector of the current window,
its ``signature_terms`` largest positive weights kept and renormalised. The centroid of short
posts also carries the mass of their language's ordinary vocabulary, which any post of that
language matches a little; the signature keeps what the narrative says that others do not.
(Dense embeddings have no vocabulary: their signature is the centroid.)

**Periods in order.** For each period *p*, as of the end of *p* (document frequencies include
nothing later, see :mod:`tyndau.analysis.narrative_features`):

1. *Assign*: each unit of the window that is still free — this period's, and those left over
   from the previous ``window - 1`` periods — joins the existing narrative whose signature is
   most similar, if the cosine reaches ``threshold``. A unit keeps its own period.
2. *Form*: what is still free in the window (so a story that starts on a Sunday is not cut in
   two) is clustered. A neighbour graph links pairs with cosine ≥ ``pair_threshold`` (terms in
   more than ``max_df`` of the pooled units are left out of this step only, which bounds its
   cost: a dot product without them is a lower bound of the cosine). Units in order of
   neighbour count (most first; ties by a hash of the item key, so neither key order nor
   arrival order matters) found a star of their still-free neighbours. Stars of at least
   ``min_size`` distinct contents from at least ``min_sources`` sources are refined by a few
   passes: candidates whose signatures reach ``merge_threshold`` are united (a star per
   language of the same story), and each pooled unit moves to its most similar signature if
   ≥ ``threshold``. A candidate survives when its *core* — members that are neighbours of two
   other members — still meets the size and source rules (a star of posts that each share a
   word with the seed and nothing with each other is chance), and, with lexical features, the
   core repeats at least ``min_terms`` stems of its own (see
   :meth:`LexicalSpace.distinctive_stems`). Survivors become new narratives; everything else
   stays free and may still join or form one in the next period.
3. *Merge*: two narratives whose signatures now reach ``merge_threshold`` become one: the
   younger is *merged* into the older, which receives its later items.
4. *Link*: a narrative with items in *p* that existed before is *continued*; a new one is
   *split* from the recently active narrative its signature is closest to when that cosine
   reaches ``related_threshold`` (it branched off: close, but not close enough to join), else
   *new*; one that had items in *p - 1* and has none in *p* has *faded* (it may continue).

**Thresholds.** Lexical defaults (``threshold`` 0.1, pairs 0.075, merges 0.2) were set on the
sample corpus and on ``bench/narratives.py``'s planted narratives: on 100,000 synthetic posts
they find 55 of 60 planted narratives with 0.8 % of background posts pulled in; 0.09 finds all
60 but three times as many chance groupings. For centred embeddings the default is 0.3.

**Identity.** A narrative's id is a hash of its founding unit's item key (the star's seed, the
unit with most neighbours). Re-running over the same data gives the same narratives with the
same ids, and a run that goes further in time gives the same narratives for the earlier
periods, so ids survive re-runs and new periods only add.

**Cost.** The neighbour graph is a sparse product in row blocks, thresholded block by block;
assignment is one product against the centroids per period. Both are linear in the number of
units for a bounded ``max_df``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from tyndau.analysis.narrative_features import (
    EmbeddingSpace,
    LexicalSpace,
    normalise,
)

#: Cosine similarity to a centroid (or between two units) to belong together, lexical space.
DEFAULT_THRESHOLD = 0.1
#: The same for centred multilingual-e5-small vectors (see EmbeddingSpace).
DEFAULT_EMBEDDING_THRESHOLD = 0.3
DEFAULT_MIN_SIZE = 5
DEFAULT_MIN_SOURCES = 2
DEFAULT_WINDOW = 2


@dataclass(frozen=True, slots=True)
class NarrativeParams:
    """Settings of a discovery run (all stored with the run)."""

    threshold: float = DEFAULT_THRESHOLD
    pair_threshold: float | None = None  # neighbour graph; default: 0.75 × threshold
    min_size: int = DEFAULT_MIN_SIZE  # distinct contents (near-duplicate groups)
    min_sources: int = DEFAULT_MIN_SOURCES
    window: int = DEFAULT_WINDOW  # periods whose left-over items are clustered together
    merge_threshold: float | None = None  # default: 2 × threshold (at most 0.9)
    related_threshold: float | None = None  # default: 0.6 × threshold
    max_df: int = 1000  # terms in more pooled units are left out of the neighbour graph
    signature_terms: int = 30  # distinctive terms kept of a centroid (lexical)
    min_terms: int = 2  # stems a new narrative must repeat (≥ 20 % of it, ≥ 10× background)
    refine_passes: int = 3

    @property
    def pair(self) -> float:
        if self.pair_threshold is not None:
            return self.pair_threshold
        return round(0.75 * self.threshold, 4)

    @property
    def merge(self) -> float:
        if self.merge_threshold is not None:
            return self.merge_threshold
        return round(min(0.9, 2 * self.threshold), 4)

    @property
    def related(self) -> float:
        if self.related_threshold is not None:
            return self.related_threshold
        return round(0.6 * self.threshold, 4)

    def as_dict(self) -> dict[str, float | int]:
        return {"threshold": self.threshold, "pair_threshold": self.pair, "min_size": self.min_size,
                "min_sources": self.min_sources, "window": self.window,
                "merge_threshold": self.merge, "related_threshold": self.related,
                "max_df": self.max_df, "signature_terms": self.signature_terms,
                "min_terms": self.min_terms,
                "refine_passes": self.refine_passes}


@dataclass(slots=True)
class Cluster:
    """A discovered narrative (indices refer to :class:`Discovery` rows)."""

    id: str
    seed: int  # the founding unit's representative row
    founded: int  # period index in which it was formed
    merged_into: int | None = None  # index of the narrative that absorbed it
    last: int = -1  # last period with members
    groups: list[int] = field(default_factory=list)  # member units (near-duplicate groups)


@dataclass(frozen=True, slots=True)
class Link:
    """An event in a narrative's life: ``kind`` in period ``period``.

    ``narrative`` is the narrative concerned (the new, continued, faded or absorbed one);
    ``other`` is the parent of a split or the absorbing narrative of a merge.
    """

    period: int
    kind: str  # new, split, continued, merged, faded
    narrative: int
    other: int | None = None
    similarity: float | None = None
    items: int = 0  # the narrative's items in that period


@dataclass(slots=True)
class Discovery:
    """The result: rows are in canonical order (period, key hash); ``order`` maps them back."""

    order: np.ndarray  # canonical row → input row
    clusters: list[Cluster]
    member_of: np.ndarray  # canonical row → narrative index or -1
    similarity: np.ndarray  # canonical row → cosine to its narrative's centroid when it joined
    group_of: np.ndarray  # canonical row → unit (group) index
    rep_row: np.ndarray  # unit → canonical row of its first item
    links: list[Link]
    periods: np.ndarray  # canonical row → period index
    space: LexicalSpace | EmbeddingSpace
    lexical: LexicalSpace | None  # for labels (the same as ``space`` when lexical)
    counts: dict[str, int]

    def rows_of(self, narrative: int) -> np.ndarray:
        return np.flatnonzero(self.member_of == narrative)


def key_rank(keys: Sequence[str]) -> np.ndarray:
    """A fixed pseudo-random rank of each key (BLAKE2b), the neutral tie-breaker."""
    return np.array([int.from_bytes(hashlib.blake2b(k.encode("utf-8"), digest_size=8).digest(),
                                    "big") >> 1 for k in keys], dtype=np.int64)


def narrative_id(seed_key: str) -> str:
    return "nar-" + hashlib.sha256(seed_key.encode("utf-8")).hexdigest()[:12]


def discover(item_keys: Sequence[str], source_keys: Sequence[str], periods: np.ndarray,
             groups: Sequence[str], *, match_keys: Sequence[str] | None = None,
             langs: Sequence[str] | None = None, embeddings: np.ndarray | None = None,
             params: NarrativeParams | None = None) -> Discovery:
    """Discover narratives over items in periods (see the module docstring).

    ``periods`` are integer period indices (consecutive periods differ by 1); ``groups`` the
    near-duplicate group of each item (its cluster id, or its own key when it has no copy).
    Give ``match_keys`` (and ``langs``, for per-language document frequencies) for the lexical
    space, or ``embeddings`` (one row per item) for the embedding space; with both, the
    embeddings cluster and the match keys label.
    """
    params = params or NarrativeParams()
    n = len(item_keys)
    keys = np.asarray(item_keys, dtype=object)
    periods_in = np.asarray(periods, dtype=np.int64)
    order = np.lexsort((keys, key_rank(item_keys), periods_in)) if n else np.zeros(0, np.int64)
    keys = keys[order]
    period_of = periods_in[order]
    src_codes, _ = _codes(np.asarray(source_keys, dtype=object)[order])
    group_of, rep_row = _first_occurrence_codes(np.asarray(groups, dtype=object)[order])
    counted = np.zeros(n, dtype=bool)
    counted[rep_row] = True
    lexical = (LexicalSpace([match_keys[i] for i in order], period_of, counted,
                            [langs[i] for i in order] if langs is not None else None)
               if match_keys is not None else None)
    if embeddings is not None:
        space: LexicalSpace | EmbeddingSpace = EmbeddingSpace(np.asarray(embeddings)[order],
                                                              period_of, counted)
    elif lexical is not None:
        space = lexical
    else:
        raise ValueError("give match_keys (lexical) or embeddings")
    run = _Run(params, keys, period_of, src_codes, group_of, rep_row, space, lexical)
    if n:
        for p in range(int(period_of.min()), int(period_of.max()) + 1):
            run.step(p)
    return Discovery(order=order, clusters=run.narratives, member_of=run.member_of,
                     similarity=run.similarity, group_of=group_of, rep_row=rep_row,
                     links=run.links, periods=period_of, space=space, lexical=lexical,
                     counts={"items": n, "contents": len(rep_row),
                             "periods": int(period_of.max() - period_of.min() + 1) if n else 0})


@dataclass(frozen=True, slots=True)
class Description:
    """What a narrative looks like at the end of the run."""

    rows: np.ndarray  # member rows (canonical order)
    central: list[int]  # rows of distinct contents, closest to the centroid first (≤ 50)
    terms: dict[str, float]  # distinctive lexical terms → weight


def describe(d: Discovery, *, top_terms: int = 16, central: int = 50) -> list[Description]:
    """Each cluster's members, most central contents and distinctive terms, as of the last
    period.

    Central contents are the distinct contents (near-duplicate groups) most similar to the
    centroid in the space the clustering used: the first are the narrative's representative
    items, and the label's surface forms are counted over them. Terms come from the lexical
    space: the centroid's weight of each term minus its weight in the mean of all contents (so
    words that every narrative uses do not label any), the positive part.
    """
    if not d.clusters:
        return []
    last = int(d.periods.max())
    d.space.advance(last)
    background = None
    if d.lexical is not None:
        d.lexical.advance(last)
        background = np.zeros(d.lexical.n_features, dtype=np.float32)
        idx, w = d.lexical.mean(d.rep_row)
        background[idx] = w
    out = []
    for i in range(len(d.clusters)):
        rows = d.rows_of(i)
        reps = d.rep_row[np.unique(d.group_of[rows])]
        vecs = d.space.vectors(reps)
        centroid = normalise(np.asarray(vecs.sum(axis=0)).reshape(1, -1))
        sims = _dot(vecs, centroid).ravel()
        best = np.lexsort((reps, -sims))[:central]
        terms: dict[str, float] = {}
        if d.lexical is not None and background is not None:
            idx, w = d.lexical.mean(reps)
            score = w - background[idx]
            top = np.lexsort((idx, -score))[:top_terms]
            terms = {d.lexical.term(int(idx[j])): float(score[j]) for j in top if score[j] > 0}
        out.append(Description(rows=rows, central=[int(reps[b]) for b in best], terms=terms))
    return out


def _codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    uniq, inv = np.unique(values.astype(str), return_inverse=True) if len(values) else (
        np.zeros(0, dtype=str), np.zeros(0, dtype=np.int64))
    return inv.astype(np.int64), uniq


def _first_occurrence_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes numbered by first occurrence, and the first row of each code."""
    seen: dict[object, int] = {}
    codes = np.fromiter((seen.setdefault(v, len(seen)) for v in values), dtype=np.int64,
                        count=len(values))
    first = np.full(len(seen), -1, dtype=np.int64)
    rows = np.arange(len(values))[::-1]
    first[codes[::-1]] = rows  # the last write per code is its smallest row
    return codes, first


class _Run:
    """The state of a discovery as it walks through the periods."""

    def __init__(self, params: NarrativeParams, keys: np.ndarray, period_of: np.ndarray,
                 src: np.ndarray, group_of: np.ndarray, rep_row: np.ndarray,
                 space: LexicalSpace | EmbeddingSpace, lexical: LexicalSpace | None) -> None:
        self.p = params
        self.lexical = lexical
        self.keys = keys
        self.period_of = period_of
        self.src = src
        self.group_of = group_of
        self.rep_row = rep_row
        self.space = space
        n_groups = len(rep_row)
        self.group_narr = np.full(n_groups, -1, dtype=np.int64)
        self.group_sim = np.zeros(n_groups, dtype=np.float32)
        self.member_of = np.full(len(keys), -1, dtype=np.int64)
        self.similarity = np.zeros(len(keys), dtype=np.float32)
        self.narratives: list[Cluster] = []
        self.links: list[Link] = []
        self._background: np.ndarray | None = None
        # rows of each group in canonical (period) order
        by_group = np.argsort(group_of, kind="stable")
        bounds = np.searchsorted(group_of[by_group], np.arange(n_groups + 1))
        self._group_rows = [by_group[bounds[g]:bounds[g + 1]] for g in range(n_groups)]
        self._period_bounds = np.searchsorted(period_of, np.arange(
            int(period_of.min()) if len(period_of) else 0,
            (int(period_of.max()) if len(period_of) else 0) + 2))
        self._p0 = int(period_of.min()) if len(period_of) else 0

    # -- helpers ---------------------------------------------------------------------------
    def root(self, i: int) -> int:
        while self.narratives[i].merged_into is not None:
            i = self.narratives[i].merged_into  # type: ignore[assignment]
        return i

    def rows_in(self, p: int) -> np.ndarray:
        k = p - self._p0
        return np.arange(self._period_bounds[k], self._period_bounds[k + 1])

    def centroids(self, narr: list[int]) -> np.ndarray | sparse.csr_matrix:
        """Normalised centroids of the given narratives, each over its own and absorbed units."""
        roots = np.array([self.root(i) for i in range(len(self.narratives))], dtype=np.int64)
        owner = np.full(len(self.narratives), -1, dtype=np.int64)
        owner[np.asarray(narr, dtype=np.int64)] = np.arange(len(narr))
        groups = np.flatnonzero(self.group_narr >= 0)
        owners = owner[roots[self.group_narr[groups]]]
        keep = owners >= 0
        vecs = self.space.vectors(self.rep_row[groups[keep]])
        return self._signatures(vecs, owners[keep], len(narr))

    def _signatures(self, vecs, owners: np.ndarray, k: int):
        ind = sparse.csr_matrix((np.ones(len(owners), np.float32), (owners, np.arange(
            len(owners)))), shape=(k, vecs.shape[0]))
        return self.space.signatures(normalise(ind @ vecs), self._background,
                                     self.p.signature_terms)

    def _join(self, g: int, narr: int, sim: float, p: int) -> int:
        """Group ``g`` joins ``narr``: its rows up to period ``p`` become members; returns how
        many of them are in ``p``."""
        self.group_narr[g] = narr
        self.group_sim[g] = sim
        rows = self._group_rows[g]
        rows = rows[(self.period_of[rows] <= p) & (self.member_of[rows] < 0)]
        self.member_of[rows] = narr
        self.similarity[rows] = sim
        n = self.narratives[narr]
        n.groups.append(g)
        if rows.size:
            n.last = max(n.last, int(self.period_of[rows].max()))
        return int(np.count_nonzero(self.period_of[rows] == p))

    # -- one period ------------------------------------------------------------------------
    def step(self, p: int) -> None:
        self.space.advance(p)
        rows = self.rows_in(p)
        lo = self._period_bounds[max(p - self.p.window + 1 - self._p0, 0)]
        window_groups = np.unique(self.group_of[lo:rows[-1] + 1]) if rows.size else \
            np.zeros(0, np.int64)
        self._background = self.space.background(
            self.space.vectors(self.rep_row[window_groups])) if window_groups.size else None
        live_before = [i for i, n in enumerate(self.narratives) if n.merged_into is None]
        items_in: dict[int, int] = {}
        # copies of content already placed follow it
        for r in rows:
            g = self.group_of[r]
            if self.group_narr[g] >= 0 and self.member_of[r] < 0:
                target = self.root(int(self.group_narr[g]))
                self.member_of[r] = target
                self.similarity[r] = self.group_sim[g]
                self.narratives[target].last = p
                items_in[target] = items_in.get(target, 0) + 1
        # this period's new content and what the previous periods of the window left over
        new_groups = window_groups[self.group_narr[window_groups] < 0]
        # 1. assign to existing narratives
        if live_before and new_groups.size:
            cents = self.centroids(live_before)
            sims = _dot(self.space.vectors(self.rep_row[new_groups]), cents)
            best = np.argmax(sims, axis=1)
            best_sim = sims[np.arange(len(new_groups)), best]
            for g, b, s in zip(new_groups, best, best_sim, strict=True):
                if s >= self.p.threshold:
                    target = live_before[int(b)]
                    items_in[target] = items_in.get(target, 0) + self._join(
                        int(g), target, float(s), p)
        # 2. form new narratives from what is left in the window
        first_new = len(self.narratives)
        self._form(p, items_in)
        # 3. merge narratives that have converged
        touched = [i for i in items_in if self.narratives[i].merged_into is None]
        merged = self._merge(p, touched)
        # 4. links
        founded = list(range(first_new, len(self.narratives)))
        old_live = [i for i in live_before if i not in merged]
        parents = [i for i in old_live if self.narratives[i].last >= p - self.p.window]
        if founded:
            fc = self.centroids(founded)
            pc = self.centroids(parents) if parents else None
            for j, i in enumerate(founded):
                items = items_in.get(i, 0)
                if pc is not None:
                    s = _dot(fc[j:j + 1], pc)[0]
                    b = int(np.argmax(s))
                    if s[b] >= self.p.related:
                        self.links.append(Link(p, "split", i, parents[b], round(float(s[b]), 4),
                                               items))
                        continue
                self.links.append(Link(p, "new", i, None, None, items))
        for i in live_before:
            n = self.narratives[i]
            if i in merged:
                continue
            if items_in.get(i):
                self.links.append(Link(p, "continued", i, None, None, items_in[i]))
            elif n.last == p - 1:
                self.links.append(Link(p, "faded", i))

    def _form(self, p: int, items_in: dict[int, int]) -> None:
        lo = self._period_bounds[max(p - self.p.window + 1 - self._p0, 0)]
        hi = self._period_bounds[p - self._p0 + 1]
        pool_groups = np.unique(self.group_of[lo:hi])
        pool_groups = pool_groups[self.group_narr[pool_groups] < 0]
        if pool_groups.size < self.p.min_size:
            return
        clusters = self._cluster(pool_groups, p)
        for seed_pos, members, sims in clusters:
            g_seed = int(pool_groups[seed_pos])
            seed_row = int(self.rep_row[g_seed])
            idx = len(self.narratives)
            self.narratives.append(Cluster(id=narrative_id(str(self.keys[seed_row])),
                                             seed=seed_row, founded=p))
            items_in[idx] = sum(self._join(int(pool_groups[m]), idx, float(s), p)
                                for m, s in zip(members, sims, strict=True))

    def _cluster(self, pool_groups: np.ndarray,
                 p: int) -> list[tuple[int, np.ndarray, np.ndarray]]:
        """Seeded star clusters over the pool, refined; (seed position, members, sims)."""
        t = self.p.threshold
        vecs = self.space.vectors(self.rep_row[pool_groups])
        graph = _neighbour_graph(self.space.pruned(vecs, self.p.max_df), self.p.pair)
        degree = np.diff(graph.indptr)
        rank = key_rank([str(self.keys[r]) for r in self.rep_row[pool_groups]])
        order = np.lexsort((rank, -degree))
        position = np.empty_like(order)
        position[order] = np.arange(len(order))
        label = np.full(len(pool_groups), -1, dtype=np.int64)
        stars: list[np.ndarray] = []
        for i in order:
            if degree[i] == 0:
                break
            if label[i] >= 0:
                continue
            nb = graph.indices[graph.indptr[i]:graph.indptr[i + 1]]
            nb = nb[label[nb] < 0]
            if nb.size == 0:
                continue
            members = np.concatenate(([i], nb))
            label[members] = len(stars)
            stars.append(members)
        label = self._valid(label, pool_groups)
        sims = np.zeros(len(pool_groups), dtype=np.float32)
        for _ in range(self.p.refine_passes):
            k = int(label.max()) + 1 if label.size else 0
            if k == 0:
                return []
            members = np.flatnonzero(label >= 0)
            sigs = self._signatures(vecs[members], label[members], k)
            # candidates that say the same thing (a star per language, say) become one
            merged = _merge_labels(_dot(sigs, sigs), self.p.merge)
            if merged is not None:
                sigs = self._signatures(vecs[members], merged[label[members]],
                                        int(merged.max()) + 1)
            s = _dot(vecs, sigs)
            best = np.argmax(s, axis=1)
            sims = s[np.arange(len(pool_groups)), best]
            new_label = self._valid(np.where(sims >= t, best, -1), pool_groups)
            if np.array_equal(new_label, label):
                break
            label = new_label
        # its core — members that are neighbours of two other members — must meet the rules
        # too: a star of posts that each share a word with the seed, and nothing with each
        # other, is not a narrative (the other members, close to its terms, stay in it)
        core = self._valid(_two_core(graph, label), pool_groups, formed=True)
        label = np.where(np.isin(label, np.unique(label[core >= 0])), label, -1)
        label = self._valid(label, pool_groups)
        out = []
        for c in range(int(label.max()) + 1 if label.size else 0):
            members = np.flatnonzero(label == c)
            members = members[np.argsort(position[members], kind="stable")]
            out.append((int(members[0]), members, sims[members]))
        out.sort(key=lambda x: position[x[0]])
        return out

    def _valid(self, label: np.ndarray, pool_groups: np.ndarray, *,
               formed: bool = False) -> np.ndarray:
        """``label`` without the candidates that fail the size and source rules (and, when
        ``formed``, the repeated-terms rule), renumbered in order of first appearance."""
        out = np.full(len(label), -1, dtype=np.int64)
        n = 0
        for c in dict.fromkeys(int(x) for x in label if x >= 0):
            members = np.flatnonzero(label == c)
            ok = self._meets(pool_groups[members])
            if ok and formed and self.lexical is not None and self.p.min_terms:
                self.lexical.advance(self.space.period)
                ok = self.lexical.distinctive_stems(
                    self.rep_row[pool_groups[members]]) >= self.p.min_terms
            if ok:
                out[members] = n
                n += 1
        return out

    def _sources(self, groups: np.ndarray) -> int:
        rows = np.concatenate([self._group_rows[g] for g in groups]) if len(groups) else []
        return len(np.unique(self.src[rows])) if len(rows) else 0

    def _meets(self, groups: np.ndarray) -> bool:
        return len(groups) >= self.p.min_size and self._sources(groups) >= self.p.min_sources

    def _merge(self, p: int, touched: list[int]) -> set[int]:
        live = [i for i, n in enumerate(self.narratives) if n.merged_into is None]
        if not touched or len(live) < 2:
            return set()
        cents = self.centroids(live)
        pos = {n: j for j, n in enumerate(live)}
        sims = _dot(cents[[pos[i] for i in touched]], cents)
        pairs = []
        for a, i in enumerate(touched):
            for b in np.flatnonzero(sims[a] >= self.p.merge):
                j = live[int(b)]
                if j != i:
                    pairs.append((-float(sims[a, b]), min(i, j), max(i, j)))
        merged: set[int] = set()
        for neg, old, young in sorted(set(pairs)):
            ro, ry = self.root(old), self.root(young)
            if ro == ry:
                continue
            ro, ry = min(ro, ry), max(ro, ry)
            self.narratives[ry].merged_into = ro
            self.narratives[ro].last = max(self.narratives[ro].last, self.narratives[ry].last)
            self.links.append(Link(p, "merged", ry, ro, round(-neg, 4)))
            merged.add(ry)
        return merged


def _merge_labels(sims: np.ndarray, threshold: float) -> np.ndarray | None:
    """Union of candidates whose signatures reach ``threshold`` (most similar pairs first):
    the new label of each candidate, numbered by smallest member, or None when none merge."""
    k = sims.shape[0]
    parent = list(range(k))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    a, b = np.nonzero(np.triu(sims >= threshold, 1))
    if a.size == 0:
        return None
    for j in np.lexsort((b, a, -sims[a, b])):
        ra, rb = find(int(a[j])), find(int(b[j]))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = [find(i) for i in range(k)]
    number = {r: n for n, r in enumerate(dict.fromkeys(roots))}
    return np.array([number[r] for r in roots], dtype=np.int64)


def _two_core(graph: sparse.csr_matrix, label: np.ndarray) -> np.ndarray:
    """Members of each candidate that keep ≥ 2 neighbours inside it (peeled repeatedly)."""
    label = label.copy()
    while True:
        rows, cols = graph.nonzero()
        same = (label[rows] >= 0) & (label[rows] == label[cols])
        inside = np.bincount(rows[same], minlength=len(label))
        weak = (label >= 0) & (inside < 2)
        if not weak.any():
            return label
        label[weak] = -1


def _dot(a, b) -> np.ndarray:
    """Dense matrix of dot products between the rows of ``a`` and of ``b``."""
    out = a @ b.T
    return out.toarray() if sparse.issparse(out) else np.asarray(out)


def _neighbour_graph(vecs, threshold: float, block: int = 2048) -> sparse.csr_matrix:
    """Pairs of rows with dot product ≥ ``threshold`` (no self pairs), as a CSR pattern."""
    n = vecs.shape[0]
    rows_out, cols_out = [], []
    vt = vecs.T.tocsc() if sparse.issparse(vecs) else vecs.T
    for start in range(0, n, block):
        chunk = vecs[start:start + block]
        s = chunk @ vt
        if sparse.issparse(s):
            s = s.tocoo()
            keep = s.data >= threshold
            r, c = s.row[keep] + start, s.col[keep]
        else:
            r, c = np.nonzero(s >= threshold)
            r = r + start
        off = r != c
        rows_out.append(r[off])
        cols_out.append(c[off])
    r = np.concatenate(rows_out) if rows_out else np.zeros(0, np.int64)
    c = np.concatenate(cols_out) if cols_out else np.zeros(0, np.int64)
    g = sparse.csr_matrix((np.ones(len(r), np.int8), (r, c)), shape=(n, n))
    g.sort_indices()
    return g
