"""Benchmark: narrative discovery on 100,000 synthetic posts with planted narratives.

    .venv/bin/python bench/narratives.py [--posts 100000] [--weeks 26] [--topics 60]
                                         [--threshold 0.15] [--embeddings]

Generates (once, cached under bench/out/) a store of analysed posts: eight synthetic languages,
each a Zipf-distributed vocabulary of pseudo-words; ``--topics`` planted narratives, each
running for 1–8 weeks in 2–6 languages and 3+ sources, whose posts mix a few shared names
(the same in every language, as place and group names are once transliterated) and the topic's
own words in each language into ordinary background text; the rest (about 70 %) is background
text only. 4 % of posts are copies of a recent post in another source (forwards), and the
near-duplicate clusters are built as ``tyndau duplicates`` would. Then, in a child process
limited to two threads, ``discover_narratives`` runs over the store: wall time and peak RSS are
printed, and the quality against the planted topics — for each topic, the share of its posts in
the narrative holding most of them (recall), the share of each narrative's posts from its main
topic (purity), and the share of background posts pulled into some narrative (noise).

``generate()`` returns the corpus as an Arrow table (item_key, source_key, published_at, lang,
text, topic; -1 = background), so other tools can be compared on exactly the same posts.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
LANGS = 8
START = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday


def _words(rng: np.random.Generator, n: int, letters: str) -> np.ndarray:
    alphabet = np.array(list(letters))
    lengths = rng.integers(3, 11, n)
    return np.array(["".join(rng.choice(alphabet, k)) for k in lengths], dtype=object)


def generate(n: int = 100_000, weeks: int = 26, topics: int = 60, seed: int = 7) -> pa.Table:
    """The synthetic corpus: posts with their planted topic (-1 for background)."""
    rng = np.random.default_rng(seed)
    vocab = [_words(rng, 6000, "abdefgiklmnoprstuz") for _ in range(LANGS)]
    zipf = 1.0 / np.arange(1, 6001) ** 1.07
    zipf /= zipf.sum()
    n_sources = 500
    source_lang = rng.integers(0, LANGS, n_sources)
    by_lang = [np.flatnonzero(source_lang == g) for g in range(LANGS)]
    horizon = weeks * 7 * 86400
    names = _words(rng, topics * 2, "abdegiklmnorstuv")
    sizes = np.clip(rng.lognormal(5.3, 0.8, topics).astype(int), 30, 3000)
    planted = min(int(sizes.sum()), int(0.3 * n))
    sizes = np.maximum((sizes * planted / sizes.sum()).astype(int), 20)
    posts_text: list[str] = []
    posts_topic: list[int] = []
    posts_src: list[int] = []
    posts_time: list[int] = []
    for t in range(topics):
        langs = rng.choice(LANGS, int(rng.integers(2, 7)), replace=False)
        words = {int(g): rng.choice(vocab[g][1500:], 8, replace=False) for g in langs}
        start = int(rng.integers(0, max(1, weeks - 2))) * 7 * 86400
        span = int(rng.integers(1, 9)) * 7 * 86400
        sources = {int(g): rng.choice(by_lang[g], min(len(by_lang[g]), int(rng.integers(3, 15))),
                                      replace=False) for g in langs}
        for _ in range(int(sizes[t])):
            g = int(rng.choice(langs))
            length = int(rng.integers(8, 40))
            body = list(rng.choice(vocab[g], length, p=zipf))
            body += list(rng.choice(words[g], int(rng.integers(2, 5))))
            body += list(rng.choice(names[2 * t:2 * t + 2], int(rng.integers(1, 3))))
            rng.shuffle(body)
            posts_text.append(" ".join(body))
            posts_topic.append(t)
            posts_src.append(int(rng.choice(sources[g])))
            posts_time.append(min(horizon - 1, start + int(rng.integers(0, span))))
    while len(posts_text) < n:
        s = int(rng.integers(0, n_sources))
        g = int(source_lang[s])
        body = rng.choice(vocab[g], int(np.clip(rng.lognormal(3.0, 0.5), 5, 90)), p=zipf)
        posts_text.append(" ".join(body))
        posts_topic.append(-1)
        posts_src.append(s)
        posts_time.append(int(rng.integers(0, horizon)))
    order = np.argsort(np.asarray(posts_time), kind="stable")
    text = [posts_text[i] for i in order]
    topic = [posts_topic[i] for i in order]
    src = [posts_src[i] for i in order]
    when = [posts_time[i] for i in order]
    for i in range(1, len(text)):  # forwards: a recent post copied into another source
        if rng.random() < 0.04:
            j = max(0, i - int(rng.integers(1, 300)))
            text[i], topic[i] = text[j], topic[j]
            src[i] = int(rng.choice(by_lang[int(source_lang[src[j]])]))
    return pa.table({
        "item_key": [f"telegram:{9000 + s}:{i}" for i, s in enumerate(src)],
        "source_key": [f"telegram:{9000 + s}" for s in src],
        "published_at": pa.array([START + timedelta(seconds=x) for x in when],
                                 pa.timestamp("us", tz="UTC")),
        "lang": [f"l{source_lang[s]}" for s in src],
        "text": text,
        "topic": pa.array(topic, pa.int32()),
    })


def build_store(path: Path, corpus: pa.Table) -> None:
    from tyndau.schema import Item, ItemText, Source
    from tyndau.schema.columns import arrow_schema
    from tyndau.services.near_duplicates import build_near_duplicates
    from tyndau.store import Store
    from tyndau.text.scripts import match_key

    def table(record: type, columns: dict) -> pa.Table:
        schema = arrow_schema(record)
        rows = len(next(iter(columns.values())))
        arrays = [columns[f.name] if f.name in columns else pa.nulls(rows, f.type)
                  for f in schema]
        return pa.Table.from_arrays(arrays, schema=schema)

    n = corpus.num_rows
    sources = sorted(set(corpus.column("source_key").to_pylist()))
    texts = corpus.column("text").to_pylist()
    with Store(path) as store, store.transaction():
        store.insert_arrow_new(Source, table(Source, {
            "source_key": pa.array(sources), "platform": pa.array(["telegram"] * len(sources)),
            "source_id": pa.array([s.split(":")[1] for s in sources]),
            "kind": pa.array(["channel"] * len(sources)),
            "title": pa.array([f"Channel {s.split(':')[1]}" for s in sources])}))
        store.insert_arrow_new(Item, table(Item, {
            "item_key": corpus.column("item_key"), "platform": pa.array(["telegram"] * n),
            "source_key": corpus.column("source_key"),
            "item_id": pa.array([k.rsplit(":", 1)[1] for k in
                                 corpus.column("item_key").to_pylist()]),
            "kind": pa.array(["post"] * n), "published_at": corpus.column("published_at"),
            "text": corpus.column("text"), "origin_format": pa.array(["bench"] * n),
            "origin_file": pa.array(["bench"] * n)}))
        store.insert_arrow_new(ItemText, table(ItemText, {
            "item_key": corpus.column("item_key"), "run_id": pa.array(["bench"] * n),
            "text_norm": corpus.column("text"),
            "match_key": pa.array([match_key(t) for t in texts]),
            "script": pa.array(["Latn"] * n), "lang": corpus.column("lang"),
            "lang_score": pa.array([0.99] * n), "code_switch": pa.array([False] * n)}))
    with Store(path) as store:
        build_near_duplicates(store)


def child(path: str, threshold: float | None, features: str) -> None:
    """Run discovery once and print its report with peak RSS (in this process only)."""
    from tyndau.services.narratives import discover_narratives
    from tyndau.store import Store

    started = time.perf_counter()
    with Store(path) as store:
        report = discover_narratives(store, threshold=threshold, features=features)
        members = store.query("SELECT item_key, narrative_id FROM narrative_member")
    wall = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"report": report, "wall_s": round(wall, 2), "peak_rss_mb": round(rss),
                      "members": members}))


def quality(corpus: pa.Table, members: list[list[str]]) -> dict[str, float]:
    topic = dict(zip(corpus.column("item_key").to_pylist(),
                     corpus.column("topic").to_pylist(), strict=True))
    in_narr: dict[str, str] = dict((k, n) for k, n in members)
    from collections import Counter
    per_topic: dict[int, Counter] = {}
    per_narr: dict[str, Counter] = {}
    for k, t in topic.items():
        n = in_narr.get(k)
        if t >= 0:
            per_topic.setdefault(t, Counter())[n] += 1
        if n is not None:
            per_narr.setdefault(n, Counter())[t] += 1
    recalls = []
    for c in per_topic.values():
        best = max((v for k, v in c.items() if k is not None), default=0)
        recalls.append(best / sum(c.values()))
    purities = [max(c.values()) / sum(c.values()) for c in per_narr.values()]
    spurious = sum(1 for c in per_narr.values() if c.most_common(1)[0][0] == -1)
    background = [k for k, t in topic.items() if t < 0]
    noise = sum(1 for k in background if k in in_narr) / max(len(background), 1)
    found = sum(1 for c in per_topic.values()
                if max((v for k, v in c.items() if k is not None), default=0)
                >= 0.5 * sum(c.values()))
    return {"topics": len(per_topic), "topics_found_50pct": found,
            "mean_recall": round(float(np.mean(recalls)), 3) if recalls else 0.0,
            "narratives": len(per_narr), "mostly_background": spurious,
            "mean_purity": round(float(np.mean(purities)), 3) if purities else 0.0,
            "background_in_narratives": round(noise, 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--weeks", type=int, default=26)
    ap.add_argument("--topics", type=int, default=60)
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--embeddings", action="store_true")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        path, threshold, features = args.child
        child(path, None if threshold == "-" else float(threshold), features)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"narratives-{args.posts}-{args.weeks}w-{args.topics}t.duckdb"
    t0 = time.perf_counter()
    corpus = generate(args.posts, args.weeks, args.topics)
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        build_store(tmp, corpus)
        tmp.rename(path)
        print(f"built {path.name} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    env = {**os.environ, "OMP_NUM_THREADS": "2", "OPENBLAS_NUM_THREADS": "2",
           "MKL_NUM_THREADS": "2", "TYNDAU_MEMORY_LIMIT": "1GB"}
    cmd = ["taskset", "-c", "0,1"] if sys.platform.startswith("linux") and os.cpu_count() \
        and os.cpu_count() >= 2 else []
    out = subprocess.run([*cmd, sys.executable, __file__, "--child", str(path),
                          "-" if args.threshold is None else str(args.threshold),
                          "embeddings" if args.embeddings else "lexical"],
                         check=True, capture_output=True, text=True, env=env)
    result = json.loads(out.stdout)
    report = result["report"]
    print(f"posts {args.posts:,} over {args.weeks} weeks, {args.topics} planted narratives, "
          f"2 cores ({'embeddings' if args.embeddings else 'lexical'} features)")
    print(f"discovery: {result['wall_s']} s wall ({report['seconds']} s in the service), "
          f"peak RSS {result['peak_rss_mb']} MB")
    print(f"narratives {report['narratives']}, items assigned {report['items_assigned']:,} "
          f"of {report['items_considered']:,}")
    print("quality:", json.dumps(quality(corpus, result["members"])))


if __name__ == "__main__":
    main()
