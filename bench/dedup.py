"""Benchmark: near-duplicate clustering — tyndau against datasketch, same corpus, same run.

    .venv/bin/python bench/dedup.py [--posts 1000000] [--sample 50000] [--threshold 0.8]

Generates a synthetic corpus of match-key-like posts (Zipf-distributed vocabulary of pseudo
words, lengths 8–90 words) with planted copies: exact copies (forwards) and edited copies
(word substitutions, deletions and insertions) of recent posts, so that similarities spread
over 0.3–1.0. Then, each step in a child process so that its peak memory is its own:

1. tyndau's clustering (``tyndau.analysis.dedup.near_duplicates``) over all posts: wall time,
   peak RSS;
2. on the first ``--sample`` posts: the exact set of pairs with Jaccard ≥ threshold (prefix
   filtering, every candidate checked), then recall of the full run's clusters against it
   (a pair counts as found when both posts are in the same cluster);
3. on the same sample, tyndau and datasketch (``MinHash`` with 128 permutations over the same
   4-byte shingles + ``MinHashLSH`` at the same threshold, candidates checked exactly by the
   same code, clusters as connected components): wall time and recall of each, and the
   speed-up.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]


def generate(n: int, seed: int = 11) -> pa.Table:
    rng = np.random.default_rng(seed)
    letters = np.array(list("abdefghijklmnopqrstuvxyz"))
    vocab_size = 80_000
    word_len = rng.integers(2, 11, vocab_size)
    vocab = np.array(["".join(rng.choice(letters, k)) for k in word_len], dtype=object)
    zipf = 1.0 / np.arange(1, vocab_size + 1) ** 1.05
    zipf /= zipf.sum()
    lengths = np.clip(rng.lognormal(3.2, 0.5, n).astype(int), 8, 90)
    words = rng.choice(vocab_size, size=int(lengths.sum()), p=zipf)
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    posts: list[list[int]] = [words[bounds[i]:bounds[i + 1]].tolist() for i in range(n)]
    kind = rng.random(n)
    for i in range(1, n):
        if kind[i] < 0.03:  # exact copy (a forward) of a recent post
            posts[i] = posts[max(0, i - int(rng.integers(1, 2000)))]
        elif kind[i] < 0.11:  # edited copy: substitutions, deletions, insertions
            base = list(posts[max(0, i - int(rng.integers(1, 2000)))])
            edits = int(rng.integers(0, max(2, len(base) // 3)))
            for _ in range(edits):
                op = rng.random()
                pos = int(rng.integers(0, len(base)))
                if op < 0.5:
                    base[pos] = int(rng.choice(vocab_size, p=zipf))
                elif op < 0.75 and len(base) > 4:
                    del base[pos]
                else:
                    base.insert(pos, int(rng.choice(vocab_size, p=zipf)))
            posts[i] = base
    texts = [" ".join(vocab[p]) for p in posts]
    return pa.table({"match_key": pa.array(texts, pa.large_string())})


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- child steps ---------------------------------------------------------------------------

def child_tyndau(path: Path, threshold: float, rows: int | None, labels_out: Path) -> dict:
    from tyndau.analysis.dedup import near_duplicates

    texts = pq.read_table(path).column("match_key")
    if rows:
        texts = texts.slice(0, rows)
    start = time.perf_counter()
    result = near_duplicates(texts, threshold=threshold, min_bytes=4)
    seconds = time.perf_counter() - start
    np.save(labels_out, result.labels)
    return {"seconds": seconds, "peak_mb": peak_mb(), "pairs": len(result.pairs),
            "candidates": result.candidates, "clustered": int((result.labels >= 0).sum()),
            "bands": result.params.bands, "rows": result.params.rows}


def child_datasketch(path: Path, threshold: float, rows: int, labels_out: Path) -> dict:
    from datasketch import MinHash, MinHashLSH
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from tyndau.analysis.dedup import ShingleSets

    texts = pq.read_table(path).column("match_key").slice(0, rows).to_pylist()
    start = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    sigs = []
    for i, t in enumerate(texts):
        b = t.encode("utf-8")
        m = MinHash(num_perm=128)
        m.update_batch([b[j:j + 4] for j in range(len(b) - 3)])
        lsh.insert(i, m, check_duplication=False)
        sigs.append(m)
    pairs = set()
    for i, m in enumerate(sigs):
        for j in lsh.query(m):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    cand = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    sim = ShingleSets(texts).jaccard(cand) if len(cand) else np.zeros(0)
    hit = cand[sim >= threshold - 1e-12]
    n = len(texts)
    labels = np.full(n, -1, np.int64)
    if len(hit):
        g = coo_matrix((np.ones(len(hit)), (hit[:, 0], hit[:, 1])), shape=(n, n))
        _, comp = connected_components(g, directed=False)
        used = np.zeros(n, bool)
        used[hit.ravel()] = True
        labels[used] = comp[used]
    seconds = time.perf_counter() - start
    np.save(labels_out, labels)
    return {"seconds": seconds, "peak_mb": peak_mb(), "pairs": len(hit),
            "candidates": len(cand)}


def child_exact(path: Path, threshold: float, rows: int, pairs_out: Path) -> dict:
    from tyndau.analysis.dedup import ShingleSets, exact_similar_pairs

    texts = pq.read_table(path).column("match_key").slice(0, rows)
    start = time.perf_counter()
    pairs, _ = exact_similar_pairs(ShingleSets(texts), threshold)
    np.save(pairs_out, pairs)
    return {"seconds": time.perf_counter() - start, "pairs": len(pairs)}


def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def recall(labels: np.ndarray, truth: np.ndarray) -> float:
    if len(truth) == 0:
        return float("nan")
    a, b = labels[truth[:, 0]], labels[truth[:, 1]]
    return float(np.mean((a == b) & (a >= 0)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument("--sample", type=int, default=50_000)
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--workdir", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--child", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        step, path, threshold, rows, out = args.child
        fn = {"tyndau": child_tyndau, "datasketch": child_datasketch,
              "exact": child_exact}[step]
        print(json.dumps(fn(Path(path), float(threshold), int(rows) or None, Path(out))))
        return

    args.workdir.mkdir(parents=True, exist_ok=True)
    corpus = args.workdir / f"dedup-{args.posts}.parquet"
    if not corpus.exists():
        t = time.perf_counter()
        pq.write_table(generate(args.posts), corpus)
        print(f"generated {args.posts:,} posts in {time.perf_counter() - t:.0f} s → {corpus}")
    sample = min(args.sample, args.posts)
    th = str(args.threshold)
    w = args.workdir
    full = run_child("tyndau", str(corpus), th, "0", str(w / "labels-full.npy"))
    exact = run_child("exact", str(corpus), th, str(sample), str(w / "truth.npy"))
    truth = np.load(w / "truth.npy")
    ours = run_child("tyndau", str(corpus), th, str(sample), str(w / "labels-ours.npy"))
    ds = run_child("datasketch", str(corpus), th, str(sample), str(w / "labels-ds.npy"))
    full_recall = recall(np.load(w / "labels-full.npy")[:sample], truth)
    ours_recall = recall(np.load(w / "labels-ours.npy"), truth)
    ds_recall = recall(np.load(w / "labels-ds.npy"), truth)

    print(f"\nnear-duplicate clustering, threshold J ≥ {args.threshold}, 4-byte shingles, "
          "2 cores")
    print(f"  tyndau, {args.posts:,} posts: {full['seconds']:.1f} s "
          f"({args.posts / full['seconds']:,.0f} posts/s), peak RSS {full['peak_mb']:,.0f} MB, "
          f"{full['bands']} bands × {full['rows']} rows, {full['candidates']:,} candidate "
          f"pairs checked, {full['pairs']:,} pairs verified, {full['clustered']:,} posts "
          "clustered")
    print(f"  exact pairs with J ≥ {args.threshold} among the first {sample:,} posts: "
          f"{len(truth):,} (prefix filtering, {exact['seconds']:.1f} s)")
    print(f"  recall of the full run on those pairs: {full_recall:.4f}")
    print(f"\n  on the first {sample:,} posts        time       recall   peak RSS")
    print(f"  tyndau (OPH MinHash + LSH)  {ours['seconds']:8.2f} s   {ours_recall:.4f}   "
          f"{ours['peak_mb']:,.0f} MB")
    print(f"  datasketch MinHash + LSH    {ds['seconds']:8.2f} s   {ds_recall:.4f}   "
          f"{ds['peak_mb']:,.0f} MB")
    print(f"  speed-up: {ds['seconds'] / ours['seconds']:.1f}×")


if __name__ == "__main__":
    main()
