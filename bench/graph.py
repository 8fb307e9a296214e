"""Benchmark: propagation graph and discovery frontier over a synthetic store.

    .venv/bin/python bench/graph.py [--sources 10000] [--edges 1000000] [--workdir bench/out]

Generates a store (once per size) of ``--sources`` monitored sources (60 % Telegram channels
with handles, 30 % VK communities with screen names, 10 % sites) in planted communities with
power-law popularity, and ``--edges`` items that each reference one other source: Telegram
forwards, VK reposts (``copy_history``), links (``t.me/<handle>/<post>``,
``vk.com/wall-<id>_<post>``, site URLs, plus invite links and videos that resolve to nothing)
and ``@mentions``; 10 % point at sources that are not monitored (the frontier). Every item has
an ``item_text`` row and a function label, 10 % a narrative too.

Then, in a child process (so that its peak memory is its own): each step of the graph, the
frontier service and both exports, with wall time, and the child's peak resident memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
FUNCTIONS = ["reporting", "political", "religious", "counter_messaging", "other", "ve_support"]
NARRATIVES = ["muslim_persecution", "state_failure", "belonging_utopia", "foreign_plot"]


def generate(db: Path, n_sources: int, n_edges: int, seed: int = 5) -> None:
    from tyndau.schema import Annotation, Item, ItemText, Source
    from tyndau.schema.columns import column_names
    from tyndau.store import Store

    rng = np.random.default_rng(seed)
    n_tg, n_vk = int(n_sources * 0.6), int(n_sources * 0.3)
    platform = np.array(["telegram"] * n_tg + ["vk"] * n_vk + ["web"] * (n_sources - n_tg - n_vk))
    tg_id = 1_500_000_000 + np.arange(n_sources)
    handle = np.array([f"chan_{i:06d}" for i in range(n_sources)], dtype=object)
    key = np.array([f"telegram:{tg_id[i]}" if p == "telegram" else
                    f"vk:-{3_000_000 + i}" if p == "vk" else f"web:site{i}.example"
                    for i, p in enumerate(platform)], dtype=object)
    # unmonitored pool: Telegram handles and sites nobody imported
    n_pool = max(10, n_sources // 2)
    pool_handle = np.array([f"hidden_{i:06d}" for i in range(n_pool)], dtype=object)

    ncomm = max(2, n_sources // 125)
    comm = rng.integers(0, ncomm, n_sources)
    pop = rng.pareto(1.2, n_sources) + 1.0
    members = [np.flatnonzero(comm == c) for c in range(ncomm)]
    dst = rng.choice(n_sources, n_edges, p=(a := rng.pareto(1.5, n_sources) + 1) / a.sum())
    src = np.empty(n_edges, np.int64)
    same = rng.random(n_edges) < 0.85
    src[~same] = rng.choice(n_sources, int((~same).sum()), p=pop / pop.sum())
    for c in range(ncomm):
        idx = np.flatnonzero(same & (comm[dst] == c))
        mem = members[c]
        src[idx] = rng.choice(mem, idx.size, p=pop[mem] / pop[mem].sum())
    src = np.where(src == dst, (src + 1) % n_sources, src)
    unmonitored = rng.random(n_edges) < 0.10
    pool_pick = (rng.pareto(1.1, n_edges) * 7).astype(np.int64) % n_pool
    r = rng.random(n_edges)
    t0 = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
    when = np.sort(rng.integers(t0, t0 + 365 * 86400, n_edges))

    item_key, source_key, item_id, plat = [], [], [], []
    fwd, fwd_title, repost, links, mentions = [], [], [], [], []
    for e in range(n_edges):
        d, s = int(dst[e]), int(src[e])
        dp = platform[d]
        post = e + 1
        item_key.append(f"{key[d]}:{post}")
        source_key.append(key[d])
        item_id.append(str(post))
        plat.append(dp)
        f = fr = rp = None
        lk = mn = None
        if unmonitored[e]:
            h = pool_handle[pool_pick[e]]
            if dp == "telegram" and r[e] < 0.4:
                mn = [f"@{h}"]
            elif r[e] < 0.8:
                lk = [f"https://t.me/{h}/{post}"]
            else:
                lk = [f"https://{h.replace('_', '-')}.example/news/{post}"]
        else:
            sp = platform[s]
            if dp == "telegram" and sp == "telegram" and r[e] < 0.55:
                f, fr = key[s], f"Channel {s}"
            elif dp == "vk" and sp == "vk" and r[e] < 0.55:
                f, rp = key[s], f"{key[s]}:{post}"
            elif dp == "telegram" and sp == "telegram" and r[e] < 0.75:
                mn = [f"@{handle[s]}"]
            elif r[e] < 0.97:
                lk = [f"https://t.me/{handle[s]}/{post}" if sp == "telegram" else
                      f"https://vk.com/wall{key[s][3:]}_{post}" if sp == "vk" else
                      f"https://www.{key[s][4:]}/a/{post}?utm_source=tg"]
            else:
                lk = [f"https://t.me/+Inv{post}" if r[e] < 0.985 else f"https://youtu.be/v{post}"]
        fwd.append(f)
        fwd_title.append(fr)
        repost.append(rp)
        links.append(lk)
        mentions.append(mn)
    ts = pa.array(when * 1_000_000, pa.timestamp("us", tz="UTC"))
    items = pa.table({
        "item_key": item_key, "platform": plat, "source_key": source_key, "item_id": item_id,
        "kind": pa.array(["post"] * n_edges), "published_at": ts,
        "text": pa.array([""] * n_edges), "forward_from": pa.array(fwd, pa.string()),
        "forward_from_title": pa.array(fwd_title, pa.string()),
        "repost_of_key": pa.array(repost, pa.string()),
        "links": pa.array(links, pa.list_(pa.string())),
        "origin_format": pa.array(["bench"] * n_edges),
        "origin_file": pa.array([f"{k}.json" for k in source_key]),
    })
    labels = rng.choice(FUNCTIONS, n_edges)
    nar = rng.random(n_edges) < 0.10
    with Store(db) as store:
        store.con.execute("SET threads = 2")
        with store.transaction():
            store.insert_new(Source, [
                Source(source_key=key[i], platform=platform[i],
                       source_id=key[i].split(":", 1)[1], kind="site" if platform[i] == "web"
                       else "channel" if platform[i] == "telegram" else "community",
                       handle=None if platform[i] == "web" else handle[i], title=f"Source {i}")
                for i in range(n_sources)])
            store.con.register("_b_items", items)
            store.con.execute("INSERT INTO item BY NAME SELECT * FROM _b_items")
            store.con.unregister("_b_items")
            store.con.register("_b_m", pa.table({"item_key": item_key,
                                                 "mentions": pa.array(mentions,
                                                                      pa.list_(pa.string()))}))
            store.con.execute(f"""
                INSERT INTO item_text ({', '.join(column_names(ItemText))})
                SELECT i.item_key, 'bench', '', '', 'Latn', 'ru', 1.0, false, NULL, i.links,
                       m.mentions, NULL, NULL
                FROM item i JOIN _b_m m USING (item_key)""")
            store.con.unregister("_b_m")
            ann = pa.table({
                "item_key": pa.array(item_key + [item_key[i] for i in np.flatnonzero(nar)]),
                "axis": pa.array(["function"] * n_edges + ["narrative"] * int(nar.sum())),
                "label": pa.array(list(labels) + list(rng.choice(NARRATIVES, int(nar.sum())))),
            })
            store.con.register("_b_a", ann)
            store.con.execute(f"""
                INSERT INTO annotation ({', '.join(column_names(Annotation))})
                SELECT item_key, axis, label, 0.9, 'bench', 'bench', NULL FROM _b_a""")
            store.con.unregister("_b_a")
        assert store.count(Item) == n_edges


def measure(db: Path, workdir: Path) -> None:
    from tyndau.analysis.graph import (
        References,
        aggregate_edges,
        build_graph,
        detect_communities,
        load_source_index,
        summarise_communities,
    )
    from tyndau.analysis.graph_export import write_gexf, write_graphml
    from tyndau.services.spread_graph import frontier
    from tyndau.store import Store

    steps: list[tuple[str, float, str]] = []

    def step(label: str, t: float, note: str = "") -> None:
        steps.append((label, time.perf_counter() - t, note))

    with Store(db, read_only=True) as store:
        store.con.execute("SET threads = 2")
        t_all = time.perf_counter()
        t = time.perf_counter()
        index = load_source_index(store)
        step("source index", t, f"{len(index.monitored):,} monitored")
        t = time.perf_counter()
        with References(store, index) as refs:
            n_refs = sum(refs.stats["references"].values())
            step("references (SQL + URL resolution)", t, f"{n_refs:,} item references")
            t = time.perf_counter()
            edges = aggregate_edges(store, refs)
            step("edge aggregation", t, f"{edges.num_rows:,} edges")
        t = time.perf_counter()
        graph = build_graph(index, edges)
        step("graph build + strengths", t, f"{len(graph.nodes):,} nodes")
        t = time.perf_counter()
        detect_communities(graph, resolution=1.0, seed=0)
        step("Leiden communities", t, f"modularity {graph.modularity:.3f}")
        t = time.perf_counter()
        graph.communities = summarise_communities(store, graph)
        step("community labels", t, f"{len(graph.communities):,} communities ≥ 2")
        t = time.perf_counter()
        rows = frontier(store, limit=50)
        step("frontier (service, from scratch)", t,
             f"top: {rows[0]['ref']} ({rows[0]['sources']} sources)" if rows else "")
        graph_and_frontier = time.perf_counter() - t_all
        t = time.perf_counter()
        write_graphml(graph, workdir / "bench.graphml")
        step("export GraphML", t, f"{(workdir / 'bench.graphml').stat().st_size / 1e6:,.0f} MB")
        t = time.perf_counter()
        write_gexf(graph, workdir / "bench.gexf")
        step("export GEXF", t, f"{(workdir / 'bench.gexf').stat().st_size / 1e6:,.0f} MB")
        total = time.perf_counter() - t_all
    print(f"{'step':<36}{'seconds':>9}  note")
    for label, secs, note in steps:
        print(f"{label:<36}{secs:>9.2f}  {note}")
    print(f"{'graph + frontier':<36}{graph_and_frontier:>9.2f}")
    print(f"{'total with exports':<36}{total:>9.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MB; cores: {len(os.sched_getaffinity(0))}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", type=int, default=10_000)
    ap.add_argument("--edges", type=int, default=1_000_000)
    ap.add_argument("--workdir", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--measure", type=Path, default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    a.workdir.mkdir(parents=True, exist_ok=True)
    if a.measure is not None:
        measure(a.measure, a.workdir)
        return
    db = a.workdir / f"graph-{a.sources}-{a.edges}.duckdb"
    if not db.exists():
        t = time.perf_counter()
        tmp = db.with_name(db.name + ".tmp")
        tmp.unlink(missing_ok=True)
        generate(tmp, a.sources, a.edges)
        tmp.rename(db)
        print(f"generated {db.name} ({a.sources:,} sources, {a.edges:,} items) "
              f"in {time.perf_counter() - t:.1f} s")
    proc = subprocess.run([sys.executable, __file__, "--measure", str(db),
                           "--workdir", str(a.workdir)], check=False)
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
